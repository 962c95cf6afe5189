import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { mkdir, open, rename, rm, stat, unlink } from 'node:fs/promises';
import * as path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ObjectStoreErrors, UploadErrors } from '../documents.errors';
import { assertValidObjectKey } from './object-key';
import {
  assertLinkExpiry,
  LinkResponseHeaders,
  ObjectStat,
  ObjectStore,
  PutObjectOptions,
  PutObjectResult,
} from './object-store.port';

export interface LocalObjectStoreOptions {
  /** Folder that holds the objects; created if missing. */
  root: string;
  /** Secret for the HMAC that signs time-limited links (at least 32 characters). */
  linkSecret: string;
  /** Where the API serves signed links (`GET <linkBaseUrl>/<key>?expires=…&signature=…`). Default `/files`. */
  linkBaseUrl?: string;
  /** Clock in milliseconds, for link expiry. Default `Date.now`. */
  now?: () => number;
}

/** Temporary files live beside the objects (same file system, so the final rename is atomic). */
const TEMP_DIR = '.tmp';

/**
 * Local-disk adapter for the embedded default (a data folder, no server). Writes go to a temporary file
 * that is flushed and renamed into place, so a reader never sees half an object and a failed write leaves
 * nothing. Time-limited links are signed with an HMAC over the key, the expiry and the response headers;
 * the API checks them with `verifyLink` before it streams the object.
 */
export class LocalObjectStore implements ObjectStore {
  readonly driver = 'local' as const;
  private readonly root: string;
  private readonly linkSecret: string;
  private readonly linkBaseUrl: string;
  private readonly now: () => number;

  constructor(options: LocalObjectStoreOptions) {
    if (!options.root) throw new Error('LocalObjectStore: root is required');
    if (!options.linkSecret || options.linkSecret.length < 32) {
      throw new Error('LocalObjectStore: linkSecret must have at least 32 characters');
    }
    this.root = path.resolve(options.root);
    this.linkSecret = options.linkSecret;
    this.linkBaseUrl = (options.linkBaseUrl ?? '/files').replace(/\/+$/, '');
    this.now = options.now ?? Date.now;
  }

  bufferFor(): number {
    return 0;
  }

  async put(key: string, stream: Readable, options: PutObjectOptions = {}): Promise<PutObjectResult> {
    const target = this.pathOf(key);
    const tempDir = path.join(this.root, TEMP_DIR);
    await mkdir(tempDir, { recursive: true });
    const temp = path.join(tempDir, `${randomUUID()}.part`);
    const expected = options.size;
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        if (expected !== undefined && size > expected) return callback(UploadErrors.sizeMismatch(expected, size));
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    // The temporary file is created before anything is read, so that a refusal at the first bytes cannot race
    // the file's opening and leave a part file behind after the clean-up below.
    const file = await open(temp, 'wx');
    try {
      await pipeline(stream, meter, file.createWriteStream({ flush: true }));
      if (expected !== undefined && size !== expected) throw UploadErrors.sizeMismatch(expected, size);
      await mkdir(path.dirname(target), { recursive: true });
      await rename(temp, target);
    } catch (err) {
      stream.destroy();
      await rm(temp, { force: true });
      throw err;
    }
    return { size, sha256: hash.digest('hex') };
  }

  async get(key: string): Promise<Readable> {
    const file = this.pathOf(key);
    const handle = await open(file, 'r').catch((err: NodeJS.ErrnoException) => {
      throw err.code === 'ENOENT' || err.code === 'ENOTDIR' ? ObjectStoreErrors.notFound() : err;
    });
    const info = await handle.stat();
    if (!info.isFile()) {
      await handle.close();
      throw ObjectStoreErrors.notFound();
    }
    return handle.createReadStream();
  }

  async stat(key: string): Promise<ObjectStat> {
    const info = await stat(this.pathOf(key)).catch((err: NodeJS.ErrnoException) => {
      throw err.code === 'ENOENT' || err.code === 'ENOTDIR' ? ObjectStoreErrors.notFound() : err;
    });
    if (!info.isFile()) throw ObjectStoreErrors.notFound();
    return { key, size: info.size, lastModified: info.mtime };
  }

  async delete(key: string): Promise<void> {
    await unlink(this.pathOf(key)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT' && err.code !== 'ENOTDIR') throw err;
    });
  }

  async presignedGetUrl(key: string, expirySeconds: number, headers: LinkResponseHeaders = {}): Promise<string> {
    assertValidObjectKey(key);
    assertLinkExpiry(expirySeconds);
    const expires = Math.floor(this.now() / 1000) + expirySeconds;
    const query = new URLSearchParams({ expires: String(expires) });
    if (headers.contentDisposition) query.set('response-content-disposition', headers.contentDisposition);
    if (headers.contentType) query.set('response-content-type', headers.contentType);
    query.set('signature', this.sign(key, expires, headers));
    return `${this.linkBaseUrl}/${key.split('/').map(encodeURIComponent).join('/')}?${query.toString()}`;
  }

  /**
   * True when a link's signature is ours and it has not expired. `expires` and `signature` come from the
   * query string as they are; the response headers must be the ones the link carries. Never throws.
   */
  verifyLink(key: string, expires: string | number, signature: string, headers: LinkResponseHeaders = {}): boolean {
    try {
      assertValidObjectKey(key);
    } catch {
      return false;
    }
    const expiresText = String(expires);
    if (!/^\d{1,12}$/.test(expiresText) || typeof signature !== 'string' || !/^[0-9a-f]{64}$/.test(signature)) {
      return false;
    }
    const expiresAt = Number(expiresText);
    const expected = Buffer.from(this.sign(key, expiresAt, headers), 'hex');
    const given = Buffer.from(signature, 'hex');
    if (!timingSafeEqual(expected, given)) return false;
    return Math.floor(this.now() / 1000) <= expiresAt;
  }

  private sign(key: string, expires: number, headers: LinkResponseHeaders): string {
    const payload = ['v1', key, String(expires), headers.contentDisposition ?? '', headers.contentType ?? ''].join('\n');
    return createHmac('sha256', this.linkSecret).update(payload, 'utf8').digest('hex');
  }

  /** The file of a key, after checking the key; never outside the root. */
  private pathOf(key: string): string {
    assertValidObjectKey(key);
    const file = path.resolve(this.root, ...key.split('/'));
    if (!file.startsWith(this.root + path.sep)) throw ObjectStoreErrors.invalidKey('outside the store');
    return file;
  }
}
