import { DataSource } from 'typeorm';
import { Document } from '@app/documents/document.entity';
import { Documents1764100100000 } from '@app/documents/migrations/1764100100000-documents';

/**
 * For tests: a DataSource on the PostgreSQL test database in a schema of its own, with the documents
 * migration run there, so the tests do not depend on (or disturb) other modules' tables.
 */
export async function openDocumentTestSchema(): Promise<{ dataSource: DataSource; drop: () => Promise<void> }> {
  const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const database = new URL(url).pathname.slice(1);
  if (!/test/i.test(database)) throw new Error(`refusing to run tests against database "${database}": its name must say test`);
  const schema = `documents_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    schema,
    entities: [Document],
    migrations: [Documents1764100100000],
    migrationsTableName: 'migrations',
    synchronize: false,
    extra: { max: 4, options: `-c search_path=${schema}` },
  });
  await dataSource.initialize();
  await dataSource.query(`CREATE SCHEMA ${schema}`);
  await dataSource.runMigrations();
  return {
    dataSource,
    drop: async () => {
      await dataSource.query(`DROP SCHEMA ${schema} CASCADE`);
      await dataSource.destroy();
    },
  };
}
