/**
 * A migrated template database for the end-to-end tests. Applying the platform's migrations to each test
 * file's fresh database took 1–2 s per app start on a loaded 2-core machine (and some files start several apps);
 * `CREATE DATABASE … TEMPLATE` copies an already migrated one in a fraction of that. The app then still runs its
 * migrations at start, as in production, and finds none pending.
 *
 * The template is named after a digest of the migrations and the schema lists, so a changed or added migration
 * gets a template of its own; it is built by `npm run migration:run` (the path people use), made under a
 * private name and renamed when complete, so that concurrent runs (two jest workers, two checkouts on one
 * machine) never copy a half-migrated one. Templates of other digests are dropped where nobody uses them.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const ROOT = resolve(__dirname, '..', '..');
const PREFIX = 'test_migrated_';

/** The migrations and the lists that order them (libs/**\/migrations/*.ts, libs/**\/*.schema.ts). */
function migrationsDigest(): string {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.ts$/.test(entry.name) && !/\.spec\.ts$/.test(entry.name) && (/[\\/]migrations[\\/]/.test(path) || /\.schema\.ts$/.test(entry.name))) files.push(path);
    }
  };
  walk(join(ROOT, 'libs'));
  const hash = createHash('sha256');
  for (const path of files.sort()) hash.update(relative(ROOT, path)).update('\0').update(readFileSync(path)).update('\0');
  return hash.digest('hex').slice(0, 16);
}

let cachedName: string | undefined;

/** The template's name for the migrations as they stand. */
export function migratedTemplateName(): string {
  return (cachedName ??= `${PREFIX}${migrationsDigest()}`);
}

function adminUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

function urlOf(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** Makes sure the migrated template exists; safe to call from several processes at once. */
export async function ensureMigratedTemplate(): Promise<string> {
  const name = migratedTemplateName();
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    const exists = async (n: string) => (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [n])).rowCount === 1;
    if (await exists(name)) return name;
    const building = `${name}_b${process.pid}`;
    await admin.query(`DROP DATABASE IF EXISTS ${building}`);
    await admin.query(`CREATE DATABASE ${building}`);
    const dataDir = mkdtempSync(join(tmpdir(), 'etendering-migrate-'));
    try {
      await promisify(execFile)(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'scripts/migrate.ts', 'run'], {
        cwd: ROOT,
        env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'test', 'ts-node', 'tsconfig.json'), NODE_ENV: 'test', DATABASE_URL: urlOf(building), DATA_DIR: dataDir, DEMO_DATA: 'false' },
        maxBuffer: 16 * 1024 * 1024,
      });
      // complete: only now under the name others copy (a rename is atomic; another run may have won meanwhile)
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
    } catch (e) {
      await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`).catch(() => undefined);
      if (!(await exists(name))) throw new Error(`could not build the migrated test template ${name}: ${(e as Error).message}`, { cause: e });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    // templates of earlier migrations: dropped unless a run is copying one right now (then left for next time)
    const stale = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE '${PREFIX}%' AND datname <> $1 AND datname !~ '_b[0-9]+$'`, [name]);
    for (const { datname } of stale.rows as { datname: string }[]) await admin.query(`DROP DATABASE IF EXISTS ${datname}`).catch(() => undefined);
    return name;
  } finally {
    await admin.end();
  }
}
