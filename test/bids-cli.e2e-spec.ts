import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { ClockService } from '@app/core';
import { keyFileText } from '@app/sealing';
import { BidOpeningService } from '@app/bids';
import { createPublishedSection, sealedBid } from './support/bids-test-fixtures';
import { startTestApp, TestApp, TestUser } from './support/test-app';

const run = promisify(execFile);
const cli = (args: string[], env: Record<string, string>) =>
  run(process.execPath, ['bin/bid-seal.js', ...args], { env: { ...process.env, ...env }, timeout: 60_000 }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

/** The bidder tool talks to the platform: it submits a sealed bid and hands its key over at the opening (R18). */
describe('the bidder tool against the platform', () => {
  let t: TestApp;
  const bidders: TestUser[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'bid-seal-cli-'));

  beforeAll(async () => {
    t = await startTestApp();
    for (let i = 0; i < 3; i++) bidders.push(await t.user('bidder'));
  }, 60_000);
  afterAll(() => t?.close());

  it('R14 R18 submits a container with the receipt, refuses a plain file before sending, and hands the key over at the opening', async () => {
    const ds = t.app.get(DataSource);
    const clock = t.app.get(ClockService);
    const staff = await t.user('staff');
    const s = await createPublishedSection(ds, {
      bidDeadline: new Date(clock.now().getTime() + 3600_000),
      tendererOrgId: staff.organisationId,
      holders: bidders.map((b) => b.organisationId),
      now: clock.now(),
    });
    const security = ['--security-amount', '20000.00', '--security-form', 'insurance'];
    const login = (u: TestUser) => ({ BID_SEAL_PASSWORD: u.password });
    const common = (u: TestUser) => ['--api', t.url, '--section', s.sectionId, '--user', u.username];

    // bidder A through the tool
    const a = await sealedBid(4000, { price: '1234567.89', durationDays: 200, items: [{ name: '质量标准', value: '合格' }] });
    const container = join(dir, 'a.bidseal');
    const keyFile = join(dir, 'a.key');
    writeFileSync(container, a.container);
    writeFileSync(keyFile, keyFileText(a.key));
    const plain = join(dir, 'plain.pdf');
    writeFileSync(plain, '%PDF-1.4\n%%EOF\n');

    const refused = await cli(['submit', plain, ...common(bidders[0]), ...security], login(bidders[0]));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('NOT_A_SEALED_CONTAINER');
    const mine0 = await t.fetch(`/api/sections/${s.sectionId}/bids/mine`, { token: await t.token(bidders[0]) });
    expect(JSON.stringify(await mine0.json())).not.toContain('receiptNumber');

    const submitted = await cli(['submit', container, ...common(bidders[0]), ...security, '--json'], login(bidders[0]));
    expect(submitted.stderr).toBe('');
    expect(submitted.code).toBe(0);
    const receipt = JSON.parse(submitted.stdout) as { receiptNumber: string; sha256: string };
    expect(receipt.sha256).toMatch(/^[0-9a-f]{64}$/);

    // two more bidders over HTTP
    const others = [await sealedBid(3000), await sealedBid(3000)];
    for (const [i, b] of others.entries()) {
      const r = await t.fetch(`/api/sections/${s.sectionId}/bids`, {
        method: 'PUT',
        token: await t.token(bidders[i + 1]),
        headers: { 'content-type': 'application/octet-stream', 'x-bid-security-amount': '20000.00', 'x-bid-security-form': 'insurance' },
        body: b.container as unknown as BodyInit,
      });
      expect(r.status).toBe(201);
    }

    // 截止 passes; the scheduler opens the section
    const [row] = await ds.query(`SELECT bid_deadline FROM tender_section WHERE id = $1`, [s.sectionId]);
    await clock.set(new Date(new Date(row.bid_deadline).getTime() + 6000));
    expect(await t.app.get(BidOpeningService).openDue()).toContain(s.sectionId);

    const handed = await cli(['hand-over', '--key', keyFile, ...common(bidders[0]), '--json'], login(bidders[0]));
    expect(handed.stderr).toBe('');
    expect(handed.code).toBe(0);
    expect(handed.stdout).toContain('1234567.89');

    const wrongPassword = await cli(['hand-over', '--key', keyFile, ...common(bidders[1])], { BID_SEAL_PASSWORD: 'Wrong-Passw0rd!' });
    expect(wrongPassword.code).toBe(1);
    expect(wrongPassword.stderr).toContain('INVALID_CREDENTIALS');
  }, 120_000);
});
