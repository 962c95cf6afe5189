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
 * SHA-256 on one thread.
 *
 * The rounds run twice, in two processes: a child running node alone on libs/sealing/cjs, the build that
 * bin/bid-seal.js runs (the process a bidder seals in; the headline), and this process, on the TypeScript
 * source through ts-node (`tsNode…`), whose heap also holds the TypeScript compiler: the garbage collections
 * that sealing's output buffers cause cost more there (libs/sealing/README.md, Performance). Last, in a child
 * on the same build, the peak RSS growth while sealing a 1 GiB file to another file (target < 150 MiB).
 * The ratios need the second core: when other work takes it, seal and open fall towards the one-thread
 * figure while SHA-256 alone barely moves. SEALING_BENCH_MIB sets the stream size (default 256),
 * SEALING_BENCH_ROUNDS the rounds (default 5, at least 5), SEALING_BENCH_RSS_MIB the file (default 1024).
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { open, seal } from '../libs/sealing/src';
import { createWorkerSha256 } from '../libs/sealing/src/node/hash-worker';
import { median } from './support/timing';

interface Round {
  sha: [number, number];
  seal: number;
  open: number;
  floor: number;
  floorSha: number;
  raw: number;
  serial: number;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { MiB, generated, measureRounds } = require('./support/sealing-rounds.js') as {
  MiB: number;
  generated(mib: number, pool: Buffer): NodeJS.ReadableStream;
  measureRounds(lib: { seal: typeof seal; open: typeof open; createWorkerSha256: typeof createWorkerSha256 }, mib: number, rounds: number): Promise<Round[]>;
};
const ROUNDS_SCRIPT = join(__dirname, 'support', 'sealing-rounds.js');

/** Runs bench/support/sealing-rounds.js with node alone (on libs/sealing/cjs) and parses the JSON it prints. */
async function child<T>(args: string[]): Promise<T> {
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_OPTIONS: '' } });
  let out = '';
  proc.stdout.on('data', (data: Buffer) => (out += data.toString()));
  const code = await new Promise<number | null>((resolve) => proc.on('close', resolve));
  if (code !== 0) throw new Error(`${args.join(' ')} exited with ${code}`);
  return JSON.parse(out.trim().split('\n').pop()!) as T;
}

async function rssGrowth(mib: number): Promise<{ before: number; peak: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'sealing-bench-'));
  try {
    const input = join(dir, 'bid.bin');
    await pipeline(generated(mib, randomBytes(16 * MiB)), createWriteStream(input));
    const figures = await child<{ beforeMiB: number; peakMiB: number }>(['--expose-gc', ROUNDS_SCRIPT, 'rss', input, join(dir, 'bid.bin.bidseal')]);
    const sealedSize = (await stat(join(dir, 'bid.bin.bidseal'))).size;
    if (sealedSize < mib * MiB) throw new Error('the RSS child did not seal the whole file');
    return { before: figures.beforeMiB, peak: figures.peakMiB };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The figures of one process's rounds, each key prefixed (`tsNode` for this process's). */
function figuresOf(rounds: Round[], mib: number, prefix: string): Record<string, number | string> {
  const key = (name: string) => (prefix ? prefix + name[0].toUpperCase() + name.slice(1) : name);
  const sealVsSha = rounds.map((r) => r.sha[0] / r.seal);
  const openVsSha = rounds.map((r) => r.sha[1] / r.open);
  const floorVsSha = rounds.map((r) => r.floorSha / r.floor);
  const mibps = (seconds: number[]) => Math.round(mib / median(seconds));
  return {
    [key('sealVsSha256Median')]: Number(median(sealVsSha).toFixed(2)),
    [key('openVsSha256Median')]: Number(median(openVsSha).toFixed(2)),
    [key('twoThreadsNoFramingVsSha256Median')]: Number(median(floorVsSha).toFixed(2)),
    [key('sealVsSha256Rounds')]: sealVsSha.map((r) => r.toFixed(2)).join(' '),
    [key('openVsSha256Rounds')]: openVsSha.map((r) => r.toFixed(2)).join(' '),
    [key('sha256MiBps')]: mibps(rounds.flatMap((r) => r.sha)),
    [key('sealMiBps')]: mibps(rounds.map((r) => r.seal)),
    [key('openMiBps')]: mibps(rounds.map((r) => r.open)),
    [key('rawAesGcmMiBps')]: mibps(rounds.map((r) => r.raw)),
    [key('rawAesGcmPlusSha256OneThreadMiBps')]: mibps(rounds.map((r) => r.serial)),
  };
}

export async function run(): Promise<Record<string, number | string>> {
  const mib = Number(process.env.SEALING_BENCH_MIB ?? 256);
  const rounds = Math.max(5, Number(process.env.SEALING_BENCH_ROUNDS ?? 5));
  const rssMib = Number(process.env.SEALING_BENCH_RSS_MIB ?? 1024);
  const loadAverageAtStart = loadavg()[0];
  const built = await child<Round[]>([ROUNDS_SCRIPT, 'rounds', String(mib), String(rounds)]);
  const here = await measureRounds({ seal, open, createWorkerSha256 }, mib, rounds);
  const rss = await rssGrowth(rssMib);
  return {
    loadAverageAtStart: Number(loadAverageAtStart.toFixed(2)), // other work on the machine skews every figure
    streamMiB: mib,
    rounds,
    vsSha256Target: 0.8,
    ...figuresOf(built, mib, ''),
    ...figuresOf(here, mib, 'tsNode'),
    rssFileMiB: rssMib,
    sealRssBeforeMiB: Math.round(rss.before),
    sealRssGrowthMiB: Math.round(rss.peak - rss.before),
    rssGrowthTargetMiB: 150,
  };
}

if (require.main === module) {
  run().then(
    (figures) => console.log(figures),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
