import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { LocalObjectStore } from './local-object-store.adapter';

const SECRET = 'local-link-secret-for-tests-0123456789';

/** Files under a folder, recursively, relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

/** A stream that sends `before` bytes, then fails. */
function failingHalfway(before: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= before) {
        this.destroy(new Error('connection reset by the uploader'));
        return;
      }
      sent += 64 * 1024;
      this.push(Buffer.alloc(64 * 1024, 7));
    },
  });
}

describe('LocalObjectStore', () => {
  let base: string;
  let root: string;
  let clock: number;
  let store: LocalObjectStore;

  beforeEach(async () => {
    base = await mkdtemp(path.join(tmpdir(), 'local-store-'));
    root = path.join(base, 'objects');
    clock = Date.parse('2026-03-02T08:00:00Z');
    store = new LocalObjectStore({ root, linkSecret: SECRET, now: () => clock });
  });

  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('puts, gets, stats and deletes an object', async () => {
    const content = Buffer.from('投标文件 content '.repeat(1000));
    const result = await store.put('bid/2026/03/abc', Readable.from([content.subarray(0, 100), content.subarray(100)]));
    expect(result).toEqual({ size: content.length, sha256: createHash('sha256').update(content).digest('hex') });

    expect(await text(await store.get('bid/2026/03/abc'))).toBe(content.toString());
    const info = await store.stat('bid/2026/03/abc');
    expect(info.size).toBe(content.length);
    expect(Math.abs(info.lastModified.getTime() - Date.now())).toBeLessThan(60_000);

    await store.delete('bid/2026/03/abc');
    await expect(store.stat('bid/2026/03/abc')).rejects.toMatchObject({ code: 'OBJECT_NOT_FOUND', status: 404 });
    await expect(store.get('bid/2026/03/abc')).rejects.toMatchObject({ code: 'OBJECT_NOT_FOUND' });
    await expect(store.delete('bid/2026/03/abc')).resolves.toBeUndefined();
    expect(await filesUnder(root)).toEqual([]);
  });

  it('treats a key that names a folder as no object', async () => {
    await store.put('notice-attachment/2026/03/x', Readable.from([Buffer.from('a')]));
    await expect(store.get('notice-attachment/2026')).rejects.toMatchObject({ code: 'OBJECT_NOT_FOUND' });
    await expect(store.stat('notice-attachment/2026')).rejects.toMatchObject({ code: 'OBJECT_NOT_FOUND' });
  });

  it('leaves nothing (no object, no temporary file) when the source fails half way', async () => {
    await expect(store.put('bid/2026/03/half', failingHalfway(1024 * 1024))).rejects.toThrow('connection reset');
    expect(await filesUnder(root)).toEqual([]);
  });

  it('keeps the previous object when a replacement fails half way (write is atomic)', async () => {
    await store.put('bid/2026/03/same', Readable.from([Buffer.from('first version')]));
    await expect(store.put('bid/2026/03/same', failingHalfway(512 * 1024))).rejects.toThrow();
    expect(await text(await store.get('bid/2026/03/same'))).toBe('first version');
    expect(await filesUnder(root)).toEqual([path.join('bid', '2026', '03', 'same')]);
  });

  it('refuses a stream longer or shorter than the size it was given', async () => {
    await expect(store.put('a/long', Readable.from([Buffer.alloc(11)]), { size: 10 })).rejects.toMatchObject({
      code: 'UPLOAD_SIZE_MISMATCH',
    });
    await expect(store.put('a/short', Readable.from([Buffer.alloc(9)]), { size: 10 })).rejects.toMatchObject({
      code: 'UPLOAD_SIZE_MISMATCH',
    });
    expect(await filesUnder(root)).toEqual([]);
    await expect(store.put('a/exact', Readable.from([Buffer.alloc(10)]), { size: 10 })).resolves.toMatchObject({ size: 10 });
  });

  describe('refuses keys that could leave its root, on every method', () => {
    const badKeys: [string, string][] = [
      ['parent', '../escaped'],
      ['parent in the middle', 'bid/../../escaped'],
      ['dot segment', 'bid/./x'],
      ['only dots', '..'],
      ['absolute path', '/etc/passwd'],
      ['absolute path (Windows)', 'C:\\Windows\\win.ini'],
      ['backslashes', 'bid\\..\\..\\escaped'],
      ['NUL', 'bid/x\u0000.pdf'],
      ['URL-encoded dots', '%2e%2e/escaped'],
      ['URL-encoded slash', 'bid%2f..%2fescaped'],
      ['double-encoded dots', '%252e%252e/escaped'],
      ['hidden (temporary) folder', '.tmp/x'],
      ['empty segment', 'bid//x'],
      ['trailing slash', 'bid/x/'],
      ['empty', ''],
      ['newline', 'bid/x\n'],
      ['too long', `a/${'b'.repeat(600)}`],
    ];

    it.each(badKeys)('%s: %j', async (_label, key) => {
      const outside = path.join(base, 'escaped');
      await expect(store.put(key, Readable.from([Buffer.from('x')]))).rejects.toMatchObject({ code: 'OBJECT_KEY_INVALID' });
      await expect(store.get(key)).rejects.toMatchObject({ code: 'OBJECT_KEY_INVALID' });
      await expect(store.stat(key)).rejects.toMatchObject({ code: 'OBJECT_KEY_INVALID' });
      await expect(store.delete(key)).rejects.toMatchObject({ code: 'OBJECT_KEY_INVALID' });
      await expect(store.presignedGetUrl(key, 60)).rejects.toMatchObject({ code: 'OBJECT_KEY_INVALID' });
      expect(store.verifyLink(key, Math.floor(clock / 1000) + 60, '0'.repeat(64))).toBe(false);
      expect(existsSync(outside)).toBe(false);
      expect(await filesUnder(root)).toEqual([]);
    });

    it('does not delete a file outside its root', async () => {
      const victim = path.join(base, 'victim.txt');
      await writeFile(victim, 'keep me');
      await expect(store.delete('../victim.txt')).rejects.toMatchObject({ code: 'OBJECT_KEY_INVALID' });
      expect(existsSync(victim)).toBe(true);
    });
  });

  describe('time-limited links', () => {
    const key = 'notice-attachment/2026/03/0b6c1f3e-8a57-4b8f-9a43-5d1ed1b0a6f1';

    function parse(link: string) {
      const url = new URL(link, 'http://platform.test');
      return {
        path: url.pathname,
        key: url.pathname.replace(/^\/files\//, '').split('/').map(decodeURIComponent).join('/'),
        expires: url.searchParams.get('expires')!,
        signature: url.searchParams.get('signature')!,
        headers: {
          contentDisposition: url.searchParams.get('response-content-disposition') ?? undefined,
          contentType: url.searchParams.get('response-content-type') ?? undefined,
        },
      };
    }

    it('signs a link that verifies until it expires, and not a second later', async () => {
      const link = parse(await store.presignedGetUrl(key, 600));
      expect(link.path).toBe(`/files/${key}`);
      expect(link.expires).toBe(String(clock / 1000 + 600));
      expect(store.verifyLink(link.key, link.expires, link.signature)).toBe(true);
      clock += 600_000;
      expect(store.verifyLink(link.key, link.expires, link.signature)).toBe(true);
      clock += 1000;
      expect(store.verifyLink(link.key, link.expires, link.signature)).toBe(false);
    });

    it('refuses a forged signature, another key, a moved expiry and another store secret', async () => {
      const link = parse(await store.presignedGetUrl(key, 600));
      const flipped = (link.signature[0] === 'a' ? 'b' : 'a') + link.signature.slice(1);
      expect(store.verifyLink(link.key, link.expires, flipped)).toBe(false);
      expect(store.verifyLink(link.key, link.expires, '0'.repeat(64))).toBe(false);
      expect(store.verifyLink(link.key, link.expires, link.signature.toUpperCase())).toBe(false);
      expect(store.verifyLink(link.key, link.expires, '')).toBe(false);
      expect(store.verifyLink('notice-attachment/2026/03/other', link.expires, link.signature)).toBe(false);
      expect(store.verifyLink(link.key, String(Number(link.expires) + 3600), link.signature)).toBe(false);
      expect(store.verifyLink(link.key, `${link.expires}.0`, link.signature)).toBe(false);
      const other = new LocalObjectStore({ root, linkSecret: `${SECRET}-other`, now: () => clock });
      expect(other.verifyLink(link.key, link.expires, link.signature)).toBe(false);
    });

    it('signs the response headers the link carries', async () => {
      const headers = {
        contentDisposition: `attachment; filename="file.pdf"; filename*=UTF-8''%E6%8B%9B%E6%A0%87.pdf`,
        contentType: 'application/pdf',
      };
      const link = parse(await store.presignedGetUrl(key, 60, headers));
      expect(link.headers).toEqual(headers);
      expect(store.verifyLink(link.key, link.expires, link.signature, link.headers)).toBe(true);
      expect(
        store.verifyLink(link.key, link.expires, link.signature, { ...link.headers, contentType: 'text/html' }),
      ).toBe(false);
      expect(store.verifyLink(link.key, link.expires, link.signature)).toBe(false);
    });

    it('refuses expiries S3 would refuse', async () => {
      await expect(store.presignedGetUrl(key, 0)).rejects.toThrow(RangeError);
      await expect(store.presignedGetUrl(key, 7 * 24 * 3600 + 1)).rejects.toThrow(RangeError);
    });
  });

  it('needs a link secret of at least 32 characters', () => {
    expect(() => new LocalObjectStore({ root: '/tmp/x', linkSecret: 'short' })).toThrow(/linkSecret/);
  });
});
