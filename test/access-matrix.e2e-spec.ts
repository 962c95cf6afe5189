import { randomUUID } from 'node:crypto';
import { ROLES, Role } from '@app/core';
import { listRoutes, RouteInfo } from './support/routes';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The role × route matrix, generated from the application's own route table: a route added later is in the
 * matrix without anyone remembering to add it, and a route that declares no access fails here.
 */
describe('role × route matrix', () => {
  let t: TestApp;
  let routes: RouteInfo[];
  const tokens: Partial<Record<Role, string>> = {};

  beforeAll(async () => {
    t = await startTestApp();
    routes = listRoutes(t.app);
    for (const role of ROLES) tokens[role] = await t.token(await t.user(role));
  }, 120_000);
  afterAll(() => t?.close());

  it('has routes, and every route declares @Public() or @Roles(...)', () => {
    expect(routes.length).toBeGreaterThan(10);
    const undeclared = routes.filter((r) => !r.access).map((r) => `${r.method} ${r.path} (${r.handler})`);
    expect(undeclared).toEqual([]);
  });

  it('refuses every role the route does not name, and lets through every role it names', async () => {
    const wrong: string[] = [];
    for (const r of routes) {
      const url = r.path.replace(/:[A-Za-z]+/g, () => randomUUID());
      for (const who of ['public', ...ROLES] as const) {
        const allowed = !!r.access && ('public' in r.access || (who !== 'public' && r.access.roles.includes(who)));
        const res = await t.fetch(url, {
          method: r.method,
          token: who === 'public' ? undefined : tokens[who],
          ...(r.method === 'GET' || r.method === 'HEAD' ? {} : { json: {} }),
          signal: AbortSignal.timeout(10_000),
        });
        const body = res.headers.get('content-type')?.includes('json') ? ((await res.json()) as { code?: string }) : (await res.arrayBuffer(), {});
        const refused = res.status === 401 || (res.status === 403 && body.code === 'ROLE_FORBIDDEN');
        if (allowed === refused) wrong.push(`${who} → ${r.method} ${r.path}: ${res.status} ${body.code ?? ''} (expected ${allowed ? 'let through' : 'refused'})`);
      }
    }
    expect(wrong).toEqual([]);
  }, 300_000);
});
