import { createHmac } from 'node:crypto';
import { startTestApp, TestApp, TestUser } from './support/test-app';

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
function jwt(header: object, payload: object, secret?: string): string {
  const head = `${b64(header)}.${b64(payload)}`;
  return `${head}.${secret ? createHmac('sha256', secret).update(head).digest('base64url') : ''}`;
}

describe('login and tokens', () => {
  let t: TestApp;
  let bidder: TestUser;
  let admin: TestUser;
  let claims: { sub: string; org: string; role: string; usr: string; iss: string; aud: string; iat: number; exp: number };

  beforeAll(async () => {
    t = await startTestApp();
    bidder = await t.user('bidder');
    admin = await t.user('admin');
    const token = await t.token(bidder);
    claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
  }, 60_000);
  afterAll(() => t?.close());

  const me = (token: string) => t.fetch('/api/me', { token });
  const login = (username: string, password: string, ip?: string) =>
    t.fetch('/api/auth/login', { method: 'POST', json: { username, password }, headers: ip ? { 'x-forwarded-for': ip } : {} });

  it('logs in with the right password and the token opens /me', async () => {
    const r = await login(bidder.username, bidder.password);
    expect(r.status).toBe(200);
    const body = (await r.json()) as { accessToken: string; refreshToken: string; expiresIn: number; tokenType: string };
    expect(body.tokenType).toBe('Bearer');
    expect(body.expiresIn).toBe(900);
    const head = JSON.parse(Buffer.from(body.accessToken.split('.')[0], 'base64url').toString());
    expect(head.alg).toBe('HS256');
    const m = await me(body.accessToken);
    expect(m.status).toBe(200);
    expect(((await m.json()) as { account: { username: string } }).account.username).toBe(bidder.username);
  });

  it('refuses a wrong password and an unknown user with the same answer', async () => {
    const a = await login(bidder.username, 'Wrong-Passw0rd!');
    const b = await login('nobody-here', 'Wrong-Passw0rd!');
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    const [ja, jb] = (await Promise.all([a.json(), b.json()])) as { code: string }[];
    expect(ja.code).toBe('INVALID_CREDENTIALS');
    expect(jb.code).toBe('INVALID_CREDENTIALS');
  });

  it('locks the account after five failures, even against the right password, until an administrator unlocks it', async () => {
    const victim = await t.user('bidder');
    for (let i = 0; i < 5; i++) expect((await login(victim.username, `Wrong-${i}-Passw0rd`)).status).toBe(401);
    const locked = await login(victim.username, victim.password);
    expect(locked.status).toBe(423);
    expect(((await locked.json()) as { code: string }).code).toBe('ACCOUNT_LOCKED');
    const accountId = ((await (await t.fetch(`/api/organisations/${victim.organisationId}/accounts`, { token: await t.token(admin) })).json()) as {
      items: { id: string }[];
    }).items[0].id;
    expect((await t.fetch(`/api/accounts/${accountId}/unlock`, { method: 'POST', token: await t.token(admin) })).status).toBe(204);
    expect((await login(victim.username, victim.password)).status).toBe(200);
  });

  it('rate-limits one address that tries many account names', async () => {
    const ip = '203.0.113.77';
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await login(`spray-${i}`, 'Wrong-Passw0rd!', ip)).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
    // another address is not affected
    expect((await login(bidder.username, bidder.password, '203.0.113.78')).status).toBe(200);
  });

  it('refuses an expired token (the platform clock moved past its expiry)', async () => {
    const token = await t.token(bidder);
    expect((await me(token)).status).toBe(200);
    const adminToken = await t.token(admin);
    expect((await t.fetch('/api/admin/clock', { method: 'POST', token: adminToken, json: { advanceSeconds: 901 } })).status).toBe(200);
    const r = await me(token);
    expect(r.status).toBe(401);
    expect(((await r.json()) as { code: string }).code).toBe('TOKEN_EXPIRED');
  });

  it('refuses a token with alg "none"', async () => {
    const r = await me(jwt({ alg: 'none', typ: 'JWT' }, { ...claims, role: 'admin' }));
    expect(r.status).toBe(401);
    expect(((await r.json()) as { code: string }).code).toBe('TOKEN_INVALID');
  });

  it('refuses a token signed with another key', async () => {
    const now = Math.floor(Date.now() / 1000) + 901;
    const r = await me(jwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: now, exp: now + 600 }, 'another-key-another-key-another-key'));
    expect(r.status).toBe(401);
  });

  it('refuses a token for another audience or issuer, signed with the right key', async () => {
    const now = Math.floor(Date.now() / 1000) + 901;
    const fresh = { ...claims, iat: now, exp: now + 600 };
    const good = jwt({ alg: 'HS256', typ: 'JWT' }, fresh, t.config.jwt.secret);
    expect((await me(good)).status).toBe(200); // the forging helper itself is right
    expect((await me(jwt({ alg: 'HS256', typ: 'JWT' }, { ...fresh, aud: 'another-api' }, t.config.jwt.secret))).status).toBe(401);
    expect((await me(jwt({ alg: 'HS256', typ: 'JWT' }, { ...fresh, iss: 'someone-else' }, t.config.jwt.secret))).status).toBe(401);
  });

  it('rotates refresh tokens and revokes the family when a used one comes back', async () => {
    const first = (await (await login(bidder.username, bidder.password)).json()) as { refreshToken: string };
    const r1 = await t.fetch('/api/auth/refresh', { method: 'POST', json: { refreshToken: first.refreshToken } });
    expect(r1.status).toBe(200);
    const second = (await r1.json()) as { refreshToken: string; accessToken: string };
    expect((await me(second.accessToken)).status).toBe(200);
    // the first one again: stolen; the whole family dies
    expect((await t.fetch('/api/auth/refresh', { method: 'POST', json: { refreshToken: first.refreshToken } })).status).toBe(401);
    expect((await t.fetch('/api/auth/refresh', { method: 'POST', json: { refreshToken: second.refreshToken } })).status).toBe(401);
  });
});

describe('organisation boundaries', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  }, 60_000);
  afterAll(() => t?.close());

  it('a bidder never sees another organisation’s data; its own, yes', async () => {
    const a = await t.user('bidder');
    const b = await t.user('bidder');
    const token = await t.token(a);
    expect((await t.fetch(`/api/organisations/${a.organisationId}`, { token })).status).toBe(200);
    expect((await t.fetch(`/api/organisations/${a.organisationId}/accounts`, { token })).status).toBe(200);
    const other = await t.fetch(`/api/organisations/${b.organisationId}`, { token });
    expect(other.status).toBe(403);
    expect((await t.fetch(`/api/organisations/${b.organisationId}/accounts`, { token })).status).toBe(403);
    expect((await t.fetch('/api/organisations', { token })).status).toBe(403);
  });

  it('refuses an account whose role does not fit its organisation', async () => {
    const admin = await t.user('admin');
    const bidderOrg = (await t.user('bidder')).organisationId;
    const r = await t.fetch('/api/accounts', {
      method: 'POST',
      token: await t.token(admin),
      json: { username: 'mismatch1', displayName: 'x', password: 'Good-Passw0rd!', role: 'supervisor', organisationId: bidderOrg },
    });
    expect(r.status).toBe(422);
    expect(((await r.json()) as { code: string }).code).toBe('ROLE_ORGANISATION_MISMATCH');
  });

  it('refuses an organisation with an invalid 统一社会信用代码, with field errors', async () => {
    const admin = await t.user('admin');
    const r = await t.fetch('/api/organisations', { method: 'POST', token: await t.token(admin), json: { uscc: '91330100799655058C', name: '某公司', kind: 'bidder' } });
    expect(r.status).toBe(400);
    const body = (await r.json()) as { code: string; errors: { field: string }[] };
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors.map((e) => e.field)).toEqual(['uscc']);
  });

  it('limits string lengths', async () => {
    const admin = await t.user('admin');
    const r = await t.fetch('/api/organisations', { method: 'POST', token: await t.token(admin), json: { uscc: '91330100799655058B', name: '长'.repeat(201), kind: 'bidder' } });
    expect(r.status).toBe(400);
  });
});
