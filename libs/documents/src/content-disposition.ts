/** Longest original name kept, in characters (code points), the extension preserved. */
export const MAX_FILE_NAME_LENGTH = 255;

/**
 * A user's file name made safe to keep and to send back: the last path segment only (some browsers send
 * `C:\fakepath\…`), Unicode NFC, no control characters (CR, LF, NUL…) and no bidirectional overrides
 * (which can disguise `.exe` as `.pdf`), trimmed, at most 255 characters; `file` when nothing is left.
 */
export function sanitizeFileName(name: string | undefined | null): string {
  let clean = (name ?? '').normalize('NFC');
  clean = clean.split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  clean = clean.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  if (clean === '' || clean === '.' || clean === '..') return 'file';
  const chars = Array.from(clean);
  if (chars.length <= MAX_FILE_NAME_LENGTH) return clean;
  const dot = clean.lastIndexOf('.');
  const extension = dot > 0 ? Array.from(clean.slice(dot)) : [];
  if (extension.length > 16) return chars.slice(0, MAX_FILE_NAME_LENGTH).join('');
  return chars.slice(0, MAX_FILE_NAME_LENGTH - extension.length).join('') + extension.join('');
}

/** RFC 5987 ext-value: UTF-8, percent-encoded except attr-char. */
function encodeExtValue(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** An ASCII stand-in for old clients: non-ASCII runs, `"`, `\` and `%` become `_`. */
function asciiFallback(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]+/g, '_').replace(/["\\%]/g, '_');
  const dot = fallback.lastIndexOf('.');
  const base = dot > 0 ? fallback.slice(0, dot) : fallback;
  if (/^[_\s]*$/.test(base)) return `file${dot > 0 ? fallback.slice(dot) : ''}`;
  return fallback;
}

/**
 * A `Content-Disposition` header value (RFC 6266) for a stored document: a quoted ASCII `filename` for old
 * clients and, when the name is not plain ASCII, `filename*` in UTF-8 (RFC 5987), which every current
 * browser prefers, so `招标文件（第一标段）.pdf` arrives with its Chinese name.
 */
export function contentDisposition(originalName: string, type: 'attachment' | 'inline' = 'attachment'): string {
  const name = sanitizeFileName(originalName);
  const fallback = asciiFallback(name);
  const header = `${type}; filename="${fallback}"`;
  return fallback === name ? header : `${header}; filename*=UTF-8''${encodeExtValue(name)}`;
}
