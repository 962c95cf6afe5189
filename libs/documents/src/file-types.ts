/**
 * File types an upload may be, recognised by their first bytes (magic numbers), never by the extension or
 * the type the client declares. OOXML (DOCX, XLSX) and OFD (版式文档, GB/T 33190) are ZIP containers and
 * legacy DOC/XLS are OLE2 compound files, so the bytes tell the container; the name and the declared type
 * only choose among the allowed types of that container.
 */
export type FileType = 'pdf' | 'ofd' | 'zip' | 'doc' | 'docx' | 'xls' | 'xlsx' | 'jpeg' | 'png';

export type Container = 'pdf' | 'zip' | 'ole2' | 'jpeg' | 'png';

export const FILE_TYPES: Readonly<Record<FileType, { container: Container; mime: string; extensions: readonly string[] }>> = {
  pdf: { container: 'pdf', mime: 'application/pdf', extensions: ['pdf'] },
  ofd: { container: 'zip', mime: 'application/ofd', extensions: ['ofd'] },
  zip: { container: 'zip', mime: 'application/zip', extensions: ['zip'] },
  doc: { container: 'ole2', mime: 'application/msword', extensions: ['doc'] },
  docx: {
    container: 'zip',
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
  },
  xls: { container: 'ole2', mime: 'application/vnd.ms-excel', extensions: ['xls'] },
  xlsx: {
    container: 'zip',
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['xlsx'],
  },
  jpeg: { container: 'jpeg', mime: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  png: { container: 'png', mime: 'image/png', extensions: ['png'] },
};

export const ALL_FILE_TYPES = Object.keys(FILE_TYPES) as FileType[];

const SIGNATURES: readonly { container: Container; bytes: readonly number[] }[] = [
  { container: 'pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { container: 'zip', bytes: [0x50, 0x4b, 0x03, 0x04] }, // PK\3\4: a local file header
  { container: 'zip', bytes: [0x50, 0x4b, 0x05, 0x06] }, // PK\5\6: an empty archive
  { container: 'ole2', bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
  { container: 'jpeg', bytes: [0xff, 0xd8, 0xff] },
  { container: 'png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];

/** How many leading bytes `detectContainer` needs to decide. */
export const MAGIC_BYTES_NEEDED = Math.max(...SIGNATURES.map((s) => s.bytes.length));

export function detectContainer(head: Uint8Array): Container | null {
  for (const signature of SIGNATURES) {
    if (head.length >= signature.bytes.length && signature.bytes.every((byte, i) => head[i] === byte)) {
      return signature.container;
    }
  }
  return null;
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/**
 * The allowed type these bytes are, or null when they are none of them. Among allowed types of the
 * detected container, the file name's extension decides, then the declared MIME type, then the order of
 * `allowed`.
 */
export function resolveFileType(
  head: Uint8Array,
  allowed: readonly FileType[],
  hints: { originalName?: string; declaredType?: string } = {},
): FileType | null {
  const container = detectContainer(head);
  if (!container) return null;
  const candidates = allowed.filter((type) => FILE_TYPES[type].container === container);
  if (candidates.length === 0) return null;
  const extension = hints.originalName ? extensionOf(hints.originalName) : '';
  const declared = hints.declaredType?.split(';')[0].trim().toLowerCase();
  return (
    candidates.find((type) => FILE_TYPES[type].extensions.includes(extension)) ??
    candidates.find((type) => FILE_TYPES[type].mime === declared) ??
    candidates[0]
  );
}

/** Upper-case labels for messages: "PDF、OFD、ZIP". */
export function fileTypeLabels(types: readonly FileType[]): string[] {
  return types.map((type) => (type === 'jpeg' ? 'JPEG' : type.toUpperCase()));
}
