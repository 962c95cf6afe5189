/**
 * The Node face of the library: Node streams in and out, over the platform-neutral core.
 *
 *   const sealed = seal(fs.createReadStream('bid.pdf'), key, { price: '1234567.89', durationDays: 180, items: [] });
 *   await pipeline(sealed, fs.createWriteStream('bid.pdf.bidseal'));
 *   const inspector = createInspector();          // during an upload: passes bytes through, refuses non-containers
 *   await pipeline(request, inspector, storageUpload); const { sha256 } = await inspector.result;
 *   const opened = await open(storedStream, key); // at the opening
 *   opened.summary; await pipeline(opened.plaintext, archive); await opened.result;
 */
import { Readable, Transform, TransformCallback } from 'node:stream';
import { ContainerInspection, ContainerInspector } from '../core/container-inspection';
import { ContainerInfo, ContainerOpener, OpenOptions, OpenResult } from '../core/container-opener';
import { ContainerSealer, SealOptions, SealResult } from '../core/container-sealer';
import { isByteArray } from '../core/container-format';
import { deferred, reportingEnd } from '../core/deferred';
import type { OpeningSummary } from '../core/opening-summary';
import { nodePlatform } from './node-platform';

export type ByteSource = Readable | AsyncIterable<Uint8Array> | Uint8Array;

export interface SealedReadable extends Readable {
  /** Resolves when the last byte has been produced; rejects if sealing failed or the stream was destroyed. */
  readonly result: Promise<SealResult>;
}

export interface OpenedContainer {
  info: ContainerInfo;
  summary: OpeningSummary;
  fileName?: string;
  /** The verified plaintext. It errors (CONTAINER_TAMPERED, CONTAINER_TRUNCATED, …) rather than end early. */
  plaintext: Readable;
  /** Resolves when the plaintext has ended and its size and SHA-256 matched the sealed declaration. */
  result: Promise<OpenResult>;
}

export interface InspectorStream extends Transform {
  /** The inspection, once the stream has ended; rejects with the SealingError that stopped the stream. */
  readonly result: Promise<ContainerInspection>;
}

function iterable(source: ByteSource): AsyncIterable<Uint8Array> {
  if (isByteArray(source)) {
    return (async function* () {
      yield source;
    })();
  }
  return source as AsyncIterable<Uint8Array>;
}

function toReadable(generator: AsyncGenerator<Uint8Array>, onDone: (error: unknown) => void): Readable {
  // objectMode off: the consumer sees a byte stream; a small high-water mark keeps read-ahead to one chunk.
  return Readable.from(reportingEnd(generator, onDone), { objectMode: false, highWaterMark: 64 * 1024 });
}

/**
 * Seals `source` with the 32-byte `key`. Key, summary and options are checked at once (a SealingError is
 * thrown synchronously); the returned stream produces the container.
 */
export function seal(source: ByteSource, key: Uint8Array, summary: OpeningSummary, options: SealOptions = {}): SealedReadable {
  const sealer = new ContainerSealer(nodePlatform, key, summary, options);
  const result = deferred<SealResult>();
  const stream = toReadable(sealer.records(iterable(source)), (error) => (error ? result.reject(error) : result.resolve(sealer.result!)));
  return Object.assign(stream, { result: result.promise });
}

/**
 * Opens a container: resolves with the header, the summary and the plaintext stream once the summary has
 * been read; rejects with WRONG_KEY, NOT_A_SEALED_CONTAINER, CONTAINER_TAMPERED, … before that.
 */
export async function open(source: ByteSource, key: Uint8Array, options: OpenOptions = {}): Promise<OpenedContainer> {
  const opener = new ContainerOpener(nodePlatform, iterable(source), key, options);
  const { info, summary, fileName } = await opener.start();
  const result = deferred<OpenResult>();
  const plaintext = toReadable(opener.plaintext(), (error) => (error ? result.reject(error) : result.resolve(opener.result!)));
  return { info, summary, ...(fileName !== undefined ? { fileName } : {}), plaintext, result: result.promise };
}

class ContainerInspectorStream extends Transform implements InspectorStream {
  readonly result: Promise<ContainerInspection>;
  private readonly inspector = new ContainerInspector(nodePlatform.createSha256);
  private held: Uint8Array[] = [];
  private readonly settle = deferred<ContainerInspection>();

  constructor() {
    super();
    this.result = this.settle.promise;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.inspector.push(chunk);
    } catch (error) {
      callback(error as Error);
      return;
    }
    if (!this.inspector.headerVerified) {
      this.held.push(chunk); // nothing passes on until the header has proved this is a container
      callback();
      return;
    }
    for (const piece of this.held) this.push(piece);
    this.held = [];
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    try {
      this.settle.resolve(this.inspector.end());
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.settle.reject(error ?? new Error('the inspection stream was closed before the container ended'));
    callback(error);
  }
}

/**
 * A pass-through stream for uploads: bytes flow on unchanged (none before the header has been verified), the
 * stream errors with a SealingError as soon as the data cannot be a container, and `result` gives the
 * inspection (with the whole container's SHA-256) when it ends.
 */
export function createInspector(): InspectorStream {
  return new ContainerInspectorStream();
}

/** Inspects a whole container without the key. */
export async function inspect(source: ByteSource): Promise<ContainerInspection> {
  const inspector = new ContainerInspector(nodePlatform.createSha256);
  for await (const piece of iterable(source)) {
    if (!isByteArray(piece)) throw new TypeError('inspect() reads bytes (Uint8Array), not strings or objects');
    inspector.push(piece);
  }
  return inspector.end();
}
