import { ConsoleLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from '@app/core';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  if (config.embedded.database) {
    console.error('The worker runs beside PostgreSQL (DATABASE_URL). On the embedded default, `npm start` runs the worker jobs inside the api process.');
    process.exit(1);
  }
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: new ConsoleLogger({ json: true, colors: false }) });
  app.enableShutdownHooks();
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
