/**
 * Object-store baseline (libs/documents): 300 objects of 2 MiB put at once, straight into the MinIO adapter,
 * each as a stream of unknown length in 64 KiB pieces (as an upload arrives). This is the baseline the bids
 * rush benchmark compares its end-to-end submissions against. For reference, the same objects are also put
 * with the bare `minio` client from buffers (what the adapter costs above the client).
 *
 *   npx ts-node --transpile-only -r tsconfig-paths/register bench/documents.bench.ts
 *
 * Reads S3_* from the environment, or starts the test S3 server (scripts/services/s3.js).
 * DOCUMENTS_BENCH_COUNT (300), DOCUMENTS_BENCH_MIB (2) and DOCUMENTS_BENCH_ROUNDS (2; best is kept) change it.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { Client } from 'minio';
import { MinioObjectStore } from '../libs/documents/src';
import { minioOptions, s3Env } from '../test/support/s3-env';

const MiB = 1024 * 1024;
const PIECE = 64 * 1024;

/** One object's bytes as an upload stream: 64 KiB pieces cut from a shared pool, its first 8 bytes its own. */
function upload(pool: Buffer, size: number, index: number): Readable {
  return Readable.from(
    (function* () {
      for (let offset = 0; offset < size; offset += PIECE) {
        const at = offset % pool.length;
        const piece = pool.subarray(at, at + Math.min(PIECE, size - offset));
        if (offset > 0) {
          yield piece; // a view of the pool: the benchmark itself allocates nothing per piece
          continue;
        }
        const first = Buffer.from(piece);
        first.writeDoubleBE(index + Math.random(), 0);
        yield first;
      }
    })(),
    { objectMode: false },
  );
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs `count` puts at once; wall time, latencies and the peak RSS growth while they run. */
async function burst(count: number, put: (i: number) => Promise<unknown>) {
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }, 20);
  const latencies: number[] = [];
  const started = performance.now();
  try {
    await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const t = performance.now();
        await put(i);
        latencies.push(performance.now() - t);
      }),
    );
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    max: latencies[latencies.length - 1],
    rssGrowthMiB: Math.max(rssPeak, process.memoryUsage().rss) / MiB - rssBefore / MiB,
  };
}

async function removeAll(client: Client, bucket: string, prefix: string): Promise<void> {
  const names: string[] = [];
  for await (const item of client.listObjectsV2(bucket, prefix, true)) names.push(item.name!);
  for (let i = 0; i < names.length; i += 500) await client.removeObjects(bucket, names.slice(i, i + 500));
}

export async function run(): Promise<Record<string, number | string>> {
  const count = Number(process.env.DOCUMENTS_BENCH_COUNT ?? 300);
  const sizeMiB = Number(process.env.DOCUMENTS_BENCH_MIB ?? 2);
  const rounds = Number(process.env.DOCUMENTS_BENCH_ROUNDS ?? 2);
  const size = Math.round(sizeMiB * MiB);
  const env = await s3Env();
  const options = minioOptions(env);
  const store = new MinioObjectStore(options);
  const client = new Client({ ...options, pathStyle: true });
  await store.ensureBucket();
  const pool = randomBytes(16 * MiB);
  const prefix = `bench/${Date.now().toString(36)}`;

  type Burst = Awaited<ReturnType<typeof burst>>;
  let adapter: Burst | undefined;
  let bare: Burst | undefined;
  // the first round grows the heap; later rounds reuse it, so the largest growth of any round is kept
  let adapterRss = 0;
  let bareRss = 0;
  try {
    for (let round = 0; round < rounds; round++) {
      const a = await burst(count, (i) => store.put(`${prefix}/adapter/${round}/${i}`, upload(pool, size, i)));
      await removeAll(client, env.S3_BUCKET, `${prefix}/adapter/`);
      adapterRss = Math.max(adapterRss, a.rssGrowthMiB);
      if (!adapter || a.seconds < adapter.seconds) adapter = a;
      const buffers = Array.from({ length: count }, (_, i) => {
        const b = Buffer.from(pool.subarray(0, size));
        b.writeDoubleBE(i + Math.random(), 0);
        return b;
      });
      const b = await burst(count, (i) => client.putObject(env.S3_BUCKET, `${prefix}/client/${round}/${i}`, buffers[i], size));
      await removeAll(client, env.S3_BUCKET, `${prefix}/client/`);
      bareRss = Math.max(bareRss, b.rssGrowthMiB);
      if (!bare || b.seconds < bare.seconds) bare = b;
    }
  } finally {
    await removeAll(client, env.S3_BUCKET, `${prefix}/`).catch(() => undefined);
  }
  const totalMiB = (count * size) / MiB;
  return {
    endpoint: env.S3_ENDPOINT,
    'objects × MiB (all at once)': `${count} × ${sizeMiB}`,
    'adapter: wall s': adapter!.seconds,
    'adapter: MiB/s': totalMiB / adapter!.seconds,
    'adapter: puts/s': count / adapter!.seconds,
    'adapter: latency p50 ms': adapter!.p50,
    'adapter: latency p95 ms': adapter!.p95,
    'adapter: latency max ms': adapter!.max,
    'adapter: peak RSS growth MiB': adapterRss,
    'bare client (buffers): wall s': bare!.seconds,
    'bare client (buffers): MiB/s': totalMiB / bare!.seconds,
    'bare client (buffers): peak RSS growth MiB': bareRss,
    'adapter / bare client throughput': bare!.seconds / adapter!.seconds,
  };
}

if (require.main === module) {
  run().then(
    (figures) => {
      for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(36)} ${typeof v === 'number' ? +v.toFixed(3) : v}`);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
