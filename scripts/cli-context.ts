import { ConfigError, createDataSource, dataSourceOptions, loadConfig } from '@app/core';
import { platformSchema } from '@app/platform';
import type { DataSource } from 'typeorm';

/** The one DataSource, for command-line scripts (migrations, audit verification): same config, same schema. */
export async function openCliDataSource(): Promise<DataSource> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const ds = await createDataSource(config, dataSourceOptions(config, platformSchema));
  return ds.initialize();
}
