// Generated from libs/sealing/src/core/container-sealer.ts by libs/sealing/scripts/build.js. Do not edit.
"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ContainerSealer = void 0;
/**
 * Sealing (加密投标文件): plaintext pieces in, container bytes out, one chunk at a time. Pull-based: nothing
 * is read from the source until the consumer asks for output, so backpressure holds and memory stays at a
 * few chunks whatever the file's size.
 */
const container_format_1 = require("./container-format");
const crypto_platform_1 = require("./crypto-platform");
const opening_summary_1 = require("./opening-summary");
const sealing_error_1 = require("./sealing-error");
const sealing_key_1 = require("./sealing-key");
class ContainerSealer {
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
        this.key = (0, sealing_key_1.validateKey)(key);
        this.keyFingerprint = (0, sealing_key_1.keyFingerprint)(platform.createSha256, this.key);
        this.sealedSummary = { summary: (0, opening_summary_1.validateOpeningSummary)(summary) };
        if (options.fileName !== undefined)
            this.sealedSummary.fileName = (0, opening_summary_1.validateFileName)(options.fileName);
        (0, opening_summary_1.encodeSealedSummary)(this.sealedSummary); // refuses an over-long summary now rather than mid-stream
        this.chunkSize = options.chunkSize ?? container_format_1.DEFAULT_CHUNK_SIZE;
        const problem = (0, container_format_1.chunkSizeProblem)(this.chunkSize);
        if (problem)
            throw new sealing_error_1.SealingError(sealing_error_1.SealingErrorCode.InvalidOption, problem);
        if (options.salt !== undefined && options.salt.length !== container_format_1.SALT_LENGTH) {
            throw new sealing_error_1.SealingError(sealing_error_1.SealingErrorCode.InvalidOption, `the salt is ${container_format_1.SALT_LENGTH} bytes`);
        }
        this.salt = options.salt ? new Uint8Array(options.salt) : platform.randomBytes(container_format_1.SALT_LENGTH);
        this.concurrency = Math.max(1, Math.floor(options.concurrency ?? container_format_1.DEFAULT_CONCURRENCY));
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
        const { bytes: headerBytes, header } = (0, container_format_1.encodeHeader)({ chunkSize, keyFingerprint: this.keyFingerprint, salt: this.salt }, platform.createSha256);
        const cipher = await platform.recordCipher(this.key, this.salt, header.digest);
        let containerSize = 0;
        const emit = async function* (type, body) {
            const parts = await body;
            let length = 0;
            for (const part of parts)
                length += part.length;
            containerSize += container_format_1.RECORD_HEADER_LENGTH + length;
            yield (0, container_format_1.encodeRecordHeader)(type, length);
            yield* parts;
        };
        containerSize += headerBytes.length;
        yield headerBytes;
        yield* emit(container_format_1.RecordType.Summary, cipher.encrypt(container_format_1.RecordType.Summary, 0, [(0, opening_summary_1.encodeSealedSummary)(this.sealedSummary)]));
        const hash = (0, crypto_platform_1.createPlaintextHash)(platform);
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
                if (!(0, container_format_1.isByteArray)(piece))
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
                        issue(container_format_1.RecordType.Chunk);
                        while (pending.length >= this.concurrency) {
                            const next = pending.shift();
                            yield* emit(next.type, next.body);
                        }
                    }
                }
            }
            // The last chunk holds what is left: 0 to chunkSize - 1 bytes. An empty file is one empty final chunk.
            issue(container_format_1.RecordType.FinalChunk);
            for (const next of pending.splice(0))
                yield* emit(next.type, next.body);
            plaintextSha256 = await hash.digest();
        }
        finally {
            hash.dispose(); // after digest() it does nothing; after an error or an early close it frees the hash
        }
        yield* emit(container_format_1.RecordType.End, cipher.encrypt(container_format_1.RecordType.End, chunkIndex, [(0, container_format_1.encodeEndPlaintext)(plaintextSize, plaintextSha256)]));
        this.finished = {
            keyFingerprint: (0, container_format_1.toHex)(this.keyFingerprint),
            chunkSize,
            chunkCount: chunkIndex,
            plaintextSize,
            plaintextSha256: (0, container_format_1.toHex)(plaintextSha256),
            containerSize,
        };
    }
}
exports.ContainerSealer = ContainerSealer;
