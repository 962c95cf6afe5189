import { Client } from 'pg';
import { ensureMigratedTemplate } from '../support/migrated-template';

/**
 * Refuses to run against a database whose name does not say test, and checks that PostgreSQL answers
 * (scripts/test.js starts the services; a direct `jest` run gets a clear message instead of timeouts). Then
 * builds the migrated template the test databases are copied from, once, before the workers start
 * (test/support/migrated-template.ts; a no-op while the migrations are unchanged).
 */
export default async function globalSetup(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = new URL(url).pathname.slice(1);
  if (!/test/i.test(name)) {
    throw new Error(`Refusing to run tests against database "${name}": its name must contain "test".`);
  }
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (e) {
    throw new Error(`PostgreSQL does not answer at ${url} (${(e as Error).message}). Run the tests with \`npm test\`, which starts it.`, { cause: e });
  } finally {
    await client.end().catch(() => undefined);
  }
  await ensureMigratedTemplate();
}
