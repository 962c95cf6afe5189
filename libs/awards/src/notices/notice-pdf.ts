import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';

/**
 * The award and result notices as PDF, made with pdfkit (a well-kept PDF writer that embeds a subset of the font,
 * so a notice is ~12 KB) and the Chinese text set in Noto Sans SC from the npm package
 * @expo-google-fonts/noto-sans-sc (SIL OFL; installs with `npm install`, no install script).
 */

const FONT_FILE = '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf';

/** What pdfkit needs of a fontkit font (pdfkit takes a parsed font as well as a file). */
interface FontkitFont {
  layout(text: string): unknown;
}
let parsed: FontkitFont | undefined;

/**
 * The font parsed once per process with fontkit (the parser pdfkit itself uses) and handed to every document: parsing
 * the 10 MB file's cmap and layout tables cost ~45 ms per document when each document parsed it again; each document
 * still makes its own subset.
 */
export function noticeFont(): FontkitFont {
  if (!parsed) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fontkit = require('fontkit') as { create(data: Uint8Array): FontkitFont };
    parsed = fontkit.create(readFileSync(require.resolve(FONT_FILE)));
  }
  return parsed;
}

export interface NoticeText {
  /** 中标通知书 | 中标结果通知书 */
  title: string;
  number: string;
  /** The bidder the notice is addressed to (its name and 统一社会信用代码). */
  addressee: string;
  addresseeCode: string;
  paragraphs: string[];
  /** Rows of a small table: label and value. */
  facts: [string, string][];
  issuer: string;
  /** The issue date as people read it (Asia/Shanghai). */
  issuedOn: string;
  /** The instant written as the PDF's creation date, so that the same notice gives the same bytes. */
  issuedAt: Date;
  /** A line at the foot: how to verify. */
  footer: string;
}

/** The bytes a pdfkit document writes, once it has ended (call before writing to it, then doc.end()). */
export function pdfDocumentBytes(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const parts: Buffer[] = [];
  doc.on('data', (d: Buffer) => parts.push(d));
  return new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(parts)));
    doc.on('error', reject);
  });
}

export function renderNoticePdf(text: NoticeText): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 72, bottom: 72, left: 72, right: 72 },
    info: { Title: `${text.title} ${text.number}`, Author: text.issuer, Producer: 'etendering-platform', Creator: 'etendering-platform', CreationDate: text.issuedAt },
    compress: true,
  });
  const done = pdfDocumentBytes(doc);
  doc.font(noticeFont() as unknown as string);
  doc.fontSize(22).text(text.title, { align: 'center' });
  doc.moveDown(0.3);
  doc.fontSize(10).fillColor('#444').text(`编号：${text.number}`, { align: 'right' });
  doc.fillColor('black').moveDown(1);
  doc.fontSize(13).text(`${text.addressee}（统一社会信用代码 ${text.addresseeCode}）：`);
  doc.moveDown(0.6);
  for (const p of text.paragraphs) {
    doc.fontSize(12).text(`\u3000\u3000${p}`, { lineGap: 4 });
    doc.moveDown(0.4);
  }
  doc.moveDown(0.4);
  for (const [label, value] of text.facts) {
    doc.fontSize(11).text(`${label}：${value}`, { lineGap: 2 });
  }
  doc.moveDown(2);
  doc.fontSize(12).text(text.issuer, { align: 'right' });
  doc.text(text.issuedOn, { align: 'right' });
  doc.moveDown(3);
  doc.fontSize(8).fillColor('#666').text(text.footer);
  doc.end();
  return done;
}
