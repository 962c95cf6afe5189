// Generated from libs/sealing/src/web/index.ts by libs/sealing/scripts/build-browser.js. Do not edit.
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
import { isByteArray } from '../core/container-format.js';
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
 * The plaintext's SHA-256 in WebAssembly (hash-wasm), on the page's thread while WebCrypto encrypts on its own.
 * Chromium runs every WebCrypto call of a page on one sequence, so a WebCrypto digest waits behind the encryption
 * (the two took turns: sealing ran at 0.46 of AES-GCM alone); hashed here, the two run side by side on two
 * cores, piece by piece as the source streams, whatever its size (libs/sealing/README.md gives the figures).
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
    const sealer = new ContainerSealer(browserPlatform, key, summary, options);
    const result = deferred();
    const stream = toStream(sealer.records(iterate(source)), (error) => (error ? result.reject(error) : result.resolve(sealer.result)));
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
