// Generated from libs/sealing/src/core/container-parser.ts by libs/sealing/scripts/build.js. Do not edit.
/**
 * The container's framing, read without the key: a push parser fed with pieces of any size, as they come
 * from a socket or a file. It checks the header (magic, version, cipher, checksum, chunk size) and that the
 * records come in the order and with the lengths the format allows, and refuses a stream at the first byte
 * that breaks a rule. One parser serves inspect (no key) and open (with the key).
 */
import { checkHeaderPrefix, decodeHeader, HEADER_LENGTH, MAGIC, RECORD_HEADER_LENGTH, RECORD_NAMES, recordBodyRange, RecordType, SUMMARY_PAD_UNIT, TAG_LENGTH, } from './container-format.js';
import { SealingError, SealingErrorCode } from './sealing-error.js';
export class ContainerParser {
    createSha256;
    sink;
    headerBytes = new Uint8Array(HEADER_LENGTH);
    headerFilled = 0;
    recordHeaderBytes = new Uint8Array(RECORD_HEADER_LENGTH);
    recordHeaderFilled = 0;
    inBody = false;
    bodyRemaining = 0;
    recordType = RecordType.Summary;
    recordIndex = 0;
    expecting = 'summary';
    chunks = 0;
    failure = null;
    parsedHeader = null;
    /** Bytes pushed so far. */
    bytesSeen = 0;
    constructor(createSha256, sink = {}) {
        this.createSha256 = createSha256;
        this.sink = sink;
    }
    get header() {
        return this.parsedHeader;
    }
    /** Data records (chunk and final chunk) seen so far. */
    get chunkCount() {
        return this.chunks;
    }
    /** True once the end record has been read completely. */
    get complete() {
        return this.expecting === 'nothing' && !this.inBody && this.recordHeaderFilled === 0;
    }
    /** Feeds the next piece of the stream. Throws a SealingError at the first byte that breaks the format. */
    push(piece) {
        if (this.failure)
            throw this.failure;
        try {
            this.consume(piece);
        }
        catch (error) {
            if (error instanceof SealingError)
                this.failure = error;
            throw error;
        }
    }
    /** Signals the end of the stream. Throws unless the container ended exactly after its end record. */
    end() {
        if (this.failure)
            throw this.failure;
        if (this.complete)
            return;
        let error;
        if (this.bytesSeen === 0) {
            error = new SealingError(SealingErrorCode.NotASealedContainer, 'the stream is empty');
        }
        else if (this.headerFilled < HEADER_LENGTH) {
            error = new SealingError(SealingErrorCode.Truncated, `the stream ended inside the header, after ${this.bytesSeen} bytes`);
        }
        else if (this.inBody) {
            error = new SealingError(SealingErrorCode.Truncated, `the stream ended inside the ${RECORD_NAMES[this.recordType]} record (${this.bodyRemaining} bytes missing)`);
        }
        else {
            error = new SealingError(SealingErrorCode.Truncated, `the stream ended after ${this.bytesSeen} bytes, before the container's end record`);
        }
        this.failure = error;
        throw error;
    }
    consume(piece) {
        let offset = 0;
        while (offset < piece.length) {
            if (this.headerFilled < HEADER_LENGTH) {
                const take = Math.min(HEADER_LENGTH - this.headerFilled, piece.length - offset);
                this.headerBytes.set(piece.subarray(offset, offset + take), this.headerFilled);
                this.headerFilled += take;
                offset += take;
                this.bytesSeen += take;
                checkHeaderPrefix(this.headerBytes.subarray(0, this.headerFilled));
                if (this.headerFilled === HEADER_LENGTH) {
                    this.parsedHeader = decodeHeader(this.headerBytes, this.createSha256);
                    this.sink.header?.(this.parsedHeader);
                }
            }
            else if (this.inBody) {
                const take = Math.min(this.bodyRemaining, piece.length - offset);
                this.sink.recordData?.(piece.subarray(offset, offset + take));
                this.bodyRemaining -= take;
                offset += take;
                this.bytesSeen += take;
                if (this.bodyRemaining === 0) {
                    this.inBody = false;
                    this.sink.recordEnd?.(this.recordType, this.recordIndex);
                }
            }
            else {
                if (this.expecting === 'nothing') {
                    throw new SealingError(SealingErrorCode.Malformed, `unexpected bytes after the end record, at byte ${this.bytesSeen}`);
                }
                const take = Math.min(RECORD_HEADER_LENGTH - this.recordHeaderFilled, piece.length - offset);
                this.recordHeaderBytes.set(piece.subarray(offset, offset + take), this.recordHeaderFilled);
                this.recordHeaderFilled += take;
                offset += take;
                this.bytesSeen += take;
                if (this.recordHeaderFilled === RECORD_HEADER_LENGTH) {
                    this.recordHeaderFilled = 0;
                    this.beginRecord();
                }
            }
        }
    }
    beginRecord() {
        const at = this.bytesSeen - RECORD_HEADER_LENGTH;
        const type = this.recordHeaderBytes[0];
        const length = new DataView(this.recordHeaderBytes.buffer).getUint32(1);
        const range = recordBodyRange(type, this.parsedHeader.chunkSize);
        if (!range) {
            throw new SealingError(SealingErrorCode.Malformed, `unknown record type 0x${type.toString(16).padStart(2, '0')} at byte ${at}`);
        }
        const allowed = {
            summary: [RecordType.Summary],
            chunk: [RecordType.Chunk, RecordType.FinalChunk],
            end: [RecordType.End],
            nothing: [],
        };
        if (!allowed[this.expecting].includes(type)) {
            throw new SealingError(SealingErrorCode.Malformed, `a ${RECORD_NAMES[type]} record at byte ${at} where the ${this.expecting === 'chunk' ? 'next chunk' : `${this.expecting} record`} belongs`);
        }
        const summaryPadding = type === RecordType.Summary && (length - TAG_LENGTH) % SUMMARY_PAD_UNIT !== 0;
        if (length < range[0] || length > range[1] || summaryPadding) {
            throw new SealingError(SealingErrorCode.Malformed, `the ${RECORD_NAMES[type]} record at byte ${at} has a length of ${length} bytes, which the format does not allow`);
        }
        this.recordType = type;
        switch (type) {
            case RecordType.Summary:
                this.recordIndex = 0;
                this.expecting = 'chunk';
                break;
            case RecordType.Chunk:
                this.recordIndex = this.chunks++;
                break;
            case RecordType.FinalChunk:
                this.recordIndex = this.chunks++;
                this.expecting = 'end';
                break;
            default:
                this.recordIndex = this.chunks;
                this.expecting = 'nothing';
        }
        this.sink.recordStart?.(this.recordType, this.recordIndex, length);
        this.inBody = true;
        this.bodyRemaining = length;
    }
}
/** True when `bytes` start with (a prefix of) the container magic: a cheap sniff for content-type checks. */
export function looksLikeContainer(bytes) {
    const n = Math.min(bytes.length, MAGIC.length);
    for (let i = 0; i < n; i++)
        if (bytes[i] !== MAGIC[i])
            return false;
    return bytes.length > 0;
}
