import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { atLocalTime, ClockService, localDate } from '@app/core';
import { createOpenedSection } from './support/awards-fixture';
import { startReceiver, TEST_SECRET, TestReceiver, waitFor } from './support/exchange-harness';
import { createTestDatabase } from './support/test-db';
import { startTestApp, TestApp } from './support/test-app';

const at = (date: string, h = 10, m = 0) => atLocalTime(localDate(date), h, m);

/**
 * The award's upstream records (docs/provincial-api.md): GCJS_WIN_CANDIDATE at the candidate publicity (R22) and
 * GCJS_RESULT_NOTICE at the result (R26) arrive at the reference receiver, which validates them against the data set
 * schemas, exactly once each. The API relays its own outbox here (no Redis: the in-process queue).
 */
describe('awards upstream (R22, R26)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let receiver: TestReceiver;
  let t: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase('test_awards_upstream');
    receiver = await startReceiver(db.url);
    t = await startTestApp({ env: { DATABASE_URL: db.url, PROVINCIAL_API_URL: receiver.url, PROVINCIAL_SECRET: TEST_SECRET } });
  }, 90_000);
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
    await db?.drop();
  });

  it('R22, R26: GCJS_WIN_CANDIDATE and GCJS_RESULT_NOTICE are accepted by the reference receiver exactly once', async () => {
    const ds = t.app.get(DataSource);
    const clock = t.app.get(ClockService);
    await clock.set(at('2026-11-02', 10));
    const staff = await t.user('staff');
    const orgs = [];
    for (let i = 0; i < 3; i++) {
      const u = await t.user('bidder');
      const [row] = await ds.query(`SELECT uscc, name FROM organisation WHERE id = $1`, [u.organisationId]);
      orgs.push({ organisationId: u.organisationId, uscc: row.uscc as string, name: row.name as string, price: ['100.00', '200.00', '300.00'][i] });
    }
    const s = await createOpenedSection(ds, { tendererOrgId: staff.organisationId, bidders: orgs, openedAt: at('2026-11-02', 9) });
    const token = await t.token(staff);
    const post = async (path: string, json: unknown, tk = token) => {
      const r = await t.fetch(path, { method: 'POST', token: tk, json });
      expect(r.status).toBe(201);
      return r.json();
    };
    // a name that is not valid percent-encoding is refused, as on every upload
    const badName = await t.fetch(`/api/sections/${s.sectionId}/award-documents?name=%E6%8B.pdf`, {
      method: 'POST',
      token,
      headers: { 'content-type': 'application/pdf' },
      body: Buffer.from('%PDF-1.4\n%%EOF\n') as unknown as BodyInit,
    });
    expect(badName.status).toBe(400);
    expect(await badName.json()).toMatchObject({ code: 'UPLOAD_FILE_NAME_INVALID' });
    const upload = await t.fetch(`/api/sections/${s.sectionId}/award-documents?name=report.pdf`, {
      method: 'POST',
      token,
      headers: { 'content-type': 'application/pdf' },
      body: Buffer.from('%PDF-1.4\n%%EOF\n') as unknown as BodyInit,
    });
    const { documentId } = (await upload.json()) as { documentId: string };
    await post(`/api/sections/${s.sectionId}/evaluation`, {
      reportDocumentId: documentId,
      committee: ['甲', '乙', '丙'],
      candidates: s.bids.map((b, i) => ({ bidId: b.bidId, rank: i + 1, score: `${90 - i}`, reasons: '得分' })),
      unsuccessful: [],
    });
    await post(`/api/sections/${s.sectionId}/candidate-publicity`, { end: '2026-11-05T18:00:00+08:00', objectionMethod: '书面异议' });
    await clock.set(at('2026-11-05', 19));
    const fresh = await t.token(staff);
    await post(`/api/sections/${s.sectionId}/award/decision`, { rank: 1 }, fresh);
    await post(`/api/sections/${s.sectionId}/award/result`, {}, fresh);

    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    try {
      const arrived = await waitFor(
        'the award records at the receiver',
        async () => {
          const rows = (
            await pg.query(`SELECT dataset_code, serial_number FROM provincial_sim.records WHERE tender_project_code = $1 AND dataset_code LIKE 'GCJS_%' ORDER BY sequence`, [
              s.projectCode,
            ])
          ).rows as { dataset_code: string; serial_number: string }[];
          return rows.some((r) => r.dataset_code === 'GCJS_RESULT_NOTICE') ? rows : undefined;
        },
        60_000,
      );
      const award = arrived.filter((r) => ['GCJS_WIN_CANDIDATE', 'GCJS_RESULT_NOTICE'].includes(r.dataset_code));
      expect(award.map((r) => r.dataset_code)).toEqual(['GCJS_WIN_CANDIDATE', 'GCJS_RESULT_NOTICE']);
      expect(new Set(arrived.map((r) => r.serial_number)).size).toBe(arrived.length);
      // the receiver stores a record before it answers, and the relay marks the row delivered when the answer
      // comes: the row may still say queued for a moment after the record is seen there (CI saw it once); wait
      // for each row's final state, then require it to be delivered
      const statuses = await waitFor(
        'both award rows marked delivered',
        async () => {
          const rows = (await ds.query(`SELECT dataset_code, status FROM outbox WHERE tender_project_code = $1 AND dataset_code IN ('GCJS_WIN_CANDIDATE','GCJS_RESULT_NOTICE')`, [
            s.projectCode,
          ])) as { status: string }[];
          return rows.length === 2 && rows.every((r) => r.status === 'delivered' || r.status === 'dead') ? rows : undefined;
        },
        60_000,
      );
      expect(statuses.map((r: { status: string }) => r.status)).toEqual(['delivered', 'delivered']);
    } finally {
      await pg.end();
    }
  }, 120_000);
});
