import { Readable, Transform, TransformCallback } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { DomainError } from '@app/core';
import { UploadErrors } from './documents.errors';

/**
 * Counts the bytes of an upload as they stream through, and fails the moment the count passes the limit
 * (the pipeline then destroys the source: the rest is never read). An empty upload fails at its end.
 * The SHA-256 is computed once, by the object store as it writes the bytes.
 */
export class UploadMeter extends Transform {
  bytes = 0;
  /** Set when the stream has ended successfully. */
  complete = false;
  /** The refusal this meter raised, if any. */
  failure?: DomainError;

  constructor(
    private readonly maxSize: number,
    private readonly purpose: string,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxSize) {
      this.failure = UploadErrors.tooLarge(this.maxSize, this.purpose);
      callback(this.failure);
      return;
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.bytes === 0) {
      this.failure = UploadErrors.empty();
      callback(this.failure);
      return;
    }
    this.complete = true;
    callback();
  }
}

function toBuffer(chunk: unknown): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
}

/**
 * Reads the first `bytes` bytes of a stream (fewer if it ends sooner) and returns them with a stream of the
 * whole content, head included, so that a decision on the head (the file type) is taken before anything
 * is stored. Errors of the source reach the returned stream; destroying the returned stream ends the
 * source's iteration (the caller should also destroy the source when it gives up, to stop at once).
 */
export async function peekHead(source: Readable, bytes: number): Promise<{ head: Buffer; body: Readable }> {
  const iterator = source[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let length = 0;
  let ended = false;
  while (length < bytes) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    const buffer = toBuffer(next.value);
    chunks.push(buffer);
    length += buffer.length;
  }
  const head = Buffer.concat(chunks, length);
  async function* replay(): AsyncGenerator<Buffer> {
    try {
      if (head.length > 0) yield head;
      if (ended) return;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield toBuffer(next.value);
      }
    } finally {
      await iterator.return?.();
    }
  }
  return { head: head.subarray(0, bytes), body: Readable.from(replay(), { objectMode: false }) };
}

/**
 * Runs a purpose's validator beside the upload rather than inside the pipeline: each chunk is written to
 * the validator and passed on once the validator has taken it; the validator's own output is discarded
 * (validators pass bytes through unchanged). Because nothing downstream can destroy the validator with
 * an error, `refusal` holds only what the validator itself refused, never a failure of the store.
 */
export class ValidatorStage extends Transform {
  /** The error the validator raised, if any. */
  refusal?: unknown;

  constructor(private readonly validator: Transform) {
    super();
    validator.on('error', (err: unknown) => {
      this.refusal ??= err;
    });
    validator.resume();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.refusal !== undefined) {
      callback(this.refusal as Error);
      return;
    }
    this.validator.write(chunk, (err) => {
      const refusal = this.refusal ?? err ?? undefined;
      if (refusal !== undefined && refusal !== null) {
        this.refusal ??= refusal;
        callback(refusal as Error);
      } else {
        callback(null, chunk);
      }
    });
  }

  override _flush(callback: TransformCallback): void {
    if (this.refusal !== undefined) {
      callback(this.refusal as Error);
      return;
    }
    // the validator's verdict on the whole content comes with its end (its flush)
    this.validator.end();
    finished(this.validator, { readable: false }).then(
      () => callback(this.refusal as Error | undefined),
      (err: unknown) => {
        this.refusal ??= err;
        callback(this.refusal as Error);
      },
    );
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.validator.destroy(); // without an error: it has refused nothing
    callback(err);
  }
}
