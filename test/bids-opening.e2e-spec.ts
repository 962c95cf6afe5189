import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { ChangeService, ClockService, SYSTEM_ACTOR } from '@app/core';
import { SectionsService } from '@app/announcements';
import { OBJECT_STORE, ObjectStore } from '@app/documents';
import { keyFileText, newKey } from '@app/sealing';
import { BidOpeningService } from '@app/bids';
import { createPublishedSection, sealedBid, SectionFixture } from './support/bids-test-fixtures';
import { startTestApp, TestApp, TestUser } from './support/test-app';

interface OwnBid {
  id: string;
  receiptNumber: string;
  sha256: string;
  receivedAt: string;
}
interface RecordBid {
  order: number;
  bidderName: string;
  bidderCode: string;
  receiptNumber: string;
  decryption: string;
  decryptionError: string | null;
  bidPrice: string | null;
  durationDays: number | null;
  readOutItems: { name: string; value: string }[];
}
interface OpeningRecord {
  result: string;
  failure: { rule: string; code: string; minimumBids: number; bidsReceived: number } | null;
  closeReason: string;
  bidSectionCode: string;
  bidDeadline: string;
  bidOpenTime: string;
  summary: { bids: number; decrypted: number; decryptionFailed: number };
  bids: RecordBid[];
  objections: { bidderName: string; text: string; answer: string | null }[];
}
interface Envelope {
  datasetCode: string;
  sequence: number;
  record: { bids: Record<string, unknown>[]; result?: string; bidSectionCode: string; bidDeadline?: string };
}

const SECURITY = { 'x-bid-security-amount': '20000.00', 'x-bid-security-form': 'insurance' };
const MINUTE = 60_000;
const SETTLE_MS = 5000;

describe('opening at 截止 (R17, R18, R19, R37)', () => {
  let t: TestApp;
  let ds: DataSource;
  let clock: ClockService;
  let opening: BidOpeningService;
  let staff: TestUser;
  const bidders: TestUser[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.app.get(DataSource);
    clock = t.app.get(ClockService);
    opening = t.app.get(BidOpeningService);
    staff = await t.user('staff');
    for (let i = 0; i < 6; i++) bidders.push(await t.user('bidder', { name: `投标单位${'甲乙丙丁戊己'[i]}` }));
  }, 60_000);
  afterAll(() => t?.close());

  const tick = async () => ({ opened: await opening.openDue(), closed: await opening.closeEnded() });
  // tokens are checked against the platform clock, which these tests move: log in afresh each time
  const as = (u: TestUser) => t.token(u);
  const section = (holders: TestUser[]) =>
    createPublishedSection(ds, {
      bidDeadline: new Date(clock.now().getTime() + 60 * MINUTE),
      tendererOrgId: staff.organisationId,
      holders: holders.map((h) => h.organisationId),
      now: clock.now(),
    });
  const submit = async (s: SectionFixture, u: TestUser, container: Buffer) => {
    const r = await t.fetch(`/api/sections/${s.sectionId}/bids`, {
      method: 'PUT',
      token: await as(u),
      headers: { 'content-type': 'application/octet-stream', ...SECURITY },
      body: container as unknown as BodyInit,
    });
    expect(r.status).toBe(201);
    return (await r.json()) as OwnBid;
  };
  const handOver = async (s: SectionFixture, u: TestUser, key: string) =>
    t.fetch(`/api/sections/${s.sectionId}/bids/mine/key`, { method: 'POST', token: await as(u), json: { key } });
  /** The platform clock to 截止 + `after` ms (by default past the 5 s the scheduler lets in-flight bids settle). */
  const toDeadline = (s: SectionFixture, after = SETTLE_MS + 1) =>
    ds.query(`SELECT bid_deadline FROM tender_section WHERE id = $1`, [s.sectionId]).then(([row]) => clock.set(new Date(new Date(row.bid_deadline).getTime() + after)));
  const status = async (s: SectionFixture) => (await ds.query(`SELECT status FROM tender_section WHERE id = $1`, [s.sectionId]))[0].status as string;
  const outbox = async (s: SectionFixture): Promise<Envelope[]> =>
    (await ds.query(`SELECT body FROM outbox WHERE tender_project_code = $1 ORDER BY sequence`, [s.projectCode])).map((r: { body: string }) => JSON.parse(r.body));
  const publishedRecord = async (s: SectionFixture) => {
    const r = await t.fetch(`/api/public/sections/${s.sectionId}/opening-record`);
    expect(r.status).toBe(200);
    const bytes = Buffer.from(await r.arrayBuffer());
    return { record: JSON.parse(bytes.toString('utf8')) as OpeningRecord, bytes, sha256: r.headers.get('x-content-sha256') };
  };

  it('R17: two bids at 截止 — no opening, the section fails (流标), the record says why, and both records go upstream', async () => {
    const s = await section(bidders.slice(0, 2));
    const a = await submit(s, bidders[0], (await sealedBid(5000)).container);
    const b = await submit(s, bidders[1], (await sealedBid(5000)).container);

    // before 截止: nothing opens and nothing goes upstream (the tender list would say who bid)
    expect((await tick()).opened).not.toContain(s.sectionId);
    expect(await outbox(s)).toEqual([]);

    // just after 截止 the scheduler waits a few seconds for bids whose last byte came before it to be recorded
    await toDeadline(s, 1);
    expect((await tick()).opened).not.toContain(s.sectionId);
    await toDeadline(s);
    expect((await tick()).opened).toContain(s.sectionId);
    expect(await status(s)).toBe('failed');
    const { record, bytes, sha256 } = await publishedRecord(s);
    expect(record.result).toBe('failed');
    expect(record.failure).toMatchObject({ rule: 'R17', code: 'R17_TOO_FEW_BIDS', minimumBids: 3, bidsReceived: 2 });
    expect(record.bids.map((x) => [x.receiptNumber, x.decryption])).toEqual([
      [a.receiptNumber, 'not_opened'],
      [b.receiptNumber, 'not_opened'],
    ]);
    expect(sha256).toBe(createHash('sha256').update(bytes).digest('hex'));

    const sent = await outbox(s);
    expect(sent.map((e) => [e.datasetCode, e.sequence])).toEqual([
      ['GCJS_TENDER_LIST', 1],
      ['GCJS_OPENING_RECORD', 2],
    ]);
    expect(sent[0].record.bids).toEqual([
      { bidderName: '投标单位甲', bidderCode: expect.any(String), receiptNumber: a.receiptNumber, checkInTime: expect.stringMatching(/\+08:00$/), sha256: a.sha256 },
      { bidderName: '投标单位乙', bidderCode: expect.any(String), receiptNumber: b.receiptNumber, checkInTime: expect.stringMatching(/\+08:00$/), sha256: b.sha256 },
    ]);
    expect(sent[1].record).toMatchObject({ result: 'failed', bids: [{ decrypted: false }, { decrypted: false }] });

    // once only
    expect(await tick()).toEqual({ opened: [], closed: [] });
    expect(await outbox(s)).toHaveLength(2);
  });

  describe('an opening with a wrong key, a damaged bid, a replaced and a withdrawn bid, and an objection', () => {
    let s: SectionFixture;
    const keys: Uint8Array[] = [];
    const receipts: OwnBid[] = [];
    const prices = ['1000000.00', '1100000.5', '1200000', '1300000.00', '1400000.00'];

    beforeAll(async () => {
      s = await section(bidders);
      for (let i = 0; i < 5; i++) {
        const sealed = await sealedBid(100_000 + i, { price: prices[i], durationDays: 300 + i, items: [{ name: '质量标准', value: '合格' }] });
        keys.push(sealed.key);
        receipts.push(await submit(s, bidders[i], sealed.container));
      }
      // 戊 replaces its bid: only the latest counts
      const replacement = await sealedBid(4000, { price: '1450000.00', durationDays: 310, items: [] }, keys[4]);
      receipts[4] = await submit(s, bidders[4], replacement.container);
      // 己 bids and withdraws: it does not count
      await submit(s, bidders[5], (await sealedBid(3000)).container);
      expect((await t.fetch(`/api/sections/${s.sectionId}/bids/mine`, { method: 'DELETE', token: await as(bidders[5]) })).status).toBe(200);
      await toDeadline(s);
      expect((await tick()).opened).toContain(s.sectionId);
    }, 60_000);

    it('R17, R38: at 截止 the section opens, and GCJS_TENDER_LIST lists exactly the bids that count, in the same transaction', async () => {
      expect(await status(s)).toBe('opening');
      const sent = await outbox(s);
      expect(sent.map((e) => e.datasetCode)).toEqual(['GCJS_TENDER_LIST']);
      expect(sent[0].record.bids.map((b) => b.receiptNumber)).toEqual(receipts.map((r) => r.receiptNumber));
      const [row] = await ds.query(`SELECT decryption_window_end, started_at FROM bid_opening WHERE section_id = $1`, [s.sectionId]);
      expect(new Date(row.decryption_window_end).getTime() - new Date(row.started_at).getTime()).toBe(60 * MINUTE);
      // the bid events reach the audit log now, with their own time and actor (R36)
      const audited = await ds.query(
        `SELECT action, actor_organisation_id, at FROM audit_entry WHERE entity_type = 'bid' AND data->>'sectionId' = $1 ORDER BY id`,
        [s.sectionId],
      );
      expect(audited.map((a: { action: string }) => a.action)).toEqual([...Array(7).fill('bid.submit'), 'bid.withdraw']);
      expect(audited[0].actor_organisation_id).toBe(bidders[0].organisationId);
      expect(new Date(audited[0].at).getTime()).toBe(new Date(receipts[0].receivedAt).getTime());

      const live = (await (await t.fetch(`/api/sections/${s.sectionId}/opening`)).json()) as {
        status: string;
        bidOpenTime: string;
        decryptionWindowEnd: string;
        bids: { decryption: string; receivedAt: string }[];
      };
      // times in Asia/Shanghai with their offset, as every answer gives them (one serializer)
      for (const at of [live.bidOpenTime, live.decryptionWindowEnd, ...live.bids.map((b) => b.receivedAt)]) expect(at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?\+08:00$/);
      expect(live.status).toBe('decrypting');
      expect(live.bids.map((b) => b.decryption)).toEqual(Array(5).fill('pending'));
    });

    it('R18: a bidder hands over its key; the platform decrypts it and reads out the sealed summary', async () => {
      const r = await handOver(s, bidders[0], Buffer.from(keys[0]).toString('hex'));
      expect(r.status).toBe(200);
      expect(await r.json()).toMatchObject({
        status: 'decrypted',
        error: null,
        readOut: { bidPrice: '1000000.00', durationDays: 300, items: [{ name: '质量标准', value: '合格' }] },
      });
      const again = await handOver(s, bidders[0], Buffer.from(keys[0]).toString('hex'));
      expect(((await again.json()) as { code: string }).code).toBe('BID_ALREADY_DECRYPTED');
    });

    it('R18: a wrong key marks the bid decryption_failed, and the rest go on', async () => {
      const r = await handOver(s, bidders[1], Buffer.from(newKey()).toString('hex'));
      expect(r.status).toBe(200);
      expect(await r.json()).toMatchObject({ status: 'decryption_failed', error: 'WRONG_KEY', mayRetry: true, readOut: null });
      const bad = await handOver(s, bidders[1], 'not a key');
      expect(bad.status).toBe(400);
      expect(await status(s)).toBe('opening');
    });

    it('R18: a flipped byte in a stored bid fails its decryption for good, and says the stored copy differs from the receipt', async () => {
      const store = t.app.get<ObjectStore>(OBJECT_STORE);
      const [doc] = await ds.query(`SELECT d.object_key FROM bid b JOIN document d ON d.id = b.document_id WHERE b.id = $1`, [receipts[2].id]);
      const parts: Buffer[] = [];
      for await (const part of await store.get(doc.object_key)) parts.push(part as Buffer);
      const bytes = Buffer.concat(parts);
      bytes[Math.floor(bytes.length / 2)] ^= 0x01;
      await store.put(doc.object_key, Readable.from([bytes]));

      const r = await handOver(s, bidders[2], keyFileText(keys[2]));
      expect(r.status).toBe(200);
      expect(await r.json()).toMatchObject({ status: 'decryption_failed', error: 'CONTAINER_TAMPERED', storedCopyMatchesReceipt: false, mayRetry: false });
      const retry = await handOver(s, bidders[2], keyFileText(keys[2]));
      expect(((await retry.json()) as { code: string }).code).toBe('BID_DECRYPTION_FINAL');
    });

    it('R19: an objection raised at the opening is recorded with the answer given on the spot', async () => {
      const outsider = await t.user('bidder');
      const refused = await t.fetch(`/api/sections/${s.sectionId}/opening/objections`, { method: 'POST', token: await as(outsider), json: { text: '异议' } });
      expect(((await refused.json()) as { code: string }).code).toBe('OPENING_OBJECTION_NOT_ALLOWED');

      const raised = await t.fetch(`/api/sections/${s.sectionId}/opening/objections`, {
        method: 'POST',
        token: await as(bidders[3]),
        json: { text: '对乙公司密钥提交时间有异议' },
      });
      expect(raised.status).toBe(201);
      const objection = (await raised.json()) as { id: string };
      const otherStaff = await t.user('staff');
      const notTheirs = await t.fetch(`/api/sections/${s.sectionId}/opening/objections/${objection.id}/answer`, {
        method: 'POST',
        token: await as(otherStaff),
        json: { answer: '…' },
      });
      expect(notTheirs.status).toBe(403);
      const answered = await t.fetch(`/api/sections/${s.sectionId}/opening/objections/${objection.id}/answer`, {
        method: 'POST',
        token: await as(staff),
        json: { answer: '经核查，乙公司在解密时限内提交，异议不成立' },
      });
      expect(answered.status).toBe(200);
      expect(await answered.json()).toMatchObject({ answer: '经核查，乙公司在解密时限内提交，异议不成立', bidderName: '投标单位丁' });
    });

    it('R18: the opening waits for the window while a bid may still get its key; at its end the record is published and archived (R37)', async () => {
      expect(await (await handOver(s, bidders[3], Buffer.from(keys[3]).toString('hex'))).json()).toMatchObject({ status: 'decrypted' });
      expect(await (await handOver(s, bidders[4], keyFileText(keys[4]))).json()).toMatchObject({
        status: 'decrypted',
        readOut: { bidPrice: '1450000.00', durationDays: 310 },
      });
      // 乙 (wrong key) could still hand over the right one
      expect(await status(s)).toBe('opening');
      expect((await t.fetch(`/api/public/sections/${s.sectionId}/opening-record`)).status).toBe(404);

      await clock.advance(61 * MINUTE);
      expect((await tick()).closed).toContain(s.sectionId);
      expect(await status(s)).toBe('opened');
      const late = await handOver(s, bidders[1], Buffer.from(keys[1]).toString('hex'));
      expect(((await late.json()) as { code: string }).code).toBe('OPENING_NOT_IN_PROGRESS');

      const { record, bytes, sha256 } = await publishedRecord(s);
      expect(sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      const [row] = await ds.query(`SELECT record_sha256, record_text FROM bid_opening WHERE section_id = $1`, [s.sectionId]);
      expect(row.record_sha256).toBe(sha256);
      expect(row.record_text).toBe(bytes.toString('utf8'));

      expect(record).toMatchObject({ result: 'opened', failure: null, closeReason: 'window_ended', bidSectionCode: s.sectionCode });
      expect(record.bidOpenTime).toBe(record.bidDeadline);
      expect(record.summary).toEqual({ bids: 5, decrypted: 3, decryptionFailed: 2 });
      expect(record.bids.map((b) => [b.order, b.bidderName, b.receiptNumber, b.decryption, b.decryptionError, b.bidPrice, b.durationDays])).toEqual([
        [1, '投标单位甲', receipts[0].receiptNumber, 'decrypted', null, '1000000.00', 300],
        [2, '投标单位乙', receipts[1].receiptNumber, 'decryption_failed', 'WRONG_KEY', null, null],
        [3, '投标单位丙', receipts[2].receiptNumber, 'decryption_failed', 'CONTAINER_TAMPERED', null, null],
        [4, '投标单位丁', receipts[3].receiptNumber, 'decrypted', null, '1300000.00', 303],
        [5, '投标单位戊', receipts[4].receiptNumber, 'decrypted', null, '1450000.00', 310],
      ]);
      expect(record.bids[0].readOutItems).toEqual([{ name: '质量标准', value: '合格' }]);
      expect(record.objections).toEqual([
        expect.objectContaining({ bidderName: '投标单位丁', text: '对乙公司密钥提交时间有异议', answer: '经核查，乙公司在解密时限内提交，异议不成立' }),
      ]);

      const sent = await outbox(s);
      expect(sent.map((e) => e.datasetCode)).toEqual(['GCJS_TENDER_LIST', 'GCJS_OPENING_RECORD']);
      expect(sent[1].record).toMatchObject({
        result: 'opened',
        bids: [
          { bidderName: '投标单位甲', bidPrice: '1000000.00', duration: 300, decrypted: true },
          { bidderName: '投标单位乙', bidPrice: null, duration: null, decrypted: false },
          { bidderName: '投标单位丙', bidPrice: null, duration: null, decrypted: false },
          { bidderName: '投标单位丁', bidPrice: '1300000.00', duration: 303, decrypted: true },
          { bidderName: '投标单位戊', bidPrice: '1450000.00', duration: 310, decrypted: true },
        ],
      });
      // the ciphertext and the key are archived together from now on
      const [kept] = await ds.query(`SELECT opening_key FROM bid WHERE id = $1`, [receipts[0].id]);
      expect(kept.opening_key).toBe(Buffer.from(keys[0]).toString('hex'));
      // the staff list shows the bids now
      const list = await t.fetch(`/api/sections/${s.sectionId}/bids`, { token: await as(staff) });
      expect(((await list.json()) as unknown[]).length).toBe(5);
    });
  });

  it('R18: keys handed over while the section is suspended are recorded; the opening ends once it resumes', async () => {
    const s = await section(bidders.slice(0, 3));
    const sealed = [];
    for (let i = 0; i < 3; i++) {
      sealed.push(await sealedBid(2000));
      await submit(s, bidders[i], sealed[i].container);
    }
    await toDeadline(s);
    await tick();
    const suspend = (on: boolean) =>
      t.app.get(ChangeService).run(SYSTEM_ACTOR, (ctx) => t.app.get(SectionsService).setSuspended(ctx.manager, s.sectionId, on, SYSTEM_ACTOR, { reason: '监督部门责令暂停' }));
    await suspend(true);
    for (let i = 0; i < 3; i++) expect(await (await handOver(s, bidders[i], sealed[i].keyHex)).json()).toMatchObject({ status: 'decrypted' });
    expect(await status(s)).toBe('opening');
    expect((await tick()).closed).not.toContain(s.sectionId);
    await suspend(false);
    expect((await tick()).closed).toContain(s.sectionId);
    expect(await status(s)).toBe('opened');
    expect((await publishedRecord(s)).record.closeReason).toBe('all_settled');
  });

  it('R18: when every bid is decrypted the opening ends at once and the record is published', async () => {
    const s = await section(bidders.slice(0, 3));
    const sealed = [];
    for (let i = 0; i < 3; i++) {
      sealed.push(await sealedBid(2000, { price: `${i + 1}00.00`, durationDays: 10, items: [] }));
      await submit(s, bidders[i], sealed[i].container);
    }
    await toDeadline(s);
    await tick();
    for (let i = 0; i < 3; i++) expect((await handOver(s, bidders[i], sealed[i].keyHex)).status).toBe(200);
    expect(await status(s)).toBe('opened');
    const { record } = await publishedRecord(s);
    expect(record.closeReason).toBe('all_settled');
    expect(record.bids.map((b) => b.bidPrice)).toEqual(['100.00', '200.00', '300.00']);
  });
});
