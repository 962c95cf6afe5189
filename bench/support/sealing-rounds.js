'use strict';
/**
 * The sealing benchmark's measurements, in plain JavaScript so that they run in either process the bench
 * compares (bench/sealing.bench.ts):
 *
 * - the bench's own process, on the TypeScript source loaded through ts-node (the TypeScript compiler then
 *   shares the heap, about 40 MB of it);
 * - a child process that runs this file with node alone, on libs/sealing/cjs, the build that bin/bid-seal.js
 *   runs: the process a bidder seals in.
 *
 *   node bench/support/sealing-rounds.js rounds <mib> <rounds>         prints the rounds' times as JSON
 *   node --expose-gc bench/support/sealing-rounds.js rss <in> <out>    seals a file to a file, prints RSS (MiB)
 */
const { createCipheriv, createHash, randomBytes } = require('node:crypto');
const { createReadStream, createWriteStream } = require('node:fs');
const { join } = require('node:path');
const { Readable, Transform, Writable } = require('node:stream');
const { pipeline } = require('node:stream/promises');

const MiB = 1024 * 1024;
const PIECE = 64 * 1024;
const SUMMARY = { price: '1234567.89', durationDays: 180, items: [] };

/** `mib` MiB of pseudo-random bytes in 64 KiB pieces, cut from a 16 MiB pool: costs next to nothing. */
function generated(mib, pool) {
  const total = mib * MiB;
  return Readable.from(
    (function* () {
      for (let offset = 0; offset < total; offset += PIECE) {
        const at = offset % pool.length;
        yield pool.subarray(at, at + Math.min(PIECE, total - offset));
      }
    })(),
    { objectMode: false },
  );
}

/** Re-streams a stored container in 64 KiB pieces, as a file or socket delivers it. */
function replay(container) {
  return Readable.from(
    (function* () {
      for (let at = 0; at < container.length; at += PIECE) yield container.subarray(at, at + PIECE);
    })(),
    { objectMode: false },
  );
}

function discard() {
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      sink.bytes += chunk.length;
      callback();
    },
  });
  sink.bytes = 0;
  return sink;
}

function rawCipher(key) {
  const cipher = createCipheriv('aes-256-gcm', key, randomBytes(12));
  return new Transform({
    transform(chunk, _encoding, callback) {
      callback(null, cipher.update(chunk));
    },
    flush(callback) {
      cipher.final();
      callback(null, cipher.getAuthTag());
    },
  });
}

async function timed(work) {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Times a baseline and a measured run in the order the round says: even rounds baseline first. */
async function pair(round, baseline, measured) {
  if (round % 2 === 0) {
    const b = await timed(baseline);
    return { baseline: b, measured: await timed(measured) };
  }
  const m = await timed(measured);
  return { baseline: await timed(baseline), measured: m };
}

/**
 * The paired rounds over one library (`seal`, `open` and `createWorkerSha256` of libs/sealing): per round the
 * seconds of (SHA-256 alone, seal), (open, SHA-256 alone), (SHA-256 alone, the two-thread floor), raw AES-GCM,
 * and AES-GCM + SHA-256 on one thread.
 */
async function measureRounds(lib, mib, rounds) {
  const { seal, open, createWorkerSha256 } = lib;
  const pool = randomBytes(16 * MiB);
  const key = randomBytes(32);

  const rawAesGcm = async () => {
    const sink = discard();
    await pipeline(generated(mib, pool), rawCipher(key), sink);
    if (sink.bytes !== mib * MiB + 16) throw new Error('raw cipher lost bytes');
  };
  /** SHA-256 alone over the plaintext stream: the ceiling of seal and open. */
  const sha256Alone = async () => {
    const hash = createHash('sha256');
    await pipeline(
      generated(mib, pool),
      new Writable({
        write(chunk, _encoding, callback) {
          hash.update(chunk);
          callback();
        },
      }),
    );
    hash.digest();
  };
  const rawPlusSha = async () => {
    const hash = createHash('sha256');
    const hashing = new Transform({
      transform(chunk, _encoding, callback) {
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    await pipeline(generated(mib, pool), hashing, rawCipher(key), discard());
  };
  /**
   * The floor of any two-thread seal: AES-GCM with a new cipher every 1 MiB on this thread while the library's
   * SHA-256 worker hashes the same pieces, with none of the container's framing. What seal adds is the
   * difference between this and seal.
   */
  const twoThreadsNoFraming = async () => {
    const hash = createWorkerSha256();
    let cipher = createCipheriv('aes-256-gcm', key, randomBytes(12));
    let inChunk = 0;
    try {
      await pipeline(
        generated(mib, pool),
        new Transform({
          transform(chunk, _encoding, callback) {
            const out = [];
            for (let at = 0; at < chunk.length; ) {
              const take = Math.min(MiB - inChunk, chunk.length - at);
              out.push(cipher.update(chunk.subarray(at, at + take)));
              inChunk += take;
              at += take;
              if (inChunk === MiB) {
                cipher.final();
                out.push(cipher.getAuthTag());
                cipher = createCipheriv('aes-256-gcm', key, randomBytes(12));
                inChunk = 0;
              }
            }
            const waiting = hash.update(chunk);
            if (waiting) void waiting.then(() => callback(null, Buffer.concat(out)), callback);
            else callback(null, Buffer.concat(out));
          },
        }),
        discard(),
      );
      await hash.digest();
    } finally {
      hash.dispose();
    }
  };
  const sealOnce = async () => {
    const sink = discard();
    await pipeline(seal(generated(mib, pool), key, SUMMARY), sink);
    if (sink.bytes < mib * MiB) throw new Error('seal lost bytes');
  };
  const parts = [];
  await pipeline(
    seal(generated(mib, pool), key, SUMMARY),
    new Writable({
      write(chunk, _encoding, callback) {
        parts.push(chunk);
        callback();
      },
    }),
  );
  const container = Buffer.concat(parts);
  parts.length = 0;
  const openOnce = async () => {
    const opened = await open(replay(container), key);
    const sink = discard();
    await pipeline(opened.plaintext, sink);
    await opened.result;
    if (sink.bytes !== mib * MiB) throw new Error('open lost bytes');
  };

  await sealOnce(); // warm-up: the hash worker, the JIT
  const out = [];
  for (let round = 0; round < rounds; round++) {
    const s = await pair(round, sha256Alone, sealOnce);
    const o = await pair(round + 1, sha256Alone, openOnce); // the other order than the seal pair of this round
    const f = await pair(round, sha256Alone, twoThreadsNoFraming);
    out.push({ sha: [s.baseline, o.baseline], seal: s.measured, open: o.measured, floor: f.measured, floorSha: f.baseline, raw: await timed(rawAesGcm), serial: await timed(rawPlusSha) });
  }
  return out;
}

/** Seals a file to a file and reports the RSS before and at its peak (MiB). Run with --expose-gc. */
async function rssOfSealingFile(lib, input, output) {
  const key = randomBytes(32);
  // warm up: load and JIT everything once on a small input
  await pipeline(lib.seal(generated(8, randomBytes(MiB)), key, SUMMARY), discard());
  global.gc?.();
  const before = process.memoryUsage().rss;
  const maxRssBefore = process.resourceUsage().maxRSS * 1024;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  await pipeline(lib.seal(createReadStream(input), key, SUMMARY), createWriteStream(output));
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  // The kernel's high-water mark counts only if sealing raised it (start-up and warm-up may have set it).
  const maxRssAfter = process.resourceUsage().maxRSS * 1024;
  if (maxRssAfter > maxRssBefore) peak = Math.max(peak, maxRssAfter);
  return { beforeMiB: before / MiB, peakMiB: peak / MiB };
}

module.exports = { MiB, generated, measureRounds, rssOfSealingFile };

if (require.main === module) {
  // the bidder's process: libs/sealing/cjs, as bin/bid-seal.js runs it, and nothing else
  const root = join(__dirname, '..', '..', 'libs', 'sealing', 'cjs');
  const lib = { ...require(join(root, 'index.js')), createWorkerSha256: require(join(root, 'node', 'hash-worker.js')).createWorkerSha256 };
  const [command, a, b] = process.argv.slice(2);
  const work = command === 'rounds' ? measureRounds(lib, Number(a), Number(b)) : command === 'rss' ? rssOfSealingFile(lib, a, b) : Promise.reject(new Error(`unknown command ${command}`));
  work.then(
    (figures) => process.stdout.write(JSON.stringify(figures) + '\n'),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
