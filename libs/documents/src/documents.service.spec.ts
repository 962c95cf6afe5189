// Needs PostgreSQL: the `test` database on 127.0.0.1 (or DATABASE_URL), in a schema of its own.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/core';
import { Document } from './document.entity';
import { DocumentsService } from './documents.service';
import { LocalObjectStore } from './object-store/local-object-store.adapter';
import { MiB, resolvePurposes } from './upload-limits';
import { STREAM_OVERHEAD_BYTES, UploadBudget } from './upload-budget';
import { openDocumentTestSchema } from '../../../test/support/document-test-schema';
import { docxBytes, ofdBytes, xlsxBytes, zipOf } from '../../../test/support/zip';

const PDF_HEAD = Buffer.from('%PDF-1.7\n');
const PNG_HEAD = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const LIMIT = 1 * MiB;

/** A PDF-looking stream of `size` bytes, in chunks; `read` counts what was pulled from it. */
function pdfSource(size: number, chunk = 64 * 1024): Readable & { read_: number } {
  let produced = 0;
  const stream = new Readable({
    read() {
      if (produced >= size) {
        this.push(null);
        return;
      }
      const n = Math.min(chunk, size - produced);
      const buf = Buffer.alloc(n, produced % 251);
      if (produced === 0) PDF_HEAD.copy(buf);
      produced += n;
      stream.read_ = produced;
      this.push(buf);
    },
  }) as Readable & { read_: number };
  stream.read_ = 0;
  return stream;
}

async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

/** A stand-in for the sealing inspector: the content must start with "SEAL" and end with "END". */
function sealInspector(): Transform {
  let head = Buffer.alloc(0);
  let tail = Buffer.alloc(0);
  let checked = false;
  return new Transform({
    transform(chunk: Buffer, _enc, callback) {
      if (!checked) {
        head = Buffer.concat([head, chunk]);
        if (head.length >= 4) {
          checked = true;
          if (head.subarray(0, 4).toString() !== 'SEAL') return callback(new Error('not a sealed bid container'));
        }
      }
      tail = Buffer.concat([tail, chunk]).subarray(-3);
      callback(null, chunk);
    },
    flush(callback) {
      callback(tail.toString() === 'END' ? null : new Error('the container is truncated'));
    },
  });
}

describe('DocumentsService (local object store, PostgreSQL)', () => {
  let db: { dataSource: DataSource; drop: () => Promise<void> };
  let base: string;
  let root: string;
  let store: LocalObjectStore;
  let service: DocumentsService;
  const uploader = { createdBy: '5f0c1d7e-1111-4c3b-9d2e-0a0b0c0d0e0f', uploaderOrgId: '5f0c1d7e-2222-4c3b-9d2e-0a0b0c0d0e0f' };

  const rows = () => db.dataSource.manager.count(Document);

  beforeAll(async () => {
    db = await openDocumentTestSchema();
  });

  afterAll(async () => {
    await db?.drop();
  });

  beforeEach(async () => {
    base = await mkdtemp(path.join(tmpdir(), 'documents-service-'));
    root = path.join(base, 'objects');
    store = new LocalObjectStore({ root, linkSecret: 'x'.repeat(32) });
    const purposes = resolvePurposes({
      'pdf-only': { maxSize: LIMIT, types: ['pdf'] },
      [`notice-attachment`]: { maxSize: LIMIT },
      bid: { validator: sealInspector, contentType: 'application/vnd.etender.sealed-bid' },
    });
    service = new DocumentsService(store, purposes, db.dataSource);
    await db.dataSource.manager.clear(Document);
  });

  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('stores a PDF: hash and size computed while streaming, key generated, row written', async () => {
    const source = pdfSource(300 * 1024);
    const expected = await buffer(pdfSource(300 * 1024));
    const doc = await service.store('notice-attachment', source, { originalName: '招标文件（第一标段）.pdf', ...uploader });

    expect(doc).toMatchObject({
      purpose: 'notice-attachment',
      originalName: '招标文件（第一标段）.pdf',
      contentType: 'application/pdf',
      size: expected.length,
      sha256: createHash('sha256').update(expected).digest('hex'),
      ...uploader,
    });
    expect(doc.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(doc.objectKey).toMatch(new RegExp(`^notice-attachment/\\d{4}/\\d{2}/${doc.id}$`));
    expect(Math.abs(doc.createdAt.getTime() - Date.now())).toBeLessThan(10_000);

    const row = await db.dataSource.manager.findOneByOrFail(Document, { id: doc.id });
    expect({ ...row }).toEqual({ ...doc });
    expect(typeof row.size).toBe('number');
    expect(await buffer(await service.open(row))).toEqual(expected);
  });

  it('takes the type from the content: a ZIP-based type by its required entries, the name choosing among them', async () => {
    const docx = await service.store('notice-attachment', Readable.from([docxBytes()]), {
      originalName: '技术标.docx',
      declaredType: 'application/pdf',
    });
    expect(docx.contentType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const ofd = await service.store('notice-attachment', Readable.from([ofdBytes()]), { originalName: '公告.ofd' });
    expect(ofd.contentType).toBe('application/ofd');
    const xlsx = await service.store('notice-attachment', Readable.from([xlsxBytes()]), { originalName: '报价.xlsx' });
    expect(xlsx.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  });

  describe('the name’s extension and the content agree (OWASP ASVS V5.2)', () => {
    it('refuses a PDF named .exe, and a PDF named .docx', async () => {
      for (const name of ['招标文件.exe', '招标文件.docx']) {
        await expect(service.store('notice-attachment', pdfSource(10_000), { originalName: name })).rejects.toMatchObject({
          code: 'UPLOAD_EXTENSION_MISMATCH',
          status: 415,
          details: { detected: 'PDF', expected: ['pdf'] },
        });
      }
      expect(await filesUnder(root)).toEqual([]);
      expect(await rows()).toBe(0);
    });

    it('refuses 200 random bytes after a ZIP signature, named .pdf or .ofd', async () => {
      const fake = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(200)]);
      await expect(service.store('notice-attachment', Readable.from([fake]), { originalName: '招标文件.pdf' })).rejects.toMatchObject({
        code: 'UPLOAD_EXTENSION_MISMATCH',
      });
      await expect(service.store('notice-attachment', Readable.from([fake]), { originalName: '招标文件.ofd' })).rejects.toMatchObject({
        code: 'UPLOAD_TYPE_NOT_ALLOWED',
        details: { reason: expect.stringMatching(/not a complete ZIP archive/) },
      });
      expect(await filesUnder(root)).toEqual([]);
      expect(await rows()).toBe(0);
    });

    it('refuses an XLSX named .docx (the name says DOCX, the entries say XLSX), and a plain ZIP named .ofd', async () => {
      await expect(service.store('notice-attachment', Readable.from([xlsxBytes()]), { originalName: '技术标.docx' })).rejects.toMatchObject({
        code: 'UPLOAD_EXTENSION_MISMATCH',
        details: { extension: 'docx', detected: 'XLSX', expected: ['xlsx'] },
      });
      await expect(service.store('notice-attachment', Readable.from([zipOf({ 'a.txt': 'x' })]), { originalName: '公告.ofd' })).rejects.toMatchObject({
        code: 'UPLOAD_EXTENSION_MISMATCH',
        details: { detected: 'ZIP', expected: ['zip'] },
      });
      expect(await filesUnder(root)).toEqual([]);
    });

    it('gives a name without an extension the extension of its content', async () => {
      expect((await service.store('notice-attachment', pdfSource(1000), { originalName: '招标文件' })).originalName).toBe('招标文件.pdf');
      const ofd = await service.store('notice-attachment', Readable.from([ofdBytes()]), { originalName: '公告' });
      expect(ofd).toMatchObject({ originalName: '公告.ofd', contentType: 'application/ofd' });
    });
  });

  describe('file names', () => {
    it.each([
      ['NUL', 'a\u0000.pdf'],
      ['CR LF', 'a\r\n.pdf'],
      ['a right-to-left override', 'invoice\u202Efdp.pdf'],
    ])('refuses a name with %s with a clear 400, before reading the upload', async (_label, name) => {
      const source = pdfSource(1000);
      await expect(service.store('notice-attachment', source, { originalName: name })).rejects.toMatchObject({
        code: 'UPLOAD_FILE_NAME_INVALID',
        status: 400,
      });
      expect(source.read_).toBe(0);
      expect(await rows()).toBe(0);
    });

    it.each([
      ['path parts', '../../etc/招标文件.pdf', '招标文件.pdf'],
      ['Windows path parts', 'C:\\fakepath\\招标文件.pdf', '招标文件.pdf'],
      ['a long name', `${'标'.repeat(300)}.pdf`, `${'标'.repeat(251)}.pdf`],
    ])('stores a safe base name: %s', async (_label, name, stored) => {
      const doc = await service.store('notice-attachment', pdfSource(1000), { originalName: name });
      expect(doc.originalName).toBe(stored);
      expect(Array.from(doc.originalName).length).toBeLessThanOrEqual(255);
      expect(['/', '\\', '\u0000'].some((c) => doc.originalName.includes(c))).toBe(false);
    });

    it.each(['..', '.', '../..', ''])('stores %j as a base name that is neither empty, "." nor ".."', async (name) => {
      const doc = await service.store('notice-attachment', pdfSource(1000), { originalName: name });
      expect(doc.originalName).toBe('file.pdf');
    });
  });

  it('refuses a PNG renamed .pdf for a PDF-only purpose: no object, no row', async () => {
    const source = Readable.from([Buffer.concat([PNG_HEAD, Buffer.alloc(4096)])]);
    const refusal = service.store('pdf-only', source, { originalName: '营业执照.pdf', declaredType: 'application/pdf' });
    await expect(refusal).rejects.toMatchObject({ code: 'UPLOAD_TYPE_NOT_ALLOWED', status: 415 });
    await expect(refusal).rejects.toMatchObject({ zh: expect.stringContaining('PDF'), en: expect.stringContaining('PDF') });
    expect(source.destroyed).toBe(true);
    expect(await filesUnder(root)).toEqual([]);
    expect(await rows()).toBe(0);
  });

  it('refuses an upload of limit+1 bytes: no object, no row', async () => {
    await expect(service.store('pdf-only', pdfSource(LIMIT + 1), { originalName: 'a.pdf' })).rejects.toMatchObject({
      code: 'UPLOAD_TOO_LARGE',
      status: 413,
      details: { maxSize: LIMIT, purpose: 'pdf-only' },
    });
    expect(await filesUnder(root)).toEqual([]);
    expect(await rows()).toBe(0);
    // and the limit itself is allowed
    await expect(service.store('pdf-only', pdfSource(LIMIT), { originalName: 'a.pdf' })).resolves.toMatchObject({ size: LIMIT });
  });

  it('cuts an oversized upload off as soon as the limit is passed, without reading the rest', async () => {
    const source = pdfSource(LIMIT + 64 * MiB);
    await expect(service.store('pdf-only', source, { originalName: 'big.pdf' })).rejects.toMatchObject({
      code: 'UPLOAD_TOO_LARGE',
    });
    expect(source.destroyed).toBe(true);
    // a few chunks of read-ahead at most, not the 65 MiB
    expect(source.read_).toBeLessThan(LIMIT + 1 * MiB);
    expect(await filesUnder(root)).toEqual([]);
    expect(await rows()).toBe(0);
  });

  it('refuses at once when the announced size is over the limit, reading nothing', async () => {
    const source = pdfSource(10);
    await expect(
      service.store('pdf-only', source, { originalName: 'a.pdf', declaredSize: LIMIT + 1 }),
    ).rejects.toMatchObject({ code: 'UPLOAD_TOO_LARGE' });
    expect(source.read_).toBe(0);
    expect(source.destroyed).toBe(true);
  });

  it('refuses an upload that is not the size it announced', async () => {
    await expect(
      service.store('pdf-only', pdfSource(1000), { originalName: 'a.pdf', declaredSize: 999 }),
    ).rejects.toMatchObject({ code: 'UPLOAD_SIZE_MISMATCH' });
    await expect(
      service.store('pdf-only', pdfSource(1000), { originalName: 'a.pdf', declaredSize: 1001 }),
    ).rejects.toMatchObject({ code: 'UPLOAD_SIZE_MISMATCH' });
    expect(await filesUnder(root)).toEqual([]);
    expect(await rows()).toBe(0);
  });

  it('refuses an empty upload', async () => {
    await expect(service.store('pdf-only', Readable.from([]), { originalName: 'a.pdf' })).rejects.toMatchObject({
      code: 'UPLOAD_EMPTY',
      status: 400,
    });
    await expect(service.store('bid', Readable.from([]), { originalName: 'a.bid' })).rejects.toMatchObject({
      code: 'UPLOAD_EMPTY',
    });
    expect(await filesUnder(root)).toEqual([]);
  });

  it('leaves nothing when the uploader goes away half way', async () => {
    let sent = 0;
    const source = new Readable({
      read() {
        if (sent > 256 * 1024) return this.destroy(new Error('aborted'));
        this.push(sent === 0 ? Buffer.concat([PDF_HEAD, Buffer.alloc(64 * 1024)]) : Buffer.alloc(64 * 1024));
        sent += 64 * 1024;
      },
    });
    await expect(service.store('pdf-only', source, { originalName: 'a.pdf' })).rejects.toMatchObject({
      code: 'UPLOAD_INCOMPLETE',
    });
    expect(await filesUnder(root)).toEqual([]);
    expect(await rows()).toBe(0);
  });

  describe('the upload budget (UPLOAD_BUFFER_MIB): the memory of all uploads together', () => {
    it('lets as many uploads read as the budget holds; the others wait with their bodies unread, then all complete', async () => {
      const budget = new UploadBudget(3 * STREAM_OVERHEAD_BYTES); // the local store buffers nothing: three at once
      const bounded = new DocumentsService(store, resolvePurposes({ 'pdf-only': { maxSize: LIMIT, types: ['pdf'] } }), db.dataSource, undefined, budget);
      // how many bodies are being read at once: from their first read to their end
      let reading = 0;
      let most = 0;
      let mostWaiting = 0;
      const sources = Array.from({ length: 10 }, () => {
        const source = pdfSource(200 * 1024);
        const read = source._read.bind(source);
        let started = false;
        source._read = (n: number) => {
          if (!started) {
            started = true;
            most = Math.max(most, ++reading);
            mostWaiting = Math.max(mostWaiting, budget.waiting);
          }
          read(n);
        };
        source.once('end', () => reading--);
        return source;
      });
      const all = await Promise.all(sources.map((source, i) => bounded.store('pdf-only', source, { originalName: `${i}.pdf` })));
      expect(all).toHaveLength(10);
      expect(most).toBe(3);
      expect(mostWaiting).toBe(7);
      expect(budget.inUse).toBe(0);
    });

    it('reserves what the object store will buffer for the announced size, and gives it back after a refusal', async () => {
      const reserved: number[] = [];
      const budget = new UploadBudget(64 * MiB);
      const reserve = budget.reserve.bind(budget);
      budget.reserve = (bytes, source) => (reserved.push(bytes), reserve(bytes, source));
      class PartStore extends LocalObjectStore {
        override bufferFor(size?: number): number {
          return Math.min(size ?? 16 * MiB, 16 * MiB);
        }
      }
      const parts = new PartStore({ root, linkSecret: 'x'.repeat(32) });
      const bounded = new DocumentsService(parts, resolvePurposes({ 'pdf-only': { maxSize: LIMIT, types: ['pdf'] } }), db.dataSource, undefined, budget);
      await bounded.store('pdf-only', pdfSource(1000), { originalName: 'a.pdf', declaredSize: 1000 });
      await expect(bounded.store('pdf-only', Readable.from([PNG_HEAD]), { originalName: 'a.pdf' })).rejects.toMatchObject({ code: 'UPLOAD_TYPE_NOT_ALLOWED' });
      expect(reserved).toEqual([1000 + STREAM_OVERHEAD_BYTES, 16 * MiB + STREAM_OVERHEAD_BYTES]);
      expect(budget.inUse).toBe(0);
    });
  });

  describe('a purpose checked by a validator (sealed bids)', () => {
    it('stores content the validator accepts, with the purpose’s type', async () => {
      const doc = await service.store('bid', Readable.from([Buffer.from('SEAL'), Buffer.alloc(1000), Buffer.from('END')]), {
        originalName: '投标文件.bid',
      });
      expect(doc).toMatchObject({ contentType: 'application/vnd.etender.sealed-bid', size: 1007 });
    });

    it('refuses content the validator refuses at its start, and at its end', async () => {
      await expect(
        service.store('bid', Readable.from([Buffer.concat([PDF_HEAD, Buffer.alloc(100)])]), { originalName: 'plain.pdf' }),
      ).rejects.toMatchObject({ code: 'UPLOAD_TYPE_NOT_ALLOWED', details: { reason: 'not a sealed bid container' } });
      await expect(
        service.store('bid', Readable.from([Buffer.from('SEAL'), Buffer.alloc(100)]), { originalName: 'cut.bid' }),
      ).rejects.toMatchObject({ code: 'UPLOAD_TYPE_NOT_ALLOWED', details: { reason: 'the container is truncated' } });
      expect(await filesUnder(root)).toEqual([]);
      expect(await rows()).toBe(0);
    });

    it('leaves no temporary file once a refusal is returned, however soon the refusal comes (removed after its stream closed)', async () => {
      for (let i = 0; i < 30; i++) {
        await expect(
          service.store('bid', Readable.from([Buffer.concat([PDF_HEAD, Buffer.alloc(100)])]), { originalName: 'plain.pdf' }),
        ).rejects.toMatchObject({ code: 'UPLOAD_TYPE_NOT_ALLOWED' });
        await expect(
          service.store('bid', Readable.from([Buffer.from('SEAL'), Buffer.alloc(100)]), { originalName: 'cut.bid' }),
        ).rejects.toMatchObject({ code: 'UPLOAD_TYPE_NOT_ALLOWED' });
        expect(await filesUnder(root)).toEqual([]);
      }
    });

    it('passes a validator’s own DomainError through', async () => {
      const own = new DomainError('SEALED_BID_INVALID', 422, '投标文件未加密', 'The bid is not encrypted');
      const strict = new DocumentsService(
        store,
        resolvePurposes({
          bid: { validator: () => new Transform({ transform: (_c, _e, cb) => cb(own) }), contentType: 'application/octet-stream' },
        }),
        db.dataSource,
      );
      await expect(strict.store('bid', Readable.from([Buffer.from('x')]), { originalName: 'a' })).rejects.toBe(own);
    });

    it('refuses bids while no validator is configured (never accepts an unchecked bid)', async () => {
      const unconfigured = new DocumentsService(store, resolvePurposes({}), db.dataSource);
      const source = Readable.from([Buffer.from('SEAL...END')]);
      await expect(unconfigured.store('bid', source, { originalName: 'a' })).rejects.toThrow(/"bid" has no type check/);
      expect(source.destroyed).toBe(true);
    });
  });

  describe('a store that fails part way (the object store is down)', () => {
    /** Takes some bytes, then fails as S3 would; remembers what it was asked to delete. */
    class FailingStore extends LocalObjectStore {
      deleted: string[] = [];
      override async put(_key: string, stream: Readable): Promise<{ size: number; sha256: string }> {
        let n = 0;
        const hash = createHash('sha256');
        for await (const chunk of stream) {
          n += (chunk as Buffer).length;
          if (n > 200 * 1024) throw new Error('S3 is down');
          hash.update(chunk as Buffer);
        }
        return { size: n, sha256: hash.digest('hex') };
      }
      override async delete(key: string): Promise<void> {
        this.deleted.push(key);
        await super.delete(key); // real I/O, so that stream events pending meanwhile are delivered
      }
    }

    it.each([
      ['a typed purpose', 'pdf-only', () => pdfSource(LIMIT - 1)],
      ['a validated purpose', 'bid', () => Readable.from([Buffer.from('SEAL'), Buffer.alloc(512 * 1024), Buffer.from('END')])],
    ])('%s: the store’s own error, not a refusal of the upload', async (_label, purpose, source) => {
      const failing = new FailingStore({ root, linkSecret: 'x'.repeat(32) });
      const withFailingStore = new DocumentsService(
        failing,
        resolvePurposes({
          'pdf-only': { maxSize: LIMIT, types: ['pdf'] },
          bid: { validator: sealInspector, contentType: 'application/octet-stream' },
        }),
        db.dataSource,
      );
      const upload = source();
      await expect(withFailingStore.store(purpose, upload, { originalName: 'a' })).rejects.toThrow('S3 is down');
      expect(upload.destroyed).toBe(true);
      expect(failing.deleted).toHaveLength(1);
      expect(await rows()).toBe(0);
    });
  });

  it('writes the row in the caller’s transaction', async () => {
    let objectKey = '';
    await expect(
      db.dataSource.transaction(async (manager) => {
        const doc = await service.store('pdf-only', pdfSource(1000), { originalName: 'a.pdf', manager });
        objectKey = doc.objectKey;
        expect(await manager.countBy(Document, { id: doc.id })).toBe(1);
        throw new Error('the caller rolls back');
      }),
    ).rejects.toThrow('the caller rolls back');
    expect(await rows()).toBe(0);
    // the caller discards the object its rolled-back transaction no longer refers to
    await service.discardObject(objectKey);
    expect(await filesUnder(root)).toEqual([]);
  });

  it('deletes the object when the row cannot be written', async () => {
    await expect(
      service.store('pdf-only', pdfSource(1000), { originalName: 'a.pdf', createdBy: 'not-a-uuid' }),
    ).rejects.toThrow(/uuid/);
    expect(await filesUnder(root)).toEqual([]);
    expect(await rows()).toBe(0);
  });

  it('gives a download link that carries the Chinese name, and removes a document', async () => {
    const doc = await service.store('notice-attachment', pdfSource(100), { originalName: '澄清公告.pdf' });
    const url = new URL(await service.downloadLink(doc, 300), 'http://platform.test');
    const headers = {
      contentDisposition: url.searchParams.get('response-content-disposition')!,
      contentType: url.searchParams.get('response-content-type')!,
    };
    expect(headers).toEqual({
      contentDisposition: `attachment; filename="file.pdf"; filename*=UTF-8''%E6%BE%84%E6%B8%85%E5%85%AC%E5%91%8A.pdf`,
      contentType: 'application/pdf',
    });
    expect(store.verifyLink(doc.objectKey, url.searchParams.get('expires')!, url.searchParams.get('signature')!, headers)).toBe(true);

    await service.remove(doc);
    expect(await rows()).toBe(0);
    expect(await filesUnder(root)).toEqual([]);
    await expect(service.findById(doc.id)).rejects.toMatchObject({ code: 'DOCUMENT_NOT_FOUND', status: 404 });
  });
});

describe('resolvePurposes', () => {
  it('has the default limits: bids 2 GiB, notice attachments 200 MiB', () => {
    const purposes = resolvePurposes({});
    expect(purposes.get('bid')).toEqual({ problem: expect.stringContaining('"bid" has no type check') });
    expect(purposes.get('notice-attachment')).toMatchObject({ maxSize: 200 * MiB });
    const bid = resolvePurposes({ bid: { validator: sealInspector, contentType: 'application/octet-stream' } }).get('bid');
    expect(bid).toMatchObject({ maxSize: 2 * 1024 * MiB, contentType: 'application/octet-stream' });
  });

  it('refuses contradictory or incomplete settings at boot', () => {
    expect(() => resolvePurposes({ x: { maxSize: 10, types: ['pdf'], validator: sealInspector } as never })).toThrow(/either/);
    expect(() => resolvePurposes({ x: { maxSize: 0, types: ['pdf'] } })).toThrow(/maxSize/);
    expect(() => resolvePurposes({ x: { maxSize: 10, types: ['exe' as never] } })).toThrow(/types/);
    expect(() => resolvePurposes({ x: { maxSize: 10, validator: sealInspector } })).toThrow(/contentType/);
    expect(() => resolvePurposes({ 'Bad Name': { maxSize: 10, types: ['pdf'] } })).toThrow(/must match/);
  });
});
