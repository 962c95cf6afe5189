import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ensureMigratedTemplate, migratedTemplateName } from './migrated-template';

/**
 * A fresh PostgreSQL database for one test file, dropped afterwards: tests never share rows, and the
 * append-only audit table needs no emptying. The name always says test. Empty by default; with
 * `migrated: true` a copy of the migrated template (test/support/migrated-template.ts), which is what
 * startTestApp uses: the app's own migration run then finds nothing pending.
 */
export async function createTestDatabase(prefix = 'test', opts: { migrated?: boolean } = {}): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`.toLowerCase();
  if (!name.includes('test')) throw new Error(`refusing a test database whose name does not say test: ${name}`);
  const admin = new Client({ connectionString: base });
  await admin.connect();
  try {
    if (!opts.migrated) await admin.query(`CREATE DATABASE ${name}`);
    else {
      // test/setup/global-setup.ts builds the template before the workers start; a run that dropped it since
      // (another checkout with other migrations) gets it built again here
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${migratedTemplateName()}`);
      } catch (e) {
        if ((e as { code?: string }).code !== '3D000') throw e; // invalid_catalog_name: no such template
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${await ensureMigratedTemplate()}`);
      }
    }
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const c = new Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
