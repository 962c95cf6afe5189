import { createDecipheriv, createHash, hkdfSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { inspect, open, seal } from './index';
import { collect, errorCode } from './test-helpers';
import { openStream, sealStream } from './web/index';
import type { OpeningSummary } from './core/opening-summary';

const DIR = join(__dirname, '..', 'test-vectors');

interface GoodVector {
  name: string;
  container: string;
  plaintext: string;
  key: string;
  keyFingerprint: string;
  salt: string;
  chunkSize: number;
  summary: OpeningSummary;
  fileName: string | null;
  /** False for a container written by hand around a summary this library's writer would not produce. */
  resealable: boolean;
  plaintextSize: number;
  plaintextSha256: string;
  chunkCount: number;
  containerSize: number;
  containerSha256: string;
}

interface BadVector {
  name: string;
  container: string;
  key: string;
  openError: string;
  inspectError: string | null;
}

const manifest = JSON.parse(readFileSync(join(DIR, 'vectors.json'), 'utf8')) as { good: GoodVector[]; bad: BadVector[] };
const file = (name: string) => readFileSync(join(DIR, name));
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/**
 * The rules of the sealed summary, written from libs/sealing/README.md ("Sealed summary plaintext") alone:
 * throws 'CONTAINER_MALFORMED' where a reader must refuse.
 */
function summaryBySpec(plain: Buffer): { summary: OpeningSummary; fileName?: string } {
  const refuse = (why: string): never => {
    throw Object.assign(new Error(`CONTAINER_MALFORMED: ${why}`), { code: 'CONTAINER_MALFORMED' });
  };
  if (plain.length < 1024 || plain.length > 65536 || plain.length % 1024 !== 0) refuse('plaintext size');
  const j = plain.readUInt32BE(0);
  if (j > plain.length - 4) refuse('length');
  if (plain.subarray(4 + j).some((b) => b !== 0)) refuse('padding');
  const bytes = plain.subarray(4, 4 + j);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) refuse('byte order mark');
  const text = bytes.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(bytes)) refuse('not UTF-8');
  let top: unknown;
  try {
    top = JSON.parse(text);
  } catch {
    return refuse('not JSON');
  }
  // duplicate member names, in any object: compare each object's keys as JSON.parse sees them with a raw scan
  const rawKeys = [...text.matchAll(/"((?:[^"\\]|\\.)*)"\s*:/g)].length;
  let parsedKeys = 0;
  const countKeys = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(countKeys);
    else if (v !== null && typeof v === 'object') {
      for (const child of Object.values(v)) {
        parsedKeys++;
        countKeys(child);
      }
    }
  };
  countKeys(top);
  if (rawKeys !== parsedKeys) refuse('a member name twice');
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (!isObject(top) || !isObject(top.summary)) return refuse('no summary object');
  const summary = top.summary;
  if (Object.keys(summary).some((k) => !['price', 'durationDays', 'items'].includes(k))) refuse('unknown member');
  if (typeof summary.price !== 'string' || !/^(0|[1-9][0-9]{0,14})(\.[0-9]{1,2})?$/.test(summary.price)) refuse('price');
  const d = summary.durationDays;
  if (typeof d !== 'number' || !Number.isInteger(d) || d < 0 || d > 36500) refuse('durationDays');
  const items = 'items' in summary ? summary.items : [];
  if (!Array.isArray(items) || items.length > 50) return refuse('items');
  const scalar = (s: string) => [...s].every((c) => !(c.length === 1 && c.charCodeAt(0) >= 0xd800 && c.charCodeAt(0) <= 0xdfff));
  const cp = (s: string) => [...s].map((c) => c.codePointAt(0)!);
  const bidi = (c: number) => c === 0x200e || c === 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
  const control = (c: number) => c <= 0x1f || (c >= 0x7f && c <= 0x9f);
  const blank = (c: number) => [0x20, 0xa0, 0x1680, 0x202f, 0x205f, 0x3000, 0xfeff].includes(c) || (c >= 0x2000 && c <= 0x200a);
  const nameOk = (s: unknown, max: number) =>
    typeof s === 'string' && scalar(s) && cp(s).length >= 1 && cp(s).length <= max && cp(s).every((c) => !control(c) && !bidi(c) && c !== 0x2028 && c !== 0x2029);
  const names = new Set<string>();
  for (const item of items) {
    if (!isObject(item) || Object.keys(item).some((k) => k !== 'name' && k !== 'value')) refuse('item');
    const { name, value } = item as Record<string, unknown>;
    if (!nameOk(name, 100) || cp(name as string).every(blank) || names.has(name as string)) refuse('item name');
    names.add(name as string);
    const valueOk =
      typeof value === 'string' && scalar(value) && cp(value).length <= 2000 && cp(value).every((c) => [0x09, 0x0a, 0x0d].includes(c) || (!control(c) && !bidi(c)));
    if (!valueOk) refuse('item value');
  }
  const result: { summary: OpeningSummary; fileName?: string } = {
    summary: { price: summary.price as string, durationDays: d as number, items: items as OpeningSummary['items'] },
  };
  if ('fileName' in top) {
    const f = top.fileName;
    if (!nameOk(f, 255) || f === '.' || f === '..' || /[/\\]/.test(f as string)) refuse('fileName');
    result.fileName = f as string;
  }
  return result;
}

/** Record S of a container, decrypted with node:crypto from the README alone. */
function summaryPlaintextBySpec(container: Buffer, key: Buffer): Buffer {
  const digest = container.subarray(80, 112);
  const subkey = Buffer.from(hkdfSync('sha256', key, container.subarray(48, 80), 'bid-seal/v1/aes-256-gcm', 32));
  const body = container.subarray(117, 117 + container.readUInt32BE(113));
  const nonce = Buffer.alloc(12);
  nonce[0] = 0x53;
  const aad = Buffer.alloc(41);
  digest.copy(aad, 0);
  aad[32] = 0x53;
  const decipher = createDecipheriv('aes-256-gcm', subkey, nonce);
  decipher.setAAD(aad);
  decipher.setAuthTag(body.subarray(body.length - 16));
  return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]);
}

/** The same bytes cut into pieces of `size` (0: one piece), as a socket or a file reader might deliver them. */
async function* inPieces(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  if (size === 0) {
    yield bytes;
    return;
  }
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

const PIECE_SIZES = [0, 1, 7, 112, 1045, 4096];

/**
 * A reader written from libs/sealing/README.md alone, with node:crypto and no library code: if it opens the
 * vectors, the written format and the implementation agree.
 */
function readByTheSpec(container: Buffer, key: Buffer) {
  expect(container.subarray(0, 8).toString('latin1')).toBe('\x89BIDSEAL');
  expect([container[8], container[9], container.readUInt16BE(10)]).toEqual([1, 1, 112]);
  const chunkSize = container.readUInt32BE(12);
  const digest = container.subarray(80, 112);
  expect(createHash('sha256').update(container.subarray(0, 80)).digest().equals(digest)).toBe(true);
  expect(createHash('sha256').update('bid-seal/v1/key-fingerprint').update(key).digest().equals(container.subarray(16, 48))).toBe(true);
  const subkey = Buffer.from(hkdfSync('sha256', key, container.subarray(48, 80), 'bid-seal/v1/aes-256-gcm', 32));
  const decrypt = (type: number, index: number, body: Buffer) => {
    const nonce = Buffer.alloc(12);
    nonce[0] = type;
    nonce.writeBigUInt64BE(BigInt(index), 4);
    const aad = Buffer.alloc(41);
    digest.copy(aad, 0);
    aad[32] = type;
    aad.writeBigUInt64BE(BigInt(index), 33);
    const decipher = createDecipheriv('aes-256-gcm', subkey, nonce);
    decipher.setAAD(aad);
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]);
  };
  let at = 112;
  const next = () => {
    const type = container[at];
    const length = container.readUInt32BE(at + 1);
    const body = container.subarray(at + 5, at + 5 + length);
    at += 5 + length;
    return { type, body };
  };
  const summaryRecord = next();
  expect(summaryRecord.type).toBe(0x53);
  const sealed = summaryBySpec(decrypt(0x53, 0, summaryRecord.body));
  const parts: Buffer[] = [];
  let index = 0;
  for (;;) {
    const record = next();
    expect([0x43, 0x46]).toContain(record.type);
    parts.push(decrypt(record.type, index++, record.body));
    if (record.type === 0x46) break;
    expect(parts[parts.length - 1].length).toBe(chunkSize);
  }
  const end = next();
  expect(end.type).toBe(0x45);
  const endPlain = decrypt(0x45, index, end.body);
  expect(at).toBe(container.length);
  const plaintext = Buffer.concat(parts);
  expect(Number(endPlain.readBigUInt64BE(0))).toBe(plaintext.length);
  expect(endPlain.subarray(8).toString('hex')).toBe(sha256(plaintext));
  return { sealed, plaintext, chunkCount: index };
}

describe('shared test vectors (libs/sealing/test-vectors)', () => {
  it('lists the good and the bad ones', () => {
    expect(manifest.good.length).toBeGreaterThanOrEqual(5);
    expect([...new Set(manifest.bad.map((v) => v.openError))].sort()).toEqual(
      ['CONTAINER_MALFORMED', 'CONTAINER_TAMPERED', 'CONTAINER_TRUNCATED', 'NOT_A_SEALED_CONTAINER', 'WRONG_KEY'].sort(),
    );
  });

  describe.each(manifest.good.map((v) => [v.name, v] as const))('%s', (_name, vector) => {
    const container = file(vector.container);
    const plaintext = file(vector.plaintext);
    const key = Buffer.from(vector.key, 'hex');
    const options = { chunkSize: vector.chunkSize, salt: Buffer.from(vector.salt, 'hex'), ...(vector.fileName ? { fileName: vector.fileName } : {}) };

    it('the committed files are the ones described', () => {
      expect([container.length, sha256(container)]).toEqual([vector.containerSize, vector.containerSha256]);
      expect([plaintext.length, sha256(plaintext)]).toEqual([vector.plaintextSize, vector.plaintextSha256]);
    });

    it('a reader written from the README opens it', () => {
      const read = readByTheSpec(container, key);
      expect(read.plaintext.equals(plaintext)).toBe(true);
      expect(read.sealed).toEqual({ summary: vector.summary, ...(vector.fileName ? { fileName: vector.fileName } : {}) });
      expect(read.chunkCount).toBe(vector.chunkCount);
    });

    it('Node opens and inspects it', async () => {
      const opened = await open(container, key);
      expect(opened.summary).toEqual(vector.summary);
      expect(opened.fileName).toBe(vector.fileName ?? undefined);
      expect((await collect(opened.plaintext)).equals(plaintext)).toBe(true);
      expect(await opened.result).toEqual({ chunkCount: vector.chunkCount, plaintextSize: vector.plaintextSize, plaintextSha256: vector.plaintextSha256 });
      expect(await inspect(container)).toEqual({
        version: 1,
        cipher: 'AES-256-GCM',
        chunkSize: vector.chunkSize,
        keyFingerprint: vector.keyFingerprint,
        chunkCount: vector.chunkCount,
        ciphertextSize: vector.containerSize,
        sha256: vector.containerSha256,
      });
    });

    if (vector.resealable) it('Node and the browser code both seal it again byte for byte', async () => {
      expect((await collect(seal(Readable.from([plaintext]), key, vector.summary, options))).equals(container)).toBe(true);
      expect((await collect(sealStream(new Blob([new Uint8Array(plaintext)]), key, vector.summary, options))).equals(container)).toBe(true);
    });

    it('the browser code opens it', async () => {
      const opened = await openStream(new Blob([new Uint8Array(container)]), key);
      expect(opened.summary).toEqual(vector.summary);
      expect((await collect(opened.plaintext)).equals(plaintext)).toBe(true);
    });
  });

  it.each(manifest.bad.map((v) => [v.name, v] as const))('%s fails with its code, whatever the sizes of the pieces read', async (_name, vector) => {
    const container = file(vector.container);
    const key = Buffer.from(vector.key, 'hex');
    for (const size of PIECE_SIZES) {
      const openAll = async () => {
        const opened = await open(inPieces(container, size), key);
        await collect(opened.plaintext);
      };
      expect([size, await errorCode(openAll)]).toEqual([size, vector.openError]);
      if (vector.inspectError) expect([size, await errorCode(() => inspect(inPieces(container, size)))]).toEqual([size, vector.inspectError]);
      else await expect(inspect(inPieces(container, size))).resolves.toBeDefined();
    }
    const web = async () => {
      const opened = await openStream(new Blob([new Uint8Array(container)]), key);
      await collect(opened.plaintext);
    };
    expect(await errorCode(web)).toBe(vector.openError);
  });

  it('a reader written from the README refuses every summary the vectors refuse, and only those', () => {
    const key = Buffer.from(manifest.good[0].key, 'hex');
    const summaryVectors = manifest.bad.filter((v) => v.openError === 'CONTAINER_MALFORMED' && v.inspectError === null);
    expect(summaryVectors.length).toBeGreaterThanOrEqual(15);
    const accepted = summaryVectors.filter((vector) => {
      try {
        summaryBySpec(summaryPlaintextBySpec(file(vector.container), key));
        return true;
      } catch (e) {
        return !/^CONTAINER_MALFORMED/.test((e as Error).message);
      }
    });
    expect(accepted.map((v) => v.name)).toEqual([]);
  });
});
