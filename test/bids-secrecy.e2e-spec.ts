import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Role } from '@app/core';
import { createPublishedSection, sealedBid, SectionFixture } from './support/bids-test-fixtures';
import { listRoutes } from './support/routes';
import { startTestApp, TestApp, TestUser } from './support/test-app';

const SECURITY = { 'x-bid-security-amount': '20000.00', 'x-bid-security-form': 'transfer' };

/**
 * R16: before 截止 nobody learns who has bid or how many. Two sections are made alike; three bidders bid in
 * one, nobody in the other. Every role then tries every route on both, and the answers must be the same once
 * each section's own ids and names are put aside.
 */
describe('R16: nothing about the bids before 截止', () => {
  let t: TestApp;
  let ds: DataSource;
  let staff: TestUser;
  let outsider: TestUser;
  let full: SectionFixture;
  let empty: SectionFixture;
  const tokens: Partial<Record<Role | 'outsider', string>> = {};

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.app.get(DataSource);
    staff = await t.user('staff');
    outsider = await t.user('bidder');
    const bidders = [await t.user('bidder'), await t.user('bidder'), await t.user('bidder')];
    const now = new Date();
    const deadline = new Date(now.getTime() + 3600_000);
    const holders = [outsider, ...bidders].map((b) => b.organisationId);
    full = await createPublishedSection(ds, { bidDeadline: deadline, tendererOrgId: staff.organisationId, holders, now });
    empty = await createPublishedSection(ds, { bidDeadline: deadline, tendererOrgId: staff.organisationId, holders, now });
    const bidderTokens = await Promise.all(bidders.map((b) => t.token(b)));
    const auditBefore = await auditCount();
    for (const token of bidderTokens) {
      const r = await t.fetch(`/api/sections/${full.sectionId}/bids`, {
        method: 'PUT',
        token,
        headers: { 'content-type': 'application/octet-stream', ...SECURITY },
        body: (await sealedBid(20_000)).container as unknown as BodyInit,
      });
      expect(r.status).toBe(201);
    }
    // the audit log did not grow with the bids (its entries come at 截止)
    expect(await auditCount()).toBe(auditBefore);
    tokens.outsider = await t.token(outsider);
    tokens.staff = await t.token(staff);
    tokens.supervisor = await t.token(await t.user('supervisor'));
    tokens.admin = await t.token(await t.user('admin'));
  }, 60_000);
  afterAll(() => t?.close());

  async function auditCount(): Promise<number> {
    return (await ds.query(`SELECT count(*)::int AS n FROM audit_entry`))[0].n;
  }

  /** A response with the section's own ids, codes and names (and per-request ids) replaced by placeholders. */
  async function shape(r: Response, s: SectionFixture): Promise<unknown> {
    let text = await r.text();
    for (const [value, name] of [
      [s.sectionId, '<section>'],
      [s.projectId, '<project>'],
      [s.sectionCode, '<section-code>'],
      [s.projectCode, '<project-code>'],
      [s.sectionName, '<section-name>'],
      [s.projectName, '<project-name>'],
    ]) {
      text = text.split(value).join(name);
    }
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: compare the text
    }
    if (body && typeof body === 'object') {
      const o = body as Record<string, unknown>;
      delete o.correlationId;
    }
    return { status: r.status, body };
  }

  const who = ['public', 'outsider', 'staff', 'supervisor', 'admin'] as const;

  it('every GET route answers every role the same for a section with three bids and one with none', async () => {
    const routes = listRoutes(t.app).filter((r) => r.method === 'GET' && /\/:id(\/|$)/.test(r.path) && !/:(?!id\b)[A-Za-z]+/.test(r.path));
    expect(routes.map((r) => r.path)).toEqual(expect.arrayContaining(['/api/sections/:id/bids', '/api/sections/:id/opening', '/api/public/sections/:id/opening-record']));
    const differences: string[] = [];
    for (const route of routes) {
      for (const role of who) {
        const token = role === 'public' ? undefined : tokens[role];
        const pathOf = (s: SectionFixture) => route.path.replace(':id', route.path.startsWith('/api/projects/') ? s.projectId : s.sectionId);
        const [a, b] = [await t.fetch(pathOf(full), { token }), await t.fetch(pathOf(empty), { token })];
        const [sa, sb] = [await shape(a, full), await shape(b, empty)];
        if (JSON.stringify(sa) !== JSON.stringify(sb)) differences.push(`${role} GET ${route.path}: ${JSON.stringify(sa)} ≠ ${JSON.stringify(sb)}`);
      }
    }
    expect(differences).toEqual([]);
  }, 120_000);

  it('the bid routes answer nothing about other bids, the same way, to every role (administrators included)', async () => {
    const calls: [string, string, (s: SectionFixture) => string, RequestInit & { json?: unknown }][] = [
      ['staff list', 'GET', (s) => `/api/sections/${s.sectionId}/bids`, {}],
      ['live opening', 'GET', (s) => `/api/sections/${s.sectionId}/opening`, {}],
      ['opening record', 'GET', (s) => `/api/public/sections/${s.sectionId}/opening-record`, {}],
      ['own bids', 'GET', (s) => `/api/sections/${s.sectionId}/bids/mine`, {}],
      ['withdraw', 'DELETE', (s) => `/api/sections/${s.sectionId}/bids/mine`, {}],
      ['key', 'POST', (s) => `/api/sections/${s.sectionId}/bids/mine/key`, { json: { key: 'ab'.repeat(32) } }],
      ['objection', 'POST', (s) => `/api/sections/${s.sectionId}/opening/objections`, { json: { text: '有多少家投标？' } }],
      ['answer', 'POST', (s) => `/api/sections/${s.sectionId}/opening/objections/${randomUUID()}/answer`, { json: { answer: '…' } }],
      ['plain file', 'PUT', (s) => `/api/sections/${s.sectionId}/bids`, { body: '%PDF-1.4 not sealed', headers: { 'content-type': 'application/octet-stream', ...SECURITY } }],
    ];
    const differences: string[] = [];
    const seen: Record<string, number> = {};
    for (const [name, method, path, init] of calls) {
      for (const role of who) {
        const token = role === 'public' ? undefined : tokens[role];
        const answers = [];
        for (const s of [full, empty]) {
          const r = await t.fetch(path(s), { ...init, method, token });
          const shaped = (await shape(r, s)) as { status: number; body: { code?: string; instance?: string } };
          if (shaped.body && typeof shaped.body === 'object') delete shaped.body.instance;
          answers.push(shaped);
        }
        seen[`${name} ${role} ${answers[0].status}`] = 1;
        if (JSON.stringify(answers[0]) !== JSON.stringify(answers[1])) differences.push(`${role} ${name}: ${JSON.stringify(answers[0])} ≠ ${JSON.stringify(answers[1])}`);
        // nobody gets a 2xx that shows another organisation's bid
        if (name !== 'own bids') expect(answers[0].status).toBeGreaterThanOrEqual(400);
      }
    }
    expect(differences).toEqual([]);
    // the refusals say the bids are sealed, not that there are none
    const live = await t.fetch(`/api/sections/${full.sectionId}/opening`);
    expect(await live.json()).toMatchObject({ code: 'BIDS_SEALED', rule: 'R16' });
    const listed = await t.fetch(`/api/sections/${full.sectionId}/bids`, { token: tokens.staff });
    expect(listed.status).toBe(403);
    expect(await listed.json()).toMatchObject({ code: 'BIDS_SEALED' });
  }, 120_000);

  it('a bidder bidding in both sections gets receipts of the same shape: version 1, nothing about the others', async () => {
    const answers = [];
    for (const s of [full, empty]) {
      const r = await t.fetch(`/api/sections/${s.sectionId}/bids`, {
        method: 'PUT',
        token: tokens.outsider,
        headers: { 'content-type': 'application/octet-stream', ...SECURITY },
        body: (await sealedBid(1000)).container as unknown as BodyInit,
      });
      expect(r.status).toBe(201);
      const body = (await r.json()) as Record<string, unknown> & { receipt: { payload: string } };
      const payload = JSON.parse(body.receipt.payload) as Record<string, unknown>;
      for (const k of ['receiptNumber', 'receivedAt', 'sha256', 'keyFingerprint', 'sectionId', 'bidSectionCode']) delete payload[k];
      answers.push({ version: body.version, status: body.status, payload });
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]).toMatchObject({ version: 1, status: 'received' });
  });

  it('the audit log shows administrators and supervisors no bid before 截止', async () => {
    for (const role of ['admin', 'supervisor'] as const) {
      const r = await t.fetch('/api/audit?limit=100', { token: tokens[role] });
      expect(r.status).toBe(200);
      const text = await r.text();
      expect(text).not.toContain(full.sectionId);
      expect(text).not.toMatch(/"entityType":"bid"/);
      const byType = await t.fetch('/api/audit?entityType=bid&limit=100', { token: tokens[role] });
      expect(((await byType.json()) as { items: unknown[] }).items).toEqual([]);
    }
  });

  it('answers take about as long for a section with bids as for one without (coarse timing)', async () => {
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const time = async (path: string, init: RequestInit & { token?: string }) => {
      const started = process.hrtime.bigint();
      const r = await t.fetch(path, init);
      await r.arrayBuffer();
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    for (const [path, init] of [
      [(s: SectionFixture) => `/api/sections/${s.sectionId}/bids`, { token: tokens.staff }],
      [(s: SectionFixture) => `/api/sections/${s.sectionId}/opening`, {}],
    ] as const) {
      const a: number[] = [];
      const b: number[] = [];
      for (let i = 0; i < 30; i++) {
        a.push(await time(path(full), init));
        b.push(await time(path(empty), init));
      }
      const [ma, mb] = [median(a), median(b)];
      expect(Math.abs(ma - mb)).toBeLessThan(Math.max(25, 0.5 * Math.min(ma, mb)));
    }
  });
});
