/** Helpers for the sealing specs (not exported from the library). */
import { createCipheriv, createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { OpeningSummary } from './core/opening-summary';
import { isSealingError } from './core/sealing-error';

export const SUMMARY: OpeningSummary = {
  price: '1234567.89',
  durationDays: 180,
  items: [
    { name: '质量标准', value: '合格' },
    { name: '项目经理', value: '张三' },
  ],
};

/** A fixed key for specs (never a real one). */
export const KEY = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
export const OTHER_KEY = Buffer.from('ff0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');

/**
 * `size` deterministic pseudo-random bytes (the AES-256-CTR keystream of `seed`), in pieces of `pieceSize`,
 * streamed: nothing is held but the current piece. `sha256` resolves once the stream has been read.
 */
export function generatedStream(size: number, seed = 'sealing', pieceSize = 64 * 1024): { stream: Readable; sha256: Promise<string> } {
  const keyAndIv = createHash('sha512').update(seed).digest();
  const cipher = createCipheriv('aes-256-ctr', keyAndIv.subarray(0, 32), keyAndIv.subarray(32, 48));
  const hash = createHash('sha256');
  const zeros = Buffer.alloc(pieceSize);
  let resolve!: (hex: string) => void;
  const sha256 = new Promise<string>((res) => (resolve = res));
  let produced = 0;
  const stream = new Readable({
    highWaterMark: pieceSize,
    read() {
      if (produced >= size) {
        resolve(hash.digest('hex'));
        this.push(null);
        return;
      }
      const n = Math.min(pieceSize, size - produced);
      const piece = cipher.update(zeros.subarray(0, n));
      produced += n;
      hash.update(piece);
      this.push(piece);
    },
  });
  return { stream, sha256 };
}

export function generatedBytes(size: number, seed = 'sealing'): Buffer {
  const keyAndIv = createHash('sha512').update(seed).digest();
  return createCipheriv('aes-256-ctr', keyAndIv.subarray(0, 32), keyAndIv.subarray(32, 48)).update(Buffer.alloc(size));
}

export async function collect(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Streams `data` in pieces of `size` bytes (or of the sizes in `sizes`, cycled). */
export function inPieces(data: Uint8Array, sizes: number | number[]): Readable {
  const list = Array.isArray(sizes) ? sizes : [sizes];
  return Readable.from(
    (function* () {
      let i = 0;
      for (let at = 0; at < data.length; i++) {
        const n = Math.max(1, list[i % list.length]);
        yield Buffer.from(data.subarray(at, at + n));
        at += n;
      }
    })(),
    { objectMode: false },
  );
}

/** The SealingError code `work` fails with; fails the spec if it succeeds or throws something else. */
export async function errorCode(work: () => Promise<unknown>): Promise<string> {
  try {
    await work();
  } catch (error) {
    if (isSealingError(error)) return error.code;
    throw error;
  }
  throw new Error('expected a SealingError, but the operation succeeded');
}

/** A minimal one-page PDF, as a word processor's export starts. */
export function minimalPdf(): Buffer {
  return Buffer.from(
    [
      '%PDF-1.4',
      '%\xe2\xe3\xcf\xd3',
      '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
      '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
      '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj',
      'trailer << /Root 1 0 R >>',
      '%%EOF',
      '',
    ].join('\n'),
    'latin1',
  );
}

/** A minimal ZIP archive holding one stored file "bid.txt". */
export function minimalZip(): Buffer {
  const content = Buffer.from('投标文件', 'utf8');
  const name = Buffer.from('bid.txt');
  const crc = crc32(content);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(content.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(content.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(name.length, 28);
  const centralOffset = local.length + name.length + content.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, name, content, central, name, end]);
}

function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
