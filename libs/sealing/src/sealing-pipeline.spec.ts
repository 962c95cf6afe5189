/**
 * Chunks in flight: the sealer and the opener keep up to `concurrency` record operations running at once
 * (WebCrypto in the browser finishes them in any order) while the plaintext hash runs beside them (a worker
 * thread in Node). Here a record cipher that completes out of order proves the output keeps its order and a
 * failure surfaces once, with its code, whatever else is in flight.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { ContainerOpener } from './core/container-opener';
import { ContainerSealer } from './core/container-sealer';
import { encodeEndPlaintext, encodeRecordHeader, RECORD_NAMES, RecordType } from './core/container-format';
import type { CryptoPlatform, RecordCipher } from './core/crypto-platform';
import { isSealingError, SealingErrorCode } from './core/sealing-error';
import { open, seal } from './index';
import { hashWorkerRunning } from './node/hash-worker';
import { nodePlatform } from './node/node-platform';
import { collect, errorCode, generatedBytes, inPieces, KEY, sha256Hex, SUMMARY } from './test-helpers';

const CHUNK = 4096;
const MiB = 1024 * 1024;
const SALT = new Uint8Array(32).fill(7);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * nodePlatform, but each record operation settles after a delay that depends on its index (later chunks of a
 * window first), success or failure alike; `log` records the order they settled in.
 */
function outOfOrder(delayOf: (index: number) => number, log: string[] = []): CryptoPlatform {
  const later = <T>(what: string, index: number, work: Promise<T>): Promise<T> =>
    work.then(
      async (value) => {
        await sleep(delayOf(index));
        log.push(`${what} ${index}`);
        return value;
      },
      async (error: unknown) => {
        await sleep(delayOf(index));
        log.push(`${what} ${index} failed`);
        throw error;
      },
    );
  return {
    ...nodePlatform,
    recordCipher: async (key, salt, digest): Promise<RecordCipher> => {
      const cipher = await nodePlatform.recordCipher(key, salt, digest);
      return {
        // the real cipher is called at once (it takes what it needs from the parts before returning)
        encrypt: (type, index, plaintext) => later(`encrypt ${RECORD_NAMES[type]}`, index, cipher.encrypt(type, index, plaintext)),
        decrypt: (type, index, body) => later(`decrypt ${RECORD_NAMES[type]}`, index, cipher.decrypt(type, index, body)),
      };
    },
  };
}

const reversedIn4 = (index: number) => (4 - (index % 4)) * 4; // 16, 12, 8, 4 ms: each window of 4 completes backwards

async function sealWith(platform: CryptoPlatform, data: Uint8Array, concurrency: number): Promise<Buffer> {
  const sealer = new ContainerSealer(platform, KEY, SUMMARY, { chunkSize: CHUNK, salt: SALT, concurrency });
  return collect(sealer.records(inPieces(data, [1000, 5000, 333])));
}

async function openWith(platform: CryptoPlatform, container: Uint8Array, concurrency: number) {
  const opener = new ContainerOpener(platform, inPieces(container, [777, 4113]), KEY, { concurrency });
  await opener.start();
  const received: Buffer[] = [];
  let failure: unknown = null;
  try {
    for await (const part of opener.plaintext()) received.push(Buffer.from(part));
  } catch (error) {
    failure = error;
  }
  return { plaintext: Buffer.concat(received), failure, result: opener.result };
}

/** The offset of record `index` after the summary (C, F or E) in a container. */
function chunkRecordAt(container: Buffer, index: number): number {
  let at = 112;
  at += 5 + container.readUInt32BE(at + 1); // the summary record
  for (let i = 0; i < index; i++) at += 5 + container.readUInt32BE(at + 1);
  return at;
}

describe('chunks in flight complete in any order', () => {
  const data = generatedBytes(13 * CHUNK + 100, 'pipeline');
  let reference: Buffer;

  beforeAll(async () => {
    reference = await sealWith(nodePlatform, data, 1);
  });

  it('sealing with 4 encryptions in flight, finishing backwards, writes the same bytes as one at a time', async () => {
    const log: string[] = [];
    const sealed = await sealWith(outOfOrder(reversedIn4, log), data, 4);
    expect(sealed.equals(reference)).toBe(true);
    expect(log.indexOf('encrypt chunk 3')).toBeLessThan(log.indexOf('encrypt chunk 0')); // the test really is out of order
  });

  it('opening with 4 decryptions in flight, finishing backwards, gives the plaintext in order', async () => {
    const log: string[] = [];
    const { plaintext, failure, result } = await openWith(outOfOrder(reversedIn4, log), reference, 4);
    expect(failure).toBeNull();
    expect(plaintext.equals(data)).toBe(true);
    expect(result).toEqual({ chunkCount: 14, plaintextSize: data.length, plaintextSha256: sha256Hex(data) });
    expect(log.indexOf('decrypt chunk 3')).toBeLessThan(log.indexOf('decrypt chunk 0'));
  });

  it('a changed chunk k with k+1… in flight (and done first): the chunks before k, then CONTAINER_TAMPERED once', async () => {
    const changed = Buffer.from(reference);
    for (const k of [5, 6]) changed[chunkRecordAt(reference, k) + 5 + 17] ^= 0x01; // two bad chunks in one window
    const log: string[] = [];
    // chunk 5 is the slowest of its window: 6, 7 and 8 (6 failing too) settle before it
    const { plaintext, failure, result } = await openWith(outOfOrder((i) => (i === 5 ? 30 : 2), log), changed, 4);
    expect(isSealingError(failure) && failure.code).toBe(SealingErrorCode.Tampered);
    expect((failure as Error).message).toMatch(/chunk 5 /);
    expect(plaintext.equals(data.subarray(0, 5 * CHUNK))).toBe(true);
    expect(result).toBeNull();
    expect(log.indexOf('decrypt chunk 6 failed')).toBeLessThan(log.indexOf('decrypt chunk 5 failed'));
  });
});

describe('files of 1 MiB and more (the plaintext hash on the worker thread, given two cores)', () => {
  const big = generatedBytes(3 * MiB + 5, 'big');
  let container: Buffer;

  beforeAll(async () => {
    container = await collect(seal(inPieces(big, 65_536), KEY, SUMMARY));
  });

  async function withEndRecord(size: number, sha256: Uint8Array): Promise<Buffer> {
    const header = container.subarray(0, 112);
    const end = chunkRecordAt(container, 4);
    const cipher = await nodePlatform.recordCipher(KEY, header.subarray(48, 80), header.subarray(80, 112));
    const body = Buffer.concat(await cipher.encrypt(RecordType.End, 4, [encodeEndPlaintext(size, sha256)]));
    return Buffer.concat([container.subarray(0, end), encodeRecordHeader(RecordType.End, body.length), body]);
  }

  async function openAll(bytes: Buffer) {
    const opened = await open(inPieces(bytes, 65_536), KEY);
    const received: Buffer[] = [];
    const failure = await errorCode(async () => {
      for await (const part of opened.plaintext) received.push(part as Buffer);
    }).catch((error: unknown) => error);
    return { plaintext: Buffer.concat(received), failure, result: opened.result.catch((error: unknown) => error) };
  }

  it('the genuine declaration, rebuilt, opens; the worker computed the hash', async () => {
    expect((await withEndRecord(big.length, createHash('sha256').update(big).digest())).equals(container)).toBe(true);
    const opened = await open(container, KEY);
    expect((await collect(opened.plaintext)).equals(big)).toBe(true);
    expect(hashWorkerRunning()).toBe(availableParallelism() > 1); // one core: hashed on the calling thread
  });

  it('a declared SHA-256 that differs: CONTAINER_TAMPERED at the end', async () => {
    const { plaintext, failure, result } = await openAll(await withEndRecord(big.length, createHash('sha256').update('other').digest()));
    expect(failure).toBe(SealingErrorCode.Tampered);
    expect(plaintext.equals(big)).toBe(true); // every chunk authenticated; only the declaration is wrong
    expect(isSealingError(await result) && ((await result) as { code: string }).code).toBe(SealingErrorCode.Tampered);
  });

  it('a flipped byte in chunk 1: at most chunk 0 (the stream drops what its reader had not taken), then CONTAINER_TAMPERED', async () => {
    const changed = Buffer.from(container);
    changed[chunkRecordAt(container, 1) + 5 + 1000] ^= 0x01;
    const { plaintext, failure } = await openAll(changed);
    expect(failure).toBe(SealingErrorCode.Tampered);
    expect(plaintext.length).toBeLessThanOrEqual(MiB);
    expect(plaintext.equals(big.subarray(0, plaintext.length))).toBe(true);
  });
});

describe('no work left behind (run in a child process with --unhandled-rejections=strict)', () => {
  it('errors midway and early closes leave no rejection and no pending work; the process ends by itself', async () => {
    const script = resolve(__dirname, 'test-fixtures', 'in-flight-child.ts');
    const root = resolve(__dirname, '..', '..', '..');
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      execFile(
        process.execPath,
        ['--unhandled-rejections=strict', '-r', 'ts-node/register/transpile-only', script],
        { cwd: root, timeout: 60_000, env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' } },
        (error, out, err) => done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout: out, stderr: err }),
      );
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toEqual([
      'sealed and opened 6 MiB: same SHA-256',
      'tampered chunks 3 and 4 of 6 MiB, later chunks in flight: CONTAINER_TAMPERED once, nothing of chunk 3 released',
      'seal output destroyed after its first bytes: result rejected',
      'open output destroyed after its first chunk: result rejected',
      'seal source failing midway: the same error, once',
      'done',
    ]);
  }, 60_000);
});
