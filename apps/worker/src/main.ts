import { Logger } from '@nestjs/common';
import { Logger as PinoLogger } from 'nestjs-pino';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig, PlatformConfig } from '@app/core';
import { assertNoEviction, RedisPolicyError } from '@app/exchange';
import { startWorkerHealth } from './worker-health';
import { WorkerModule } from './worker.module';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/**
 * The worker process: relays the outbox and pushes to the provincial platform (BullMQ on Redis, or the
 * in-process transport without REDIS_URL). On SIGTERM it stops claiming, finishes the deliveries it is
 * running (each bounded by the HTTP timeout) and leaves the rest queued for the other workers.
 */
async function main(): Promise<void> {
  let config: PlatformConfig;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message);
    throw e;
  }
  if (config.embedded.database) {
    fail('The worker runs beside PostgreSQL (DATABASE_URL). On the embedded default, `npm start` runs the worker jobs inside the api process.');
  }
  if (config.redisUrl) {
    try {
      await assertNoEviction(config.redisUrl);
    } catch (e) {
      if (e instanceof RedisPolicyError) fail(`The worker refuses to start: ${e.message}`);
      throw e;
    }
  }
  const logger = new Logger('Worker');
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(PinoLogger));
  app.enableShutdownHooks();
  const { shutdownTimeoutMs, healthPort } = config.worker;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.log(`${signal}: finishing running deliveries, then exiting`);
      // Nest closes the application on the signal; a delivery that hangs past this is left to the others.
      setTimeout(() => {
        logger.error(`shutdown took longer than ${shutdownTimeoutMs} ms: exiting; unfinished jobs are taken over by another worker`);
        process.exit(1);
      }, shutdownTimeoutMs).unref();
    });
  }
  if (healthPort !== undefined) await startWorkerHealth(app, healthPort);
  logger.log(`worker started: ${config.redisUrl ? 'BullMQ on Redis' : 'in-process transport'}, pushing to ${config.provincial.url ?? '(no PROVINCIAL_API_URL)'}`);
  signalReady();
}

/**
 * The worker's readiness signal to a parent that started it with an IPC channel (tests, benchmarks, a
 * supervisor): `{ worker: 'ready' }` once the application has started, whatever LOG_LEVEL says (the log line
 * above is silent under LOG_LEVEL=silent, the default of NODE_ENV=test). The channel is then let go so that it
 * never keeps the process alive.
 */
function signalReady(): void {
  if (!process.send) return;
  process.send({ worker: 'ready', pid: process.pid }, () => process.channel?.unref());
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
