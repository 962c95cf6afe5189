import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig, PlatformConfig, ReadinessService } from '@app/core';
import { seedDemo } from '@app/platform';
import { join } from 'node:path';
import { startProvincialSim } from '@app/provincial-receiver';
import { createApiApp } from './bootstrap';

function describeParts(config: PlatformConfig): string {
  const e = config.embedded;
  return [
    `database: ${e.database ? `embedded PGlite in ${config.database.kind === 'pglite' ? config.database.dataDir : ''}` : 'PostgreSQL'}`,
    `object store: ${e.objectStore ? `embedded local disk in ${config.dataDir}/objects` : `S3 ${config.s3?.endPoint}`}`,
    `queue: ${e.queue ? 'embedded in-process transport' : 'BullMQ on Redis'}`,
    `provincial platform: ${e.provincial ? `embedded reference receiver at ${config.provincial.url} (records it received: ${config.provincial.url}/v1/exchange/records)` : config.provincial.url}`,
  ].join('\n  ');
}

async function main(): Promise<void> {
  let config: PlatformConfig;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const logger = new Logger('Main');
  if (config.embedded.provincial) {
    // The bundled reference receiver (省平台模拟接收端), so that pushes can be seen without a province.
    const sim = await startProvincialSim({
      secret: config.provincial.secret,
      port: config.provincial.embeddedPort,
      dataDir: join(config.dataDir, 'provincial-sim'),
      logger: ['warn', 'error'],
    });
    config = { ...config, provincial: { ...config.provincial, url: sim.url } };
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void sim.close().catch(() => undefined));
  }
  const app = await createApiApp(config);
  // Until the demo seed is done, /health/ready answers 503 (the HTTP server listens so that probes can ask).
  const seeding = config.demoData ? app.get(ReadinessService).hold('demo data') : () => undefined;
  await app.listen(config.port, '0.0.0.0');
  const url = `http://localhost:${config.port}`;
  const lines = [`  ${describeParts(config)}`];
  if (config.demoData) {
    logger.log('loading the demo data…');
    const creds = await seedDemo(app, config);
    lines.push('  demo accounts (log in on the portal, or at /api/docs with POST /api/auth/login):');
    for (const c of creds) lines.push(`    ${c.role.padEnd(10)} ${c.username.padEnd(12)} ${c.password}   ${c.organisation}`);
  }
  seeding();
  if (config.clockControl) lines.push('  the platform clock can be moved (POST /api/admin/clock); a production start refuses this');
  lines.push(`  health: ${url}/health/ready (ready), ${url}/health/live (alive)`);
  process.stdout.write(
    `\n公共资源电子招投标交易平台 is ready 已就绪 — open ${url}/ in a browser (API documentation: ${url}/api/docs)\n${lines.join('\n')}\n\n`,
  );
  logger.log('ready');
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
