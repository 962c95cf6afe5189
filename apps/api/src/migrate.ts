// Applies pending migrations with the one DataSource and exits: the production image's migration step
// (`node dist/apps/api/apps/api/src/migrate.js`). In development: `npm run migration:run`.
import { ConfigError, createDataSource, dataSourceOptions, loadConfig } from '@app/core';
import { platformSchema } from '@app/platform';

async function main(): Promise<void> {
  const config = loadConfig();
  const ds = await createDataSource(config, dataSourceOptions(config, platformSchema));
  await ds.initialize();
  try {
    const done = await ds.runMigrations({ transaction: 'each' });
    console.log(done.length ? `applied: ${done.map((m) => m.name).join(', ')}` : 'no pending migrations');
  } finally {
    await ds.destroy();
  }
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
