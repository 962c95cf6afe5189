import { mkdirSync } from 'node:fs';
import { DataSource, DataSourceOptions } from 'typeorm';
import type { PlatformConfig } from '../config/platform-config';
import { createPgliteDriver } from './pglite-pool';

/**
 * Builds the DataSource for the configured database: PostgreSQL through `pg`, or PGlite in the data folder
 * through the serialising pool. Shared by the Nest module, the migration CLI and the scripts.
 */
export async function createDataSource(config: PlatformConfig, options: DataSourceOptions): Promise<DataSource> {
  if (config.database.kind === 'postgres') return new DataSource(options);
  mkdirSync(config.database.dataDir, { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create({ dataDir: config.database.dataDir });
  return new DataSource({ ...options, driver: createPgliteDriver(db) } as DataSourceOptions);
}
