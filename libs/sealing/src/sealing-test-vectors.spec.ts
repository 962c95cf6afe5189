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
  const summaryPlain = decrypt(0x53, 0, summaryRecord.body);
  expect(summaryPlain.length % 1024).toBe(0);
  const sealed = JSON.parse(summaryPlain.subarray(4, 4 + summaryPlain.readUInt32BE(0)).toString('utf8'));
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
    expect(manifest.bad.map((v) => v.openError).sort()).toEqual(
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

    it('Node and the browser code both seal it again byte for byte', async () => {
      expect((await collect(seal(Readable.from([plaintext]), key, vector.summary, options))).equals(container)).toBe(true);
      expect((await collect(sealStream(new Blob([new Uint8Array(plaintext)]), key, vector.summary, options))).equals(container)).toBe(true);
    });

    it('the browser code opens it', async () => {
      const opened = await openStream(new Blob([new Uint8Array(container)]), key);
      expect(opened.summary).toEqual(vector.summary);
      expect((await collect(opened.plaintext)).equals(plaintext)).toBe(true);
    });
  });

  it.each(manifest.bad.map((v) => [v.name, v] as const))('%s fails with its code', async (_name, vector) => {
    const container = file(vector.container);
    const key = Buffer.from(vector.key, 'hex');
    const openAll = async () => {
      const opened = await open(container, key);
      await collect(opened.plaintext);
    };
    expect(await errorCode(openAll)).toBe(vector.openError);
    if (vector.inspectError) expect(await errorCode(() => inspect(container))).toBe(vector.inspectError);
    else await expect(inspect(container)).resolves.toBeDefined();
  });
});
