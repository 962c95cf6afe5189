/**
 * The text format of the public site's content pages (交易指南, 政策法规, 文件下载, 投诉电话): plain text with a
 * few marks, so an administrator writes it in a text box and nobody can put markup into the public site.
 *
 *   ## 标题          a section heading
 *   - 一项           an item of a list
 *   [文字](/路径)     a link, only to a path of this site or an https:// address
 *   (a blank line)   ends a paragraph
 *
 * Everything else is text. The portal renders the blocks as text nodes (never as HTML); the API refuses a
 * link to anything but a site path or https (javascript:, data:, http:, //host).
 */
/** A run of text, or a link (only a safe target: anything else stays text). */
export type Inline = { text: string; href?: string };
export type ContentBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; lines: Inline[][] }
  | { kind: 'list'; items: Inline[][] };

const LINK = /\[([^\]\n]+)\]\(([^)\s]*)\)/g;

/** A link target the site may show: a path of this site, or an https address. */
export function isSafeLinkTarget(target: string): boolean {
  return /^\/(?!\/)[^\s]*$/.test(target) || /^https:\/\/[^\s/]+[^\s]*$/.test(target);
}

/** The link targets of a body that are not allowed, in order. */
export function unsafeLinks(body: string): string[] {
  return [...body.matchAll(LINK)].map((m) => m[2]).filter((t) => !isSafeLinkTarget(t));
}

/** The section headings of a body, for the home page's columns. */
export function contentHeadings(body: string): string[] {
  return parseContent(body).flatMap((b) => (b.kind === 'heading' && b.text ? [b.text] : []));
}

/** A line's text and links; a link to anything but a safe target stays as the text it is. */
export function parseInline(line: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const m of line.matchAll(LINK)) {
    if (!isSafeLinkTarget(m[2])) continue;
    if (m.index > last) out.push({ text: line.slice(last, m.index) });
    out.push({ text: m[1], href: m[2] });
    last = m.index + m[0].length;
  }
  if (last < line.length) out.push({ text: line.slice(last) });
  return out;
}

/** The blocks of a body, to render as text (never as HTML). Used by the API (headings) and by the portal. */
export function parseContent(body: string): ContentBlock[] {
  const blocks: ContentBlock[] = [];
  let open: ContentBlock | null = null;
  for (const raw of body.split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (line.trim() === '') {
      open = null;
    } else if (line.startsWith('## ')) {
      blocks.push({ kind: 'heading', text: line.slice(3).trim() });
      open = null;
    } else if (/^[-*] /.test(line)) {
      if (open?.kind !== 'list') blocks.push((open = { kind: 'list', items: [] }));
      open.items.push(parseInline(line.slice(2).trim()));
    } else {
      if (open?.kind !== 'paragraph') blocks.push((open = { kind: 'paragraph', lines: [] }));
      open.lines.push(parseInline(line.trim()));
    }
  }
  return blocks;
}
