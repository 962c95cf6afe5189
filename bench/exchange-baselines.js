/**
 * The baselines of bench/exchange.bench.ts, in a plain Node process like the compiled worker and receiver they
 * are compared with (ts-node's hooks in the benchmark's own process would slow them down):
 *
 *   node bench/exchange-baselines.js raw <count> <concurrency> <redisUrl>
 *     raw BullMQ: `count` jobs added in bulks of 200, taken by a no-op processor of `concurrency`
 *   node bench/exchange-baselines.js raw-post <count> <concurrency> <redisUrl> <receiverUrl> <secret>
 *     raw BullMQ whose processor does the signed POST of a ready-made body (no outbox, no database)
 *   node bench/exchange-baselines.js receiver <count> <concurrency> <redisUrl> <receiverUrl> <secret>
 *     the receiver alone: `count` signed POSTs of ready-made bodies at `concurrency`
 *
 * Prints one JSON line: {"perSecond": …, "cpuMsPerJob": {"process": …, "redis": …}} (the CPU time of this
 * process, and of Redis as its INFO reports it, over the timed part; raw and raw-post only). Needs
 * `npm run build`: the signed POSTs go through the worker's own compiled ProvincialClient, so they cost what the
 * worker's do.
 */
const { randomBytes } = require('node:crypto');
const { join } = require('node:path');
const { Queue, Worker } = require('bullmq');
const IORedis = require('ioredis');

const DIST = join(__dirname, '..', 'dist', 'apps', 'worker', 'libs', 'exchange', 'src');
const { ProvincialClient } = require(join(DIST, 'client', 'provincial.client'));
const { canonicalBody } = require(join(DIST, 'contract', 'canonical-body'));
const { serialNumber } = require(join(DIST, 'contract', 'serial-number'));
const { SAMPLE_RECORDS } = require(join(DIST, 'contract', 'sample-records'));

const [mode, countText, concurrencyText, redisUrl, receiverUrl, secret] = process.argv.slice(2);
const count = Number(countText);
const concurrency = Number(concurrencyText);
const connection = { url: redisUrl };

/** The stored bodies, as the outbox keeps them (text). */
function readyBodies(platformCode) {
  return Array.from({ length: count }, (_, i) =>
    canonicalBody({
      specVersion: '1.0',
      serialNumber: serialNumber(platformCode, '2026-11-25', i + 1),
      datasetCode: 'GCJS_RESULT_NOTICE',
      platformCode,
      tenderProjectCode: `${platformCode}-${i % 100}`,
      sequence: Math.floor(i / 100) + 1,
      dataTimestamp: '2026-11-25T09:30:00.000+08:00',
      record: SAMPLE_RECORDS.GCJS_RESULT_NOTICE,
    }).toString('utf8'),
  );
}

/** The worker's own client (signature, headers, keep-alive connections) for one sending platform code. */
function provincialClient(platformCode) {
  return new ProvincialClient({ url: receiverUrl, secret, platformCode }, { concurrency, httpTimeoutMs: 30_000 });
}

async function signedPost(client, body) {
  const r = await client.push(body);
  if (r.kind !== 'response' || r.status !== 200) throw new Error(`receiver answered ${JSON.stringify(r)}`);
}

/** Redis's own CPU seconds so far (INFO cpu: user + system, all its threads). */
async function redisCpuSeconds() {
  const redis = new IORedis(redisUrl, { lazyConnect: true });
  await redis.connect();
  const info = await redis.info('cpu').finally(() => redis.disconnect());
  const field = (name) => Number(new RegExp(`^${name}:([0-9.]+)`, 'm').exec(info)?.[1] ?? NaN);
  return field('used_cpu_user') + field('used_cpu_sys');
}

/**
 * `count` jobs through BullMQ with `processor` as the processor: jobs per second from the first add to the last
 * completion, and the CPU time per job of this process and of Redis meanwhile.
 */
async function throughBullmq(name, processor, data) {
  const prefix = `bench-${name}-${randomBytes(4).toString('hex')}`;
  const queue = new Queue(name, { connection, prefix });
  let done = 0;
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  const worker = new Worker(name, processor, { connection, prefix, concurrency, autorun: false });
  worker.on('completed', () => {
    if (++done === count) finish();
  });
  await worker.waitUntilReady();
  const redisBefore = await redisCpuSeconds();
  const cpuBefore = process.cpuUsage();
  const started = Date.now();
  void worker.run();
  for (let i = 0; i < count; i += 200) {
    await queue.addBulk(
      Array.from({ length: Math.min(200, count - i) }, (_, j) => ({
        name: 'push-record',
        data: data(i + j),
        opts: { jobId: `outbox-${i + j}`, removeOnComplete: { age: 3600 } },
      })),
    );
  }
  await finished;
  const rate = count / ((Date.now() - started) / 1000);
  const cpu = process.cpuUsage(cpuBefore);
  const redisMs = ((await redisCpuSeconds()) - redisBefore) * 1000;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return { perSecond: rate, cpuMsPerJob: { process: (cpu.user + cpu.system) / 1000 / count, redis: redisMs / count } };
}

async function main() {
  if (mode === 'raw') {
    return throughBullmq('bench-raw', async () => undefined, (i) => ({ outboxId: String(i), priorAttempts: 0 }));
  }
  const platformCode = mode === 'raw-post' ? 'RAWPOST' : 'CEILING';
  const client = provincialClient(platformCode);
  try {
    const bodies = readyBodies(platformCode);
    if (mode === 'raw-post') {
      return await throughBullmq('bench-rawpost', (job) => signedPost(client, bodies[job.data.i]), (i) => ({ i }));
    }
    if (mode === 'receiver') {
      let next = 0;
      const started = Date.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < count) await signedPost(client, bodies[next++]);
        }),
      );
      return { perSecond: count / ((Date.now() - started) / 1000) };
    }
    throw new Error(`unknown mode ${mode}`);
  } finally {
    client.onApplicationShutdown();
  }
}

main().then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  },
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
