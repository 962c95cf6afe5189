import type { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import type { PlatformConfig } from '../config/platform-config';

/** What each module contributes to the one DataSource: its entities and its migrations, listed explicitly. */
export interface ModuleSchema {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
}

/**
 * The one TypeORM options object, for the Nest module and the migration CLI alike.
 * The PGlite driver itself is attached by `openDataSource` (it needs an opened instance).
 */
export function dataSourceOptions(config: PlatformConfig, schema: ModuleSchema): DataSourceOptions {
  const common = {
    type: 'postgres' as const,
    entities: schema.entities,
    migrations: schema.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
    logging: ['error', 'warn', 'migration'] as ('error' | 'warn' | 'migration')[],
  };
  if (config.database.kind === 'postgres') {
    return { ...common, url: config.database.url, extra: { max: 10, application_name: 'etendering' } };
  }
  return { ...common, database: 'postgres' };
}
