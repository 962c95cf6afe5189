// Generated from libs/sealing/src/core/container-format.ts by libs/sealing/scripts/build.js. Do not edit.
/**
 * The byte format of a sealed bid container (密封投标文件), version 1. libs/sealing/README.md is its
 * specification; this file is its one implementation, shared by Node and the browser. Everything here is
 * plain computation on bytes: no I/O, no crypto calls.
 */
import { SealingError, SealingErrorCode } from './sealing-error.js';
/** "\x89BIDSEAL": the high byte keeps text tools from taking a container for text. */
export const MAGIC = Uint8Array.of(0x89, 0x42, 0x49, 0x44, 0x53, 0x45, 0x41, 0x4c);
export const FORMAT_VERSION = 1;
/** Cipher id 1: AES-256-GCM with a per-container key from HKDF-SHA-256(key, salt). */
export const CIPHER_AES_256_GCM = 1;
export const CIPHER_NAMES = { [CIPHER_AES_256_GCM]: 'AES-256-GCM' };
export const HEADER_LENGTH = 112;
export const KEY_LENGTH = 32;
export const SALT_LENGTH = 32;
export const DIGEST_LENGTH = 32;
export const TAG_LENGTH = 16;
export const NONCE_LENGTH = 12;
export const AAD_LENGTH = DIGEST_LENGTH + 1 + 8;
export const RECORD_HEADER_LENGTH = 5;
export const DEFAULT_CHUNK_SIZE = 1 << 20; // 1 MiB
export const MIN_CHUNK_SIZE = 1 << 10; // 1 KiB
export const MAX_CHUNK_SIZE = 1 << 24; // 16 MiB
/** Chunk encryptions or decryptions in flight at once: one on WebCrypto while the next is hashed. */
export const DEFAULT_CONCURRENCY = 2;
/** The sealed summary's plaintext is padded to a multiple of this, so its length does not hint at the price. */
export const SUMMARY_PAD_UNIT = 1024;
export const MAX_SUMMARY_PLAINTEXT = 64 * 1024;
/** The end record's plaintext: plaintext size (u64) and plaintext SHA-256. */
export const END_PLAINTEXT_LENGTH = 8 + DIGEST_LENGTH;
/** Domain-separation labels (ASCII). */
export const HKDF_INFO = 'bid-seal/v1/aes-256-gcm';
export const FINGERPRINT_LABEL = 'bid-seal/v1/key-fingerprint';
/** Record types, one ASCII letter each. */
export const RecordType = {
    Summary: 0x53, // 'S'
    Chunk: 0x43, // 'C': a full chunk that is not the last
    FinalChunk: 0x46, // 'F': the last chunk, 0 to chunkSize - 1 bytes of plaintext
    End: 0x45, // 'E': plaintext size and SHA-256
};
export const RECORD_NAMES = {
    [RecordType.Summary]: 'summary',
    [RecordType.Chunk]: 'chunk',
    [RecordType.FinalChunk]: 'final chunk',
    [RecordType.End]: 'end',
};
// ---------------------------------------------------------------------------------------------------------
// Small byte helpers.
export function concatBytes(parts) {
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
export function bytesEqual(a, b) {
    if (a.length !== b.length)
        return false;
    let diff = 0;
    for (let i = 0; i < a.length; i++)
        diff |= a[i] ^ b[i];
    return diff === 0;
}
const HEX = '0123456789abcdef';
export function toHex(bytes) {
    let out = '';
    for (let i = 0; i < bytes.length; i++)
        out += HEX[bytes[i] >> 4] + HEX[bytes[i] & 15];
    return out;
}
/** Lower- or upper-case hex without separators; returns null for anything else. */
export function fromHex(text) {
    if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text))
        return null;
    const out = new Uint8Array(text.length / 2);
    for (let i = 0; i < out.length; i++)
        out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
    return out;
}
export function asciiBytes(text) {
    return new TextEncoder().encode(text);
}
/** Writes a non-negative safe integer as 8 big-endian bytes. */
export function writeUint64(view, offset, value) {
    view.setUint32(offset, Math.floor(value / 0x1_0000_0000));
    view.setUint32(offset + 4, value >>> 0);
}
export function readUint64(view, offset) {
    const high = view.getUint32(offset);
    if (high > 0x1f_ffff)
        throw new SealingError(SealingErrorCode.Malformed, 'a 64-bit length exceeds 2^53 - 1');
    return high * 0x1_0000_0000 + view.getUint32(offset + 4);
}
/** A Uint8Array (or Buffer), also one from another realm. */
export function isByteArray(value) {
    return ArrayBuffer.isView(value) && value.BYTES_PER_ELEMENT === 1 && 'subarray' in value;
}
/** A copy that WebCrypto accepts, unless the view already sits on a plain ArrayBuffer. */
export function asBytes(data) {
    return Object.prototype.toString.call(data.buffer) === '[object ArrayBuffer]' ? data : new Uint8Array(data);
}
export function sha256Of(createSha256, ...parts) {
    const hash = createSha256();
    for (const part of parts)
        hash.update(part);
    return hash.digest();
}
// ---------------------------------------------------------------------------------------------------------
// Header.
export function chunkSizeProblem(chunkSize) {
    if (!Number.isInteger(chunkSize) || chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
        return `chunk size must be an integer from ${MIN_CHUNK_SIZE} to ${MAX_CHUNK_SIZE} bytes, got ${chunkSize}`;
    }
    return null;
}
export function encodeHeader(fields, createSha256) {
    const bytes = new Uint8Array(HEADER_LENGTH);
    const view = new DataView(bytes.buffer);
    bytes.set(MAGIC, 0);
    view.setUint8(8, FORMAT_VERSION);
    view.setUint8(9, CIPHER_AES_256_GCM);
    view.setUint16(10, HEADER_LENGTH);
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
export function checkHeaderPrefix(prefix) {
    const magicBytes = Math.min(prefix.length, MAGIC.length);
    for (let i = 0; i < magicBytes; i++) {
        if (prefix[i] !== MAGIC[i]) {
            throw new SealingError(SealingErrorCode.NotASealedContainer, 'the data does not start with the sealed-container magic bytes');
        }
    }
    if (prefix.length > 8 && prefix[8] !== FORMAT_VERSION) {
        throw new SealingError(SealingErrorCode.Unsupported, `container format version ${prefix[8]} is not supported (this library reads version ${FORMAT_VERSION})`);
    }
    if (prefix.length > 9 && CIPHER_NAMES[prefix[9]] === undefined) {
        throw new SealingError(SealingErrorCode.Unsupported, `cipher id ${prefix[9]} is not supported`);
    }
    if (prefix.length >= 12) {
        const headerLength = (prefix[10] << 8) | prefix[11];
        if (headerLength !== HEADER_LENGTH) {
            throw new SealingError(SealingErrorCode.Malformed, `header length is ${headerLength}, version 1 requires ${HEADER_LENGTH}`);
        }
    }
}
/** Decodes and verifies a complete header (HEADER_LENGTH bytes). Throws a SealingError. */
export function decodeHeader(bytes, createSha256) {
    if (bytes.length !== HEADER_LENGTH)
        throw new Error(`decodeHeader needs exactly ${HEADER_LENGTH} bytes`);
    checkHeaderPrefix(bytes);
    const copy = new Uint8Array(bytes);
    const view = new DataView(copy.buffer);
    const digest = copy.slice(80, 112);
    if (!bytesEqual(sha256Of(createSha256, copy.subarray(0, 80)), digest)) {
        throw new SealingError(SealingErrorCode.Tampered, 'the header checksum does not match the header');
    }
    const chunkSize = view.getUint32(12);
    const problem = chunkSizeProblem(chunkSize);
    if (problem)
        throw new SealingError(SealingErrorCode.Malformed, problem);
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
export function encodeRecordHeader(type, bodyLength) {
    const bytes = new Uint8Array(RECORD_HEADER_LENGTH);
    bytes[0] = type;
    new DataView(bytes.buffer).setUint32(1, bodyLength);
    return bytes;
}
/** Nonce = type (1 byte) || three zero bytes || index (u64 big-endian). Unique per (type, index). */
export function recordNonce(type, index) {
    const nonce = new Uint8Array(NONCE_LENGTH);
    nonce[0] = type;
    writeUint64(new DataView(nonce.buffer), 4, index);
    return nonce;
}
/** Associated data = header digest (32) || type (1) || index (u64 big-endian). */
export function recordAad(headerDigest, type, index) {
    const aad = new Uint8Array(AAD_LENGTH);
    aad.set(headerDigest, 0);
    aad[DIGEST_LENGTH] = type;
    writeUint64(new DataView(aad.buffer), DIGEST_LENGTH + 1, index);
    return aad;
}
/**
 * The body length a record of this type may have, as [min, max]. The summary's is checked further by
 * summaryBodyLengthProblem().
 */
export function recordBodyRange(type, chunkSize) {
    switch (type) {
        case RecordType.Summary:
            return [TAG_LENGTH + SUMMARY_PAD_UNIT, TAG_LENGTH + MAX_SUMMARY_PLAINTEXT];
        case RecordType.Chunk:
            return [TAG_LENGTH + chunkSize, TAG_LENGTH + chunkSize];
        case RecordType.FinalChunk:
            return [TAG_LENGTH, TAG_LENGTH + chunkSize - 1];
        case RecordType.End:
            return [TAG_LENGTH + END_PLAINTEXT_LENGTH, TAG_LENGTH + END_PLAINTEXT_LENGTH];
        default:
            return null;
    }
}
export function encodeEndPlaintext(plaintextSize, plaintextSha256) {
    const bytes = new Uint8Array(END_PLAINTEXT_LENGTH);
    writeUint64(new DataView(bytes.buffer), 0, plaintextSize);
    bytes.set(plaintextSha256, 8);
    return bytes;
}
export function decodeEndPlaintext(bytes) {
    const copy = new Uint8Array(bytes);
    return { plaintextSize: readUint64(new DataView(copy.buffer), 0), plaintextSha256: copy.slice(8, 40) };
}
