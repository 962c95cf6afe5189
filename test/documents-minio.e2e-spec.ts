// The MinIO adapter against a real S3 server on loopback (OpenStack Swift with s3api; see
// scripts/services/s3.js). The test runner sets S3_*; run alone, this file starts the server itself.
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { Client } from 'minio';
import {
  contentDisposition,
  DocumentsService,
  MiB,
  MinioObjectStore,
  resolvePurposes,
} from '@app/documents';
import { Document } from '@app/documents/document.entity';
import { openDocumentTestSchema } from './support/document-test-schema';
import { minioOptions, s3Env, type S3Env } from './support/s3-env';

/**
 * `size` bytes of incompressible, reproducible data in 1 MiB chunks, made on demand (nothing held), with
 * the SHA-256 of what was sent; `failAt` makes the stream error once that many bytes were sent.
 */
function generated(size: number, options: { failAt?: number; seed?: string } = {}) {
  const hash = createHash('sha256');
  let sent = 0;
  const block = randomBytes(MiB);
  const stream = new Readable({
    read() {
      if (options.failAt !== undefined && sent >= options.failAt) {
        this.destroy(new Error('the uploader went away'));
        return;
      }
      if (sent >= size) {
        this.push(null);
        return;
      }
      const n = Math.min(MiB, size - sent);
      const chunk = Buffer.from(block.subarray(0, n));
      chunk.writeUInt32BE(sent / MiB, 0); // every chunk differs
      hash.update(chunk);
      sent += n;
      this.push(chunk);
    },
  });
  return { stream, sha256: () => hash.digest('hex'), sent: () => sent };
}

async function sha256Of(stream: Readable): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

describe('MinioObjectStore against an S3 server (Swift s3api)', () => {
  let env: S3Env;
  let client: Client;
  let store: MinioObjectStore;
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const run = `e2e/${runId}`;
  /** A purpose of this run only: the service's keys start with it, so runs side by side do not meet. */
  const purpose = `e2e-${runId}`;

  async function objectsUnder(prefix: string): Promise<string[]> {
    const names: string[] = [];
    for await (const item of client.listObjectsV2(env.S3_BUCKET, prefix, true)) names.push(item.name!);
    return names;
  }

  /**
   * Keys of the multipart uploads begun and neither completed nor aborted (ListMultipartUploads). Asked
   * without a delimiter: the client's recursive listing sends an empty one, which Swift answers with the
   * prefix as a common prefix instead of the uploads.
   */
  async function incompleteUploadsUnder(prefix: string): Promise<string[]> {
    return (await incompleteUploads(prefix)).map((u) => u.key);
  }

  async function incompleteUploads(prefix: string): Promise<{ key: string; uploadId: string }[]> {
    const res = await client.makeRequestAsync({
      method: 'GET',
      bucketName: env.S3_BUCKET,
      query: `uploads&max-uploads=1000&prefix=${encodeURIComponent(prefix)}`,
    });
    const xml = (await buffer(res)).toString('utf8');
    expect(xml).toContain('<ListMultipartUploadsResult');
    expect(xml).not.toContain('<IsTruncated>true</IsTruncated>');
    return [...xml.matchAll(/<Upload>\s*<Key>([^<]*)<\/Key>\s*<UploadId>([^<]*)<\/UploadId>/g)].map((m) => ({
      key: m[1],
      uploadId: m[2],
    }));
  }

  beforeAll(async () => {
    env = await s3Env();
    env = { ...env, S3_REGION: env.S3_REGION || 'us-east-1', S3_BUCKET: env.S3_BUCKET || 'etender-test' };
    const o = minioOptions(env);
    client = new Client({ ...o, pathStyle: true });
    store = new MinioObjectStore(o);
    await store.ensureBucket();
  }, 10 * 60_000);

  afterAll(async () => {
    if (!client) return;
    const left = await objectsUnder(`${run}/`);
    if (left.length > 0) await client.removeObjects(env.S3_BUCKET, left);
    // (not client.removeIncompleteUpload: it lists with an empty delimiter too, and so finds nothing on Swift)
    for (const prefix of [`${run}/`, `${purpose}/`]) {
      for (const upload of await incompleteUploads(prefix)) {
        await client.abortMultipartUpload(env.S3_BUCKET, upload.key, upload.uploadId);
      }
    }
  });

  it('creates its bucket when it is missing', async () => {
    const bucket = `${env.S3_BUCKET}-${Date.now().toString(36)}`.slice(0, 63);
    expect(await client.bucketExists(bucket)).toBe(false);
    await new MinioObjectStore(minioOptions(env, { bucket })).ensureBucket();
    expect(await client.bucketExists(bucket)).toBe(true);
    // and finds it there the next time
    await expect(new MinioObjectStore(minioOptions(env, { bucket })).ensureBucket()).resolves.toBeUndefined();
    await client.removeBucket(bucket);
  });

  it('puts a stream of unknown length, gets it back, stats and deletes it', async () => {
    const key = `${run}/small`;
    const content = Buffer.from('开标记录 opening record\n'.repeat(500));
    const result = await store.put(key, Readable.from([content.subarray(0, 1000), content.subarray(1000)]), {
      contentType: 'application/pdf',
    });
    expect(result).toEqual({ size: content.length, sha256: createHash('sha256').update(content).digest('hex') });

    expect(await buffer(await store.get(key))).toEqual(content);
    const info = await store.stat(key);
    expect(info).toMatchObject({ key, size: content.length, contentType: 'application/pdf' });
    expect(Math.abs(info.lastModified.getTime() - Date.now())).toBeLessThan(5 * 60_000);

    await store.delete(key);
    await expect(store.stat(key)).rejects.toMatchObject({ code: 'OBJECT_NOT_FOUND', status: 404 });
    await expect(store.get(key)).rejects.toMatchObject({ code: 'OBJECT_NOT_FOUND' });
    await expect(store.delete(key)).resolves.toBeUndefined();
  });

  it('puts an empty object', async () => {
    const key = `${run}/empty`;
    await expect(store.put(key, Readable.from([]))).resolves.toMatchObject({ size: 0 });
    expect((await store.stat(key)).size).toBe(0);
  });

  it('puts a stream of known length in parts, and refuses one shorter than announced', async () => {
    const small = new MinioObjectStore(minioOptions(env, { partSize: 5 * MiB }));
    const key = `${run}/known`;
    const data = generated(12 * MiB + 5);
    await expect(small.put(key, data.stream, { size: 12 * MiB + 5 })).resolves.toMatchObject({ size: 12 * MiB + 5 });
    expect(await sha256Of(await small.get(key))).toEqual({ sha256: data.sha256(), size: 12 * MiB + 5 });

    const short = `${run}/known-short`;
    await expect(small.put(short, generated(12 * MiB).stream, { size: 12 * MiB + 5 })).rejects.toMatchObject({
      code: 'UPLOAD_SIZE_MISMATCH',
    });
    await expect(small.stat(short)).rejects.toMatchObject({ code: 'OBJECT_NOT_FOUND' });
    expect(await incompleteUploadsUnder(short)).toEqual([]);
  });

  it('stores a 200 MiB object in parts and reads it back with the same SHA-256', async () => {
    const key = `${run}/large`;
    const size = 200 * MiB;
    const data = generated(size);
    const started = Date.now();
    const result = await store.put(key, data.stream);
    const putSeconds = (Date.now() - started) / 1000;
    expect(result).toEqual({ size, sha256: data.sha256() });
    expect((await store.stat(key)).size).toBe(size);
    const back = await sha256Of(await store.get(key));
    expect(back).toEqual({ size, sha256: result.sha256 });
    console.log(`200 MiB put in ${putSeconds.toFixed(1)} s, read back in ${((Date.now() - started) / 1000 - putSeconds).toFixed(1)} s`);
    await store.delete(key);
  }, 5 * 60_000);

  it('leaves nothing when the source errors half way through a multipart upload', async () => {
    const key = `${run}/aborted-multipart`;
    const data = generated(80 * MiB, { failAt: 40 * MiB });
    await expect(store.put(key, data.stream)).rejects.toThrow('the uploader went away');
    expect(data.sent()).toBe(40 * MiB); // two 16 MiB parts had been uploaded
    await expect(store.stat(key)).rejects.toMatchObject({ code: 'OBJECT_NOT_FOUND' });
    expect(await objectsUnder(key)).toEqual([]);
    expect(await incompleteUploadsUnder(key)).toEqual([]);
    expect(await incompleteUploadsUnder(`${run}/`)).toEqual([]);
  }, 2 * 60_000);

  it('leaves nothing when the source errors before its first part is complete', async () => {
    const key = `${run}/aborted-small`;
    await expect(store.put(key, generated(8 * MiB, { failAt: 3 * MiB }).stream)).rejects.toThrow('the uploader went away');
    await expect(store.stat(key)).rejects.toMatchObject({ code: 'OBJECT_NOT_FOUND' });
    expect(await incompleteUploadsUnder(key)).toEqual([]);
  });

  describe('time-limited links', () => {
    const name = '招标文件（第一标段）.pdf';
    const content = Buffer.from('%PDF-1.7\n公告附件\n');
    let key: string;

    beforeAll(async () => {
      key = `${run}/linked`;
      await store.put(key, Readable.from([content]), { contentType: 'application/octet-stream' });
    });

    it('serves the object with the Chinese name and type the link carries', async () => {
      const link = await store.presignedGetUrl(key, 300, {
        contentDisposition: contentDisposition(name),
        contentType: 'application/pdf',
      });
      const res = await fetch(link);
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer())).toEqual(content);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-disposition')).toBe(contentDisposition(name));
    });

    it('refuses a link with a forged signature or changed parameters (403)', async () => {
      const link = new URL(await store.presignedGetUrl(key, 300, { contentDisposition: contentDisposition(name) }));
      const signature = link.searchParams.get('X-Amz-Signature')!;
      const forged = new URL(link);
      forged.searchParams.set('X-Amz-Signature', (signature[0] === 'a' ? 'b' : 'a') + signature.slice(1));
      expect((await fetch(forged)).status).toBe(403);

      const otherHeader = new URL(link);
      otherHeader.searchParams.set('response-content-disposition', 'inline; filename="evil.html"');
      expect((await fetch(otherHeader)).status).toBe(403);

      const otherKey = new URL(link);
      otherKey.pathname = otherKey.pathname.replace(/linked$/, 'small');
      expect((await fetch(otherKey)).status).toBe(403);

      const longer = new URL(link);
      longer.searchParams.set('X-Amz-Expires', '600');
      expect((await fetch(longer)).status).toBe(403);
    });

    it('refuses an expired link (403) that worked before it expired', async () => {
      // 5 s, not 1: on a loaded machine the first fetch alone took longer than a second (then 403 where 200 was due)
      const link = await store.presignedGetUrl(key, 5);
      expect((await fetch(link)).status).toBe(200);
      // then until the instant the link itself names has passed (X-Amz-Date + X-Amz-Expires, whole seconds)
      const params = new URL(link).searchParams;
      const signedAt = Date.parse(params.get('X-Amz-Date')!.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
      const expiresAt = signedAt + Number(params.get('X-Amz-Expires')) * 1000;
      expect(expiresAt - signedAt).toBe(5000);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt + 1100 - Date.now())));
      const res = await fetch(link);
      expect(res.status).toBe(403);
      expect(await res.text()).toMatch(/AccessDenied|expired/i);
    });
  });

  it('refuses bad keys on every method', async () => {
    for (const key of ['../x', '/abs', 'a\\b', 'a/%2e%2e/b', 'a\u0000b', '']) {
      await expect(store.put(key, Readable.from([Buffer.from('x')]))).rejects.toMatchObject({ code: 'OBJECT_KEY_INVALID' });
      await expect(store.get(key)).rejects.toMatchObject({ code: 'OBJECT_KEY_INVALID' });
      await expect(store.stat(key)).rejects.toMatchObject({ code: 'OBJECT_KEY_INVALID' });
      await expect(store.delete(key)).rejects.toMatchObject({ code: 'OBJECT_KEY_INVALID' });
      await expect(store.presignedGetUrl(key, 60)).rejects.toMatchObject({ code: 'OBJECT_KEY_INVALID' });
    }
  });

  describe('DocumentsService over MinIO', () => {
    let db: Awaited<ReturnType<typeof openDocumentTestSchema>>;
    let service: DocumentsService;
    let parts: MinioObjectStore;

    beforeAll(async () => {
      db = await openDocumentTestSchema();
      parts = new MinioObjectStore(minioOptions(env, { partSize: 5 * MiB }));
      service = new DocumentsService(
        parts,
        resolvePurposes({ [purpose]: { maxSize: 12 * MiB, types: ['pdf', 'png'] } }),
        db.dataSource,
      );
    });

    afterAll(async () => {
      const rows = await db.dataSource.manager.find(Document);
      for (const row of rows) await parts.delete(row.objectKey);
      await db.drop();
    });

    it('stores a document: row and object agree on size and SHA-256', async () => {
      const data = generated(11 * MiB);
      const head = Buffer.from('%PDF-1.7\n');
      const source = Readable.from(
        (async function* () {
          yield head;
          yield* data.stream;
        })(),
      );
      const doc = await service.store(purpose, source, { originalName: '澄清.pdf' });
      expect(doc.objectKey.startsWith(`${purpose}/`)).toBe(true);
      expect(doc.size).toBe(11 * MiB + head.length);
      const back = await sha256Of(await parts.get(doc.objectKey));
      expect(back).toEqual({ size: doc.size, sha256: doc.sha256 });
      expect((await parts.stat(doc.objectKey)).contentType).toBe('application/pdf');
    });

    it('cuts off an upload over the limit after parts were sent: no object, no upload left, no row', async () => {
      const head = Buffer.from('%PDF-1.7\n');
      const data = generated(100 * MiB);
      const source = Readable.from(
        (async function* () {
          yield head;
          yield* data.stream;
        })(),
      );
      const before = await db.dataSource.manager.count(Document);
      await expect(service.store(purpose, source, { originalName: 'big.pdf' })).rejects.toMatchObject({
        code: 'UPLOAD_TOO_LARGE',
      });
      // stopped at the limit: what was read past it is the read-ahead of the stages (a chunk of 1 MiB each)
      expect(data.sent()).toBeLessThan(12 * MiB + 8 * MiB);
      expect(data.stream.destroyed).toBe(true);
      expect(await db.dataSource.manager.count(Document)).toBe(before);
      expect(await incompleteUploadsUnder(`${purpose}/`)).toEqual([]);
      const keys = (await db.dataSource.manager.find(Document)).map((d) => d.objectKey);
      expect((await objectsUnder(`${purpose}/`)).filter((k) => !keys.includes(k))).toEqual([]);
    }, 60_000);
  });
});
