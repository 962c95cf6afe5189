import { Logger } from '@nestjs/common';
import { provincialSimOptionsFromEnv, startProvincialSim } from '@app/provincial-receiver';

/** `npm run start:provincial-sim`: the reference receiver of docs/provincial-api.md, alone. */
async function main(): Promise<void> {
  const logger = new Logger('ProvincialSim');
  const options = provincialSimOptionsFromEnv();
  const sim = await startProvincialSim(options);
  logger.log(
    `省平台模拟接收端 listening on ${sim.url} (records in ${options.databaseUrl ? `PostgreSQL, schema ${options.schema}` : `PGlite at ${options.dataDir}`})`,
  );
  const stop = (signal: string) => {
    logger.log(`${signal}: closing`);
    sim.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(error instanceof Error ? error.stack : String(error));
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  new Logger('ProvincialSim').error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
