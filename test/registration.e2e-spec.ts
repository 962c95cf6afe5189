import { withCheckCharacter } from '@app/identity';
import { startTestApp, TestApp } from './support/test-app';

/** A bidder registers itself (POST /api/auth/register): the portal's registration form. */
describe('bidder self-registration', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_REGISTRATION: '4/60' } });
  }, 60_000);
  afterAll(() => t?.close());

  const register = (json: Record<string, unknown>, ip = '203.0.113.10') =>
    t.fetch('/api/auth/register', { method: 'POST', json, headers: { 'x-forwarded-for': ip } });
  const form = (over: Record<string, unknown> = {}) => ({
    uscc: withCheckCharacter('91210100MA0R00001'),
    name: '注册测试建设有限公司',
    regionCode: '210100',
    username: 'reg-bidder',
    displayName: '注册 专员',
    password: 'Register-Pass-9a',
    ...over,
  });

  it('registers the organisation and a bidder account that can log in and sees itself', async () => {
    const r = await register(form());
    expect(r.status).toBe(201);
    const body = await r.json();
    expect(body.account).toMatchObject({ username: 'reg-bidder', role: 'bidder' });
    expect(body.organisation).toMatchObject({ name: '注册测试建设有限公司' });
    const login = await t.fetch('/api/auth/login', { method: 'POST', json: { username: 'reg-bidder', password: 'Register-Pass-9a' } });
    expect(login.status).toBe(200);
    const { accessToken } = await login.json();
    const me = await (await t.fetch('/api/me', { token: accessToken })).json();
    expect(me).toMatchObject({ account: { username: 'reg-bidder', role: 'bidder' }, organisation: { kind: 'bidder', uscc: form().uscc } });
  });

  it('refuses an invalid 统一社会信用代码, a code already registered and a taken user name, in Chinese', async () => {
    const bad = await register(form({ uscc: '91210100MA0R000010'.slice(0, 17) + '0', username: 'other-1' }), '203.0.113.11');
    expect(bad.status).toBe(400);
    const again = await register(form({ username: 'other-2' }), '203.0.113.11');
    expect(again.status).toBe(409);
    expect((await again.json()).code).toBe('ORGANISATION_EXISTS');
    const taken = await register(form({ uscc: withCheckCharacter('91210100MA0R00002') }), '203.0.113.12');
    expect(taken.status).toBe(409);
    const problem = await taken.json();
    expect(problem.code).toBe('USERNAME_TAKEN');
    expect(problem.title ?? problem.detail ?? problem.message).toBeDefined();
  });

  it('rate-limits registrations from one address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await register(form({ username: `flood-${i}`, uscc: withCheckCharacter(`91210100MA0R1000${i}`) }), '203.0.113.99')).status);
    expect(statuses.slice(0, 4)).toEqual([201, 201, 201, 201]);
    expect(statuses[4]).toBe(429);
  });
});
