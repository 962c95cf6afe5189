// Generated from libs/sealing/src/core/crypto-platform.ts by libs/sealing/scripts/build.js. Do not edit.
/**
 * The cryptography the container needs, behind one small interface with two implementations that give the
 * same bytes: WebCrypto (the browser; src/web) and node:crypto (Node; src/node). Nonces, associated data and
 * framing are computed here, once, for both.
 */
import { asBytes, asciiBytes, concatBytes, HKDF_INFO, recordAad, recordNonce, RecordType, RECORD_NAMES, TAG_LENGTH, } from './container-format.js';
import { SealingError, SealingErrorCode } from './sealing-error.js';
export function createPlaintextHash(platform) {
    if (platform.createPlaintextHash)
        return platform.createPlaintextHash();
    const hash = platform.createSha256();
    return {
        update: (data) => hash.update(data),
        digest: () => Promise.resolve(hash.digest()),
        dispose: () => undefined,
    };
}
export function authenticationFailure(type, index) {
    const what = type === RecordType.Summary || type === RecordType.End ? `the ${RECORD_NAMES[type]} record` : `${RECORD_NAMES[type]} ${index}`;
    return new SealingError(SealingErrorCode.Tampered, `${what} failed authentication: the container was changed after sealing`);
}
/** The WebCrypto record cipher (browsers; Node has it too, as globalThis.crypto.subtle). */
export async function webCryptoRecordCipher(subtle, key, salt, headerDigest) {
    const ikm = await subtle.importKey('raw', asBytes(key), 'HKDF', false, ['deriveBits']);
    const bits = await subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: asBytes(salt), info: asciiBytes(HKDF_INFO) }, ikm, 256);
    const aesKey = await subtle.importKey('raw', bits, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
    const digest = new Uint8Array(headerDigest);
    const params = (type, index) => ({
        name: 'AES-GCM',
        iv: recordNonce(type, index),
        additionalData: recordAad(digest, type, index),
        tagLength: TAG_LENGTH * 8,
    });
    const whole = (parts) => (parts.length === 1 ? asBytes(parts[0]) : concatBytes(parts));
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
