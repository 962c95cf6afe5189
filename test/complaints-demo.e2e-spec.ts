import { ClockService } from '@app/core';
import { seedComplaintsDemo } from '@app/platform';
import { startTestApp, TestApp } from './support/test-app';

describe('complaints demo data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  }, 60_000);
  afterAll(() => t?.close());

  it('seeds open, paused, overdue and closed objections and complaints in both procedures, once, without moving the clock', async () => {
    const clock = t.app.get(ClockService);
    const bidderA = await t.user('bidder');
    const supervisor = await t.user('supervisor');
    const agent = await t.user('staff', { kind: 'agency' });
    const orgs = {
      tenderer: (await t.user('staff')).organisationId,
      agency: agent.organisationId,
      bidderA: bidderA.organisationId,
      bidderB: (await t.user('bidder')).organisationId,
      bidderC: (await t.user('bidder')).organisationId,
      bidderD: (await t.user('bidder')).organisationId,
      supervisor: supervisor.organisationId,
    };
    const result = await seedComplaintsDemo(t.app, t.config, orgs);
    expect(result.seeded).toBe(true);
    expect(result.caseNumbers).toHaveLength(8);
    expect(clock.offset).toBe(0);

    const board = (await (await t.fetch('/api/public/cases?limit=50')).json()) as {
      items: { caseNumber: string; kind: string; procedureType: string; status: string; overdue: boolean; remaining: { paused: boolean } | null }[];
    };
    const items = board.items;
    expect(new Set(items.map((i) => i.procedureType))).toEqual(new Set(['construction', 'government']));
    expect(new Set(items.map((i) => i.kind))).toEqual(new Set(['objection', 'complaint']));
    expect(items.some((i) => i.status === 'accepted' && i.kind === 'objection' && !i.overdue)).toBe(true); // open
    expect(items.some((i) => i.remaining?.paused)).toBe(true); // paused
    expect(items.some((i) => i.overdue && i.remaining)).toBe(true); // overdue
    expect(items.filter((i) => ['answered', 'decided', 'rejected'].includes(i.status))).toHaveLength(3); // closed
    expect(items.some((i) => i.status === 'submitted')).toBe(true); // waiting for the supervisor

    // the bidder follows its objection, the supervisor has a complaint to accept
    const mine = (await (await t.fetch('/api/cases', { token: await t.token(bidderA) })).json()) as { items: { kind: string; status: string }[] };
    expect(mine.items).toEqual([expect.objectContaining({ kind: 'objection', status: 'accepted' })]);
    const todo = (await (await t.fetch('/api/cases', { token: await t.token(supervisor) })).json()) as { items: { kind: string; status: string; holdsSuspension: boolean }[] };
    expect(todo.items.some((i) => i.kind === 'complaint' && i.status === 'submitted')).toBe(true);
    // and complaints in each state: accepted with the procedure ordered suspended (R35), rejected, decided
    expect(todo.items.some((i) => i.kind === 'complaint' && i.status === 'accepted' && i.holdsSuspension)).toBe(true);
    expect(new Set(todo.items.filter((i) => i.kind === 'complaint').map((i) => i.status))).toEqual(new Set(['submitted', 'accepted', 'rejected', 'decided']));
    // the supervisor's own list takes the board's filters (kind, status or open / closed)
    const list = async (query: string) =>
      ((await (await t.fetch(`/api/cases?${query}`, { token: await t.token(supervisor) })).json()) as { items: { kind: string; status: string }[] }).items;
    const complaints = await list('kind=complaint');
    expect(complaints.length).toBe(todo.items.filter((i) => i.kind === 'complaint').length);
    expect(complaints.every((i) => i.kind === 'complaint')).toBe(true);
    const open = await list('kind=complaint&status=open');
    const openInTodo = todo.items.filter((i) => i.kind === 'complaint' && ['submitted', 'accepted'].includes(i.status));
    expect(open.map((i) => i.status).sort()).toEqual(openInTodo.map((i) => i.status).sort());
    expect(open.length).toBeLessThan(complaints.length); // the closed ones are left out
    expect((await list('status=decided')).every((i) => i.status === 'decided')).toBe(true);

    expect((await seedComplaintsDemo(t.app, t.config, orgs)).seeded).toBe(false);
    // a bound, not a goal: eight cases, each through the service, on a shared 2-core machine
  }, 120_000);
});
