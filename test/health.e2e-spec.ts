import { startTestApp, TestApp } from './support/test-app';

describe('the API on PostgreSQL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('answers /health with the database up', async () => {
    const r = await t.fetch('/health');
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ status: 'ok', checks: { database: { status: 'up' } } });
  });

  it('serves the OpenAPI document generated from the DTOs, with the login body described', async () => {
    const r = await t.fetch('/api/docs/openapi.json');
    expect(r.status).toBe(200);
    const doc = (await r.json()) as { paths: Record<string, unknown>; components: { schemas: Record<string, { properties: Record<string, unknown> }> } };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/auth/login', '/health', '/organisations']));
    expect(Object.keys(doc.components.schemas.LoginDto.properties)).toEqual(['username', 'password']);
    const ui = await t.fetch('/api/docs');
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger-ui');
  });

  it('answers an unknown route with problem+json', async () => {
    const r = await t.fetch('/no/such/route');
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    const body = (await r.json()) as { code: string; message: { zh: string; en: string } };
    expect(body.code).toBe('NOT_FOUND');
    expect(body.message.zh).toBeTruthy();
    expect(body.message.en).toBeTruthy();
  });
});
