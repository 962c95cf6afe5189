/**
 * Run by sealing-pipeline.spec.ts in a child process with --unhandled-rejections=strict: streams that fail or
 * are closed midway, with chunk operations in flight (completing out of order) and the hash worker busy. Any
 * stray rejection kills the process; pending work that kept it alive would hang it past the spec's timeout.
 */
import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { RecordCipher } from '../core/crypto-platform';
import { isSealingError } from '../core/sealing-error';
import { open, seal } from '../node/node-sealing';
import { nodePlatform } from '../node/node-platform';
import { generatedBytes, KEY, SUMMARY } from '../test-helpers';

const MiB = 1024 * 1024;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const say = (line: string) => process.stdout.write(line + '\n');

// Record operations settle late, later chunks of a window of 4 first, and chunk 3 last of all.
const realRecordCipher = nodePlatform.recordCipher;
nodePlatform.recordCipher = async (key, salt, digest): Promise<RecordCipher> => {
  const cipher = await realRecordCipher(key, salt, digest);
  const delay = (index: number) => (index === 3 ? 40 : (4 - (index % 4)) * 3);
  const later = <T>(index: number, work: Promise<T>) =>
    work.then(
      async (value) => (await sleep(delay(index)), value),
      async (error: unknown) => {
        await sleep(delay(index));
        throw error;
      },
    );
  return {
    encrypt: (type, index, plaintext) => later(index, cipher.encrypt(type, index, plaintext)),
    decrypt: (type, index, body) => later(index, cipher.decrypt(type, index, body)),
  };
};

function pieces(data: Buffer, size = 64 * 1024): Readable {
  return Readable.from(
    (function* () {
      for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size);
    })(),
    { objectMode: false },
  );
}

function sink(received: Buffer[] = []): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      received.push(chunk);
      callback();
    },
  });
}

const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const options = { concurrency: 4 };

async function main(): Promise<void> {
  const data = generatedBytes(6 * MiB, 'in-flight');
  const parts: Buffer[] = [];
  const sealed = seal(pieces(data), KEY, SUMMARY, options);
  await pipeline(sealed, sink(parts));
  const container = Buffer.concat(parts);
  const opened = await open(pieces(container), KEY, options);
  const plain: Buffer[] = [];
  await pipeline(opened.plaintext, sink(plain));
  if ((await sealed.result).plaintextSha256 !== sha(data) || sha(Buffer.concat(plain)) !== sha(data) || (await opened.result).plaintextSha256 !== sha(data)) {
    throw new Error('round trip differs');
  }
  say('sealed and opened 6 MiB: same SHA-256');

  // chunks 3 and 4 changed; 4 (failing), 5 and 6 finish while chunk 3 is still pending
  const changed = Buffer.from(container);
  for (const k of [3, 4]) changed[112 + 5 + 1040 + k * (5 + MiB + 16) + 5 + 100] ^= 1; // header, summary record, C0..Ck-1, into Ck
  const tampered = await open(pieces(changed), KEY, options);
  const released: Buffer[] = [];
  const errors: unknown[] = [];
  tampered.plaintext.on('error', (error) => errors.push(error));
  await pipeline(tampered.plaintext, sink(released)).catch(() => undefined);
  const resultError = await tampered.result.then(
    () => null,
    (error: unknown) => error,
  );
  await sleep(100);
  const releasedBytes = Buffer.concat(released);
  if (errors.length !== 1 || !isSealingError(errors[0]) || errors[0].code !== 'CONTAINER_TAMPERED' || !/chunk 3 /.test(errors[0].message)) {
    throw new Error(`expected one CONTAINER_TAMPERED for chunk 3, got ${String(errors)}`);
  }
  if (resultError !== errors[0]) throw new Error('result rejected with another error');
  // a Readable drops what its reader had not taken when it errors, so "at most chunks 0–2", in order
  if (releasedBytes.length > 3 * MiB || !releasedBytes.equals(data.subarray(0, releasedBytes.length))) {
    throw new Error(`released ${releasedBytes.length} bytes`);
  }
  say('tampered chunks 3 and 4 of 6 MiB, later chunks in flight: CONTAINER_TAMPERED once, nothing of chunk 3 released');

  const early = seal(pieces(data), KEY, SUMMARY, options);
  early.once('data', () => early.destroy());
  await early.result.then(
    () => Promise.reject(new Error('a destroyed seal resolved')),
    () => undefined,
  );
  await sleep(200); // the encryptions and hash blocks still in flight settle here
  say('seal output destroyed after its first bytes: result rejected');

  const earlyOpen = await open(pieces(container), KEY, options);
  earlyOpen.plaintext.once('data', () => earlyOpen.plaintext.destroy());
  await earlyOpen.result.then(
    () => Promise.reject(new Error('a destroyed open resolved')),
    () => undefined,
  );
  await sleep(200);
  say('open output destroyed after its first chunk: result rejected');

  const diskGone = new Error('disk gone');
  const failing = seal(
    (async function* () {
      for (let at = 0; at < 3 * MiB + 5; at += 64 * 1024) yield data.subarray(at, at + 64 * 1024);
      throw diskGone;
    })(),
    KEY,
    SUMMARY,
    options,
  );
  const failures: unknown[] = [];
  failing.on('error', (error) => failures.push(error));
  const piped = await pipeline(failing, sink()).then(
    () => null,
    (error: unknown) => error,
  );
  const failedResult = await failing.result.then(
    () => null,
    (error: unknown) => error,
  );
  await sleep(100);
  if (piped !== diskGone || failedResult !== diskGone || failures.length !== 1) throw new Error('the source error was not passed on once');
  say('seal source failing midway: the same error, once');
  say('done');
  // no process.exit: the process must end by itself (nothing left holding it open)
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
