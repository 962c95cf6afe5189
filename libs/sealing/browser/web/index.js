// Generated from libs/sealing/src/web/index.ts by libs/sealing/scripts/build.js. Do not edit.
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
 * made by libs/sealing/scripts/build.js; a unit spec fails when it is out of date.
 */
import { asBytes, isByteArray } from '../core/container-format.js';
import { ContainerInspector } from '../core/container-inspection.js';
import { ContainerOpener } from '../core/container-opener.js';
import { ContainerSealer } from '../core/container-sealer.js';
import { webCryptoRecordCipher } from '../core/crypto-platform.js';
import { deferred, reportingEnd } from '../core/deferred.js';
import { formatKeyFile as formatKeyFileWith, generateKey as generateKeyWith, keyFingerprintHex as fingerprintWith, parseKey as parseKeyWith } from '../core/sealing-key.js';
import { createJsSha256 } from '../core/sha256.js';
import { createSHA256 } from '../vendor/hash-wasm-sha256.js';
export { SealingError, SealingErrorCode, isSealingError } from '../core/sealing-error.js';
export { looksLikeContainer } from '../core/container-parser.js';
export { validateOpeningSummary, PRICE_PATTERN } from '../core/opening-summary.js';
export { DEFAULT_CHUNK_SIZE, MIN_CHUNK_SIZE, MAX_CHUNK_SIZE, toHex, fromHex } from '../core/container-format.js';
/**
 * The browser: WebCrypto for AES-256-GCM and HKDF, WebAssembly for the plaintext's SHA-256, and a JavaScript
 * SHA-256 for the small synchronous hashes (key fingerprints, a container's inspection).
 */
export const browserPlatform = {
    randomBytes: (length) => globalThis.crypto.getRandomValues(new Uint8Array(length)),
    createSha256: createJsSha256,
    createPlaintextHash: () => wasmPlaintextHash(),
    recordCipher: (key, salt, headerDigest) => webCryptoRecordCipher(globalThis.crypto.subtle, key, salt, headerDigest),
};
/**
 * The plaintext's SHA-256 in WebAssembly (hash-wasm), on the page's thread while WebCrypto encrypts on its own,
 * piece by piece as the source streams: for streams and for files too large to read whole. About twice the
 * rate of the JavaScript SHA-256 (src/core/sha256.ts) that it replaces there (libs/sealing/README.md).
 */
function wasmPlaintextHash() {
    const created = createSHA256();
    created.catch(() => undefined); // awaited by the first update or digest; this only keeps a rejection from being "unhandled"
    let hasher;
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
/**
 * Files up to this size have their SHA-256 computed by WebCrypto in one call: WebCrypto has no incremental
 * digest, and its native one is faster than any SHA-256 the page runs itself, even though Chromium runs it on the
 * same sequence as the encryption, one after the other (libs/sealing/README.md gives the figures). The file is
 * read into memory once for it, so larger files, and streams, are hashed piece by piece in WebAssembly as they
 * stream, beside the encryption, and never have to fit in memory.
 */
export const ONE_SHOT_HASH_LIMIT = 256 * 1024 * 1024;
/**
 * The plaintext hash of a source held whole (a Blob or File, which cannot change: a File changed on disk fails
 * to read; or bytes in memory), computed by WebCrypto's digest in one call while the sealer reads the same
 * source piece by piece for the encryption. digest() checks that the sealer read exactly the source's size, so
 * the hash covers the bytes that were encrypted.
 */
function oneShotHash(size, whole) {
    let read = 0;
    // WebCrypto copies the bytes when called, so the caller may reuse them at once
    const digest = whole()
        .then((bytes) => globalThis.crypto.subtle.digest('SHA-256', bytes))
        .then((d) => new Uint8Array(d));
    digest.catch(() => undefined); // awaited by digest() below; this only keeps a rejection from being "unhandled"
    return {
        update: (data) => {
            read += data.length;
        },
        digest: async () => {
            if (read !== size)
                throw new Error(`the file changed while it was sealed (${read} bytes read, ${size} expected)`);
            return digest;
        },
        dispose: () => undefined,
    };
}
/**
 * How one source is sealed. A Blob or byte array up to ONE_SHOT_HASH_LIMIT is hashed natively in one call, and a
 * Blob that size is read once, whole, for the digest and the encryption alike (reading it again as a stream, or
 * in slices, cost more than the encryption: libs/sealing/README.md); anything else streams, hashed in WebAssembly.
 */
function sealingInput(source) {
    if (isByteArray(source)) {
        const bytes = asBytes(source);
        const platform = bytes.length <= ONE_SHOT_HASH_LIMIT ? { ...browserPlatform, createPlaintextHash: () => oneShotHash(bytes.length, () => Promise.resolve(bytes)) } : browserPlatform;
        return { platform, pieces: iterate(bytes) };
    }
    const blob = source;
    if (typeof blob.arrayBuffer !== 'function' || blob.size > ONE_SHOT_HASH_LIMIT)
        return { platform: browserPlatform, pieces: iterate(source) };
    let whole;
    const read = () => (whole ??= blob.arrayBuffer().then((b) => new Uint8Array(b)));
    return {
        platform: { ...browserPlatform, createPlaintextHash: () => oneShotHash(blob.size, read) },
        pieces: (async function* () {
            yield await read();
        })(),
    };
}
async function* iterate(source) {
    if (isByteArray(source)) {
        yield source;
        return;
    }
    const stream = typeof source.stream === 'function' ? source.stream() : source;
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
    }
    finally {
        if (!finished)
            await reader.cancel().catch(() => undefined);
        reader.releaseLock();
    }
}
function toStream(generator, onDone) {
    const source = reportingEnd(generator, onDone);
    return new ReadableStream({
        async pull(controller) {
            try {
                const next = await source.next();
                if (next.done)
                    controller.close();
                else
                    controller.enqueue(next.value);
            }
            catch (error) {
                controller.error(error);
            }
        },
        async cancel() {
            await source.return(undefined);
        },
    });
}
/** Seals a File, Blob, stream or byte array. Key, summary and options are checked at once (throws). */
export function sealStream(source, key, summary, options = {}) {
    const { platform, pieces } = sealingInput(source);
    const sealer = new ContainerSealer(platform, key, summary, options);
    const result = deferred();
    const stream = toStream(sealer.records(pieces), (error) => (error ? result.reject(error) : result.resolve(sealer.result)));
    return Object.assign(stream, { result: result.promise });
}
/** Opens a container with its key; rejects with WRONG_KEY, CONTAINER_TAMPERED, … before the summary. */
export async function openStream(source, key, options = {}) {
    const opener = new ContainerOpener(browserPlatform, iterate(source), key, options);
    const { info, summary, fileName } = await opener.start();
    const result = deferred();
    const plaintext = toStream(opener.plaintext(), (error) => (error ? result.reject(error) : result.resolve(opener.result)));
    return { info, summary, ...(fileName !== undefined ? { fileName } : {}), plaintext, result: result.promise };
}
/** Checks a container's structure without the key. */
export async function inspectStream(source) {
    const inspector = new ContainerInspector(browserPlatform.createSha256);
    for await (const piece of iterate(source))
        inspector.push(piece);
    return inspector.end();
}
export function generateKey() {
    return generateKeyWith(browserPlatform);
}
export function keyFingerprintHex(key) {
    return fingerprintWith(browserPlatform.createSha256, key);
}
export function formatKeyFile(key) {
    return formatKeyFileWith(browserPlatform.createSha256, key);
}
/** Reads a key file's text or the key's 64 hex digits. */
export function parseKey(text) {
    return parseKeyWith(browserPlatform.createSha256, text);
}
