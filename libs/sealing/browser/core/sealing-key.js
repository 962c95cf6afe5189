// Generated from libs/sealing/src/core/sealing-key.ts by libs/sealing/scripts/build.js. Do not edit.
/**
 * The bidder's key (投标文件加密密钥): 32 random bytes that only the bidder holds until the opening. Its
 * fingerprint is public: it is written in every container sealed with the key and shown on receipts.
 */
import { asciiBytes, FINGERPRINT_LABEL, fromHex, KEY_LENGTH, sha256Of, toHex } from './container-format.js';
import { SealingError, SealingErrorCode } from './sealing-error.js';
export const KEY_FILE_FIRST_LINE = 'BID-SEAL KEY v1';
export function generateKey(platform) {
    return platform.randomBytes(KEY_LENGTH);
}
/** Checks that `key` is 32 bytes and returns a copy of it. */
export function validateKey(key) {
    if (!ArrayBuffer.isView(key) || key.byteLength !== KEY_LENGTH || key.BYTES_PER_ELEMENT !== 1) {
        throw new SealingError(SealingErrorCode.InvalidKey, `a key is ${KEY_LENGTH} bytes`);
    }
    return new Uint8Array(key);
}
/** SHA-256(ASCII "bid-seal/v1/key-fingerprint" || key). */
export function keyFingerprint(createSha256, key) {
    return sha256Of(createSha256, asciiBytes(FINGERPRINT_LABEL), validateKey(key));
}
export function keyFingerprintHex(createSha256, key) {
    return toHex(keyFingerprint(createSha256, key));
}
/** The key file: a header line, a comment, the fingerprint and the key in hex. */
export function formatKeyFile(createSha256, key) {
    return [
        KEY_FILE_FIRST_LINE,
        '# 投标文件加密密钥 Bid sealing key. Keep it secret and safe until the opening (开标):',
        '# without it the bid cannot be opened; with it anyone can read the bid.',
        `fingerprint: ${keyFingerprintHex(createSha256, key)}`,
        `key: ${toHex(validateKey(key))}`,
        '',
    ].join('\n');
}
/**
 * Reads a key from a key file's text, or from the bare 64 hex digits of a key (what a bidder pastes into the
 * portal at the opening). Throws INVALID_KEY saying what is wrong.
 */
export function parseKey(createSha256, text) {
    const invalid = (message) => new SealingError(SealingErrorCode.InvalidKey, message);
    const trimmed = text.replace(/^\uFEFF/, '').trim();
    const bare = fromHex(trimmed);
    if (bare && bare.length === KEY_LENGTH)
        return bare;
    const lines = trimmed
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('#'));
    if (lines[0] !== KEY_FILE_FIRST_LINE) {
        throw invalid(`not a key file: it must start with "${KEY_FILE_FIRST_LINE}" (or be the key's 64 hex digits)`);
    }
    const fields = new Map();
    for (const line of lines.slice(1)) {
        const match = /^([a-z]+):\s*(\S+)$/.exec(line);
        if (!match || (match[1] !== 'key' && match[1] !== 'fingerprint'))
            throw invalid(`unexpected line in key file: "${line.slice(0, 40)}"`);
        if (fields.has(match[1]))
            throw invalid(`"${match[1]}" appears twice in the key file`);
        fields.set(match[1], match[2]);
    }
    const key = fromHex(fields.get('key') ?? '');
    if (!key || key.length !== KEY_LENGTH)
        throw invalid(`the key file's "key:" line must hold ${KEY_LENGTH * 2} hex digits`);
    const fingerprint = fields.get('fingerprint');
    if (fingerprint !== undefined && fingerprint.toLowerCase() !== keyFingerprintHex(createSha256, key)) {
        throw invalid("the key file's fingerprint does not match its key: the file was changed");
    }
    return key;
}
