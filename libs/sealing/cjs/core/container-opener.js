// Generated from libs/sealing/src/core/container-opener.ts by libs/sealing/scripts/build.js. Do not edit.
"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ContainerOpener = void 0;
exports.containerInfo = containerInfo;
/**
 * Opening (解密投标文件) with the bidder's key: the header and the sealed summary first, then the plaintext
 * chunk by chunk, each released only after its authentication tag verified. The end record's declared size
 * and SHA-256 are checked last: a consumer treats the plaintext as complete only when the stream ends
 * without an error.
 */
const container_format_1 = require("./container-format");
const container_parser_1 = require("./container-parser");
const crypto_platform_1 = require("./crypto-platform");
const opening_summary_1 = require("./opening-summary");
const sealing_error_1 = require("./sealing-error");
const sealing_key_1 = require("./sealing-key");
function containerInfo(header) {
    return {
        version: header.version,
        cipher: container_format_1.CIPHER_NAMES[header.cipher],
        chunkSize: header.chunkSize,
        keyFingerprint: (0, container_format_1.toHex)(header.keyFingerprint),
    };
}
class ContainerOpener {
    platform;
    iterator;
    parser;
    ready = [];
    key;
    concurrency;
    body = [];
    cipher = null;
    sourceDone = false;
    opened = null;
    iterated = false;
    finished = null;
    /**
     * A framing failure (CONTAINER_MALFORMED, CONTAINER_TRUNCATED, …) found by the parser. It is reported only
     * after every record completed before it has been verified, so that the answer is the first failure in the
     * order of the stream, whatever the sizes of the pieces the source delivers (README "Reading").
     */
    parseFailure = null;
    constructor(platform, source, key, options = {}) {
        this.platform = platform;
        this.key = (0, sealing_key_1.validateKey)(key);
        this.concurrency = Math.max(1, Math.floor(options.concurrency ?? container_format_1.DEFAULT_CONCURRENCY));
        this.iterator = source[Symbol.asyncIterator]();
        this.parser = new container_parser_1.ContainerParser(platform.createSha256, {
            recordStart: () => {
                this.body = [];
            },
            recordData: (piece) => {
                this.body.push(piece);
            },
            recordEnd: (type, index) => {
                this.ready.push({ type, index, body: this.body });
                this.body = [];
            },
        });
    }
    /** Header and summary. Throws WRONG_KEY before any decryption if the key's fingerprint differs. */
    async start() {
        if (this.opened)
            return this.opened;
        try {
            while (!this.parser.header)
                await this.pull();
            const header = this.parser.header;
            if (!(0, container_format_1.bytesEqual)((0, sealing_key_1.keyFingerprint)(this.platform.createSha256, this.key), header.keyFingerprint)) {
                throw new sealing_error_1.SealingError(sealing_error_1.SealingErrorCode.WrongKey, `this container was sealed with the key whose fingerprint is ${(0, container_format_1.toHex)(header.keyFingerprint)}, not with this key`);
            }
            this.cipher = await this.platform.recordCipher(this.key, header.salt, header.digest);
            while (this.ready.length === 0)
                await this.pull(); // throws the held failure once nothing before it is left
            const record = this.ready.shift();
            const sealed = (0, opening_summary_1.decodeSealedSummary)((0, container_format_1.concatBytes)(await this.cipher.decrypt(record.type, 0, record.body)));
            this.opened = { info: containerInfo(header), ...sealed };
            return this.opened;
        }
        catch (error) {
            await this.close();
            throw error;
        }
    }
    /** Set once plaintext() has ended after verifying the end record. */
    get result() {
        return this.finished;
    }
    /** The verified plaintext, in order. Call after start(); can be iterated once. */
    async *plaintext() {
        if (!this.opened || !this.cipher)
            throw new Error('ContainerOpener.start() must complete before plaintext()');
        if (this.iterated)
            throw new Error('ContainerOpener.plaintext() can be called once');
        this.iterated = true;
        const { cipher } = this;
        const hash = (0, crypto_platform_1.createPlaintextHash)(this.platform);
        const pending = [];
        let size = 0;
        const release = async function* (next) {
            for (const part of await next) {
                const hashing = hash.update(part); // before the consumer sees (and might reuse) the part
                if (hashing)
                    await hashing;
                size += part.length;
                yield part;
            }
        };
        try {
            for (;;) {
                while (this.ready.length > 0) {
                    const record = this.ready.shift();
                    if (record.type === container_format_1.RecordType.End) {
                        for (const next of pending.splice(0))
                            yield* release(next);
                        const end = (0, container_format_1.decodeEndPlaintext)((0, container_format_1.concatBytes)(await cipher.decrypt(record.type, record.index, record.body)));
                        if (end.plaintextSize !== size || !(0, container_format_1.bytesEqual)(end.plaintextSha256, await hash.digest())) {
                            throw new sealing_error_1.SealingError(sealing_error_1.SealingErrorCode.Tampered, 'the opened file differs from the size and SHA-256 declared when it was sealed');
                        }
                        while (!this.sourceDone)
                            await this.pull(); // bytes after the end record are refused by the parser
                        if (this.parseFailure)
                            throw this.parseFailure;
                        this.finished = { chunkCount: record.index, plaintextSize: size, plaintextSha256: (0, container_format_1.toHex)(end.plaintextSha256) };
                        return;
                    }
                    const plain = cipher.decrypt(record.type, record.index, record.body);
                    plain.catch(() => undefined); // awaited in order by release(); this only keeps it from being "unhandled"
                    pending.push(plain);
                    while (pending.length >= this.concurrency)
                        yield* release(pending.shift());
                }
                if (this.parseFailure) {
                    for (const next of pending.splice(0))
                        yield* release(next); // records before the failure come first
                    throw this.parseFailure;
                }
                await this.pull();
            }
        }
        finally {
            hash.dispose(); // after digest() it does nothing; after an error or an early close it frees the hash
            if (!this.finished)
                await this.close();
        }
    }
    /** Stops reading the source (for a consumer that gives up early, or after an error). */
    async close() {
        if (this.sourceDone)
            return;
        this.sourceDone = true;
        await this.iterator.return?.();
    }
    async pull() {
        if (this.parseFailure)
            throw this.parseFailure;
        if (this.sourceDone) {
            this.feed(() => this.parser.end());
            return;
        }
        const next = await this.iterator.next();
        if (next.done) {
            this.sourceDone = true;
            this.feed(() => this.parser.end()); // CONTAINER_TRUNCATED (or NOT_A_SEALED_CONTAINER) unless complete
            return;
        }
        if (!(0, container_format_1.isByteArray)(next.value))
            throw new TypeError('open() reads bytes (Uint8Array), not strings or objects');
        const piece = next.value;
        this.feed(() => this.parser.push(piece));
    }
    /** Runs a parser step; a format failure is kept (see parseFailure) and the source is no longer read. */
    feed(step) {
        try {
            step();
        }
        catch (error) {
            if (!(error instanceof sealing_error_1.SealingError))
                throw error;
            this.parseFailure = error;
            if (!this.sourceDone) {
                this.sourceDone = true;
                void Promise.resolve(this.iterator.return?.()).catch(() => undefined);
            }
        }
    }
}
exports.ContainerOpener = ContainerOpener;
