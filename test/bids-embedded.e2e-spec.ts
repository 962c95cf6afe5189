import { DataSource } from 'typeorm';
import { ClockService } from '@app/core';
import { createPublishedSection, sealedBid } from './support/bids-test-fixtures';
import { startTestApp, TestApp } from './support/test-app';

/** The embedded default (PGlite, one process): the API runs the deadline scheduler itself. */
describe('bids on the embedded default (R15, R17, R18)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ embedded: true });
  }, 120_000);
  afterAll(() => t?.close());

  it('takes bids, opens the section by itself at 截止, decrypts with the keys and publishes the record', async () => {
    const ds = t.app.get(DataSource);
    const clock = t.app.get(ClockService);
    const staff = await t.user('staff');
    const bidders = [await t.user('bidder'), await t.user('bidder'), await t.user('bidder')];
    const deadline = new Date(clock.now().getTime() + 3600_000);
    const s = await createPublishedSection(ds, { bidDeadline: deadline, tendererOrgId: staff.organisationId, holders: bidders.map((b) => b.organisationId) });
    const keys: string[] = [];
    for (const b of bidders) {
      const sealed = await sealedBid(50_000);
      keys.push(sealed.keyHex);
      const r = await t.fetch(`/api/sections/${s.sectionId}/bids`, {
        method: 'PUT',
        token: await t.token(b),
        headers: { 'content-type': 'application/octet-stream', 'x-bid-security-amount': '20000', 'x-bid-security-form': 'transfer' },
        body: sealed.container as unknown as BodyInit,
      });
      expect(r.status).toBe(201);
    }
    await clock.set(new Date(deadline.getTime() + 6000));
    const status = async () => (await ds.query(`SELECT status FROM tender_section WHERE id = $1`, [s.sectionId]))[0].status as string;
    const until = Date.now() + 10_000;
    while ((await status()) !== 'opening' && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(await status()).toBe('opening');
    for (const [i, b] of bidders.entries()) {
      const r = await t.fetch(`/api/sections/${s.sectionId}/bids/mine/key`, { method: 'POST', token: await t.token(b), json: { key: keys[i] } });
      expect(await r.json()).toMatchObject({ status: 'decrypted' });
    }
    expect(await status()).toBe('opened');
    const record = (await (await t.fetch(`/api/public/sections/${s.sectionId}/opening-record`)).json()) as { summary: unknown };
    expect(record.summary).toEqual({ bids: 3, decrypted: 3, decryptionFailed: 0 });
  }, 60_000);
});
