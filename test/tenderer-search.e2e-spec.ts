/**
 * GET /api/staff/tenderer-organisations over HTTP: agency staff registering a project find its tenderer among the
 * registered tenderer organisations (the only kind a project may name as tenderer) by any part of the name or of
 * the 统一社会信用代码, paged by name; other kinds never appear, LIKE's wildcards are plain characters, and only
 * staff may search (bidders cannot list organisations, as GET /api/organisations already refuses them).
 */
import { SYSTEM_ACTOR } from '@app/core';
import { IdentityService } from '@app/identity';
import { startTestApp, TestApp, TestUser, testUscc } from './support/test-app';

interface Page {
  items: { id: string; name: string; code: string }[];
  nextCursor: string | null;
}

describe('GET /api/staff/tenderer-organisations (the tenderer of a project registered by an agency)', () => {
  let t: TestApp;
  let agency: TestUser;
  let bidder: TestUser;
  let supervisor: TestUser;
  let agencyToken: string;
  const made: Record<string, { id: string; uscc: string }> = {};

  beforeAll(async () => {
    t = await startTestApp();
    const identity = t.app.get(IdentityService);
    for (const [name, kind] of [
      ['沈阳市城市建设投资集团有限公司', 'tenderer'],
      ['大连市城市建设发展有限公司', 'tenderer'],
      ['鞍山市水务集团有限公司', 'tenderer'],
      ['百分之百_100%建设公司', 'tenderer'],
      ['某某城市建设工程有限公司', 'bidder'],
      ['辽宁城市建设招标代理有限公司', 'agency'],
    ] as const) {
      const o = await identity.createOrganisation(SYSTEM_ACTOR, { uscc: testUscc(), name, kind });
      made[name] = { id: o.id, uscc: o.uscc };
    }
    agency = await t.user('staff', { organisationId: made['辽宁城市建设招标代理有限公司'].id });
    bidder = await t.user('bidder');
    supervisor = await t.user('supervisor');
    agencyToken = await t.token(agency);
  }, 90_000);
  afterAll(() => t?.close());

  const search = async (query: string, token = agencyToken) => {
    const r = await t.fetch(`/api/staff/tenderer-organisations${query}`, { token });
    return { status: r.status, body: (await r.json()) as Page & { code?: string } };
  };

  it('finds tenderers by a Chinese part of the name, by name, and never another kind', async () => {
    const r = await search(`?q=${encodeURIComponent('城市建设')}`);
    expect(r.status).toBe(200);
    expect(r.body.items.map((o) => o.name)).toEqual(['大连市城市建设发展有限公司', '沈阳市城市建设投资集团有限公司']);
    expect(r.body.items[1]).toEqual({ id: made['沈阳市城市建设投资集团有限公司'].id, name: '沈阳市城市建设投资集团有限公司', code: made['沈阳市城市建设投资集团有限公司'].uscc });
    expect(r.body.nextCursor).toBeNull();
  });

  it('finds a tenderer by part of its 统一社会信用代码, in any case', async () => {
    const { uscc } = made['鞍山市水务集团有限公司'];
    // the test codes share their head (91210100M…): the part after it tells them apart
    const r = await search(`?q=${uscc.slice(8, 17).toLowerCase()}`);
    expect(r.body.items.map((o) => o.name)).toEqual(['鞍山市水务集团有限公司']);
  });

  it('takes % and _ as the characters they are', async () => {
    expect((await search(`?q=${encodeURIComponent('_100%')}`)).body.items.map((o) => o.name)).toEqual(['百分之百_100%建设公司']);
    expect((await search(`?q=${encodeURIComponent('%')}`)).body.items.map((o) => o.name)).toEqual(['百分之百_100%建设公司']);
  });

  it('pages by cursor without a repeat or a gap; a forged cursor and a bad limit are refused', async () => {
    const all = (await search(`?q=${encodeURIComponent('公司')}`)).body.items.map((o) => o.name);
    expect(all).toHaveLength(4);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = (await search(`?q=${encodeURIComponent('公司')}&limit=1${cursor ? `&cursor=${cursor}` : ''}`)).body;
      expect(page.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.items.map((o) => o.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    expect((await search('?cursor=bm9uc2Vuc2U')).body.code).toBe('BAD_CURSOR');
    expect((await search('?limit=0')).body.code).toBe('BAD_LIMIT');
  });

  it('is for staff only: a bidder and a supervisor are refused, without a login it is 401', async () => {
    expect((await search('?q=a', await t.token(bidder))).status).toBe(403);
    expect((await search('?q=a', await t.token(supervisor))).status).toBe(403);
    expect((await t.fetch('/api/staff/tenderer-organisations?q=a')).status).toBe(401);
    // as before: bidders cannot list organisations either
    expect((await t.fetch('/api/organisations', { token: await t.token(bidder) })).status).toBe(403);
  });
});
