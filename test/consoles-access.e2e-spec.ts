import { AnnouncementsFixture, json } from './support/announcements-fixture';
import { startTestApp, TestApp, TestUser } from './support/test-app';

interface Problem {
  status: number;
  code: string;
  message: { zh: string; en: string };
}

/**
 * Each console's own calls (supervisor: complaints and the audit log; administrator: accounts, calendars,
 * content pages, the exchange) refused to the other roles with 403 problem+json, and nothing of another
 * organisation shown: another department's complaint, another bidder's case, another organisation's accounts.
 * Also the administrator's account list showing the lock of repeated failed logins, and unlocking it.
 */
describe('the consoles over HTTP: each role its own calls, and only its own organisation', () => {
  let t: TestApp;
  let f: AnnouncementsFixture<TestUser>;
  const users = {} as Record<'admin' | 'supervisor' | 'otherSupervisor' | 'staff' | 'otherStaff' | 'bidder' | 'otherBidder', TestUser>;
  const tokens = {} as Record<keyof typeof users, string>;
  let caseId: string;
  let caseNumber: string;

  beforeAll(async () => {
    t = await startTestApp();
    f = new AnnouncementsFixture(t);
    users.admin = await t.user('admin');
    users.supervisor = await t.user('supervisor', { name: '市住房和城乡建设局' });
    users.otherSupervisor = await t.user('supervisor', { name: '市财政局' });
    users.staff = await t.user('staff');
    users.otherStaff = await t.user('staff');
    users.bidder = await t.user('bidder', { name: '甲建设集团有限公司' });
    users.otherBidder = await t.user('bidder', { name: '乙路桥工程有限公司' });
    for (const k of Object.keys(users) as (keyof typeof users)[]) tokens[k] = await t.token(users[k]);

    await f.setClock('2026-12-01T10:00:00+08:00');
    const { project, notice } = await f.publishedTender(tokens.staff, { procedureType: 'construction', bidDeadline: '2026-12-28T09:30:00+08:00' });
    expect((await f.download(tokens.bidder, notice)).status).toBe(200);
    const filed = await json<{ id: string; caseNumber: string }>(
      await t.fetch('/api/complaints', {
        method: 'POST',
        token: tokens.bidder,
        json: {
          sectionId: project.sections[0].id,
          subject: 'other',
          departmentOrgId: users.supervisor.organisationId,
          knownAt: '2026-11-30T09:00:00+08:00',
          content: '代理机构向部分潜在投标人透露获取招标文件的单位名称。',
          contactName: '李四',
          contactPhone: '13900000002',
        },
      }),
      201,
    );
    ({ id: caseId, caseNumber } = filed);
  }, 180_000);
  afterAll(() => t?.close());

  async function expectRoleRefused(method: string, path: string, who: (keyof typeof users)[], body: unknown = {}): Promise<void> {
    for (const w of who) {
      const r = await t.fetch(path, { method, token: tokens[w], ...(method === 'GET' ? {} : { json: body }) });
      const problem = (await r.json()) as Problem;
      expect({ who: w, method, path, status: r.status, type: r.headers.get('content-type')?.split(';')[0], code: problem.code }).toEqual({
        who: w,
        method,
        path,
        status: 403,
        type: 'application/problem+json',
        code: 'ROLE_FORBIDDEN',
      });
      expect(problem.message.zh).toBeTruthy();
      expect(problem.message.en).toBeTruthy();
    }
  }

  it("refuses the supervisor console's calls to bidders and procurement staff (and its complaint actions to administrators)", async () => {
    for (const action of ['accept', 'reject', 'decide', 'pause', 'resume', 'suspension', 'suspension/lift']) {
      await expectRoleRefused('POST', `/api/complaints/${caseId}/${action}`, ['bidder', 'staff', 'admin']);
    }
    await expectRoleRefused('GET', '/api/audit', ['bidder', 'staff']);
    await expectRoleRefused('GET', '/api/audit/verify', ['bidder', 'staff']);
    // and the case is untouched
    const c = await json<{ status: string }>(await t.fetch(`/api/cases/${caseId}`, { token: tokens.supervisor }), 200);
    expect(c.status).toBe('submitted');
  });

  it("refuses the administrator console's calls to every other role", async () => {
    const others: (keyof typeof users)[] = ['bidder', 'staff', 'supervisor'];
    await expectRoleRefused('GET', '/api/admin/calendars', others);
    await expectRoleRefused('PUT', '/api/admin/calendars/2027', others);
    await expectRoleRefused('PUT', '/api/admin/content/guide', others, { title: '篡改', body: '篡改' });
    await expectRoleRefused('GET', '/api/admin/exchange/status', others);
    await expectRoleRefused('GET', '/api/admin/exchange/records?status=dead', others);
    await expectRoleRefused('POST', '/api/admin/exchange/records/1/replay', others);
    await expectRoleRefused('POST', '/api/admin/exchange/replay-dead', others);
    await expectRoleRefused('POST', `/api/accounts/${users.admin.organisationId}/unlock`, others);
    await expectRoleRefused('POST', '/api/organisations', others, { uscc: 'x', name: 'x', kind: 'bidder' });
    await expectRoleRefused('GET', '/api/organisations', ['bidder', 'staff']);
  });

  it("shows nothing of another organisation: another department's complaint, another bidder's case, another organisation's accounts", async () => {
    // the department the complaint went to sees it; another department does not, and may not act on it
    const mine = await json<{ items: { caseNumber: string }[] }>(await t.fetch('/api/cases?kind=complaint', { token: tokens.supervisor }), 200);
    expect(mine.items.map((i) => i.caseNumber)).toEqual([caseNumber]);
    const theirs = await t.fetch('/api/cases?kind=complaint', { token: tokens.otherSupervisor });
    const theirsText = await theirs.text();
    expect(theirs.status).toBe(200);
    expect(JSON.parse(theirsText)).toEqual({ items: [], nextCursor: null });
    for (const secret of ['李四', '13900000002', '甲建设集团']) expect(theirsText).not.toContain(secret);
    const accept = await t.fetch(`/api/complaints/${caseId}/accept`, { method: 'POST', token: tokens.otherSupervisor, json: {} });
    expect(accept.status).toBe(403);
    expect(((await accept.json()) as Problem).code).toBe('NOT_CASE_DEPARTMENT');

    // another bidder sees neither the case in its list nor the case itself
    const other = await json<{ items: unknown[] }>(await t.fetch('/api/cases', { token: tokens.otherBidder }), 200);
    expect(other.items).toEqual([]);
    const detail = await t.fetch(`/api/cases/${caseId}`, { token: tokens.otherBidder });
    expect(detail.status).toBe(403);
    expect(((await detail.json()) as Problem).code).toBe('NOT_CASE_PARTY');

    // staff read their own organisation's accounts, not another's
    expect((await t.fetch(`/api/organisations/${users.staff.organisationId}/accounts`, { token: tokens.staff })).status).toBe(200);
    const foreign = await t.fetch(`/api/organisations/${users.otherStaff.organisationId}/accounts`, { token: tokens.staff });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('content-type')).toContain('application/problem+json');
  });

  it('lists an account locked by repeated failed logins with its lock, and unlocking lets it log in again', async () => {
    const victim = await t.user('bidder');
    for (let i = 0; i < 5; i++) {
      expect((await t.fetch('/api/auth/login', { method: 'POST', json: { username: victim.username, password: `wrong-${i}` } })).status).toBe(401);
    }
    const locked = await t.fetch('/api/auth/login', { method: 'POST', json: { username: victim.username, password: victim.password } });
    expect(locked.status).toBe(423);

    type AccountJson = { id: string; username: string; lockedUntil: string | null };
    const list = async () =>
      (await json<{ items: AccountJson[] }>(await t.fetch(`/api/organisations/${victim.organisationId}/accounts`, { token: tokens.admin }), 200)).items;
    const [row] = await list();
    expect(row.username).toBe(victim.username);
    // locked for 15 minutes after the last failure, on the platform clock (2026-12-01 10:00 +08:00)
    expect(Date.parse(row.lockedUntil!)).toBeGreaterThan(Date.parse('2026-12-01T10:10:00+08:00'));

    expect((await t.fetch(`/api/accounts/${row.id}/unlock`, { method: 'POST', token: tokens.admin })).status).toBe(204);
    expect((await list())[0].lockedUntil).toBeNull();
    expect((await t.fetch('/api/auth/login', { method: 'POST', json: { username: victim.username, password: victim.password } })).status).toBe(200);
  });
});
