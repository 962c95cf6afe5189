import { startTestApp, TestApp } from './support/test-app';

describe('the API on PostgreSQL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('answers /health with the database and the object store up', async () => {
    const r = await t.fetch('/health');
    expect(r.status).toBe(200);
    const body = (await r.json()) as { status: string; checks: Record<string, { status: string }> };
    expect(body.status).toBe('ok');
    expect(body.checks.database).toEqual({ status: 'up' });
    expect(body.checks.objectStore).toEqual({ status: 'up' });
  });

  it('serves a signed link of the local object store, and refuses a forged or expired one', async () => {
    const { OBJECT_STORE } = await import('@app/documents');
    const store = t.app.get(OBJECT_STORE) as import('@app/documents').ObjectStore;
    const { Readable } = await import('node:stream');
    await store.put('notice-attachment/2026/11/health-link', Readable.from([Buffer.from('附件内容')]));
    const link = await store.presignedGetUrl('notice-attachment/2026/11/health-link', 60, { contentType: 'text/plain; charset=utf-8' });
    const ok = await t.fetch(link);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('附件内容');
    const forged = link.replace(/signature=([0-9a-f])/, (_, c: string) => `signature=${c === '0' ? '1' : '0'}`);
    const refused = await t.fetch(forged);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { code: string }).code).toBe('LINK_INVALID');
    const admin = await t.token(await t.user('admin'));
    await t.fetch('/api/admin/clock', { method: 'POST', token: admin, json: { advanceSeconds: 120 } });
    expect((await t.fetch(link)).status).toBe(403);
  });

  it('serves the OpenAPI document generated from the DTOs, with the login body described', async () => {
    const r = await t.fetch('/api/docs/openapi.json');
    expect(r.status).toBe(200);
    const doc = (await r.json()) as { paths: Record<string, unknown>; components: { schemas: Record<string, { properties: Record<string, unknown> }> } };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/health', '/api/organisations']));
    expect(Object.keys(doc.components.schemas.LoginDto.properties)).toEqual(['username', 'password']);
    const ui = await t.fetch('/api/docs');
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger-ui');
  });

  // (a page path outside /api is the web portal's, which answers index.html when it is built: test/web-portal)
  it('answers an unknown API route with problem+json', async () => {
    const r = await t.fetch('/api/no/such/route');
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    const body = (await r.json()) as { code: string; message: { zh: string; en: string } };
    expect(body.code).toBe('NOT_FOUND');
    expect(body.message.zh).toBeTruthy();
    expect(body.message.en).toBeTruthy();
  });
});
