import { Transform, TransformCallback } from 'node:stream';
import type { FileType } from './file-types';

/**
 * The entries a ZIP-based type must hold to be that type, and not merely a ZIP archive with its extension:
 * - OFD (GB/T 33190 版式文档): the entry file `OFD.xml` at the root of the package;
 * - DOCX / XLSX (ECMA-376 / ISO/IEC 29500 Open Packaging): the content types `[Content_Types].xml`, the package
 *   relationships `_rels/.rels`, and the main part as every producer names it (`word/document.xml`,
 *   `xl/workbook.xml`).
 * A plain ZIP needs only a well-formed central directory.
 */
export const ZIP_REQUIRED_ENTRIES: Readonly<Partial<Record<FileType, readonly string[]>>> = {
  ofd: ['OFD.xml'],
  docx: ['[Content_Types].xml', '_rels/.rels', 'word/document.xml'],
  xlsx: ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml'],
  zip: [],
};

/** Most bytes of the end of an archive kept to read its central directory (about 10,000 entries). */
export const ZIP_TAIL_BYTES = 1024 * 1024 + 22 + 0xffff;

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL_ENTRY = 0x02014b50;

/**
 * The names in a ZIP archive's central directory, read from the archive's last bytes (`tail`, of an archive of
 * `total` bytes), or why they cannot be read. The central directory is found from its end record, not from the
 * offsets it states, so that bytes put before the archive do not matter; ZIP64 is understood.
 */
export function zipEntryNames(tail: Buffer, total: number): { names: string[] } | { problem: string } {
  const notZip = { problem: 'not a complete ZIP archive (no end of central directory)' };
  if (tail.length < 22) return notZip;
  let end = -1;
  for (let at = tail.length - 22; at >= Math.max(0, tail.length - 22 - 0xffff); at--) {
    if (tail.readUInt32LE(at) === EOCD && at + 22 + tail.readUInt16LE(at + 20) === tail.length) {
      end = at;
      break;
    }
  }
  if (end < 0) return notZip;
  let count = tail.readUInt16LE(end + 10);
  let size = tail.readUInt32LE(end + 12);
  let directoryEnd = end;
  if (count === 0xffff || size === 0xffffffff) {
    const locator = end - 20;
    if (locator < 0 || tail.readUInt32LE(locator) !== EOCD64_LOCATOR) return notZip;
    const record = Number(tail.readBigUInt64LE(locator + 8)) - (total - tail.length);
    if (record < 0 || record + 56 > locator || tail.readUInt32LE(record) !== EOCD64) {
      return { problem: 'the ZIP64 end record is out of reach' };
    }
    count = Number(tail.readBigUInt64LE(record + 32));
    size = Number(tail.readBigUInt64LE(record + 40));
    directoryEnd = record;
  }
  const start = directoryEnd - size;
  if (start < 0) {
    return { problem: total > tail.length ? 'the central directory is too large to check' : 'the central directory is cut short' };
  }
  const names: string[] = [];
  let at = start;
  while (at < directoryEnd) {
    if (at + 46 > directoryEnd || tail.readUInt32LE(at) !== CENTRAL_ENTRY) return { problem: 'the central directory is damaged' };
    const nameLength = tail.readUInt16LE(at + 28);
    const next = at + 46 + nameLength + tail.readUInt16LE(at + 30) + tail.readUInt16LE(at + 32);
    if (next > directoryEnd) return { problem: 'the central directory is damaged' };
    names.push(tail.toString('utf8', at + 46, at + 46 + nameLength));
    at = next;
  }
  if (names.length !== count) return { problem: 'the central directory is damaged' };
  return { names };
}

/** Which of `candidates` an archive holding `names` is, the most specific first (a DOCX is also a ZIP). */
export function zipTypeOf(names: readonly string[], candidates: readonly FileType[]): FileType | null {
  const held = new Set(names);
  const fits = (type: FileType) => (ZIP_REQUIRED_ENTRIES[type] ?? []).every((entry) => held.has(entry));
  return (
    candidates.find((type) => type !== 'zip' && fits(type)) ?? (candidates.includes('zip') ? 'zip' : null)
  );
}

/**
 * A check of a ZIP-based upload as it streams: keeps the archive's last bytes (at most ZIP_TAIL_BYTES) and, at
 * the end, reads the central directory and decides which of the candidate types the archive is (`type`), or
 * fails with the reason: not a complete archive, or an archive without the entries of its type. Passes the
 * bytes through unchanged.
 */
export class ZipEntriesCheck extends Transform {
  /** The type the entries show, once the stream has ended. */
  type?: FileType;
  /** The names found, once the stream has ended. */
  names?: string[];
  private chunks: Buffer[] = [];
  private kept = 0;
  private total = 0;

  constructor(
    private readonly candidates: readonly FileType[],
    private readonly refuse: (problem: string, names: readonly string[] | undefined) => Error,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.total += chunk.length;
    this.chunks.push(chunk);
    this.kept += chunk.length;
    while (this.chunks.length > 1 && this.kept - this.chunks[0].length >= ZIP_TAIL_BYTES) {
      this.kept -= this.chunks.shift()!.length;
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    const all = Buffer.concat(this.chunks, this.kept);
    this.chunks = [];
    const tail = all.length > ZIP_TAIL_BYTES ? all.subarray(all.length - ZIP_TAIL_BYTES) : all;
    const read = zipEntryNames(tail, this.total);
    if ('problem' in read) {
      callback(this.refuse(read.problem, undefined));
      return;
    }
    this.names = read.names;
    const type = zipTypeOf(read.names, this.candidates);
    if (!type) {
      callback(this.refuse('the archive lacks the entries of its type', read.names));
      return;
    }
    this.type = type;
    callback();
  }
}
