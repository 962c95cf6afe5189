import { execFileSync } from 'node:child_process';
import { request } from 'node:http';
import { createHash, createPublicKey, randomUUID, verify } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createPublishedSection, sealedBid, SectionFixture, setBidDeadline } from './support/bids-test-fixtures';
import { putBidThrottled, split } from './support/bids-http';
import { startTestApp, TestApp, TestUser } from './support/test-app';

interface Signed {
  algorithm: string;
  keyId: string;
  payload: string;
  signature: string;
}
interface OwnBid {
  id: string;
  version: number;
  status: string;
  receiptNumber: string;
  receivedAt: string;
  sha256: string;
  size: number;
  keyFingerprint: string;
  receipt: Signed;
  withdrawalReceipt: Signed | null;
}
interface Problem {
  code: string;
  message: { zh: string; en: string };
  rule?: string;
  sealingCode?: string;
}

const SECURITY = { 'x-bid-security-amount': '20000.00', 'x-bid-security-form': 'bank_guarantee' };

/** Every file under a folder (recursively), as paths relative to it. */
function filesUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(path.slice(root.length + 1));
    }
  };
  walk(root);
  return out.sort();
}

describe('bid submission (R14, R15)', () => {
  let t: TestApp;
  let ds: DataSource;
  let staff: TestUser;
  let bidder: TestUser;
  let token: string;
  let objects: string;

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.app.get(DataSource);
    staff = await t.user('staff');
    bidder = await t.user('bidder');
    token = await t.token(bidder);
    objects = join(t.config.dataDir, 'objects');
  }, 60_000);
  afterAll(() => t?.close());

  const section = (deadlineInMs = 3600_000, holders = [bidder.organisationId]) =>
    createPublishedSection(ds, { bidDeadline: new Date(Date.now() + deadlineInMs), tendererOrgId: staff.organisationId, holders });

  const put = (s: SectionFixture, body: Buffer, headers: Record<string, string> = SECURITY, as = token) =>
    t.fetch(`/api/sections/${s.sectionId}/bids`, { method: 'PUT', token: as, headers: { 'content-type': 'application/octet-stream', ...headers }, body: body as unknown as BodyInit });

  const bidRows = async (s: SectionFixture) => (await ds.query(`SELECT count(*)::int AS n FROM bid WHERE section_id = $1`, [s.sectionId]))[0].n as number;
  const bidDocuments = async () =>
    (await ds.query(`SELECT count(*)::int AS n FROM document WHERE purpose = 'bid' AND uploader_org_id = $1`, [bidder.organisationId]))[0].n as number;

  it('stores a sealed bid and answers a signed receipt with the server time, SHA-256, size and key fingerprint (R15)', async () => {
    const s = await section();
    const { container } = await sealedBid(300_000);
    const before = Date.now();
    const r = await put(s, container);
    expect(r.status).toBe(201);
    const bid = (await r.json()) as OwnBid;
    expect(bid.version).toBe(1);
    expect(bid.status).toBe('received');
    expect(bid.receiptNumber).toMatch(/^BR\d{8}-[0-9A-Z]{12}$/);
    expect(bid.size).toBe(container.length);
    expect(bid.sha256).toBe(createHash('sha256').update(container).digest('hex'));
    expect(new Date(bid.receivedAt).getTime()).toBeGreaterThanOrEqual(before - 5);
    const payload = JSON.parse(bid.receipt.payload);
    expect(payload).toMatchObject({
      kind: 'bid',
      receiptNumber: bid.receiptNumber,
      bidSectionCode: s.sectionCode,
      receivedAt: bid.receivedAt,
      sha256: bid.sha256,
      size: bid.size,
      keyFingerprint: bid.keyFingerprint,
      bidSecurity: { amount: '20000.00', form: 'bank_guarantee' },
      replaces: null,
    });
    // the stored object is the container, byte for byte
    const [doc] = await ds.query(`SELECT d.object_key, d.sha256, d.size FROM bid b JOIN document d ON d.id = b.document_id WHERE b.id = $1`, [bid.id]);
    expect(doc.sha256).toBe(bid.sha256);
    expect(statSync(join(objects, doc.object_key)).size).toBe(container.length);
  });

  it('R15: a receipt verifies with the published key: through the API, with node:crypto and with openssl, and a changed receipt does not', async () => {
    const s = await section();
    const bid = (await (await put(s, (await sealedBid(10_000)).container)).json()) as OwnBid;
    const key = (await (await t.fetch('/api/public/receipt-key')).json()) as { algorithm: string; keyId: string; publicKeyPem: string; publicKeyRaw: string };
    expect(key.algorithm).toBe('Ed25519');
    expect(bid.receipt.keyId).toBe(key.keyId);

    const viaApi = await t.fetch('/api/public/receipts/verify', { method: 'POST', json: { payload: bid.receipt.payload, signature: bid.receipt.signature } });
    expect(viaApi.status).toBe(200);
    expect(await viaApi.json()).toMatchObject({ valid: true, keyId: key.keyId, receipt: { receiptNumber: bid.receiptNumber, sha256: bid.sha256 } });

    expect(verify(null, Buffer.from(bid.receipt.payload, 'utf8'), createPublicKey(key.publicKeyPem), Buffer.from(bid.receipt.signature, 'base64'))).toBe(true);

    const dir = mkdtempSync(join(tmpdir(), 'receipt-'));
    try {
      writeFileSync(join(dir, 'receipt-key.pem'), key.publicKeyPem);
      writeFileSync(join(dir, 'payload.json'), bid.receipt.payload);
      writeFileSync(join(dir, 'signature.bin'), Buffer.from(bid.receipt.signature, 'base64'));
      const out = execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', 'receipt-key.pem', '-rawin', '-in', 'payload.json', '-sigfile', 'signature.bin'], {
        cwd: dir,
      }).toString();
      expect(out).toMatch(/Signature Verified Successfully/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    const forged = bid.receipt.payload.replace(`"size":${bid.size}`, `"size":${bid.size + 1}`);
    expect(forged).not.toBe(bid.receipt.payload);
    const bad = await t.fetch('/api/public/receipts/verify', { method: 'POST', json: { payload: forged, signature: bid.receipt.signature } });
    expect(await bad.json()).toMatchObject({ valid: false, reason: 'signature_mismatch', receipt: null });
  });

  it('R15: the receipt key is kept across restarts of the same data folder', async () => {
    const before = (await (await t.fetch('/api/public/receipt-key')).json()) as { keyId: string };
    expect(existsSync(join(t.config.dataDir, 'secrets', 'receipt-signing-key.pem'))).toBe(true);
    const again = await startTestApp({ env: { DATA_DIR: t.config.dataDir } });
    try {
      expect(((await (await again.fetch('/api/public/receipt-key')).json()) as { keyId: string }).keyId).toBe(before.keyId);
    } finally {
      await again.close();
    }
  }, 60_000);

  it.each([
    ['a PDF', () => Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'), 'NOT_A_SEALED_CONTAINER'],
    ['a ZIP', () => Buffer.from('504b0304140000000000', 'hex'), 'NOT_A_SEALED_CONTAINER'],
  ])('R14: refuses %s (not encrypted) and keeps nothing', async (_name, body, sealingCode) => {
    const s = await section();
    const docs = await bidDocuments();
    const r = await put(s, body());
    expect(r.status).toBe(422);
    expect(await r.json()).toMatchObject({ code: 'BID_NOT_SEALED', rule: 'R14', sealingCode });
    expect(await bidRows(s)).toBe(0);
    expect(await bidDocuments()).toBe(docs);
  });

  it('R14: refuses a sealed container cut short, and one with bytes after its end', async () => {
    const s = await section();
    const { container } = await sealedBid(200_000);
    const cut = await put(s, container.subarray(0, container.length - 100));
    expect(cut.status).toBe(422);
    expect(await cut.json()).toMatchObject({ code: 'BID_NOT_SEALED', sealingCode: 'CONTAINER_TRUNCATED' });
    const extra = await put(s, Buffer.concat([container, Buffer.from('appended')]));
    expect(extra.status).toBe(422);
    expect(await extra.json()).toMatchObject({ code: 'BID_NOT_SEALED', sealingCode: 'CONTAINER_MALFORMED' });
    expect(await bidRows(s)).toBe(0);
  });

  it('R15: a bid one second late is refused, by the server clock, and leaves nothing behind', async () => {
    const s = await section();
    await setBidDeadline(ds, s.sectionId, new Date(Date.now() - 1000));
    const docs = await bidDocuments();
    const files = filesUnder(objects);
    const r = await put(s, (await sealedBid(10_000)).container);
    expect(r.status).toBe(422);
    const problem = (await r.json()) as Problem & { bidDeadline: string };
    expect(problem).toMatchObject({ code: 'BID_DEADLINE_PASSED', rule: 'R15' });
    expect(problem.message.zh).toContain('截止');
    expect(await bidRows(s)).toBe(0);
    expect(await bidDocuments()).toBe(docs);
    expect(filesUnder(objects)).toEqual(files);
  });

  it('R15: an upload started before 截止 whose body would finish after it is cut off at 截止 and leaves nothing behind', async () => {
    const s = await section();
    const { container } = await sealedBid(2 * 1024 * 1024);
    const docs = await bidDocuments();
    const files = filesUnder(objects);
    // 截止 2.5 s from now, set once the bid is sealed (sealing time on a busy machine must not eat into it);
    // 40 pieces, one every 150 ms: the body would complete about 6 s after it started
    const deadline = Date.now() + 2500;
    await setBidDeadline(ds, s.sectionId, new Date(deadline));
    const started = Date.now();
    const r = await putBidThrottled(`${t.url}/api/sections/${s.sectionId}/bids`, token, split(container, 40), 150, SECURITY);
    expect(r.status).toBe(422);
    expect(JSON.parse(r.body)).toMatchObject({ code: 'BID_DEADLINE_PASSED', rule: 'R15' });
    // refused at 截止 (the timer), not when the client finished (about 3.5 s after 截止)
    const respondedAt = started + r.respondedAfterMs;
    expect(respondedAt).toBeGreaterThanOrEqual(deadline - 50);
    expect(respondedAt).toBeLessThan(deadline + 2000);
    expect(r.piecesWritten).toBeLessThan(40);
    expect(await bidRows(s)).toBe(0);
    expect(await bidDocuments()).toBe(docs);
    expect(filesUnder(objects)).toEqual(files);
  }, 30_000);

  it('R15: an upload the bidder abandons half way leaves nothing behind', async () => {
    const s = await section();
    const { container } = await sealedBid(1024 * 1024);
    const docs = await bidDocuments();
    const files = filesUnder(objects);
    await new Promise<void>((resolve) => {
      const req = request(`${t.url}/api/sections/${s.sectionId}/bids`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'transfer-encoding': 'chunked', ...SECURITY },
      });
      req.on('error', () => resolve());
      req.write(container.subarray(0, 300_000));
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 300);
    });
    const until = Date.now() + 5000;
    while (filesUnder(objects).length !== files.length && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(filesUnder(objects)).toEqual(files);
    expect(await bidRows(s)).toBe(0);
    expect(await bidDocuments()).toBe(docs);
  });

  it('an upload announcing more than the 2 GiB limit is refused before its body is read', async () => {
    const s = await section();
    const r = await putBidThrottled(`${t.url}/api/sections/${s.sectionId}/bids`, token, [Buffer.alloc(1000), Buffer.alloc(1000)], 1000, {
      ...SECURITY,
      'content-length': String(3 * 1024 ** 3),
    });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body)).toMatchObject({ code: 'UPLOAD_TOO_LARGE' });
    expect(r.respondedAfterMs).toBeLessThan(900);
    expect(await bidRows(s)).toBe(0);
  });

  it('R15: a throttled upload that completes before 截止 is received', async () => {
    const s = await section(20_000);
    const { container } = await sealedBid(500_000);
    const r = await putBidThrottled(`${t.url}/api/sections/${s.sectionId}/bids`, token, split(container, 10), 50, SECURITY);
    expect(r.status).toBe(201);
    expect(JSON.parse(r.body)).toMatchObject({ status: 'received', size: container.length });
  });

  it('R15: a replacement is a new version that supersedes the old one; a withdrawal is recorded with its own signed receipt', async () => {
    const s = await section();
    const first = (await (await put(s, (await sealedBid(20_000)).container)).json()) as OwnBid;
    const second = (await (await put(s, (await sealedBid(30_000)).container)).json()) as OwnBid;
    expect(second.version).toBe(2);
    expect(JSON.parse(second.receipt.payload)).toMatchObject({ bidVersion: 2, replaces: first.receiptNumber });
    expect(second.receiptNumber).not.toBe(first.receiptNumber);

    let mine = (await (await t.fetch(`/api/sections/${s.sectionId}/bids/mine`, { token })).json()) as OwnBid[];
    expect(mine.map((b) => [b.version, b.status])).toEqual([
      [2, 'received'],
      [1, 'replaced'],
    ]);

    const withdrawn = await t.fetch(`/api/sections/${s.sectionId}/bids/mine`, { method: 'DELETE', token });
    expect(withdrawn.status).toBe(200);
    const w = (await withdrawn.json()) as OwnBid;
    expect(w).toMatchObject({ version: 2, status: 'withdrawn' });
    expect(JSON.parse(w.withdrawalReceipt!.payload)).toMatchObject({ kind: 'withdrawal', receiptNumber: second.receiptNumber, bidVersion: 2 });
    const check = await t.fetch('/api/public/receipts/verify', { method: 'POST', json: { payload: w.withdrawalReceipt!.payload, signature: w.withdrawalReceipt!.signature } });
    expect(((await check.json()) as { valid: boolean }).valid).toBe(true);

    const again = await t.fetch(`/api/sections/${s.sectionId}/bids/mine`, { method: 'DELETE', token });
    expect(again.status).toBe(404);
    expect(((await again.json()) as Problem).code).toBe('NO_BID_TO_WITHDRAW');

    // after a withdrawal the bidder may bid again before 截止: version 3, replacing nothing that counts
    const third = (await (await put(s, (await sealedBid(10_000)).container)).json()) as OwnBid;
    expect(third.version).toBe(3);
    expect(JSON.parse(third.receipt.payload).replaces).toBeNull();
    mine = (await (await t.fetch(`/api/sections/${s.sectionId}/bids/mine`, { token })).json()) as OwnBid[];
    expect(mine.map((b) => [b.version, b.status])).toEqual([
      [3, 'received'],
      [2, 'withdrawn'],
      [1, 'replaced'],
    ]);
    const everywhere = (await (await t.fetch(`/api/bids/mine?limit=2`, { token })).json()) as { items: OwnBid[]; nextCursor: string | null };
    expect(everywhere.items).toHaveLength(2);
    expect(everywhere.nextCursor).not.toBeNull();
    // the audit log says nothing yet (R16): the events wait for 截止
    expect(await ds.query(`SELECT count(*)::int AS n FROM audit_entry WHERE entity_type = 'bid'`)).toEqual([{ n: 0 }]);
  });

  it('R15: withdrawal after 截止 is refused', async () => {
    const s = await section();
    await put(s, (await sealedBid(10_000)).container);
    await setBidDeadline(ds, s.sectionId, new Date(Date.now() - 1));
    const r = await t.fetch(`/api/sections/${s.sectionId}/bids/mine`, { method: 'DELETE', token });
    expect(r.status).toBe(422);
    expect(((await r.json()) as Problem).code).toBe('BID_DEADLINE_PASSED');
  });

  it('R9: refuses, before reading the body, a bidder without the tender documents, a missing or short bid security, and a JSON body', async () => {
    const s = await section(3600_000, []);
    const { container } = await sealedBid(10_000);
    const notHeld = await put(s, container);
    expect(notHeld.status).toBe(403);
    expect(((await notHeld.json()) as Problem).code).toBe('TENDER_DOCUMENTS_NOT_HELD');

    const held = await section();
    const none = await put(held, container, {});
    expect(((await none.json()) as Problem).code).toBe('BID_SECURITY_REQUIRED');
    const short = await put(held, container, { 'x-bid-security-amount': '19999.99', 'x-bid-security-form': 'transfer' });
    expect(short.status).toBe(422);
    expect(await short.json()).toMatchObject({ code: 'BID_SECURITY_INSUFFICIENT', rule: 'R9', required: '20000.00' });
    const form = await put(held, container, { 'x-bid-security-amount': '20000', 'x-bid-security-form': 'promise' });
    expect(((await form.json()) as Problem).code).toBe('BID_SECURITY_FORM_INVALID');
    const json = await t.fetch(`/api/sections/${held.sectionId}/bids`, { method: 'PUT', token, json: { file: 'x' } });
    expect(json.status).toBe(415);
    expect(((await json.json()) as Problem).code).toBe('BID_CONTENT_TYPE');
    expect(await bidRows(held)).toBe(0);
  });

  it('refuses a section that does not exist or is not published, the same way', async () => {
    const s = await section();
    await ds.query(`UPDATE tender_section SET status = 'draft' WHERE id = $1`, [s.sectionId]);
    const { container } = await sealedBid(1000);
    const missing = { ...s, sectionId: randomUUID() };
    const [draft, none] = await Promise.all([put(s, container), put(missing, container)]);
    expect(draft.status).toBe(404);
    expect(none.status).toBe(404);
    const shape = async (r: Response) => {
      const { correlationId: _c, instance: _i, ...rest } = (await r.json()) as Record<string, unknown>;
      return rest;
    };
    expect(await shape(draft)).toEqual(await shape(none));
  });
});
