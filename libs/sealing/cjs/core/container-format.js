// Generated from libs/sealing/src/core/container-format.ts by libs/sealing/scripts/build.js. Do not edit.
"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RECORD_NAMES = exports.RecordType = exports.FINGERPRINT_LABEL = exports.HKDF_INFO = exports.END_PLAINTEXT_LENGTH = exports.MAX_SUMMARY_PLAINTEXT = exports.SUMMARY_PAD_UNIT = exports.DEFAULT_CONCURRENCY = exports.MAX_CHUNK_SIZE = exports.MIN_CHUNK_SIZE = exports.DEFAULT_CHUNK_SIZE = exports.RECORD_HEADER_LENGTH = exports.AAD_LENGTH = exports.NONCE_LENGTH = exports.TAG_LENGTH = exports.DIGEST_LENGTH = exports.SALT_LENGTH = exports.KEY_LENGTH = exports.HEADER_LENGTH = exports.CIPHER_NAMES = exports.CIPHER_AES_256_GCM = exports.FORMAT_VERSION = exports.MAGIC = void 0;
exports.concatBytes = concatBytes;
exports.bytesEqual = bytesEqual;
exports.toHex = toHex;
exports.fromHex = fromHex;
exports.asciiBytes = asciiBytes;
exports.writeUint64 = writeUint64;
exports.readUint64 = readUint64;
exports.isByteArray = isByteArray;
exports.asBytes = asBytes;
exports.sha256Of = sha256Of;
exports.chunkSizeProblem = chunkSizeProblem;
exports.encodeHeader = encodeHeader;
exports.checkHeaderPrefix = checkHeaderPrefix;
exports.decodeHeader = decodeHeader;
exports.encodeRecordHeader = encodeRecordHeader;
exports.recordNonce = recordNonce;
exports.recordAad = recordAad;
exports.recordBodyRange = recordBodyRange;
exports.encodeEndPlaintext = encodeEndPlaintext;
exports.decodeEndPlaintext = decodeEndPlaintext;
/**
 * The byte format of a sealed bid container (密封投标文件), version 1. libs/sealing/README.md is its
 * specification; this file is its one implementation, shared by Node and the browser. Everything here is
 * plain computation on bytes: no I/O, no crypto calls.
 */
const sealing_error_1 = require("./sealing-error");
/** "\x89BIDSEAL": the high byte keeps text tools from taking a container for text. */
exports.MAGIC = Uint8Array.of(0x89, 0x42, 0x49, 0x44, 0x53, 0x45, 0x41, 0x4c);
exports.FORMAT_VERSION = 1;
/** Cipher id 1: AES-256-GCM with a per-container key from HKDF-SHA-256(key, salt). */
exports.CIPHER_AES_256_GCM = 1;
exports.CIPHER_NAMES = { [exports.CIPHER_AES_256_GCM]: 'AES-256-GCM' };
exports.HEADER_LENGTH = 112;
exports.KEY_LENGTH = 32;
exports.SALT_LENGTH = 32;
exports.DIGEST_LENGTH = 32;
exports.TAG_LENGTH = 16;
exports.NONCE_LENGTH = 12;
exports.AAD_LENGTH = exports.DIGEST_LENGTH + 1 + 8;
exports.RECORD_HEADER_LENGTH = 5;
exports.DEFAULT_CHUNK_SIZE = 1 << 20; // 1 MiB
exports.MIN_CHUNK_SIZE = 1 << 10; // 1 KiB
exports.MAX_CHUNK_SIZE = 1 << 24; // 16 MiB
/** Chunk encryptions or decryptions in flight at once: one on WebCrypto while the next is hashed. */
exports.DEFAULT_CONCURRENCY = 2;
/** The sealed summary's plaintext is padded to a multiple of this, so its length does not hint at the price. */
exports.SUMMARY_PAD_UNIT = 1024;
exports.MAX_SUMMARY_PLAINTEXT = 64 * 1024;
/** The end record's plaintext: plaintext size (u64) and plaintext SHA-256. */
exports.END_PLAINTEXT_LENGTH = 8 + exports.DIGEST_LENGTH;
/** Domain-separation labels (ASCII). */
exports.HKDF_INFO = 'bid-seal/v1/aes-256-gcm';
exports.FINGERPRINT_LABEL = 'bid-seal/v1/key-fingerprint';
/** Record types, one ASCII letter each. */
exports.RecordType = {
    Summary: 0x53, // 'S'
    Chunk: 0x43, // 'C': a full chunk that is not the last
    FinalChunk: 0x46, // 'F': the last chunk, 0 to chunkSize - 1 bytes of plaintext
    End: 0x45, // 'E': plaintext size and SHA-256
};
exports.RECORD_NAMES = {
    [exports.RecordType.Summary]: 'summary',
    [exports.RecordType.Chunk]: 'chunk',
    [exports.RecordType.FinalChunk]: 'final chunk',
    [exports.RecordType.End]: 'end',
};
// ---------------------------------------------------------------------------------------------------------
// Small byte helpers.
function concatBytes(parts) {
    let length = 0;
    for (const part of parts)
        length += part.length;
    const out = new Uint8Array(length);
    let offset = 0;
    for (const part of parts) {
        out.set(part, offset);
        offset += part.length;
    }
    return out;
}
function bytesEqual(a, b) {
    if (a.length !== b.length)
        return false;
    let diff = 0;
    for (let i = 0; i < a.length; i++)
        diff |= a[i] ^ b[i];
    return diff === 0;
}
const HEX = '0123456789abcdef';
function toHex(bytes) {
    let out = '';
    for (let i = 0; i < bytes.length; i++)
        out += HEX[bytes[i] >> 4] + HEX[bytes[i] & 15];
    return out;
}
/** Lower- or upper-case hex without separators; returns null for anything else. */
function fromHex(text) {
    if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text))
        return null;
    const out = new Uint8Array(text.length / 2);
    for (let i = 0; i < out.length; i++)
        out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
    return out;
}
function asciiBytes(text) {
    return new TextEncoder().encode(text);
}
/** Writes a non-negative safe integer as 8 big-endian bytes. */
function writeUint64(view, offset, value) {
    view.setUint32(offset, Math.floor(value / 0x1_0000_0000));
    view.setUint32(offset + 4, value >>> 0);
}
function readUint64(view, offset) {
    const high = view.getUint32(offset);
    if (high > 0x1f_ffff)
        throw new sealing_error_1.SealingError(sealing_error_1.SealingErrorCode.Malformed, 'a 64-bit length exceeds 2^53 - 1');
    return high * 0x1_0000_0000 + view.getUint32(offset + 4);
}
/** A Uint8Array (or Buffer), also one from another realm. */
function isByteArray(value) {
    return ArrayBuffer.isView(value) && value.BYTES_PER_ELEMENT === 1 && 'subarray' in value;
}
/** A copy that WebCrypto accepts, unless the view already sits on a plain ArrayBuffer. */
function asBytes(data) {
    return Object.prototype.toString.call(data.buffer) === '[object ArrayBuffer]' ? data : new Uint8Array(data);
}
function sha256Of(createSha256, ...parts) {
    const hash = createSha256();
    for (const part of parts)
        hash.update(part);
    return hash.digest();
}
// ---------------------------------------------------------------------------------------------------------
// Header.
function chunkSizeProblem(chunkSize) {
    if (!Number.isInteger(chunkSize) || chunkSize < exports.MIN_CHUNK_SIZE || chunkSize > exports.MAX_CHUNK_SIZE) {
        return `chunk size must be an integer from ${exports.MIN_CHUNK_SIZE} to ${exports.MAX_CHUNK_SIZE} bytes, got ${chunkSize}`;
    }
    return null;
}
function encodeHeader(fields, createSha256) {
    const bytes = new Uint8Array(exports.HEADER_LENGTH);
    const view = new DataView(bytes.buffer);
    bytes.set(exports.MAGIC, 0);
    view.setUint8(8, exports.FORMAT_VERSION);
    view.setUint8(9, exports.CIPHER_AES_256_GCM);
    view.setUint16(10, exports.HEADER_LENGTH);
    view.setUint32(12, fields.chunkSize);
    bytes.set(fields.keyFingerprint, 16);
    bytes.set(fields.salt, 48);
    const digest = sha256Of(createSha256, bytes.subarray(0, 80));
    bytes.set(digest, 80);
    return { bytes, header: decodeHeader(bytes, createSha256) };
}
/**
 * Checks what is known of the header so far (the first `prefix.length` bytes), so that a stream that is
 * not a container is refused at its first bytes. Throws a SealingError.
 */
function checkHeaderPrefix(prefix) {
    const magicBytes = Math.min(prefix.length, exports.MAGIC.length);
    for (let i = 0; i < magicBytes; i++) {
        if (prefix[i] !== exports.MAGIC[i]) {
            throw new sealing_error_1.SealingError(sealing_error_1.SealingErrorCode.NotASealedContainer, 'the data does not start with the sealed-container magic bytes');
        }
    }
    if (prefix.length > 8 && prefix[8] !== exports.FORMAT_VERSION) {
        throw new sealing_error_1.SealingError(sealing_error_1.SealingErrorCode.Unsupported, `container format version ${prefix[8]} is not supported (this library reads version ${exports.FORMAT_VERSION})`);
    }
    if (prefix.length > 9 && exports.CIPHER_NAMES[prefix[9]] === undefined) {
        throw new sealing_error_1.SealingError(sealing_error_1.SealingErrorCode.Unsupported, `cipher id ${prefix[9]} is not supported`);
    }
    if (prefix.length >= 12) {
        const headerLength = (prefix[10] << 8) | prefix[11];
        if (headerLength !== exports.HEADER_LENGTH) {
            throw new sealing_error_1.SealingError(sealing_error_1.SealingErrorCode.Malformed, `header length is ${headerLength}, version 1 requires ${exports.HEADER_LENGTH}`);
        }
    }
}
/** Decodes and verifies a complete header (HEADER_LENGTH bytes). Throws a SealingError. */
function decodeHeader(bytes, createSha256) {
    if (bytes.length !== exports.HEADER_LENGTH)
        throw new Error(`decodeHeader needs exactly ${exports.HEADER_LENGTH} bytes`);
    checkHeaderPrefix(bytes);
    const copy = new Uint8Array(bytes);
    const view = new DataView(copy.buffer);
    const digest = copy.slice(80, 112);
    if (!bytesEqual(sha256Of(createSha256, copy.subarray(0, 80)), digest)) {
        throw new sealing_error_1.SealingError(sealing_error_1.SealingErrorCode.Tampered, 'the header checksum does not match the header');
    }
    const chunkSize = view.getUint32(12);
    const problem = chunkSizeProblem(chunkSize);
    if (problem)
        throw new sealing_error_1.SealingError(sealing_error_1.SealingErrorCode.Malformed, problem);
    return {
        version: view.getUint8(8),
        cipher: view.getUint8(9),
        headerLength: view.getUint16(10),
        chunkSize,
        keyFingerprint: copy.slice(16, 48),
        salt: copy.slice(48, 80),
        digest,
    };
}
// ---------------------------------------------------------------------------------------------------------
// Records.
function encodeRecordHeader(type, bodyLength) {
    const bytes = new Uint8Array(exports.RECORD_HEADER_LENGTH);
    bytes[0] = type;
    new DataView(bytes.buffer).setUint32(1, bodyLength);
    return bytes;
}
/** Nonce = type (1 byte) || three zero bytes || index (u64 big-endian). Unique per (type, index). */
function recordNonce(type, index) {
    const nonce = new Uint8Array(exports.NONCE_LENGTH);
    nonce[0] = type;
    writeUint64(new DataView(nonce.buffer), 4, index);
    return nonce;
}
/** Associated data = header digest (32) || type (1) || index (u64 big-endian). */
function recordAad(headerDigest, type, index) {
    const aad = new Uint8Array(exports.AAD_LENGTH);
    aad.set(headerDigest, 0);
    aad[exports.DIGEST_LENGTH] = type;
    writeUint64(new DataView(aad.buffer), exports.DIGEST_LENGTH + 1, index);
    return aad;
}
/**
 * The body length a record of this type may have, as [min, max]. The summary's is checked further by
 * summaryBodyLengthProblem().
 */
function recordBodyRange(type, chunkSize) {
    switch (type) {
        case exports.RecordType.Summary:
            return [exports.TAG_LENGTH + exports.SUMMARY_PAD_UNIT, exports.TAG_LENGTH + exports.MAX_SUMMARY_PLAINTEXT];
        case exports.RecordType.Chunk:
            return [exports.TAG_LENGTH + chunkSize, exports.TAG_LENGTH + chunkSize];
        case exports.RecordType.FinalChunk:
            return [exports.TAG_LENGTH, exports.TAG_LENGTH + chunkSize - 1];
        case exports.RecordType.End:
            return [exports.TAG_LENGTH + exports.END_PLAINTEXT_LENGTH, exports.TAG_LENGTH + exports.END_PLAINTEXT_LENGTH];
        default:
            return null;
    }
}
function encodeEndPlaintext(plaintextSize, plaintextSha256) {
    const bytes = new Uint8Array(exports.END_PLAINTEXT_LENGTH);
    writeUint64(new DataView(bytes.buffer), 0, plaintextSize);
    bytes.set(plaintextSha256, 8);
    return bytes;
}
function decodeEndPlaintext(bytes) {
    const copy = new Uint8Array(bytes);
    return { plaintextSize: readUint64(new DataView(copy.buffer), 0), plaintextSha256: copy.slice(8, 40) };
}
