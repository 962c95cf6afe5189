import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { Client, S3Error } from 'minio';
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

const MiB = 1024 * 1024;
const MAX_PARTS = 10_000;
const MIN_PART_SIZE = 5 * MiB;
const MAX_OBJECT_SIZE = 5 * 1024 * 1024 * MiB;

export interface MinioObjectStoreOptions {
  endPoint: string;
  port: number;
  useSSL: boolean;
  accessKey: string;
  secretKey: string;
  region: string;
  bucket: string;
  /** Bytes per multipart part (memory held per upload in flight). Default 16 MiB, at least 5 MiB. */
  partSize?: number;
  /** Path-style URLs (`host/bucket/key`). Default true (MinIO and most S3-compatible servers). */
  pathStyle?: boolean;
}

type PartTag = { part: number; etag: string };

/**
 * MinIO / S3 adapter over the `minio` client. The upload path is its own (initiate, parts, complete)
 * rather than `client.putObject` for streams, because the client's stream path (8.0.7) neither notices a
 * source that errors (it waits for ever) nor aborts the multipart upload it started. Here a part is
 * buffered (S3 SigV4 signs each part's SHA-256 and needs its length), uploaded, and released, so memory
 * stays at one part per upload whatever the object's size (and no more than the object when its size is
 * known: see `bufferFor`, which the shared upload budget reserves); any failure aborts the multipart upload.
 */
export class MinioObjectStore implements ObjectStore {
  readonly driver = 'minio' as const;
  readonly bucket: string;
  private readonly client: Client;
  private readonly region: string;
  private readonly partSize: number;
  private bucketReady?: Promise<void>;
  private readonly logger = new Logger(MinioObjectStore.name);

  constructor(options: MinioObjectStoreOptions) {
    this.bucket = options.bucket;
    this.region = options.region;
    this.partSize = options.partSize ?? 16 * MiB;
    if (!Number.isInteger(this.partSize) || this.partSize < MIN_PART_SIZE) {
      throw new Error(`MinioObjectStore: partSize must be an integer of at least ${MIN_PART_SIZE} bytes`);
    }
    this.client = new Client({
      endPoint: options.endPoint,
      port: options.port,
      useSSL: options.useSSL,
      accessKey: options.accessKey,
      secretKey: options.secretKey,
      region: options.region,
      pathStyle: options.pathStyle ?? true,
    });
  }

  /** Creates the bucket if it is missing (once per instance; retried after a failure). */
  ensureBucket(): Promise<void> {
    this.bucketReady ??= (async () => {
      if (await this.client.bucketExists(this.bucket)) return;
      try {
        await this.client.makeBucket(this.bucket, this.region);
      } catch (err) {
        // another process created it in the meantime
        if (!(err instanceof S3Error && (err.code === 'BucketAlreadyOwnedByYou' || err.code === 'BucketAlreadyExists'))) {
          throw err;
        }
      }
    })().catch((err: unknown) => {
      this.bucketReady = undefined;
      throw err;
    });
    return this.bucketReady;
  }

  async put(key: string, stream: Readable, options: PutObjectOptions = {}): Promise<PutObjectResult> {
    assertValidObjectKey(key);
    const expected = options.size;
    if (expected !== undefined && (!Number.isInteger(expected) || expected < 0 || expected > MAX_OBJECT_SIZE)) {
      throw new RangeError(`size must be an integer from 0 to ${MAX_OBJECT_SIZE}`);
    }
    await this.ensureBucket();
    const headers: Record<string, string> = options.contentType ? { 'Content-Type': options.contentType } : {};
    const partSize = this.partSizeFor(expected);
    const hash = createHash('sha256');
    let size = 0;
    // One buffer per part, sized to what is left when the size is known (a 2 MiB upload holds 2 MiB, not a
    // 16 MiB part), filled in place: no concatenation, so a part is never held twice.
    const partLength = () => (expected === undefined ? partSize : Math.max(1, Math.min(partSize, expected - size)));
    let part: Buffer | undefined;
    let filled = 0;
    let uploadId: string | undefined;
    const parts: PartTag[] = [];
    try {
      for await (const chunk of stream) {
        const buffer: Buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
        if (expected !== undefined && size + buffer.length > expected) throw UploadErrors.sizeMismatch(expected, size + buffer.length);
        if (size + buffer.length > partSize * MAX_PARTS) throw new RangeError(`object larger than ${partSize * MAX_PARTS} bytes`);
        hash.update(buffer);
        let at = 0;
        while (at < buffer.length) {
          part ??= Buffer.allocUnsafe(partLength());
          const n = Math.min(part.length - filled, buffer.length - at);
          buffer.copy(part, filled, at, at + n);
          filled += n;
          at += n;
          size += n;
          if (filled === partSize) {
            uploadId ??= await this.client.initiateNewMultipartUpload(this.bucket, key, headers);
            parts.push(await this.uploadPart(key, uploadId, parts.length + 1, part));
            part = undefined;
            filled = 0;
          } else if (filled === part.length) {
            // a part sized to a declared size that is already full: more bytes would be a size mismatch, caught above
            break;
          }
        }
      }
      if (expected !== undefined && size !== expected) throw UploadErrors.sizeMismatch(expected, size);
      const last = part ? part.subarray(0, filled) : Buffer.alloc(0);
      part = undefined;
      if (uploadId === undefined) {
        await this.putSingle(key, last, headers);
      } else {
        if (last.length > 0) parts.push(await this.uploadPart(key, uploadId, parts.length + 1, last));
        await this.client.completeMultipartUpload(this.bucket, key, uploadId, parts);
      }
    } catch (err) {
      stream.destroy();
      if (uploadId !== undefined) await this.abort(key, uploadId);
      throw err;
    }
    return { size, sha256: hash.digest('hex') };
  }

  async get(key: string): Promise<Readable> {
    assertValidObjectKey(key);
    try {
      return await this.client.getObject(this.bucket, key);
    } catch (err) {
      throw this.mapNotFound(err);
    }
  }

  async stat(key: string): Promise<ObjectStat> {
    assertValidObjectKey(key);
    try {
      const info = await this.client.statObject(this.bucket, key);
      const contentType = info.metaData['content-type'] as string | undefined;
      return { key, size: info.size, lastModified: info.lastModified, ...(contentType ? { contentType } : {}) };
    } catch (err) {
      throw this.mapNotFound(err);
    }
  }

  async delete(key: string): Promise<void> {
    assertValidObjectKey(key);
    await this.client.removeObject(this.bucket, key);
  }

  async presignedGetUrl(key: string, expirySeconds: number, headers: LinkResponseHeaders = {}): Promise<string> {
    assertValidObjectKey(key);
    assertLinkExpiry(expirySeconds);
    const respHeaders: Record<string, string> = {};
    if (headers.contentDisposition) respHeaders['response-content-disposition'] = headers.contentDisposition;
    if (headers.contentType) respHeaders['response-content-type'] = headers.contentType;
    return this.client.presignedGetObject(this.bucket, key, expirySeconds, respHeaders);
  }

  bufferFor(size?: number): number {
    const partSize = this.partSizeFor(size);
    return size === undefined ? partSize : Math.min(partSize, size);
  }

  private partSizeFor(size: number | undefined): number {
    if (size === undefined || size <= this.partSize * MAX_PARTS) return this.partSize;
    return Math.ceil(size / MAX_PARTS / MiB) * MiB;
  }

  /**
   * One PUT of a buffered object. Not `client.putObject`, which turns the buffer into a stream and reads
   * it back into a second buffer: with many uploads in flight that doubles the memory they hold.
   */
  private async putSingle(key: string, body: Buffer, headers: Record<string, string>): Promise<void> {
    const md5 = createHash('md5').update(body).digest('base64');
    const res = await this.client.makeRequestAsync(
      { method: 'PUT', bucketName: this.bucket, objectName: key, headers: { ...headers, 'Content-MD5': md5 } },
      body,
    );
    res.resume();
    await finished(res);
  }

  private async uploadPart(key: string, uploadId: string, partNumber: number, body: Buffer): Promise<PartTag> {
    const md5 = createHash('md5').update(body).digest('base64');
    const result = await this.client.uploadPart(
      { bucketName: this.bucket, objectName: key, uploadID: uploadId, partNumber, headers: { 'Content-MD5': md5 } },
      body,
    );
    return { part: partNumber, etag: result.etag };
  }

  /** Best effort: the upload failed already; an abort that fails too is left to the bucket's lifecycle rule. */
  private async abort(key: string, uploadId: string): Promise<void> {
    try {
      await this.client.abortMultipartUpload(this.bucket, key, uploadId);
    } catch (err) {
      this.logger.warn(`could not abort multipart upload ${uploadId} of ${key}: ${(err as Error).message}`);
    }
  }

  private mapNotFound(err: unknown): unknown {
    if (err instanceof S3Error && (err.code === 'NoSuchKey' || err.code === 'NotFound')) return ObjectStoreErrors.notFound();
    return err;
  }
}
