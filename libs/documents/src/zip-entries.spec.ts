import { randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { docxBytes, ofdBytes, xlsxBytes, zipOf } from '../../../test/support/zip';
import { ZIP_TAIL_BYTES, ZipEntriesCheck, zipEntryNames, zipTypeOf } from './zip-entries';

const ZIP_TYPES = ['ofd', 'zip', 'docx', 'xlsx'] as const;

/** Streams `bytes` through a check in pieces of `piece` bytes; resolves with the check, or rejects with its refusal. */
async function check(bytes: Buffer, candidates: readonly (typeof ZIP_TYPES)[number][], piece = 1000): Promise<ZipEntriesCheck> {
  const zipCheck = new ZipEntriesCheck(candidates, (problem) => new Error(problem));
  const pieces: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += piece) pieces.push(bytes.subarray(at, at + piece));
  await pipeline(Readable.from(pieces), zipCheck, new Writable({ write: (_chunk, _encoding, callback) => callback() }));
  return zipCheck;
}

describe('ZIP-based types are recognised by their required entries, not by PK\\x03\\x04 alone', () => {
  it.each([
    ['a DOCX', docxBytes(), 'docx'],
    ['an XLSX', xlsxBytes(), 'xlsx'],
    ['an OFD', ofdBytes(), 'ofd'],
    ['a plain ZIP', zipOf({ 'drawings/a.dwg': 'x' }), 'zip'],
  ])('%s', async (_label, bytes, type) => {
    expect((await check(bytes, ZIP_TYPES)).type).toBe(type);
  });

  it('refuses 200 random bytes after a ZIP signature, whatever type it is named', async () => {
    const fake = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(200)]);
    for (const type of ZIP_TYPES) await expect(check(fake, [type])).rejects.toThrow(/not a complete ZIP archive/);
  });

  it('refuses an archive without the entries of its type (a ZIP named .docx, an OFD without OFD.xml)', async () => {
    await expect(check(zipOf({ 'a.txt': 'x' }), ['docx'])).rejects.toThrow(/lacks the entries/);
    await expect(check(zipOf({ 'Doc_0/Document.xml': 'x' }), ['ofd'])).rejects.toThrow(/lacks the entries/);
    await expect(check(xlsxBytes(), ['docx'])).rejects.toThrow(/lacks the entries/);
    expect(zipTypeOf(['[Content_Types].xml', 'word/document.xml'], ['docx'])).toBeNull(); // no _rels/.rels
  });

  it('reads ZIP64 end records, an archive comment, and bytes put before the archive', async () => {
    expect((await check(zipOf({ 'OFD.xml': '<ofd/>' }, { zip64: true }), ZIP_TYPES)).type).toBe('ofd');
    expect((await check(zipOf({ 'OFD.xml': '<ofd/>' }, { comment: '注释'.repeat(100) }), ZIP_TYPES)).type).toBe('ofd');
    const prefixed = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(5000), docxBytes()]);
    expect((await check(prefixed, ZIP_TYPES)).type).toBe('docx');
  });

  it('finds the directory of an archive larger than the tail it keeps, in any read sizes', async () => {
    const big = zipOf({ 'payload.bin': randomBytes(ZIP_TAIL_BYTES + 300_000), '[Content_Types].xml': 'x', '_rels/.rels': 'x', 'xl/workbook.xml': 'x' });
    for (const piece of [1, 4096, 65536, 1_000_003]) {
      if (piece === 1) continue; // byte by byte is slow; the small pieces below cover the edges
      expect((await check(big, ZIP_TYPES, piece)).type).toBe('xlsx');
    }
    expect((await check(docxBytes(), ZIP_TYPES, 1)).type).toBe('docx');
  });

  it('refuses a damaged central directory', () => {
    const zip = docxBytes();
    const damaged = Buffer.from(zip);
    damaged.writeUInt32LE(0x12345678, zip.length - 22 - 46 - 'word/document.xml'.length); // the last entry's signature
    expect(zipEntryNames(damaged, damaged.length)).toEqual({ problem: 'the central directory is damaged' });
    expect(zipEntryNames(zip.subarray(0, 10), 10)).toMatchObject({ problem: expect.stringMatching(/not a complete/) });
  });
});
