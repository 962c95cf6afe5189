import { createHash } from 'node:crypto';
import { AnnouncementsFixture, json, NoticeJson, pdfBytes } from './support/announcements-fixture';
import { IdentityService } from '@app/identity';
import { seedContentDemo } from '@app/platform';
import { startTestApp, TestApp, TestUser } from './support/test-app';
import { docxBytes, xlsxBytes } from './support/zip';

interface Problem {
  code: string;
  message: { zh: string; en: string };
  [key: string]: unknown;
}

interface ContentFile {
  id: string;
  name: string;
  type: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedAt: string;
  href: string;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** A Windows program's first bytes (the MZ header and the DOS stub's message): what an .exe starts with. */
const exeBytes = () => Buffer.concat([Buffer.from('4d5a90000300000004000000ffff0000', 'hex'), Buffer.from('This program cannot be run in DOS mode.\r\n'), Buffer.alloc(400, 0x90)]);

/**
 * Files of the public site's content pages (the 文件下载 column's templates and guides): an administrator attaches
 * them (streamed through libs/documents, the refusals of tender documents), anyone downloads them.
 */
describe('content page files (POST/PATCH/DELETE /api/admin/content/:slug/files, GET /api/public/content/:slug/files/:fileId)', () => {
  let t: TestApp;
  let f: AnnouncementsFixture<TestUser>;
  let admin: string;
  let staff: string;
  let supervisor: string;
  let bidder: string;
  let draft: NoticeJson;

  const upload = (token: string | undefined, slug: string, name: string, bytes: Buffer, contentType = 'application/octet-stream') =>
    t.fetch(`/api/admin/content/${slug}/files?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      token,
      headers: { 'content-type': contentType },
      body: new Uint8Array(bytes),
    });
  const page = async (slug: string) => json<{ title: string; files: ContentFile[] }>(await t.fetch(`/api/public/content/${slug}`), 200);

  beforeAll(async () => {
    t = await startTestApp();
    f = new AnnouncementsFixture(t);
    await f.setClock('2026-12-01T10:00:00+08:00');
    const staffUser = await t.user('staff');
    [admin, staff, supervisor, bidder] = await Promise.all([t.token(await t.user('admin')), f.token(staffUser), t.token(await t.user('supervisor')), t.token(await t.user('bidder'))]);
    // a tender notice draft: the same file refused as a tender document must be refused the same way here
    draft = await f.tenderDraft(staff, await f.project(staff));
  }, 120_000);
  afterAll(() => t?.close());

  it('an administrator attaches files; the public page lists them and anyone downloads each byte for byte with its SHA-256', async () => {
    const docx = docxBytes();
    const xlsx = xlsxBytes();
    const pdf = pdfBytes('投标文件加密工具使用说明');
    const a = await json<ContentFile>(await upload(admin, 'downloads', '投标函格式.docx', docx), 201);
    expect(a).toMatchObject({
      name: '投标函格式.docx',
      type: 'docx',
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      size: docx.length,
      sha256: sha256(docx),
      href: `/api/public/content/downloads/files/${a.id}`,
    });
    expect(a.uploadedAt).toMatch(/^2026-12-01T10:\d\d:\d\d(\.\d+)?\+08:00$/);
    const b = await json<ContentFile>(await upload(admin, 'downloads', '投标保证金退还申请表.xlsx', xlsx), 201);
    const c = await json<ContentFile>(await upload(admin, 'downloads', 'C:\\fakepath\\使用说明.pdf', pdf), 201);
    expect([b.type, c.type, c.name]).toEqual(['xlsx', 'pdf', '使用说明.pdf']);

    // the public page: its files in the order attached, as anyone reads them
    const read = await page('downloads');
    expect(read.title).toBe('文件下载');
    expect(read.files).toEqual([a, b, c]);

    for (const [file, bytes] of [[a, docx], [b, xlsx], [c, pdf]] as const) {
      const r = await t.fetch(file.href);
      expect(r.status).toBe(200);
      expect(r.headers.get('x-content-sha256')).toBe(sha256(bytes));
      expect(r.headers.get('content-type')).toBe(file.contentType);
      expect(r.headers.get('content-length')).toBe(String(bytes.length));
      // RFC 6266: the Chinese name in UTF-8, an ASCII stand-in for old clients
      expect(r.headers.get('content-disposition')).toBe(`attachment; filename="file.${file.type}"; filename*=UTF-8''${encodeURIComponent(file.name)}`);
      expect(Buffer.from(await r.arrayBuffer()).equals(bytes)).toBe(true);
    }
    // another page's address does not reach the file
    const elsewhere = await t.fetch(`/api/public/content/guide/files/${a.id}`);
    expect(elsewhere.status).toBe(404);
    expect((await elsewhere.json()) as Problem).toMatchObject({ code: 'CONTENT_FILE_NOT_FOUND', message: { zh: '该页面没有这个文件（可能已被删除）' } });
  });

  it('refuses what tender document uploads refuse, with the same problem+json: an EXE named .pdf, a PDF named .exe, an empty file, a bad name, a form body', async () => {
    const before = (await page('policies')).files.length;
    const cases: [string, Buffer, number, string][] = [
      ['安装程序.pdf', exeBytes(), 415, 'UPLOAD_TYPE_NOT_ALLOWED'],
      ['说明.exe', pdfBytes(), 415, 'UPLOAD_EXTENSION_MISMATCH'],
      ['表格.docx', xlsxBytes(), 415, 'UPLOAD_EXTENSION_MISMATCH'],
      ['空.pdf', Buffer.alloc(0), 400, 'UPLOAD_EMPTY'],
      ['invoice\u202Efdp.exe', pdfBytes(), 400, 'UPLOAD_FILE_NAME_INVALID'],
    ];
    for (const [name, bytes, status, code] of cases) {
      const here = await upload(admin, 'policies', name, bytes);
      const tender = await f.upload(staff, draft.id, 'tender-document', name, bytes);
      expect([name, here.status, here.headers.get('content-type')]).toEqual([name, status, expect.stringContaining('application/problem+json')]);
      const [mine, theirs] = [(await here.json()) as Problem, (await tender.json()) as Problem];
      expect(mine.code).toBe(code);
      // the same refusal, word for word, but for the purpose it names and the request it belongs to
      const same = ({ purpose: _p, correlationId: _c, instance: _i, ...rest }: Problem) => rest;
      expect([name, same(mine)]).toEqual([name, same(theirs)]);
      expect(mine.message.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(mine.message.en).toMatch(/[a-z]/);
    }
    const typeRefusal = (await (await upload(admin, 'policies', '安装程序.pdf', exeBytes())).json()) as Problem;
    expect(typeRefusal.message.zh).toBe('文件类型不允许，仅接受：PDF、OFD、ZIP、DOC、DOCX、XLS、XLSX（按文件内容判断，不看扩展名）');

    const form = await upload(admin, 'policies', '说明.pdf', pdfBytes(), 'multipart/form-data; boundary=x');
    expect(form.status).toBe(415);
    expect(((await form.json()) as Problem).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect((await page('policies')).files).toHaveLength(before);
  });

  it('refuses a page that does not exist and a file that is not on the page, in Chinese and English', async () => {
    const missing = await upload(admin, 'no-such-page', '说明.pdf', pdfBytes());
    expect(missing.status).toBe(404);
    expect((await missing.json()) as Problem).toMatchObject({ code: 'NOT_FOUND', message: { zh: '页面不存在', en: 'Content page not found' } });
    const gone = await t.fetch('/api/admin/content/downloads/files/00000000-0000-4000-8000-000000000000', { method: 'DELETE', token: admin });
    expect(gone.status).toBe(404);
    expect((await gone.json()) as Problem).toMatchObject({ code: 'CONTENT_FILE_NOT_FOUND', message: { en: 'This page has no such file (it may have been removed)' } });
    const download = await t.fetch('/api/public/content/downloads/files/00000000-0000-4000-8000-000000000000');
    expect(download.status).toBe(404);
    expect(((await download.json()) as Problem).code).toBe('CONTENT_FILE_NOT_FOUND');
    expect((await t.fetch('/api/public/content/downloads/files/not-a-uuid')).status).toBe(400);
  });

  it('refuses every role but the administrator (403 problem+json) and the public (401), and keeps the page as it was', async () => {
    const [first] = (await page('downloads')).files;
    for (const token of [staff, supervisor, bidder]) {
      const up = await upload(token, 'downloads', '篡改.pdf', pdfBytes());
      expect(up.status).toBe(403);
      expect(((await up.json()) as Problem).code).toBe('ROLE_FORBIDDEN');
      const del = await t.fetch(`/api/admin/content/downloads/files/${first.id}`, { method: 'DELETE', token });
      expect(del.status).toBe(403);
      expect(((await del.json()) as Problem).code).toBe('ROLE_FORBIDDEN');
    }
    expect((await upload(undefined, 'downloads', '篡改.pdf', pdfBytes())).status).toBe(401);
    expect((await t.fetch(`/api/admin/content/downloads/files/${first.id}`, { method: 'DELETE' })).status).toBe(401);
    expect((await page('downloads')).files.map((x) => x.name)).toEqual(['投标函格式.docx', '投标保证金退还申请表.xlsx', '使用说明.pdf']);
  });

  it('removes a file: gone from the page, its download 404, and the upload and removal are in the audit chain', async () => {
    const [first, ...rest] = (await page('downloads')).files;
    const del = await t.fetch(`/api/admin/content/downloads/files/${first.id}`, { method: 'DELETE', token: admin });
    expect(del.status).toBe(204);
    expect((await page('downloads')).files).toEqual(rest);
    expect((await t.fetch(first.href)).status).toBe(404);
    expect((await t.fetch(`/api/admin/content/downloads/files/${first.id}`, { method: 'DELETE', token: admin })).status).toBe(404);

    const audit = await json<{ items: { action: string; actorRole: string; data: Record<string, unknown> }[] }>(
      await t.fetch('/api/audit?entityType=content_page&entityId=downloads&limit=50', { token: admin }),
      200,
    );
    const actions = audit.items.map((i) => i.action);
    expect(actions.filter((a) => a === 'content.file_upload')).toHaveLength(3);
    expect(audit.items.find((i) => i.action === 'content.file_upload' && i.data.fileId === first.id)).toMatchObject({
      actorRole: 'admin',
      data: { name: '投标函格式.docx', sha256: first.sha256, size: first.size, contentType: first.contentType },
    });
    expect(audit.items.find((i) => i.action === 'content.file_remove')).toMatchObject({ actorRole: 'admin', data: { fileId: first.id, name: '投标函格式.docx', sha256: first.sha256 } });
    const verified = await json<{ firstBreak: unknown }>(await t.fetch('/api/audit/verify', { token: admin }), 200);
    expect(verified.firstBreak).toBeNull();
  });

  it('renames a file (the name still agreeing with the content) and moves it first; audited as content.file_update', async () => {
    const [xlsx, pdf] = (await page('downloads')).files;
    const patch = (token: string, id: string, body: unknown) => t.fetch(`/api/admin/content/downloads/files/${id}`, { method: 'PATCH', token, json: body });

    const moved = await json<ContentFile>(await patch(admin, pdf.id, { name: '加密工具使用说明', position: 0 }), 200);
    expect(moved).toEqual({ ...pdf, name: '加密工具使用说明.pdf' });
    expect((await page('downloads')).files.map((x) => x.name)).toEqual(['加密工具使用说明.pdf', '投标保证金退还申请表.xlsx']);
    const r = await t.fetch(pdf.href);
    expect(r.headers.get('content-disposition')).toBe(`attachment; filename="file.pdf"; filename*=UTF-8''${encodeURIComponent('加密工具使用说明.pdf')}`);
    expect(r.headers.get('x-content-sha256')).toBe(pdf.sha256);
    await r.arrayBuffer();

    // a name another type's: refused as an upload so named is, and nothing changes
    const exe = await patch(admin, xlsx.id, { name: '申请表.exe', position: 0 });
    expect(exe.status).toBe(415);
    expect((await exe.json()) as Problem).toMatchObject({ code: 'UPLOAD_EXTENSION_MISMATCH', extension: 'exe', detected: 'XLSX', expected: ['xlsx'] });
    const blank = await patch(admin, xlsx.id, { name: '  ' });
    expect([blank.status, ((await blank.json()) as Problem).code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(((await (await patch(bidder, xlsx.id, { position: 0 })).json()) as Problem).code).toBe('ROLE_FORBIDDEN');
    expect(((await (await patch(admin, '00000000-0000-4000-8000-000000000000', { position: 0 })).json()) as Problem).code).toBe('CONTENT_FILE_NOT_FOUND');
    expect((await page('downloads')).files.map((x) => x.name)).toEqual(['加密工具使用说明.pdf', '投标保证金退还申请表.xlsx']);

    // past the end: last
    await json(await patch(admin, pdf.id, { position: 99 }), 200);
    expect((await page('downloads')).files.map((x) => x.name)).toEqual(['投标保证金退还申请表.xlsx', '加密工具使用说明.pdf']);
    const audit = await json<{ items: { action: string; data: Record<string, unknown> }[] }>(
      await t.fetch('/api/audit?entityType=content_page&entityId=downloads&limit=50', { token: admin }),
      200,
    );
    expect(audit.items.filter((i) => i.action === 'content.file_update').map((i) => i.data)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ fileId: pdf.id, name: '加密工具使用说明.pdf', previousName: '使用说明.pdf', position: 0, previousPosition: 1 }),
        expect.objectContaining({ fileId: pdf.id, name: '加密工具使用说明.pdf', previousName: '加密工具使用说明.pdf', position: 1, previousPosition: 0 }),
      ]),
    );
  });
});

describe('the demo files of 文件下载 (seedContentDemo, run by npm start)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  }, 120_000);
  afterAll(() => t?.close());

  it('uploads a real DOCX, XLSX and PDF through the same checks as any upload, once, as the administrator', async () => {
    const admin = await t.user('admin');
    const actor = await t.app.get(IdentityService).memberActor(admin.organisationId, 'admin');
    const first = await seedContentDemo(t.app, actor);
    expect(first).toEqual({ seeded: true, files: ['投标函格式.docx', '投标保证金退还申请表.xlsx', '投标文件加密工具（bid-seal）使用说明.pdf'] });
    expect(await seedContentDemo(t.app, actor)).toEqual({ seeded: false, files: [] });

    const { files } = await json<{ files: ContentFile[] }>(await t.fetch('/api/public/content/downloads'), 200);
    expect(files.map((x) => [x.name, x.type])).toEqual([
      ['投标函格式.docx', 'docx'],
      ['投标保证金退还申请表.xlsx', 'xlsx'],
      ['投标文件加密工具（bid-seal）使用说明.pdf', 'pdf'],
    ]);
    for (const file of files) {
      const r = await t.fetch(file.href);
      const bytes = Buffer.from(await r.arrayBuffer());
      expect([file.name, r.status, sha256(bytes)]).toEqual([file.name, 200, file.sha256]);
      // small, but real documents (a page of text each), not stand-ins
      expect(bytes.length).toBeGreaterThan(3000);
    }
    const audit = await json<{ items: { action: string; actorRole: string }[] }>(
      await t.fetch('/api/audit?entityType=content_page&entityId=downloads', { token: await t.token(admin) }),
      200,
    );
    expect(audit.items.filter((i) => i.action === 'content.file_upload' && i.actorRole === 'admin')).toHaveLength(3);
  });
});
