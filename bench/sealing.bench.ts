/**
 * Sealing throughput and memory (libs/sealing).
 *
 *   npm run bench -- sealing
 *
 * The headline: seal and open against SHA-256 alone over the same bytes. The container declares its
 * plaintext's SHA-256, so every byte must be hashed, one after the other: SHA-256 alone is the ceiling of any
 * container of this kind, and seal and open should reach at least 0.8 of it (they encrypt on the calling thread
 * while a worker thread hashes). Each round runs the pairs (SHA-256, seal) and (SHA-256, open) over the same
 * 64 KiB-piece stream, the baseline first in even rounds and second in odd ones, so that a change in the
 * machine's load falls on both sides; the figures are the medians over the rounds of each round's ratio.
 * Also paired the same way: the floor of any two-thread seal (AES-GCM per 1 MiB on this thread while the SHA-256
 * worker hashes, none of the container's framing) against SHA-256 alone; what seal loses beyond it is framing.
 * Also printed, for scale: raw AES-256-GCM (one createCipheriv over the whole stream) and raw AES-GCM plus
 * SHA-256 on one thread, and, in a child process, the peak RSS growth while sealing a 1 GiB file to another
 * file (target < 150 MiB). The ratios need the second core: when other work takes it, seal and open fall
 * towards the one-thread figure while SHA-256 alone barely moves. SEALING_BENCH_MIB sets the stream size
 * (default 256), SEALING_BENCH_ROUNDS the rounds (default 5, at least 5), SEALING_BENCH_RSS_MIB the file
 * (default 1024).
 */
import { spawn } from 'node:child_process';
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { open, seal } from '../libs/sealing/src';
import { createWorkerSha256 } from '../libs/sealing/src/node/hash-worker';

const MiB = 1024 * 1024;
const PIECE = 64 * 1024;
const SUMMARY = { price: '1234567.89', durationDays: 180, items: [] };

/** `mib` MiB of pseudo-random bytes in 64 KiB pieces, cut from a 16 MiB pool: costs next to nothing. */
function generated(mib: number, pool: Buffer): Readable {
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
function replay(container: Buffer): Readable {
  return Readable.from(
    (function* () {
      for (let at = 0; at < container.length; at += PIECE) yield container.subarray(at, at + PIECE);
    })(),
    { objectMode: false },
  );
}

function discard(): Writable & { bytes: number } {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      sink.bytes += chunk.length;
      callback();
    },
  }) as Writable & { bytes: number };
  sink.bytes = 0;
  return sink;
}

function rawCipher(key: Buffer): Transform {
  const cipher = createCipheriv('aes-256-gcm', key, randomBytes(12));
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      callback(null, cipher.update(chunk));
    },
    flush(callback) {
      cipher.final();
      callback(null, cipher.getAuthTag());
    },
  });
}

async function timed(work: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Times a baseline and a measured run in the order the round says: even rounds baseline first. */
async function pair(round: number, baseline: () => Promise<void>, measured: () => Promise<void>): Promise<{ baseline: number; measured: number }> {
  if (round % 2 === 0) {
    const b = await timed(baseline);
    return { baseline: b, measured: await timed(measured) };
  }
  const m = await timed(measured);
  return { baseline: await timed(baseline), measured: m };
}

/** Child-process part: seal a file to a file and report RSS before and at peak (MiB). */
async function rssChild(input: string, output: string): Promise<void> {
  const key = randomBytes(32);
  // warm up: load and JIT everything once on a small input
  await pipeline(seal(generated(8, randomBytes(MiB)), key, SUMMARY), discard());
  global.gc?.();
  const before = process.memoryUsage().rss;
  const maxRssBefore = process.resourceUsage().maxRSS * 1024;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  await pipeline(seal(createReadStream(input), key, SUMMARY), createWriteStream(output));
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  // The kernel's high-water mark counts only if sealing raised it (start-up and warm-up may have set it).
  const maxRssAfter = process.resourceUsage().maxRSS * 1024;
  if (maxRssAfter > maxRssBefore) peak = Math.max(peak, maxRssAfter);
  process.stdout.write(JSON.stringify({ beforeMiB: before / MiB, peakMiB: peak / MiB }) + '\n');
}

async function rssGrowth(mib: number): Promise<{ before: number; peak: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'sealing-bench-'));
  try {
    const input = join(dir, 'bid.bin');
    await pipeline(generated(mib, randomBytes(16 * MiB)), createWriteStream(input));
    const child = spawn(
      process.execPath,
      ['--expose-gc', '-r', 'ts-node/register/transpile-only', __filename, '--rss-child', input, join(dir, 'bid.bin.bidseal')],
      { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' } },
    );
    let out = '';
    child.stdout.on('data', (data: Buffer) => (out += data.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    if (code !== 0) throw new Error(`the RSS child exited with ${code}`);
    const sealedSize = (await stat(join(dir, 'bid.bin.bidseal'))).size;
    if (sealedSize < mib * MiB) throw new Error('the RSS child did not seal the whole file');
    const figures = JSON.parse(out.trim().split('\n').pop()!) as { beforeMiB: number; peakMiB: number };
    return { before: figures.beforeMiB, peak: figures.peakMiB };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<Record<string, number | string>> {
  const mib = Number(process.env.SEALING_BENCH_MIB ?? 256);
  const rounds = Math.max(5, Number(process.env.SEALING_BENCH_ROUNDS ?? 5));
  const rssMib = Number(process.env.SEALING_BENCH_RSS_MIB ?? 1024);
  const loadAverageAtStart = loadavg()[0];
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
        write(chunk: Buffer, _encoding, callback) {
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
      transform(chunk: Buffer, _encoding, callback) {
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
          transform(chunk: Buffer, _encoding, callback) {
            const out: Buffer[] = [];
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
  const parts: Buffer[] = [];
  await pipeline(
    seal(generated(mib, pool), key, SUMMARY),
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
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
  const sealVsSha: number[] = [];
  const openVsSha: number[] = [];
  const floorVsSha: number[] = [];
  const times = { sha: [] as number[], seal: [] as number[], open: [] as number[], raw: [] as number[], serial: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    const s = await pair(round, sha256Alone, sealOnce);
    const o = await pair(round + 1, sha256Alone, openOnce); // the other order than the seal pair of this round
    sealVsSha.push(s.baseline / s.measured);
    openVsSha.push(o.baseline / o.measured);
    times.sha.push(s.baseline, o.baseline);
    times.seal.push(s.measured);
    times.open.push(o.measured);
    const f = await pair(round, sha256Alone, twoThreadsNoFraming);
    floorVsSha.push(f.baseline / f.measured);
    times.raw.push(await timed(rawAesGcm));
    times.serial.push(await timed(rawPlusSha));
  }

  const rss = await rssGrowth(rssMib);
  const mibps = (seconds: number[]) => Math.round(mib / median(seconds));
  const figures = {
    loadAverageAtStart: Number(loadAverageAtStart.toFixed(2)), // other work on the machine skews every figure
    streamMiB: mib,
    rounds,
    sealVsSha256Median: Number(median(sealVsSha).toFixed(2)),
    openVsSha256Median: Number(median(openVsSha).toFixed(2)),
    twoThreadsNoFramingVsSha256Median: Number(median(floorVsSha).toFixed(2)),
    vsSha256Target: 0.8,
    sealVsSha256Rounds: sealVsSha.map((r) => r.toFixed(2)).join(' '),
    openVsSha256Rounds: openVsSha.map((r) => r.toFixed(2)).join(' '),
    sha256MiBps: mibps(times.sha),
    sealMiBps: mibps(times.seal),
    openMiBps: mibps(times.open),
    rawAesGcmMiBps: mibps(times.raw),
    rawAesGcmPlusSha256OneThreadMiBps: mibps(times.serial),
    sealVsRawAesGcm: Number((median(times.raw) / median(times.seal)).toFixed(2)),
    rssFileMiB: rssMib,
    sealRssBeforeMiB: Math.round(rss.before),
    sealRssGrowthMiB: Math.round(rss.peak - rss.before),
    rssGrowthTargetMiB: 150,
  };
  return figures;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const main = args[0] === '--rss-child' ? rssChild(args[1], args[2]) : run().then((figures) => console.log(figures));
  main.catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
