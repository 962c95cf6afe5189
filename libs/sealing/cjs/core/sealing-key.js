// Generated from libs/sealing/src/core/sealing-key.ts by libs/sealing/scripts/build.js. Do not edit.
"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.KEY_FILE_FIRST_LINE = void 0;
exports.generateKey = generateKey;
exports.validateKey = validateKey;
exports.keyFingerprint = keyFingerprint;
exports.keyFingerprintHex = keyFingerprintHex;
exports.formatKeyFile = formatKeyFile;
exports.parseKey = parseKey;
/**
 * The bidder's key (投标文件加密密钥): 32 random bytes that only the bidder holds until the opening. Its
 * fingerprint is public: it is written in every container sealed with the key and shown on receipts.
 */
const container_format_1 = require("./container-format");
const sealing_error_1 = require("./sealing-error");
exports.KEY_FILE_FIRST_LINE = 'BID-SEAL KEY v1';
function generateKey(platform) {
    return platform.randomBytes(container_format_1.KEY_LENGTH);
}
/** Checks that `key` is 32 bytes and returns a copy of it. */
function validateKey(key) {
    if (!ArrayBuffer.isView(key) || key.byteLength !== container_format_1.KEY_LENGTH || key.BYTES_PER_ELEMENT !== 1) {
        throw new sealing_error_1.SealingError(sealing_error_1.SealingErrorCode.InvalidKey, `a key is ${container_format_1.KEY_LENGTH} bytes`);
    }
    return new Uint8Array(key);
}
/** SHA-256(ASCII "bid-seal/v1/key-fingerprint" || key). */
function keyFingerprint(createSha256, key) {
    return (0, container_format_1.sha256Of)(createSha256, (0, container_format_1.asciiBytes)(container_format_1.FINGERPRINT_LABEL), validateKey(key));
}
function keyFingerprintHex(createSha256, key) {
    return (0, container_format_1.toHex)(keyFingerprint(createSha256, key));
}
/** The key file: a header line, a comment, the fingerprint and the key in hex. */
function formatKeyFile(createSha256, key) {
    return [
        exports.KEY_FILE_FIRST_LINE,
        '# 投标文件加密密钥 Bid sealing key. Keep it secret and safe until the opening (开标):',
        '# without it the bid cannot be opened; with it anyone can read the bid.',
        `fingerprint: ${keyFingerprintHex(createSha256, key)}`,
        `key: ${(0, container_format_1.toHex)(validateKey(key))}`,
        '',
    ].join('\n');
}
/**
 * Reads a key from a key file's text, or from the bare 64 hex digits of a key (what a bidder pastes into the
 * portal at the opening). Throws INVALID_KEY saying what is wrong.
 */
function parseKey(createSha256, text) {
    const invalid = (message) => new sealing_error_1.SealingError(sealing_error_1.SealingErrorCode.InvalidKey, message);
    const trimmed = text.replace(/^\uFEFF/, '').trim();
    const bare = (0, container_format_1.fromHex)(trimmed);
    if (bare && bare.length === container_format_1.KEY_LENGTH)
        return bare;
    const lines = trimmed
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('#'));
    if (lines[0] !== exports.KEY_FILE_FIRST_LINE) {
        throw invalid(`not a key file: it must start with "${exports.KEY_FILE_FIRST_LINE}" (or be the key's 64 hex digits)`);
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
    const key = (0, container_format_1.fromHex)(fields.get('key') ?? '');
    if (!key || key.length !== container_format_1.KEY_LENGTH)
        throw invalid(`the key file's "key:" line must hold ${container_format_1.KEY_LENGTH * 2} hex digits`);
    const fingerprint = fields.get('fingerprint');
    if (fingerprint !== undefined && fingerprint.toLowerCase() !== keyFingerprintHex(createSha256, key)) {
        throw invalid("the key file's fingerprint does not match its key: the file was changed");
    }
    return key;
}
