import { DataSource } from 'typeorm';
import { atLocalTime, ChangeService, ClockService, localDate, ScheduleRegistry, SYSTEM_ACTOR } from '@app/core';
import { SectionsService } from '@app/announcements';
import { validateEnvelope } from '@app/exchange';
import { AwardDeadlineScheduler } from '@app/awards';
import { createOpenedSection, OpenedSectionFixture, uploadAwardDocument } from './support/awards-fixture';
import { startTestApp, TestApp, TestUser } from './support/test-app';

interface Notice {
  id: string;
  kind: 'award' | 'result';
  number: string;
  bidderCode: string;
  sha256: string;
  payload: string;
  signature: string;
  pdf: string;
}

const at = (date: string, h = 10, m = 0) => atLocalTime(localDate(date), h, m);

describe('awards over HTTP (R20–R26)', () => {
  let t: TestApp;
  let ds: DataSource;
  let clock: ClockService;
  let staff: TestUser;
  let supervisor: TestUser;
  let outsider: TestUser;
  const bidders: TestUser[] = [];
  const orgs: { organisationId: string; uscc: string; name: string }[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.app.get(DataSource);
    clock = t.app.get(ClockService);
    staff = await t.user('staff');
    supervisor = await t.user('supervisor');
    outsider = await t.user('staff');
    for (let i = 0; i < 5; i++) {
      const u = await t.user('bidder', { name: `投标单位${'甲乙丙丁戊'[i]}` });
      bidders.push(u);
      const [row] = await ds.query(`SELECT uscc, name FROM organisation WHERE id = $1`, [u.organisationId]);
      orgs.push({ organisationId: u.organisationId, uscc: row.uscc, name: row.name });
    }
  }, 90_000);
  afterAll(() => t?.close());

  const PRICES = ['4315000.00', '4268800.50', '4399000.00', '4190000.00', null];
  const opened = (procedureType: 'construction' | 'government', openedAt = at('2026-11-02', 9)) =>
    createOpenedSection(ds, {
      tendererOrgId: staff.organisationId,
      procedureType,
      openedAt,
      bidders: orgs.map((o, i) => ({ ...o, price: PRICES[i] })),
    });
  // tokens are checked against the platform clock, which these tests move: one login per user and clock setting
  const tokens = new Map<TestUser, Promise<string>>();
  const as = (u: TestUser) => {
    if (!tokens.has(u)) tokens.set(u, t.token(u));
    return tokens.get(u)!;
  };
  const call = async (u: TestUser | null, method: string, path: string, json?: unknown) => {
    const r = await t.fetch(path, { method, token: u ? await as(u) : undefined, json });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  };
  const upload = async (s: OpenedSectionFixture) => uploadAwardDocument(t, await as(staff), s.sectionId);
  /** 乙 (lowest opened price but one) first, 甲 second, 丙 third; 丁 unsuccessful; 戊 was not decrypted. */
  const evaluation = (s: OpenedSectionFixture, reportDocumentId: string, extra: Record<string, unknown> = {}) => ({
    reportDocumentId,
    committee: ['张评委', '李评委', '王评委', '赵评委', '钱评委'],
    candidates: [
      { bidId: s.bids[1].bidId, rank: 1, score: '93.50', reasons: '综合得分最高', bidPrice: '4268800.50' },
      { bidId: s.bids[0].bidId, rank: 2, score: '90.10', reasons: '综合得分第二' },
      { bidId: s.bids[2].bidId, rank: 3, score: '88.00', reasons: '综合得分第三' },
    ],
    unsuccessful: [{ bidId: s.bids[3].bidId, reason: '技术标得分低于候选人' }],
    ...extra,
  });
  const outbox = async (s: OpenedSectionFixture) =>
    (await ds.query(`SELECT dataset_code, body FROM outbox WHERE tender_project_code = $1 ORDER BY sequence`, [s.projectCode])) as {
      dataset_code: string;
      body: string;
    }[];
  const setClock = async (d: Date) => {
    tokens.clear();
    await clock.set(d);
  };

  it('the OpenAPI document types the award responses', async () => {
    const r = await t.fetch('/api/docs/openapi.json');
    expect(r.status).toBe(200);
    const doc = (await r.json()) as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>> };
    const ok = doc.paths['/api/public/sections/{id}/candidate-publicity'].get.responses['200'].content!['application/json'].schema;
    expect(ok).toEqual({ $ref: '#/components/schemas/PublicityHistoryResponse' });
    expect(doc.paths['/api/sections/{id}/award/result'].post.responses['201'].content!['application/json'].schema).toEqual({ $ref: '#/components/schemas/PublishResultResponse' });
  });

  it('R20: a 4th candidate, a bid not decrypted at the opening and a retyped price are refused; the evaluation is archived with its report hash', async () => {
    await setClock(at('2026-11-02', 10));
    const s = await opened('construction');
    const doc = await upload(s);
    const base = evaluation(s, doc);

    const four = await call(staff, 'POST', `/api/sections/${s.sectionId}/evaluation`, {
      ...base,
      candidates: [...base.candidates, { bidId: s.bids[3].bidId, rank: 4, score: '80', reasons: '第四' }],
      unsuccessful: [],
    });
    expect(four.status).toBe(422);
    expect(four.body).toMatchObject({ code: 'TOO_MANY_CANDIDATES', rule: 'R20' });

    const notOpened = await call(staff, 'POST', `/api/sections/${s.sectionId}/evaluation`, {
      ...base,
      candidates: [{ bidId: s.bids[4].bidId, rank: 1, score: '99', reasons: '未解密' }],
      unsuccessful: [0, 1, 2, 3].map((i) => ({ bidId: s.bids[i].bidId, reason: 'x' })),
    });
    expect(notOpened.body.code).toBe('CANDIDATE_NOT_OPENED_BID');

    const retyped = await call(staff, 'POST', `/api/sections/${s.sectionId}/evaluation`, {
      ...base,
      candidates: [{ ...base.candidates[0], bidPrice: '4268800.00' }, base.candidates[1], base.candidates[2]],
    });
    expect(retyped.body.code).toBe('PRICE_DIFFERS_FROM_OPENING');

    const other = await call(outsider, 'POST', `/api/sections/${s.sectionId}/evaluation`, base);
    expect(other.status).toBe(403);

    const ok = await call(staff, 'POST', `/api/sections/${s.sectionId}/evaluation`, base);
    expect(ok.status).toBe(201);
    expect(ok.body.candidates.map((c: { bidderName: string; bidPrice: string }) => [c.bidderName, c.bidPrice])).toEqual([
      [orgs[1].name, '4268800.50'],
      [orgs[0].name, '4315000.00'],
      [orgs[2].name, '4399000.00'],
    ]);
    const unsuccessful = new Map(ok.body.unsuccessful.map((u: { bidderName: string; reason: string }) => [u.bidderName, u.reason]));
    expect([...unsuccessful.keys()].sort()).toEqual([orgs[3].name, orgs[4].name].sort());
    expect(unsuccessful.get(orgs[4].name)).toMatch(/解密失败/);
    expect(ok.body.reportSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(ok.body.publishCandidatesBy).toBe('2026-11-06T00:00:00+08:00');
    expect((await ds.query(`SELECT status FROM tender_section WHERE id = $1`, [s.sectionId]))[0].status).toBe('evaluated');
  });

  it('R21, R22, R26, R24, R25 (construction): publicity in time and long enough, suspension blocks the confirmation, notices reach exactly their addressees, overdue flagged', async () => {
    await setClock(at('2026-11-02', 10));
    const s = await opened('construction');
    expect((await call(staff, 'POST', `/api/sections/${s.sectionId}/evaluation`, evaluation(s, await upload(s)))).status).toBe(201);

    // R21: the report of Monday 11-02 must be published by Thursday 11-05 24:00
    await setClock(at('2026-11-06', 0));
    const late = await call(staff, 'POST', `/api/sections/${s.sectionId}/candidate-publicity`, { end: '2026-11-10T18:00:00+08:00', objectionMethod: '书面异议' });
    expect(late.status).toBe(422);
    expect(late.body).toMatchObject({ code: 'CANDIDATE_PUBLICITY_TOO_LATE', rule: 'R21', date: '2026-11-05' });

    // R22: from Tuesday 11-03 it runs until 11-06 00:00 at the earliest
    await setClock(at('2026-11-03', 10));
    const short = await call(staff, 'POST', `/api/sections/${s.sectionId}/candidate-publicity`, { end: '2026-11-05T23:59:00+08:00', objectionMethod: '书面异议' });
    expect(short.body).toMatchObject({ code: 'CANDIDATE_PUBLICITY_TOO_SHORT', rule: 'R22', date: '2026-11-06' });
    const published = await call(staff, 'POST', `/api/sections/${s.sectionId}/candidate-publicity`, {
      end: '2026-11-06T00:00:00+08:00',
      objectionMethod: '对评标结果有异议的，请于公示期内以书面形式向招标人提出（R28）',
    });
    expect(published.status).toBe(201);

    const pub = await call(null, 'GET', `/api/public/sections/${s.sectionId}/candidate-publicity`);
    expect(pub.status).toBe(200);
    expect(pub.body.current).toMatchObject({ number: 1, end: '2026-11-06T00:00:00+08:00', suspended: false });
    expect(pub.body.current.candidates).toHaveLength(3);
    expect(pub.body.current.others.map((o: { reason: string }) => o.reason)).toHaveLength(2);

    // in the public notice list, search and feed under its own type
    const listed = await call(null, 'GET', `/api/public/notices?type=candidate_publicity&limit=100`);
    const mineListed = listed.body.items.filter((n: { projectName: string }) => n.projectName === s.projectName);
    expect(mineListed.map((n: { typeName: string; status: string }) => [n.typeName, n.status])).toEqual([['中标候选人公示', 'published']]);
    const publicityText = (await call(null, 'GET', `/api/public/notices/${mineListed[0].id}`)).body.content as string;
    expect(publicityText).toContain(`第1名 ${orgs[1].name}，投标报价 4,268,800.50 元`);
    const searched = await call(null, 'GET', `/api/public/notices?q=${encodeURIComponent(orgs[1].name)}&type=candidate_publicity`);
    expect(searched.body.items.map((n: { id: string }) => n.id)).toContain(mineListed[0].id);
    expect(await (await t.fetch('/api/public/notices/feed.atom')).text()).toContain('中标候选人公示');

    // during the publicity: no confirmation
    await setClock(at('2026-11-05', 10));
    const early = await call(staff, 'POST', `/api/sections/${s.sectionId}/award/decision`, { rank: 1 });
    expect(early.body).toMatchObject({ code: 'CANDIDATE_PUBLICITY_NOT_ENDED', rule: 'R22' });

    // an objection suspends the section (the complaints module calls the same service)
    const sections = t.app.get(SectionsService);
    const hold = await t.app.get(ChangeService).run(SYSTEM_ACTOR, (ctx) =>
      sections.suspend(ctx.manager, s.sectionId, { source: 'objection', reference: 'YY-TEST', reason: '异议处理中' }, SYSTEM_ACTOR),
    );
    await setClock(at('2026-11-06', 9));
    const suspended = await call(staff, 'POST', `/api/sections/${s.sectionId}/award/decision`, { rank: 1 });
    expect(suspended.status).toBe(409);
    expect(suspended.body.code).toBe('SECTION_SUSPENDED');
    expect((await call(null, 'GET', `/api/public/sections/${s.sectionId}/candidate-publicity`)).body.current.suspended).toBe(true);
    await t.app.get(ChangeService).run(SYSTEM_ACTOR, (ctx) => sections.release(ctx.manager, hold.id, SYSTEM_ACTOR, { note: '异议答复完毕' }));
    expect(await sections.isSuspended(s.sectionId)).toBe(false);

    // rank 2 only with a reason
    expect((await call(staff, 'POST', `/api/sections/${s.sectionId}/award/decision`, { rank: 2 })).body.code).toBe('WINNER_REASON_REQUIRED');
    const decided = await call(staff, 'POST', `/api/sections/${s.sectionId}/award/decision`, { rank: 1 });
    expect(decided.status).toBe(201);
    expect(decided.body).toMatchObject({ winnerName: orgs[1].name, bidAmount: '4268800.50', winnerRank: 1 });

    // R26: the result issues one award notice and a result notice to every other bidder that submitted
    await setClock(at('2026-11-06', 18));
    const result = await call(staff, 'POST', `/api/sections/${s.sectionId}/award/result`, {});
    expect(result.status).toBe(201);
    const notices = result.body.notices as Notice[];
    expect(notices).toHaveLength(5);
    expect(notices.filter((n) => n.kind === 'award').map((n) => n.bidderCode)).toEqual([orgs[1].uscc]);
    expect(notices.filter((n) => n.kind === 'result').map((n) => n.bidderCode).sort()).toEqual([0, 2, 3, 4].map((i) => orgs[i].uscc).sort());
    // R24: 11-06 + 30 = 12-06, a Sunday → Monday 12-07; R25: 11-06 + 15 = 11-21, a Saturday → Monday 11-23
    expect(result.body.award).toMatchObject({ contractDueAt: '2026-12-08T00:00:00+08:00', reportDueAt: '2026-11-24T00:00:00+08:00' });

    // each bidder sees exactly its own notice, and no one else's
    for (const [i, bidder] of bidders.entries()) {
      const mine = await call(bidder, 'GET', '/api/awards/notices/mine');
      expect(mine.body.map((n: Notice) => n.bidderCode)).toEqual([orgs[i].uscc]);
      const others = notices.filter((n) => n.bidderCode !== orgs[i].uscc);
      for (const n of others.slice(0, 2)) {
        expect((await call(bidder, 'GET', `/api/awards/notices/${n.id}`)).status).toBe(404);
        expect((await t.fetch(`/api/awards/notices/${n.id}/pdf`, { token: await as(bidder) })).status).toBe(404);
      }
    }
    expect((await call(outsider, 'GET', `/api/awards/notices/${notices[0].id}`)).status).toBe(404);

    // the winner's PDF verifies without an account; one changed byte does not
    const winner = notices.find((n) => n.kind === 'award')!;
    const pdfRes = await t.fetch(winner.pdf, { token: await as(bidders[1]) });
    expect(pdfRes.status).toBe(200);
    expect(pdfRes.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await pdfRes.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const good = await call(null, 'POST', '/api/public/documents/verify', { document: pdf.toString('base64') });
    expect(good.body).toMatchObject({ valid: true, sha256: winner.sha256, document: { kind: 'award_notice', documentNumber: winner.number, bidderCode: orgs[1].uscc } });
    const withSignature = await call(null, 'POST', '/api/public/documents/verify', { document: pdf.toString('base64'), payload: winner.payload, signature: winner.signature });
    expect(withSignature.body.valid).toBe(true);
    const changed = Buffer.from(pdf);
    changed[Math.floor(changed.length / 2)] ^= 0x01;
    expect((await call(null, 'POST', '/api/public/documents/verify', { document: changed.toString('base64') })).body).toMatchObject({ valid: false, reason: 'not_on_record' });
    expect(
      (await call(null, 'POST', '/api/public/documents/verify', { document: changed.toString('base64'), payload: winner.payload, signature: winner.signature })).body,
    ).toMatchObject({ valid: false, reason: 'hash_mismatch' });
    // the receipt key is the notices' key
    expect((await call(null, 'GET', '/api/public/receipt-key')).body.keyId).toBe(good.body.keyId);

    const resultNotices = (await call(null, 'GET', `/api/public/notices?type=result&limit=100`)).body.items.filter((n: { projectName: string }) => n.projectName === s.projectName);
    expect(resultNotices.map((n: { typeName: string }) => n.typeName)).toEqual(['中标结果公告']);
    // the public notice states the price as a Chinese notice does: separators and the amount in capitals
    const resultNotice = await call(null, 'GET', `/api/public/notices/${resultNotices[0].id}`);
    expect(resultNotice.body.content).toContain('中标金额：4,268,800.50 元（人民币肆佰贰拾陆万捌仟捌佰元伍角整）');
    const publicResult = await call(null, 'GET', `/api/public/sections/${s.sectionId}/result`);
    expect(publicResult.body).toMatchObject({ winnerName: orgs[1].name, bidAmount: '4268800.50' });

    // upstream: one GCJS_WIN_CANDIDATE and one GCJS_RESULT_NOTICE, each a valid envelope
    const records = await outbox(s);
    const award = records.filter((r) => ['GCJS_WIN_CANDIDATE', 'GCJS_RESULT_NOTICE'].includes(r.dataset_code));
    expect(award.map((r) => r.dataset_code)).toEqual(['GCJS_WIN_CANDIDATE', 'GCJS_RESULT_NOTICE']);
    for (const r of award) expect(validateEnvelope(JSON.parse(r.body))).toEqual({ ok: true });
    expect(JSON.parse(award[1].body).record).toMatchObject({ winnerCode: orgs[1].uscc, bidAmount: '4268800.50' });

    // R25 overdue from 11-24 00:00, R24 not before 12-08 00:00 (across the weekend)
    await setClock(at('2026-11-23', 23, 59));
    expect((await call(staff, 'GET', '/api/awards/overdue')).body.filter((o: { sectionId: string }) => o.sectionId === s.sectionId)).toEqual([]);
    await setClock(at('2026-11-24', 0));
    const r25 = (await call(staff, 'GET', '/api/awards/overdue')).body.filter((o: { sectionId: string }) => o.sectionId === s.sectionId);
    expect(r25.map((o: { rule: string }) => o.rule)).toEqual(['R25']);
    await setClock(at('2026-12-07', 23, 59));
    expect((await call(supervisor, 'GET', '/api/awards/overdue')).body.filter((o: { sectionId: string; rule: string }) => o.sectionId === s.sectionId && o.rule === 'R24')).toEqual([]);
    await setClock(at('2026-12-08', 0));
    const overdue = (await call(supervisor, 'GET', '/api/awards/overdue')).body.filter((o: { sectionId: string }) => o.sectionId === s.sectionId);
    expect(overdue.map((o: { rule: string }) => o.rule).sort()).toEqual(['R24', 'R25']);
    expect((await call(outsider, 'GET', '/api/awards/overdue')).body.filter((o: { sectionId: string }) => o.sectionId === s.sectionId)).toEqual([]);

    // the deadline pass flags each once, with an audit entry
    // the api on PostgreSQL leaves the pass to the worker: run one here
    const scheduler = new AwardDeadlineScheduler(t.app.get(ChangeService), clock, new ScheduleRegistry());
    expect(await scheduler.tick()).toBeGreaterThanOrEqual(2);
    expect(await scheduler.tick()).toBe(0);
    const flagged = await ds.query(`SELECT action FROM audit_entry WHERE entity_id = $1 AND action LIKE 'award.%overdue' ORDER BY action`, [s.sectionId]);
    expect(flagged.map((r: { action: string }) => r.action)).toEqual(['award.contract_overdue', 'award.report_overdue']);

    // the contract recorded late: the section is contracted
    await setClock(at('2026-12-08', 10));
    const contract = await call(staff, 'POST', `/api/sections/${s.sectionId}/contract`, { signedAt: '2026-12-08T09:00:00+08:00', amount: '4268800.50', documentId: await upload(s) });
    expect(contract.status).toBe(201);
    expect((await ds.query(`SELECT status FROM tender_section WHERE id = $1`, [s.sectionId]))[0].status).toBe('contracted');
  }, 180_000);

  it('R21: a correction before publication replaces the draft; after publication it needs a new publicity, and the history is kept', async () => {
    await setClock(at('2026-11-02', 10));
    const s = await opened('construction');
    const doc = await upload(s);
    expect((await call(staff, 'POST', `/api/sections/${s.sectionId}/evaluation`, evaluation(s, doc))).body.version).toBe(1);
    const corrected = await call(staff, 'POST', `/api/sections/${s.sectionId}/evaluation`, evaluation(s, doc, { committee: ['张评委', '李评委', '王评委'] }));
    expect(corrected.body).toMatchObject({ version: 2, status: 'draft' });
    const first = await call(staff, 'POST', `/api/sections/${s.sectionId}/candidate-publicity`, { end: '2026-11-05T18:00:00+08:00', objectionMethod: '书面异议' });
    expect(first.body).toMatchObject({ number: 1 });

    // after publication: a new version, the confirmation waits for its publicity
    await setClock(at('2026-11-05', 20));
    const swapped = evaluation(s, doc);
    swapped.candidates = [
      { ...swapped.candidates[1], rank: 1 },
      { ...swapped.candidates[0], rank: 2 },
      swapped.candidates[2],
    ];
    expect((await call(staff, 'POST', `/api/sections/${s.sectionId}/evaluation`, swapped)).body.version).toBe(3);
    expect((await call(staff, 'POST', `/api/sections/${s.sectionId}/award/decision`, { rank: 1 })).body).toMatchObject({ code: 'CANDIDATE_PUBLICITY_REQUIRED' });
    expect((await call(staff, 'POST', `/api/sections/${s.sectionId}/candidate-publicity`, { end: '2026-11-09T18:00:00+08:00', objectionMethod: '书面异议（更正后）' })).status).toBe(201);
    const pub = (await call(null, 'GET', `/api/public/sections/${s.sectionId}/candidate-publicity`)).body;
    expect(pub.history.map((p: { number: number; status: string }) => [p.number, p.status])).toEqual([
      [2, 'published'],
      [1, 'superseded'],
    ]);
    expect(pub.current.candidates[0].bidderName).toBe(orgs[0].name);
    const view = (await call(supervisor, 'GET', `/api/sections/${s.sectionId}/award`)).body;
    expect(view.evaluationHistory.map((e: { version: number; status: string }) => [e.version, e.status])).toEqual([
      [3, 'published'],
      [2, 'superseded'],
      [1, 'superseded'],
    ]);
    expect((await outbox(s)).filter((r) => r.dataset_code === 'GCJS_WIN_CANDIDATE')).toHaveLength(2);
    // both publicities stay in the public list: the first superseded by the second
    const listed = (await call(null, 'GET', `/api/public/notices?type=candidate_publicity&limit=100`)).body.items.filter(
      (n: { projectName: string }) => n.projectName === s.projectName,
    );
    expect(listed.map((n: { status: string }) => n.status)).toEqual(['published', 'superseded']);
  }, 90_000);

  it('R23 (government): the result within 2 working days of the decision, shown at least 1 working day; no candidate publicity', async () => {
    await setClock(at('2026-11-02', 10));
    const late = await opened('government');
    const onTime = await opened('government');
    for (const s of [late, onTime]) {
      expect((await call(staff, 'POST', `/api/sections/${s.sectionId}/evaluation`, evaluation(s, await upload(s)))).status).toBe(201);
      expect((await call(staff, 'POST', `/api/sections/${s.sectionId}/candidate-publicity`, { end: '2026-11-06T00:00:00+08:00', objectionMethod: 'x' })).body.code).toBe(
        'AWARD_WRONG_PROCEDURE',
      );
      const d = await call(staff, 'POST', `/api/sections/${s.sectionId}/award/decision`, { rank: 1 });
      expect(d.body.announceBy).toBe('2026-11-05T00:00:00+08:00');
    }
    await setClock(at('2026-11-05', 0));
    const refused = await call(staff, 'POST', `/api/sections/${late.sectionId}/award/result`, {});
    expect(refused.body).toMatchObject({ code: 'RESULT_ANNOUNCEMENT_TOO_LATE', rule: 'R23', date: '2026-11-04' });

    await setClock(at('2026-11-04', 10));
    const short = await call(staff, 'POST', `/api/sections/${onTime.sectionId}/award/result`, { displayUntil: '2026-11-05T09:00:00+08:00' });
    expect(short.body).toMatchObject({ code: 'RESULT_ANNOUNCEMENT_TOO_SHORT', rule: 'R23', date: '2026-11-05' });
    const ok = await call(staff, 'POST', `/api/sections/${onTime.sectionId}/award/result`, {});
    expect(ok.status).toBe(201);
    expect(ok.body.award).toMatchObject({ resultDisplayUntil: '2026-11-06T00:00:00+08:00', reportDueAt: null, contractDueAt: '2026-12-05T00:00:00+08:00' });
    expect(ok.body.notices).toHaveLength(5);
    const records = (await outbox(onTime)).filter((r) => r.dataset_code === 'GCJS_RESULT_NOTICE');
    expect(records).toHaveLength(1);
    expect(validateEnvelope(JSON.parse(records[0].body))).toEqual({ ok: true });
    expect((await call(staff, 'POST', `/api/sections/${onTime.sectionId}/supervisor-report`, { submittedAt: '2026-11-04T10:00:00+08:00' })).body.code).toBe(
      'SUPERVISOR_REPORT_NOT_APPLICABLE',
    );
  }, 90_000);
});
