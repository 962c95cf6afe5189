// Generated from libs/sealing/src/core/crypto-platform.ts by libs/sealing/scripts/build.js. Do not edit.
"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createPlaintextHash = createPlaintextHash;
exports.authenticationFailure = authenticationFailure;
exports.webCryptoRecordCipher = webCryptoRecordCipher;
/**
 * The cryptography the container needs, behind one small interface with two implementations that give the
 * same bytes: WebCrypto (the browser; src/web) and node:crypto (Node; src/node). Nonces, associated data and
 * framing are computed here, once, for both.
 */
const container_format_1 = require("./container-format");
const sealing_error_1 = require("./sealing-error");
function createPlaintextHash(platform) {
    if (platform.createPlaintextHash)
        return platform.createPlaintextHash();
    const hash = platform.createSha256();
    return {
        update: (data) => hash.update(data),
        digest: () => Promise.resolve(hash.digest()),
        dispose: () => undefined,
    };
}
function authenticationFailure(type, index) {
    const what = type === container_format_1.RecordType.Summary || type === container_format_1.RecordType.End ? `the ${container_format_1.RECORD_NAMES[type]} record` : `${container_format_1.RECORD_NAMES[type]} ${index}`;
    return new sealing_error_1.SealingError(sealing_error_1.SealingErrorCode.Tampered, `${what} failed authentication: the container was changed after sealing`);
}
/** The WebCrypto record cipher (browsers; Node has it too, as globalThis.crypto.subtle). */
async function webCryptoRecordCipher(subtle, key, salt, headerDigest) {
    const ikm = await subtle.importKey('raw', (0, container_format_1.asBytes)(key), 'HKDF', false, ['deriveBits']);
    const bits = await subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: (0, container_format_1.asBytes)(salt), info: (0, container_format_1.asciiBytes)(container_format_1.HKDF_INFO) }, ikm, 256);
    const aesKey = await subtle.importKey('raw', bits, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
    const digest = new Uint8Array(headerDigest);
    const params = (type, index) => ({
        name: 'AES-GCM',
        iv: (0, container_format_1.recordNonce)(type, index),
        additionalData: (0, container_format_1.recordAad)(digest, type, index),
        tagLength: container_format_1.TAG_LENGTH * 8,
    });
    const whole = (parts) => (parts.length === 1 ? (0, container_format_1.asBytes)(parts[0]) : (0, container_format_1.concatBytes)(parts));
    return {
        async encrypt(type, index, plaintext) {
            return [new Uint8Array(await subtle.encrypt(params(type, index), aesKey, whole(plaintext)))];
        },
        async decrypt(type, index, body) {
            try {
                return [new Uint8Array(await subtle.decrypt(params(type, index), aesKey, whole(body)))];
            }
            catch {
                throw authenticationFailure(type, index);
            }
        },
    };
}
