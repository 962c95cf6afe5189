/**
 * File types an upload may be, recognised by their content, never by the extension or the type the client
 * declares alone. The first bytes (magic numbers) tell the container; OOXML (DOCX, XLSX) and OFD (版式文档,
 * GB/T 33190) are ZIP containers recognised by their required entries (`zip-entries.ts`), and legacy DOC/XLS
 * are OLE2 compound files. The name's extension must agree with the content (OWASP ASVS V5.2).
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

/** How a container is named in messages. */
export const CONTAINER_LABELS: Readonly<Record<Container, string>> = {
  pdf: 'PDF',
  zip: 'ZIP',
  ole2: 'DOC/XLS',
  jpeg: 'JPEG',
  png: 'PNG',
};

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

/** What `matchFileType` decided from the first bytes and the name. */
export type FileTypeMatch =
  /** `type` known (by the extension), or, for a ZIP container with no extension, the candidates its entries choose among. */
  | { ok: true; container: Container; type: FileType | null; candidates: readonly FileType[]; extension: string }
  /** Content of none of the allowed types. */
  | { ok: false; reason: 'content'; container: Container | null }
  /** Content of an allowed type, named with an extension of another (OWASP ASVS V5.2: name and content must agree). */
  | { ok: false; reason: 'extension'; container: Container; extension: string; expected: readonly string[] };

/** The extension of a file name, lower case, without the dot; '' when it has none. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/**
 * The allowed type of an upload, from its first bytes and its name: the bytes tell the container, and the
 * name's extension must be one of the extensions of an allowed type of that container (a PDF named `.exe`
 * is refused). A name without an extension takes the type's own (the caller appends it). ZIP containers are
 * only provisionally typed here: `ZipEntriesCheck` confirms the type by the archive's entries at its end.
 */
export function matchFileType(
  head: Uint8Array,
  allowed: readonly FileType[],
  hints: { originalName?: string; declaredType?: string } = {},
): FileTypeMatch {
  const container = detectContainer(head);
  const candidates = container ? allowed.filter((type) => FILE_TYPES[type].container === container) : [];
  if (!container || candidates.length === 0) return { ok: false, reason: 'content', container };
  const extension = hints.originalName ? extensionOf(hints.originalName) : '';
  if (extension) {
    const type = candidates.find((t) => FILE_TYPES[t].extensions.includes(extension));
    if (!type) {
      const expected = candidates.flatMap((t) => FILE_TYPES[t].extensions);
      return { ok: false, reason: 'extension', container, extension, expected };
    }
    return { ok: true, container, type, candidates: [type], extension };
  }
  if (container === 'zip' && candidates.length > 1) return { ok: true, container, type: null, candidates, extension };
  const declared = hints.declaredType?.split(';')[0].trim().toLowerCase();
  const type = candidates.find((t) => FILE_TYPES[t].mime === declared) ?? candidates[0];
  return { ok: true, container, type, candidates: [type], extension };
}

/**
 * The allowed type these bytes are, or null when they are none of them or the name's extension says another
 * type (see `matchFileType`, which also says why).
 */
export function resolveFileType(
  head: Uint8Array,
  allowed: readonly FileType[],
  hints: { originalName?: string; declaredType?: string } = {},
): FileType | null {
  const match = matchFileType(head, allowed, hints);
  if (!match.ok) return null;
  const declared = hints.declaredType?.split(';')[0].trim().toLowerCase();
  return match.type ?? match.candidates.find((t) => FILE_TYPES[t].mime === declared) ?? match.candidates[0];
}

/** Upper-case labels for messages: "PDF、OFD、ZIP". */
export function fileTypeLabels(types: readonly FileType[]): string[] {
  return types.map((type) => (type === 'jpeg' ? 'JPEG' : type.toUpperCase()));
}

/** The type of a stored document's content type (its `contentType` was decided from the content), or null. */
export function fileTypeOfMime(contentType: string): FileType | null {
  const mime = contentType.split(';')[0].trim().toLowerCase();
  return ALL_FILE_TYPES.find((t) => FILE_TYPES[t].mime === mime) ?? null;
}
