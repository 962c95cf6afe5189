import { DataSource } from 'typeorm';
import { ChangeService, SYSTEM_ACTOR } from '@app/core';
import { OutboxService, ProvincialClient } from '@app/exchange';
import { SAMPLE_RECORDS } from '@app/exchange/contract/sample-records';
import { startReceiver, TEST_SECRET, TestReceiver, waitFor } from './support/exchange-harness';
import { startTestApp, TestApp } from './support/test-app';
import { createTestDatabase } from './support/test-db';

/**
 * The operators' side of the exchange on the in-process transport (no Redis): status, lists, metrics,
 * dead-lettering of a 422 without retries, replay, reconciliation (R38).
 */
jest.setTimeout(60_000);

describe('exchange operators (R38)', () => {
  let receiverDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let receiver: TestReceiver;
  let t: TestApp;
  let admin: string;
  let staff: string;

  beforeAll(async () => {
    receiverDb = await createTestDatabase('test_receiver');
    receiver = await startReceiver(receiverDb.url);
    t = await startTestApp({
      env: { PROVINCIAL_API_URL: receiver.url, PROVINCIAL_SECRET: TEST_SECRET, EXCHANGE_RELAY_POLL_MS: '200', EXCHANGE_BACKOFF_BASE_MS: '100' },
    });
    admin = await t.token(await t.user('admin'));
    staff = await t.token(await t.user('staff'));
  });
  // a test that fails half way leaves no fault behind for the next one
  afterEach(async () => {
    await receiver?.faults({ paused: false, rejectDatasets: [] });
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
    await receiverDb?.drop();
  });

  const append = (project: string, datasetCode: 'GCJS_RESULT_NOTICE' | 'GCJS_COMPLAINT' = 'GCJS_RESULT_NOTICE') =>
    t.app.get(ChangeService).run(SYSTEM_ACTOR, (ctx) =>
      t.app.get(OutboxService).append(ctx.manager, { tenderProjectCode: project, datasetCode, record: SAMPLE_RECORDS[datasetCode], at: ctx.at }),
    );
  const row = async (id: string) => (await t.app.get(DataSource).query(`SELECT * FROM outbox WHERE id = $1`, [id]))[0];
  const json = async <T = Record<string, unknown>>(path: string, init: Parameters<TestApp['fetch']>[1] = {}) => {
    const r = await t.fetch(path, { token: admin, ...init });
    return { status: r.status, body: (await r.json()) as T };
  };

  it('delivers committed records through the in-process transport and reports them', async () => {
    const records = [await append('OP-1'), await append('OP-1'), await append('OP-2')];
    for (const r of records) await waitFor(`delivery of ${r.serialNumber}`, async () => (await row(r.id)).status === 'delivered', 15_000);
    const delivered = await row(records[0].id);
    expect(delivered.receive_time).toBeInstanceOf(Date);
    // what a module shows as the upstream publication time
    const upstream = await t.app.get(OutboxService).deliveries(t.app.get(DataSource).manager, [records[0].id]);
    expect(upstream.get(records[0].id)).toEqual({ status: 'delivered', receiveTime: delivered.receive_time });
    expect(delivered.attempts).toBe(1);
    const stored = await receiver.stored();
    expect(stored.map((s) => s.serial_number).sort()).toEqual(records.map((r) => r.serialNumber).sort());

    const status = await json<{ counts: Record<string, number>; oldestPendingAgeSeconds: number; latency: { delivered: number; p99Seconds: number }; transport: string }>(
      '/api/admin/exchange/status',
    );
    expect(status.status).toBe(200);
    expect(status.body.counts).toEqual({ pending: 0, queued: 0, delivered: 3, dead: 0 });
    expect(status.body.oldestPendingAgeSeconds).toBe(0);
    expect(status.body.transport).toBe('in-process');
    expect(status.body.latency.delivered).toBe(3);
    expect(status.body.latency.p99Seconds).toBeGreaterThan(0);

    const metrics = await t.fetch('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    const text = await metrics.text();
    expect(text).toMatch(/^exchange_outbox_records\{status="delivered"\} 3$/m);
    expect(text).toMatch(/^exchange_outbox_records\{status="pending"\} 0$/m);
    expect(text).toMatch(/^exchange_outbox_oldest_pending_age_seconds 0$/m);
    expect(text).toMatch(/^exchange_delivery_latency_seconds\{quantile="0.99"\} [0-9.e-]+$/m);
  });

  it('lists records newest first by their numeric id, also across 9 → 10 and 99 → 100 (not by the id as text)', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await append('OP-ORDER')).id);
    // ids of this database cross a power of ten by now, or do within the 12
    await t.app.get(DataSource).query(`SELECT setval(pg_get_serial_sequence('outbox', 'id'), 95)`);
    for (let i = 0; i < 8; i++) ids.push((await append('OP-ORDER')).id);
    for (const id of ids) await waitFor(`delivery of ${id}`, async () => (await row(id)).status === 'delivered', 15_000);
    const expected = [...ids].sort((a, b) => Number(b) - Number(a));
    expect(expected.some((id) => id.length !== expected[0].length)).toBe(true);
    const page1 = await json<{ items: { id: string }[]; nextBefore: string }>('/api/admin/exchange/records?status=delivered&tenderProjectCode=OP-ORDER&limit=10');
    const page2 = await json<{ items: { id: string }[]; nextBefore: string | null }>(
      `/api/admin/exchange/records?status=delivered&tenderProjectCode=OP-ORDER&limit=10&before=${page1.body.nextBefore}`,
    );
    expect([...page1.body.items, ...page2.body.items].map((i) => i.id)).toEqual(expected);
    expect(page2.body.nextBefore).toBeNull();
  });

  it('refuses the operator endpoints to other roles', async () => {
    expect((await t.fetch('/api/admin/exchange/status', { token: staff })).status).toBe(403);
    expect((await t.fetch('/api/admin/exchange/status')).status).toBe(401);
    expect((await t.fetch('/api/admin/exchange/replay-dead', { method: 'POST', token: staff, json: {} })).status).toBe(403);
  });

  it('dead-letters a 422 without retrying, keeps the reason, and delivers it after the fix and a replay', async () => {
    await receiver.faults({ rejectDatasets: ['GCJS_COMPLAINT'] });
    const r = await append('OP-3', 'GCJS_COMPLAINT');
    await waitFor('the record to die', async () => (await row(r.id)).status === 'dead', 15_000);
    const dead = await row(r.id);
    expect(dead.dead_reason).toBe('SIMULATED_REJECTION');
    expect(dead.last_error).toContain('422');
    await new Promise((res) => setTimeout(res, 1000));
    expect((await receiver.attempts(r.serialNumber)).map((a) => a.status)).toEqual([422]);

    const list = await json<{ items: { id: string; serialNumber: string; deadReason: string; status: string }[]; nextBefore: string | null }>(
      '/api/admin/exchange/records?status=dead',
    );
    expect(list.body.items).toEqual([expect.objectContaining({ id: r.id, serialNumber: r.serialNumber, deadReason: 'SIMULATED_REJECTION', status: 'dead' })]);
    expect(list.body.nextBefore).toBeNull();
    // (the figures are cached for 2 s)
    await waitFor('the dead record in /metrics', async () => /^exchange_dead_records\{reason="SIMULATED_REJECTION"\} 1$/m.test(await (await t.fetch('/metrics')).text()), 5000);

    // Replaying a record that is on its way is refused.
    const pending = await append('OP-3');
    await waitFor('delivery', async () => (await row(pending.id)).status === 'delivered', 15_000);

    await receiver.faults({ rejectDatasets: [] });
    const replay = await json<{ status: string; serialNumber: string }>(`/api/admin/exchange/records/${r.id}/replay`, { method: 'POST' });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(expect.objectContaining({ status: 'pending', serialNumber: r.serialNumber }));
    await waitFor('the replayed record to be delivered', async () => (await row(r.id)).status === 'delivered', 15_000);
    const attempts = await receiver.attempts(r.serialNumber);
    expect(attempts.map((a) => a.status)).toEqual([422, 200]);
    const audit = await json<{ items: { action: string; entityId: string }[] }>(`/api/audit?entityType=outbox&entityId=${r.id}`);
    expect(audit.body.items.map((a) => a.action)).toEqual(['exchange.replay']);
  });

  it('answers 404 for an unknown record and 409 when replaying one that is still on its way', async () => {
    expect((await json('/api/admin/exchange/records/999999/replay', { method: 'POST' })).status).toBe(404);
    await receiver.faults({ paused: true });
    const r = await append('OP-4');
    await waitFor('a failed attempt', async () => (await row(r.id)).attempts >= 1, 15_000);
    const refused = await json<{ code: string }>(`/api/admin/exchange/records/${r.id}/replay`, { method: 'POST' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('EXCHANGE_RECORD_IN_FLIGHT');
    // one list of every status (two lists, pending then queued, could both show it as the relay hands it on)
    const listed = await json<{ items: { id: string; lastError: string; status: string }[] }>('/api/admin/exchange/records?tenderProjectCode=OP-4');
    expect(listed.body.items).toEqual([expect.objectContaining({ id: r.id, lastError: expect.stringContaining('503') })]);
    expect(['pending', 'queued']).toContain(listed.body.items[0].status);
    await receiver.faults({ paused: false });
    await waitFor('delivery after the pause', async () => (await row(r.id)).status === 'delivered', 20_000);
  });

  it('replays every dead record at once', async () => {
    await receiver.faults({ rejectDatasets: ['GCJS_COMPLAINT'] });
    const a = await append('OP-5', 'GCJS_COMPLAINT');
    const b = await append('OP-6', 'GCJS_COMPLAINT');
    for (const r of [a, b]) await waitFor('death', async () => (await row(r.id)).status === 'dead', 15_000);
    await receiver.faults({ rejectDatasets: [] });
    const res = await json<{ replayed: number }>('/api/admin/exchange/replay-dead', { method: 'POST', json: {} });
    expect(res.body).toEqual({ replayed: 2 });
    for (const r of [a, b]) await waitFor('delivery', async () => (await row(r.id)).status === 'delivered', 15_000);
  });

  it('reconciles: a record the receiver lost is sent again', async () => {
    const r = await append('OP-7');
    const r2 = await append('OP-7');
    for (const x of [r, r2]) await waitFor('delivery', async () => (await row(x.id)).status === 'delivered', 15_000);
    const pg = await import('pg');
    const c = new pg.Client({ connectionString: receiverDb.url });
    await c.connect();
    await c.query(`DELETE FROM provincial_sim.records WHERE serial_number = $1`, [r.serialNumber]);
    await c.end();
    const rec = await json<{ projectsChecked: number; recordsResent: number; projects: { tenderProjectCode: string; resent: number[] }[]; errors: unknown[] }>(
      '/api/admin/exchange/reconcile',
      { method: 'POST' },
    );
    expect(rec.status).toBe(200);
    expect(rec.body.errors).toEqual([]);
    expect(rec.body.recordsResent).toBe(1);
    expect(rec.body.projects).toEqual([expect.objectContaining({ tenderProjectCode: 'OP-7', resent: [1] })]);
    await waitFor('redelivery', async () => (await receiver.stored()).some((s) => s.serial_number === r.serialNumber) && (await row(r.id)).status === 'delivered', 15_000);
    const again = await json<{ recordsResent: number }>('/api/admin/exchange/reconcile', { method: 'POST' });
    expect(again.body.recordsResent).toBe(0);
  });

  it('lists every status of a project when no status is asked for (issue 19, item 6)', async () => {
    const delivered = await append('OP-MIX');
    await waitFor('delivery', async () => (await row(delivered.id)).status === 'delivered', 15_000);
    await receiver.faults({ rejectDatasets: ['GCJS_COMPLAINT'] });
    const dead = await append('OP-MIX', 'GCJS_COMPLAINT');
    await waitFor('death', async () => (await row(dead.id)).status === 'dead', 15_000);
    await receiver.faults({ rejectDatasets: [] });

    type Page = { items: { id: string; status: string }[]; nextBefore: string | null };
    const all = await json<Page>('/api/admin/exchange/records?tenderProjectCode=OP-MIX');
    expect(all.status).toBe(200);
    expect(all.body.items.map((i) => [i.id, i.status])).toEqual([
      [dead.id, 'dead'],
      [delivered.id, 'delivered'],
    ]);
    // without any filter: every status, newest first, paged
    const first = await json<Page>('/api/admin/exchange/records?limit=2');
    expect(first.body.items.map((i) => i.id)).toEqual([dead.id, delivered.id]);
    expect(first.body.nextBefore).toBe(delivered.id);
    // a status still narrows the list
    const onlyDead = await json<Page>('/api/admin/exchange/records?status=dead&tenderProjectCode=OP-MIX');
    expect(onlyDead.body.items.map((i) => i.id)).toEqual([dead.id]);

    await json(`/api/admin/exchange/records/${dead.id}/replay`, { method: 'POST' });
    await waitFor('delivery after the replay', async () => (await row(dead.id)).status === 'delivered', 15_000);
  });

  it('reconciles without re-sending a record delivered while the receiver was being asked (issue 19, item 11)', async () => {
    const first = await append('OP-RACE');
    await waitFor('delivery', async () => (await row(first.id)).status === 'delivered', 15_000);
    // The receiver answers (it holds sequence 1); before that answer is compared, sequence 2 is committed and
    // delivered: it was never missing.
    const client = t.app.get(ProvincialClient);
    const original = client.project.bind(client);
    let second: { id: string; serialNumber: string } | undefined;
    const spy = jest.spyOn(client, 'project').mockImplementation(async (code: string) => {
      const answer = await original(code);
      if (code === 'OP-RACE' && !second) {
        second = await append('OP-RACE');
        const id = second.id;
        await waitFor('delivery between the two reads', async () => (await row(id)).status === 'delivered', 15_000);
      }
      return answer;
    });
    try {
      const rec = await json<{ recordsResent: number; projects: { tenderProjectCode: string }[]; errors: unknown[] }>('/api/admin/exchange/reconcile', { method: 'POST' });
      expect(rec.status).toBe(200);
      expect(rec.body.errors).toEqual([]);
      expect(second).toBeDefined();
      expect(rec.body.projects.filter((p) => p.tenderProjectCode === 'OP-RACE')).toEqual([]);
      expect(rec.body.recordsResent).toBe(0);
    } finally {
      spy.mockRestore();
    }
    const after = await row(second!.id);
    expect(after.status).toBe('delivered');
    expect(after.replays).toBe(0);
    const audit = await json<{ items: { action: string }[] }>(`/api/audit?entityType=tender_project&entityId=OP-RACE`);
    expect(audit.body.items.map((a) => a.action)).not.toContain('exchange.resend_missing');
    expect((await receiver.attempts(second!.serialNumber)).map((a) => a.status)).toEqual([200]);
  });

  it('has no queue dashboard on the in-process transport', async () => {
    const r = await json<{ code: string }>('/api/admin/exchange/dashboard-session', { method: 'POST' });
    expect(r.status).toBe(404);
    expect(r.body.code).toBe('EXCHANGE_DASHBOARD_UNAVAILABLE');
  });
});
