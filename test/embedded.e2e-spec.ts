import { startTestApp, TestApp } from './support/test-app';

/** The embedded default: PGlite in a data folder, migrated at start, the same entities and migrations. */
describe('the embedded default', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ embedded: true });
  }, 120_000);
  afterAll(() => t?.close());

  it('boots on PGlite, migrates, and answers /health', async () => {
    expect(t.config.database.kind).toBe('pglite');
    const r = await t.fetch('/health');
    expect(r.status).toBe(200);
    expect(((await r.json()) as { checks: Record<string, { status: string }> }).checks.database.status).toBe('up');
  });

  it('serves logins and writes through the serialised session', async () => {
    const admin = await t.user('admin');
    const token = await t.token(admin);
    const me = await t.fetch('/api/me', { token });
    expect(me.status).toBe(200);
    const v = await t.fetch('/api/audit/verify', { token });
    expect(((await v.json()) as { firstBreak: unknown }).firstBreak).toBeNull();
  });
});
