// Generated from libs/sealing/src/core/sealing-error.ts by libs/sealing/scripts/build.js. Do not edit.
"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SealingError = exports.SealingErrorCode = void 0;
exports.isSealingError = isSealingError;
/**
 * Every refusal of the sealing library is a SealingError with a stable code. Callers (the bids module, the
 * portal, the bidder CLI) branch on `code`, never on the message. `message` is English, `zh` is Chinese.
 */
exports.SealingErrorCode = {
    /** The bytes do not start like a sealed container (a PDF, a ZIP, random bytes, an empty stream). */
    NotASealedContainer: 'NOT_A_SEALED_CONTAINER',
    /** A container of a format version or cipher this library does not know. */
    Unsupported: 'CONTAINER_UNSUPPORTED',
    /** The framing is not what the format allows: bad lengths, records out of order, bytes after the end. */
    Malformed: 'CONTAINER_MALFORMED',
    /** The stream ended before the container's end record. */
    Truncated: 'CONTAINER_TRUNCATED',
    /** The header checksum or an authentication tag does not verify, or the declared size or SHA-256 differ. */
    Tampered: 'CONTAINER_TAMPERED',
    /** The key's fingerprint is not the one the container was sealed for. */
    WrongKey: 'WRONG_KEY',
    /** Not a 32-byte key, or not a key file. */
    InvalidKey: 'INVALID_KEY',
    /** The opening summary given to seal() is not valid (price, duration, items). */
    InvalidSummary: 'INVALID_SUMMARY',
    /** An option given to seal() is out of range (chunk size, salt, file name). */
    InvalidOption: 'INVALID_OPTION',
};
const ZH = {
    NOT_A_SEALED_CONTAINER: '文件不是加密投标文件（密封容器）',
    CONTAINER_UNSUPPORTED: '不支持的加密投标文件版本或加密算法',
    CONTAINER_MALFORMED: '加密投标文件结构不正确',
    CONTAINER_TRUNCATED: '加密投标文件不完整（被截断）',
    CONTAINER_TAMPERED: '加密投标文件已被篡改或损坏',
    WRONG_KEY: '密钥与加密投标文件不匹配',
    INVALID_KEY: '密钥无效',
    INVALID_SUMMARY: '开标一览表内容无效',
    INVALID_OPTION: '加密参数无效',
};
class SealingError extends Error {
    code;
    /** The message in Chinese, for the portal and the CLI. */
    zh;
    constructor(code, message) {
        super(message);
        this.code = code;
        this.name = 'SealingError';
        this.zh = ZH[code];
    }
}
exports.SealingError = SealingError;
/** True for a SealingError, also across realms (a jest sandbox, a browser frame) where instanceof fails. */
function isSealingError(error) {
    return (typeof error === 'object' &&
        error !== null &&
        error.name === 'SealingError' &&
        typeof error.code === 'string');
}
