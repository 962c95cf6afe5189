import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, PlatformConfig, Role, SYSTEM_ACTOR } from '@app/core';
import { IdentityService, OrganisationKind, withCheckCharacter } from '@app/identity';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { createTestDatabase } from './test-db';

export interface TestUser {
  username: string;
  password: string;
  role: Role;
  organisationId: string;
}

export interface TestApp {
  app: INestApplication;
  url: string;
  config: PlatformConfig;
  /** Creates an organisation of a kind and an account in it, and returns its credentials. */
  user(role: Role, opts?: { kind?: OrganisationKind; organisationId?: string; name?: string }): Promise<TestUser>;
  /** Logs in over HTTP and returns the access token. */
  token(user: TestUser): Promise<string>;
  fetch(path: string, init?: RequestInit & { token?: string; json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

const KIND_OF: Record<Role, OrganisationKind> = { bidder: 'bidder', staff: 'tenderer', supervisor: 'supervisor', admin: 'platform' };
let seq = 0;

/** A unique, valid 统一社会信用代码 for tests. */
export function testUscc(): string {
  const n = String((Date.now() % 1e6) * 100 + (seq++ % 100)).padStart(8, '0');
  return withCheckCharacter(`91210100M${n}`);
}

/**
 * The API on a fresh PostgreSQL database (or embedded PGlite with `embedded: true`), listening on a free
 * port, with migrations applied. The fresh database is a copy of the migrated template
 * (test/support/migrated-template.ts); a database passed in `env.DATABASE_URL` is the caller's as it is.
 */
export async function startTestApp(opts: { env?: Record<string, string>; embedded?: boolean; logTo?: NodeJS.WritableStream } = {}): Promise<TestApp> {
  const db = opts.embedded || opts.env?.DATABASE_URL ? undefined : await createTestDatabase('test', { migrated: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'etendering-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    ...(db ? { DATABASE_URL: db.url } : {}),
    MIGRATIONS_RUN: 'true',
    DEMO_DATA: 'false',
    PORT: '0',
    // tests log in and search far more often than a person; the throttling test sets its own limits
    RATE_LIMIT_LOGIN: '100000/60',
    RATE_LIMIT_REGISTRATION: '100000/60',
    RATE_LIMIT_SEARCH: '100000/60',
    RATE_LIMIT_FEED: '100000/60',
    ...opts.env,
  });
  if (opts.logTo) config.log.destination = opts.logTo;
  let app: INestApplication;
  let created: INestApplication | undefined;
  try {
    app = created = await createApiApp(config);
    await app.listen(0, '127.0.0.1');
  } catch (e) {
    // A start refused half way has started some modules (timers, connections): close them, or a timer fires
    // into the next test file.
    await created?.close().catch(() => undefined);
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const identity = app.get(IdentityService);
  let n = 0;

  const t: TestApp = {
    app,
    url,
    config,
    async user(role, o = {}) {
      const organisationId =
        o.organisationId ??
        (await identity.createOrganisation(SYSTEM_ACTOR, { uscc: testUscc(), name: o.name ?? `测试单位 ${role} ${++n}`, kind: o.kind ?? KIND_OF[role] })).id;
      const username = `${role}-${process.pid}-${++n}-${Math.random().toString(36).slice(2, 8)}`;
      const password = 'Test-Passw0rd!';
      await identity.createAccount(SYSTEM_ACTOR, { username, displayName: username, password, role, organisationId });
      return { username, password, role, organisationId };
    },
    async token(u) {
      const r = await t.fetch('/api/auth/login', { method: 'POST', json: { username: u.username, password: u.password } });
      if (r.status !== 200) throw new Error(`login failed: ${r.status} ${await r.text()}`);
      return ((await r.json()) as { accessToken: string }).accessToken;
    },
    fetch(path, init = {}) {
      const headers = new Headers(init.headers);
      if (init.token) headers.set('authorization', `Bearer ${init.token}`);
      let body = init.body;
      if (init.json !== undefined) {
        headers.set('content-type', 'application/json');
        body = JSON.stringify(init.json);
      }
      return fetch(url + path, { ...init, headers, body });
    },
    async close() {
      await app.close();
      await db?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return t;
}
