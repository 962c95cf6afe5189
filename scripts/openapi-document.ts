/**
 * Writes the API's OpenAPI document to a file (default dist/openapi.json): the app starts on embedded PGlite
 * in a temporary folder, without demo data, on a free loopback port, and its /api/docs/openapi.json is saved.
 * `npm run api:types` then generates the portal's client types from it (apps/web/src/api/schema.d.ts).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@app/core';
import { createApiApp } from '../apps/api/src/bootstrap';

async function main(): Promise<void> {
  const out = resolve(process.argv[2] ?? 'dist/openapi.json');
  const dataDir = mkdtempSync(join(tmpdir(), 'etendering-openapi-'));
  const config = loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir, DEMO_DATA: 'false', PORT: '0', LOG_LEVEL: 'error', MIGRATIONS_RUN: 'true' });
  const app = await createApiApp(config);
  try {
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/api/docs/openapi.json`);
    if (!res.ok) throw new Error(`GET /api/docs/openapi.json answered ${res.status}`);
    const doc = (await res.json()) as object;
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify(doc, null, 2) + '\n');
    process.stdout.write(`OpenAPI document written to ${out}\n`);
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
