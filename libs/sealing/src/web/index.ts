/**
 * The browser face of the library (WebCrypto, WHATWG streams). The portal serves its build,
 * libs/sealing/browser/web/index.js, an ES module:
 *
 *   import { sealStream, generateKey, formatKeyFile } from '/sealing/web/index.js';
 *   const key = generateKey();
 *   const sealed = sealStream(file, key, { price: '1234567.89', durationDays: 180, items: [] }, { fileName: file.name });
 *   await fetch(uploadUrl, { method: 'POST', body: await new Response(sealed).blob() });
 *   // (a stream body with duplex: 'half' streams too, but Chromium allows that only over HTTP/2)
 *
 * The same format core as Node's, over WebCrypto here and node:crypto there; both write identical bytes
 * (libs/sealing/test-vectors and test/sealing-browser.e2e-spec.ts prove it). The build is
 * made by libs/sealing/scripts/build-browser.js; a unit spec fails when it is out of date.
 */
import { Bytes, isByteArray } from '../core/container-format';
import { ContainerInspection, ContainerInspector } from '../core/container-inspection';
import { ContainerInfo, ContainerOpener, OpenOptions, OpenResult } from '../core/container-opener';
import { ContainerSealer, SealOptions, SealResult } from '../core/container-sealer';
import { CryptoPlatform, PlaintextHash, webCryptoRecordCipher } from '../core/crypto-platform';
import { deferred, reportingEnd } from '../core/deferred';
import type { OpeningSummary } from '../core/opening-summary';
import { formatKeyFile as formatKeyFileWith, generateKey as generateKeyWith, keyFingerprintHex as fingerprintWith, parseKey as parseKeyWith } from '../core/sealing-key';
import { createJsSha256 } from '../core/sha256';
import { createSHA256, IHasher } from 'hash-wasm';

export { SealingError, SealingErrorCode, isSealingError } from '../core/sealing-error';
export { looksLikeContainer } from '../core/container-parser';
export { validateOpeningSummary, PRICE_PATTERN } from '../core/opening-summary';
export { DEFAULT_CHUNK_SIZE, MIN_CHUNK_SIZE, MAX_CHUNK_SIZE, toHex, fromHex } from '../core/container-format';
export type { OpeningSummary, ReadOutItem } from '../core/opening-summary';
export type { SealOptions, SealResult, ContainerInfo, OpenOptions, OpenResult, ContainerInspection };

export type WebByteSource = ReadableStream<Uint8Array> | Blob | Uint8Array;

/**
 * The browser: WebCrypto for AES-256-GCM and HKDF, WebAssembly for the plaintext's SHA-256, and a JavaScript
 * SHA-256 for the small synchronous hashes (key fingerprints, a container's inspection).
 */
export const browserPlatform: CryptoPlatform = {
  randomBytes: (length: number): Bytes => globalThis.crypto.getRandomValues(new Uint8Array(length)),
  createSha256: createJsSha256,
  createPlaintextHash: () => wasmPlaintextHash(),
  recordCipher: (key, salt, headerDigest) => webCryptoRecordCipher(globalThis.crypto.subtle, key, salt, headerDigest),
};

/**
 * The plaintext's SHA-256 in WebAssembly (hash-wasm), on the page's thread while WebCrypto encrypts on its own.
 * Chromium runs every WebCrypto call of a page on one sequence, so a WebCrypto digest waits behind the encryption
 * (the two took turns: sealing ran at 0.46 of AES-GCM alone); hashed here, the two run side by side on two
 * cores, piece by piece as the source streams, whatever its size (libs/sealing/README.md gives the figures).
 */
function wasmPlaintextHash(): PlaintextHash {
  const created = createSHA256();
  created.catch(() => undefined); // awaited by the first update or digest; this only keeps a rejection from being "unhandled"
  let hasher: IHasher | undefined;
  return {
    update: (data) => {
      if (hasher) {
        hasher.update(data);
        return;
      }
      // the first piece waits for the WebAssembly module (compiled once per page); the sealer holds the piece meanwhile
      return created.then((h) => {
        hasher = h;
        hasher.update(data);
      });
    },
    digest: async () => new Uint8Array((hasher ?? (await created)).digest('binary')),
    dispose: () => undefined,
  };
}

async function* iterate(source: WebByteSource): AsyncGenerator<Uint8Array, void, undefined> {
  if (isByteArray(source)) {
    yield source;
    return;
  }
  const stream = typeof (source as Blob).stream === 'function' ? (source as Blob).stream() : (source as ReadableStream<Uint8Array>);
  const reader = stream.getReader();
  let finished = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      yield value;
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

function toStream(generator: AsyncGenerator<Uint8Array>, onDone: (error: unknown) => void): ReadableStream<Uint8Array> {
  const source = reportingEnd(generator, onDone);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await source.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await source.return(undefined);
    },
  });
}

export type SealedStream = ReadableStream<Uint8Array> & { readonly result: Promise<SealResult> };

/** Seals a File, Blob, stream or byte array. Key, summary and options are checked at once (throws). */
export function sealStream(source: WebByteSource, key: Uint8Array, summary: OpeningSummary, options: SealOptions = {}): SealedStream {
  const sealer = new ContainerSealer(browserPlatform, key, summary, options);
  const result = deferred<SealResult>();
  const stream = toStream(sealer.records(iterate(source)), (error) => (error ? result.reject(error) : result.resolve(sealer.result!)));
  return Object.assign(stream, { result: result.promise });
}

export interface OpenedStream {
  info: ContainerInfo;
  summary: OpeningSummary;
  fileName?: string;
  /** The verified plaintext; it errors rather than end early if the container was changed or cut. */
  plaintext: ReadableStream<Uint8Array>;
  result: Promise<OpenResult>;
}

/** Opens a container with its key; rejects with WRONG_KEY, CONTAINER_TAMPERED, … before the summary. */
export async function openStream(source: WebByteSource, key: Uint8Array, options: OpenOptions = {}): Promise<OpenedStream> {
  const opener = new ContainerOpener(browserPlatform, iterate(source), key, options);
  const { info, summary, fileName } = await opener.start();
  const result = deferred<OpenResult>();
  const plaintext = toStream(opener.plaintext(), (error) => (error ? result.reject(error) : result.resolve(opener.result!)));
  return { info, summary, ...(fileName !== undefined ? { fileName } : {}), plaintext, result: result.promise };
}

/** Checks a container's structure without the key. */
export async function inspectStream(source: WebByteSource): Promise<ContainerInspection> {
  const inspector = new ContainerInspector(browserPlatform.createSha256);
  for await (const piece of iterate(source)) inspector.push(piece);
  return inspector.end();
}

export function generateKey(): Bytes {
  return generateKeyWith(browserPlatform);
}

export function keyFingerprintHex(key: Uint8Array): string {
  return fingerprintWith(browserPlatform.createSha256, key);
}

export function formatKeyFile(key: Uint8Array): string {
  return formatKeyFileWith(browserPlatform.createSha256, key);
}

/** Reads a key file's text or the key's 64 hex digits. */
export function parseKey(text: string): Bytes {
  return parseKeyWith(browserPlatform.createSha256, text);
}
