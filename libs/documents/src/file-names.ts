import { sanitizeFileName } from './content-disposition';
import { UploadErrors } from './documents.errors';
import { extensionOf, FILE_TYPES, FileType, fileTypeLabels } from './file-types';

/**
 * Control characters a file name may not hold: C0 (NUL, TAB, CR, LF…), DEL, C1, and the invisible marks that
 * reorder or disguise text (LRM/RLM, the bidirectional embeddings and overrides, the isolates), with which
 * `invoice\u202Efdp.exe` shows as `invoiceexe.pdf`.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/**
 * A file name as the uploader sent it, percent-encoded (UTF-8): the `X-Bid-File-Name` header, or a query
 * parameter's raw value (`form`: `+` is a space). Invalid percent-encoding (`%ZZ%`, a lone `%`, bytes that are
 * not UTF-8) is refused with UPLOAD_FILE_NAME_INVALID (400) rather than kept as it came.
 */
export function decodeFileName(raw: string, options: { form?: boolean } = {}): string {
  const text = options.form ? raw.replace(/\+/g, ' ') : raw;
  try {
    return decodeURIComponent(text);
  } catch {
    throw UploadErrors.fileNameInvalid('not valid percent-encoding (UTF-8)');
  }
}

/**
 * The raw (still percent-encoded) value of a query parameter of a request URL, or undefined. Frameworks decode
 * query strings leniently (an invalid `%ZZ` is kept as it is), so a name is read from the raw URL and decoded
 * with `decodeFileName`. The key is compared decoded, as the framework's parser decodes it (`n%61me=` is `name`),
 * so a parameter the framework sees is always found here too and never reaches the service leniently decoded.
 */
export function rawQueryParameter(url: string, name: string): string | undefined {
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1).split('#')[0] : '';
  for (const pair of query.split('&')) {
    const at = pair.indexOf('=');
    const key = at < 0 ? pair : pair.slice(0, at);
    if (key === name || decodedKey(key) === name) return at < 0 ? '' : pair.slice(at + 1);
  }
  return undefined;
}

function decodedKey(key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return key;
  }
}

/** Refuses a name that holds a control character (UPLOAD_FILE_NAME_INVALID, 400). */
export function assertFileNameClean(name: string): void {
  const match = CONTROL.exec(name);
  if (match) {
    const code = match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    throw UploadErrors.fileNameInvalid(`holds the control character U+${code}`);
  }
}

/**
 * A new name for a stored document whose content is of `type` (a rename after the upload), by the rules an upload's
 * name passes: no control character (UPLOAD_FILE_NAME_INVALID), made safe (`sanitizeFileName`), a name without an
 * extension takes the type's, and one with an extension of another type is refused (UPLOAD_EXTENSION_MISMATCH), so
 * that the name and the content still agree.
 */
export function renamedFileName(name: string, type: FileType, purpose: string): string {
  assertFileNameClean(name);
  const clean = sanitizeFileName(name);
  const extension = extensionOf(clean);
  if (!extension) return sanitizeFileName(`${clean}.${FILE_TYPES[type].extensions[0]}`);
  if (!FILE_TYPES[type].extensions.includes(extension)) {
    throw UploadErrors.extensionMismatch(extension, fileTypeLabels([type])[0], FILE_TYPES[type].extensions, purpose);
  }
  return clean;
}
