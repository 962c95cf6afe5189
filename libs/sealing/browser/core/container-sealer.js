// Generated from libs/sealing/src/core/container-sealer.ts by libs/sealing/scripts/build.js. Do not edit.
/**
 * Sealing (加密投标文件): plaintext pieces in, container bytes out, one chunk at a time. Pull-based: nothing
 * is read from the source until the consumer asks for output, so backpressure holds and memory stays at a
 * few chunks whatever the file's size.
 */
import { chunkSizeProblem, DEFAULT_CHUNK_SIZE, DEFAULT_CONCURRENCY, encodeEndPlaintext, encodeHeader, encodeRecordHeader, isByteArray, RECORD_HEADER_LENGTH, RecordType, SALT_LENGTH, toHex, } from './container-format.js';
import { createPlaintextHash } from './crypto-platform.js';
import { encodeSealedSummary, validateFileName, validateOpeningSummary } from './opening-summary.js';
import { SealingError, SealingErrorCode } from './sealing-error.js';
import { keyFingerprint, validateKey } from './sealing-key.js';
export class ContainerSealer {
    platform;
    chunkSize;
    keyFingerprint;
    key;
    sealedSummary;
    salt;
    concurrency;
    onProgress;
    started = false;
    finished = null;
    /** Checks the key, summary and options at once (throws INVALID_KEY / INVALID_SUMMARY / INVALID_OPTION). */
    constructor(platform, key, summary, options = {}) {
        this.platform = platform;
        this.key = validateKey(key);
        this.keyFingerprint = keyFingerprint(platform.createSha256, this.key);
        this.sealedSummary = { summary: validateOpeningSummary(summary) };
        if (options.fileName !== undefined)
            this.sealedSummary.fileName = validateFileName(options.fileName);
        encodeSealedSummary(this.sealedSummary); // refuses an over-long summary now rather than mid-stream
        this.chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
        const problem = chunkSizeProblem(this.chunkSize);
        if (problem)
            throw new SealingError(SealingErrorCode.InvalidOption, problem);
        if (options.salt !== undefined && options.salt.length !== SALT_LENGTH) {
            throw new SealingError(SealingErrorCode.InvalidOption, `the salt is ${SALT_LENGTH} bytes`);
        }
        this.salt = options.salt ? new Uint8Array(options.salt) : platform.randomBytes(SALT_LENGTH);
        this.concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY));
        this.onProgress = options.onProgress;
    }
    /** Set once records() has yielded the end record. */
    get result() {
        return this.finished;
    }
    /** The container's bytes, in order. Can be iterated once. */
    async *records(source) {
        if (this.started)
            throw new Error('ContainerSealer.records() can be called once');
        this.started = true;
        const { platform, chunkSize } = this;
        const { bytes: headerBytes, header } = encodeHeader({ chunkSize, keyFingerprint: this.keyFingerprint, salt: this.salt }, platform.createSha256);
        const cipher = await platform.recordCipher(this.key, this.salt, header.digest);
        let containerSize = 0;
        const emit = async function* (type, body) {
            const parts = await body;
            let length = 0;
            for (const part of parts)
                length += part.length;
            containerSize += RECORD_HEADER_LENGTH + length;
            yield encodeRecordHeader(type, length);
            yield* parts;
        };
        containerSize += headerBytes.length;
        yield headerBytes;
        yield* emit(RecordType.Summary, cipher.encrypt(RecordType.Summary, 0, [encodeSealedSummary(this.sealedSummary)]));
        const hash = createPlaintextHash(platform);
        const pending = [];
        let plaintextSize = 0;
        let chunkIndex = 0;
        let parts = []; // the current chunk's plaintext, as views of the source's pieces
        let filled = 0;
        const issue = (type) => {
            // Both ciphers take what they need from `parts` before returning (WebCrypto copies, node:crypto
            // encrypts), so the views are not kept; the encryption may still be running when issue() returns.
            const body = cipher.encrypt(type, chunkIndex++, parts);
            body.catch(() => undefined); // awaited in order below; this only keeps a rejection from being "unhandled"
            pending.push({ type, body });
            parts = [];
            filled = 0;
        };
        let plaintextSha256;
        try {
            for await (const piece of source) {
                if (!isByteArray(piece))
                    throw new TypeError('seal() reads bytes (Uint8Array), not strings or objects');
                // The hash runs meanwhile: in Node on a worker thread, in the browser while WebCrypto encrypts.
                const hashing = hash.update(piece);
                if (hashing)
                    await hashing;
                plaintextSize += piece.length;
                this.onProgress?.(plaintextSize);
                let offset = 0;
                while (offset < piece.length) {
                    const take = Math.min(chunkSize - filled, piece.length - offset);
                    parts.push(take === piece.length ? piece : piece.subarray(offset, offset + take));
                    filled += take;
                    offset += take;
                    if (filled === chunkSize) {
                        issue(RecordType.Chunk);
                        while (pending.length >= this.concurrency) {
                            const next = pending.shift();
                            yield* emit(next.type, next.body);
                        }
                    }
                }
            }
            // The last chunk holds what is left: 0 to chunkSize - 1 bytes. An empty file is one empty final chunk.
            issue(RecordType.FinalChunk);
            for (const next of pending.splice(0))
                yield* emit(next.type, next.body);
            plaintextSha256 = await hash.digest();
        }
        finally {
            hash.dispose(); // after digest() it does nothing; after an error or an early close it frees the hash
        }
        yield* emit(RecordType.End, cipher.encrypt(RecordType.End, chunkIndex, [encodeEndPlaintext(plaintextSize, plaintextSha256)]));
        this.finished = {
            keyFingerprint: toHex(this.keyFingerprint),
            chunkSize,
            chunkCount: chunkIndex,
            plaintextSize,
            plaintextSha256: toHex(plaintextSha256),
            containerSize,
        };
    }
}
