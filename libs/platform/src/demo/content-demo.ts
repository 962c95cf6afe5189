import { INestApplicationContext, Logger } from '@nestjs/common';
import { Readable } from 'node:stream';
import PDFDocument from 'pdfkit';
import { Actor } from '@app/core';
import { DOS_DATE_2026_12_01, storedZip } from '@app/documents';
import { noticeFont, pdfDocumentBytes } from '@app/awards';
import { ContentService } from '../content/content.service';

/**
 * The 文件下载 column's files: a Word template (投标函格式.docx), an Excel form (投标保证金退还申请表.xlsx) and a PDF
 * guide to the bid-seal tool, made here as real small files that Word, Excel / WPS and any PDF reader open. They
 * are uploaded through ContentService as an administrator would (the same type checks as every upload, audited as
 * content.file_upload). Runs once: a platform where any content page has a file is left alone.
 */
export async function seedContentDemo(app: INestApplicationContext, admin: Actor): Promise<{ seeded: boolean; files: string[] }> {
  const content = app.get(ContentService);
  if (await content.hasFiles()) return { seeded: false, files: [] };
  const files: [string, Buffer][] = [
    ['投标函格式.docx', bidLetterDocx()],
    ['投标保证金退还申请表.xlsx', securityRefundXlsx()],
    ['投标文件加密工具（bid-seal）使用说明.pdf', await bidSealGuidePdf()],
  ];
  for (const [name, bytes] of files) {
    await content.attachFile(admin, 'downloads', { name, stream: Readable.from([bytes]), declaredSize: bytes.length });
  }
  new Logger('Demo').log(`文件下载: ${files.length} files (${files.map(([n]) => n).join(', ')})`);
  return { seeded: true, files: files.map(([n]) => n) };
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** An OOXML package (DOCX, XLSX): its parts in a stored ZIP, dated 2026-12-01. */
const ooxmlPackage = (parts: Record<string, string>): Buffer => storedZip(parts, { dosDate: DOS_DATE_2026_12_01 });

const RELS_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const OFFICE_DOCUMENT = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument';

/** 投标函格式: the bid letter template of a construction tender, with blanks to fill in. */
export function bidLetterDocx(): Buffer {
  const p = (text: string, opts: { center?: boolean; bold?: boolean; size?: number; indent?: boolean } = {}) =>
    `<w:p><w:pPr>${opts.center ? '<w:jc w:val="center"/>' : ''}${opts.indent ? '<w:ind w:firstLineChars="200" w:firstLine="480"/>' : ''}<w:spacing w:after="120" w:line="360" w:lineRule="auto"/></w:pPr>` +
    `<w:r><w:rPr><w:rFonts w:ascii="SimSun" w:eastAsia="宋体" w:hAnsi="SimSun"/>${opts.bold ? '<w:b/>' : ''}<w:sz w:val="${opts.size ?? 24}"/></w:rPr><w:t xml:space="preserve">${xml(text)}</w:t></w:r></w:p>`;
  const body = [
    p('投 标 函', { center: true, bold: true, size: 36 }),
    p('致：＿＿＿＿＿＿＿＿＿＿（招标人名称）'),
    p('1. 我方已仔细研究了＿＿＿＿＿＿＿＿＿＿（项目名称）＿＿＿＿标段施工招标文件的全部内容，愿意以人民币（大写）＿＿＿＿＿＿＿＿＿＿（¥＿＿＿＿＿＿）的投标总报价，工期＿＿＿＿日历天，按合同约定实施和完成承包工程，修补工程中的任何缺陷，工程质量达到＿＿＿＿＿＿。', { indent: true }),
    p('2. 我方承诺在招标文件规定的投标有效期内不修改、撤销投标文件。', { indent: true }),
    p('3. 随同本投标函提交投标保证金一份，金额为人民币（大写）＿＿＿＿＿＿＿＿（¥＿＿＿＿＿＿）。', { indent: true }),
    p('4. 如我方中标：（1）我方承诺在收到中标通知书后，在中标通知书规定的期限内与你方签订合同；（2）随同本投标函递交的投标函附录属于合同文件的组成部分；（3）我方承诺按照招标文件规定向你方递交履约担保；（4）我方承诺在合同约定的期限内完成并移交全部合同工程。', { indent: true }),
    p('5. 我方在此声明，所递交的投标文件及有关资料内容完整、真实和准确。', { indent: true }),
    p(''),
    p('投标人：＿＿＿＿＿＿＿＿＿＿（盖单位章）'),
    p('法定代表人或其委托代理人：＿＿＿＿＿＿（签字）'),
    p('地址：＿＿＿＿＿＿＿＿＿＿　　电话：＿＿＿＿＿＿＿＿'),
    p('＿＿＿＿年＿＿月＿＿日'),
    p('（本格式由沈阳市公共资源交易中心（演示）提供，以招标文件中的格式为准。）', { size: 18 }),
  ].join('');
  return ooxmlPackage({
    '[Content_Types].xml':
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    '_rels/.rels': `${XML_HEAD}<Relationships xmlns="${RELS_NS}"><Relationship Id="rId1" Type="${OFFICE_DOCUMENT}" Target="word/document.xml"/></Relationships>`,
    'word/document.xml':
      `${XML_HEAD}<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}` +
      '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1800" w:bottom="1440" w:left="1800" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>',
  });
}

/** 投标保证金退还申请表: a one-sheet form (label and blank cells) of the bid security refund. */
export function securityRefundXlsx(): Buffer {
  const rows: string[][] = [
    ['投标保证金退还申请表'],
    ['项目名称', ''],
    ['标段编号', ''],
    ['投标人名称', ''],
    ['统一社会信用代码', ''],
    ['保证金形式', '银行转账 / 银行保函 / 保证保险 / 电子保函'],
    ['保证金金额（元）', ''],
    ['缴纳日期', ''],
    ['退还账户开户行', ''],
    ['退还账号', ''],
    ['联系人', ''],
    ['联系电话', ''],
    ['申请人（盖章）', ''],
    ['申请日期', ''],
  ];
  const col = (i: number) => String.fromCharCode(65 + i);
  const sheetRows = rows
    .map((cells, r) => `<row r="${r + 1}">${cells.map((v, c) => `<c r="${col(c)}${r + 1}" t="inlineStr"><is><t>${xml(v)}</t></is></c>`).join('')}</row>`)
    .join('');
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  return ooxmlPackage({
    '[Content_Types].xml':
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    '_rels/.rels': `${XML_HEAD}<Relationships xmlns="${RELS_NS}"><Relationship Id="rId1" Type="${OFFICE_DOCUMENT}" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `${XML_HEAD}<workbook xmlns="${main}" xmlns:r="${rel}"><sheets><sheet name="退还申请" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels':
      `${XML_HEAD}<Relationships xmlns="${RELS_NS}"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    'xl/worksheets/sheet1.xml':
      `${XML_HEAD}<worksheet xmlns="${main}"><cols><col min="1" max="1" width="22" customWidth="1"/><col min="2" max="2" width="48" customWidth="1"/></cols>` +
      `<sheetData>${sheetRows}</sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>`,
  });
}

/** 投标文件加密工具使用说明: the bid-seal tool's commands, one A4 page set in Noto Sans SC (the award notices' font). */
export function bidSealGuidePdf(): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 64, bottom: 64, left: 64, right: 64 },
    info: { Title: '投标文件加密工具（bid-seal）使用说明', Author: '沈阳市公共资源交易中心（演示）', Producer: 'etendering-platform', CreationDate: new Date('2026-12-01T00:00:00Z') },
    compress: true,
  });
  const done = pdfDocumentBytes(doc);
  doc.font(noticeFont() as unknown as string);
  doc.fontSize(18).text('投标文件加密工具（bid-seal）使用说明', { align: 'center' });
  doc.moveDown(1);
  const para = (t: string) => doc.fontSize(11).fillColor('black').text(t, { lineGap: 3 }).moveDown(0.4);
  const code = (t: string) => doc.fontSize(9.5).fillColor('#1d4f91').text(t, { indent: 16, lineGap: 2 }).moveDown(0.4);
  para('bid-seal 在投标人自己的电脑上加密投标文件，与网页加密使用同一加密格式，适合大文件离线加密。密钥只保存在您的电脑上，开标时需要它。');
  para('一、加密：');
  code('npx bid-seal seal 投标文件.pdf --key my-bid.key --price 4268800.50 --duration-days 140');
  para('二、检查（不需要密钥，显示平台将核对的内容）：');
  code('npx bid-seal inspect 投标文件.pdf.bidseal');
  para('三、截止时间前递交，获得平台签名的回执：');
  code('BID_SEAL_PASSWORD=… npx bid-seal submit 投标文件.pdf.bidseal --api https://平台地址 --section <标段 ID> --user <账户> --security-amount 20000.00 --security-form insurance');
  para('四、开标时在解密时限内提交密钥：');
  code('npx bid-seal hand-over --key my-bid.key --api https://平台地址 --section <标段 ID> --user <账户>');
  para('注意：请妥善保管密钥文件；丢失密钥将无法解密投标文件。回执可在平台“回执验证”页核对。');
  doc.end();
  return done;
}
