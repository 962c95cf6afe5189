import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AnnouncementsFixture, json, NoticeJson, pdfBytes, ProjectJson } from './support/announcements-fixture';
import { createPublishedSection } from './support/bids-test-fixtures';
import { sendThrottled, split } from './support/bids-http';
import { startTestApp, TestApp, TestUser } from './support/test-app';
import { ofdBytes } from './support/zip';

/**
 * Uploads through the HTTP API (libs/documents under the attachment and bid routes): every refusal answered,
 * the name's extension and the content agreeing, file names that are refused or made safe.
 */

/** A Windows executable's first bytes, then filler: what a refused type looks like. */
function exeBytes(size: number): Buffer {
  const bytes = Buffer.alloc(size, 0x90);
  Buffer.from('MZ\x90\x00\x03\x00\x00\x00This program cannot be run in DOS mode.', 'latin1').copy(bytes);
  return bytes;
}

function htmlBytes(size: number): Buffer {
  const bytes = Buffer.alloc(size, 0x20);
  Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script>', 'utf8').copy(bytes);
  return bytes;
}

describe('uploads through the API', () => {
  let t: TestApp;
  let f: AnnouncementsFixture<TestUser>;
  let staff: TestUser;
  let bidder: TestUser;
  let project: ProjectJson;
  let draft: NoticeJson;

  beforeAll(async () => {
    t = await startTestApp();
    f = new AnnouncementsFixture(t);
    staff = await t.user('staff', { kind: 'tenderer' });
    bidder = await t.user('bidder');
    await f.setClock('2026-12-01T10:00:00+08:00');
    project = await f.project(await f.token(staff));
    draft = await f.tenderDraft(await f.token(staff), project);
  }, 60_000);
  afterAll(() => t?.close());

  const attachmentUrl = (name: string, kind = 'attachment') =>
    `${t.url}/api/notices/${draft.id}/attachments?kind=${kind}&name=${encodeURIComponent(name)}`;

  it('gives a request the configured time to arrive whole, not Node\'s 300 s that would cut off a slow bid upload', () => {
    const server = t.app.getHttpServer() as Server;
    expect(server.requestTimeout).toBe(t.config.requestTimeoutSeconds * 1000);
    expect(server.requestTimeout).toBe(3_600_000);
  });

  describe('every refusal part way through a streamed upload is answered with its problem+json (the connection is closed after a grace if the client keeps sending)', () => {
    it.each([
      ['an EXE named 招标文件.pdf', exeBytes(1024 * 1024)],
      ['an HTML page named 招标文件.pdf', htmlBytes(1024 * 1024)],
    ])('an attachment: %s', async (_label, bytes) => {
      const r = await sendThrottled('POST', attachmentUrl('招标文件.pdf'), await f.token(staff), split(bytes, 32), 20, {
        'content-type': 'application/octet-stream',
        'content-length': String(bytes.length),
      });
      expect(r.status).toBe(415);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(r.body)).toMatchObject({ code: 'UPLOAD_TYPE_NOT_ALLOWED', status: 415 });
      expect(r.piecesWritten).toBeLessThan(32); // answered while the body was still arriving
    });

    it('a bid whose bytes are not a sealed container', async () => {
      const section = await createPublishedSection(t.app.get(DataSource), {
        bidDeadline: new Date(Date.now() + 3600_000),
        tendererOrgId: staff.organisationId,
        holders: [bidder.organisationId],
      });
      const bytes = exeBytes(1024 * 1024);
      const r = await sendThrottled('PUT', `${t.url}/api/sections/${section.sectionId}/bids`, await t.token(bidder), split(bytes, 32), 20, {
        'content-type': 'application/octet-stream',
        'content-length': String(bytes.length),
        'x-bid-security-amount': '20000.00',
        'x-bid-security-form': 'bank_guarantee',
      });
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(r.piecesWritten).toBeLessThan(32);
    });

    it('a refusal before the body is read (a query the route refuses) is answered too', async () => {
      const bytes = pdfBytes();
      const r = await sendThrottled('POST', `${t.url}/api/notices/${draft.id}/attachments?kind=nonsense&name=a.pdf`, await f.token(staff), [bytes], 0, {
        'content-type': 'application/octet-stream',
        'content-length': String(bytes.length),
      });
      expect(r.status).toBe(400);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    });
  });

  it('refuses a PDF named .exe and random bytes after a ZIP signature named .pdf (OWASP ASVS V5.2)', async () => {
    const token = await f.token(staff);
    const exe = await f.upload(token, draft.id, 'attachment', '招标文件.exe', pdfBytes());
    expect(exe.status).toBe(415);
    expect(await exe.json()).toMatchObject({ code: 'UPLOAD_EXTENSION_MISMATCH', extension: 'exe', detected: 'PDF', expected: ['pdf'] });
    const fake = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(200)]);
    expect((await f.upload(token, draft.id, 'attachment', '招标文件.pdf', fake)).status).toBe(415);
    const ofd = await f.upload(token, draft.id, 'attachment', '招标文件.ofd', fake);
    expect(await ofd.json()).toMatchObject({ code: 'UPLOAD_TYPE_NOT_ALLOWED' });
    const real = await json<{ name: string; contentType: string }>(await f.upload(token, draft.id, 'attachment', '公告.ofd', ofdBytes()), 201);
    expect(real).toMatchObject({ name: '公告.ofd', contentType: 'application/ofd' });
  });

  it('refuses a file name that is not valid percent-encoding, or holds control characters, with a clear 400', async () => {
    const token = await f.token(staff);
    const post = (rawName: string) =>
      t.fetch(`/api/notices/${draft.id}/attachments?kind=attachment&name=${rawName}`, {
        method: 'POST',
        token,
        headers: { 'content-type': 'application/octet-stream' },
        body: new Uint8Array(pdfBytes()),
      });
    for (const raw of ['%ZZ%', '100%.pdf', '%E6%8B.pdf', 'a%00.pdf', 'a%0D%0A.pdf', 'invoice%E2%80%AEfdp.pdf']) {
      const r = await post(raw);
      expect([raw, r.status]).toEqual([raw, 400]);
      expect(await r.json()).toMatchObject({ code: 'UPLOAD_FILE_NAME_INVALID' });
    }
    // the bid route's X-Bid-File-Name header too
    const section = await createPublishedSection(t.app.get(DataSource), {
      bidDeadline: new Date(Date.now() + 3600_000),
      tendererOrgId: staff.organisationId,
      holders: [bidder.organisationId],
    });
    const bid = await t.fetch(`/api/sections/${section.sectionId}/bids`, {
      method: 'PUT',
      token: await t.token(bidder),
      headers: { 'content-type': 'application/octet-stream', 'x-bid-file-name': '%ZZ%', 'x-bid-security-amount': '20000.00', 'x-bid-security-form': 'bank_guarantee' },
      body: new Uint8Array(1000),
    });
    expect(bid.status).toBe(400);
    expect(await bid.json()).toMatchObject({ code: 'UPLOAD_FILE_NAME_INVALID' });
  });

  it('stores a safe base name: no path parts, not "." or "..", at most 255 characters', async () => {
    const token = await f.token(staff);
    const stored = async (name: string) => (await json<{ name: string }>(await f.upload(token, draft.id, 'attachment', name, pdfBytes()), 201)).name;
    expect(await stored('../../etc/说明.pdf')).toBe('说明.pdf');
    expect(await stored('..\\..\\说明.pdf')).toBe('说明.pdf');
    expect(await stored('..')).toBe('file.pdf');
    const long = `${'标'.repeat(251)}.pdf`;
    expect(await stored(long)).toBe(long);
  });

  it('accepts a PDF named .pdf (the control case)', async () => {
    const r = await f.upload(await f.token(staff), draft.id, 'attachment', '说明.pdf', pdfBytes());
    expect((await json<{ name: string }>(r, 201)).name).toBe('说明.pdf');
  });
});
