// Generated from libs/sealing/src/node/node-platform.ts by libs/sealing/scripts/build.js. Do not edit.
"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.nodePlatform = void 0;
const node_crypto_1 = require("node:crypto");
const node_os_1 = require("node:os");
const container_format_1 = require("../core/container-format");
const crypto_platform_1 = require("../core/crypto-platform");
const hash_worker_1 = require("./hash-worker");
/**
 * The node:crypto record cipher: AES-256-GCM over the body's parts as they came from the stream, with no
 * copying into whole chunks. Byte for byte the same as the WebCrypto one (the test vectors prove it).
 */
function nodeRecordCipher(key, salt, headerDigest) {
    const subkey = Buffer.from((0, node_crypto_1.hkdfSync)('sha256', key, salt, container_format_1.HKDF_INFO, container_format_1.KEY_LENGTH));
    const digest = Buffer.from(headerDigest);
    const encrypt = (type, index, plaintext) => {
        const cipher = (0, node_crypto_1.createCipheriv)('aes-256-gcm', subkey, (0, container_format_1.recordNonce)(type, index), { authTagLength: container_format_1.TAG_LENGTH });
        cipher.setAAD((0, container_format_1.recordAad)(digest, type, index));
        const out = [];
        for (const part of plaintext)
            if (part.length > 0)
                out.push(cipher.update(part));
        const last = cipher.final();
        if (last.length > 0)
            out.push(last);
        out.push(cipher.getAuthTag());
        return out;
    };
    const decrypt = (type, index, body) => {
        let total = 0;
        for (const part of body)
            total += part.length;
        const ciphertextLength = total - container_format_1.TAG_LENGTH;
        const decipher = (0, node_crypto_1.createDecipheriv)('aes-256-gcm', subkey, (0, container_format_1.recordNonce)(type, index), { authTagLength: container_format_1.TAG_LENGTH });
        decipher.setAAD((0, container_format_1.recordAad)(digest, type, index));
        const tag = Buffer.alloc(container_format_1.TAG_LENGTH);
        const out = [];
        let seen = 0;
        for (const part of body) {
            const take = Math.max(0, Math.min(part.length, ciphertextLength - seen));
            if (take > 0)
                out.push(decipher.update(part.subarray(0, take)));
            if (take < part.length)
                tag.set(part.subarray(take), seen + take - ciphertextLength);
            seen += part.length;
        }
        decipher.setAuthTag(tag);
        try {
            const last = decipher.final(); // throws unless the tag verifies; nothing above has been released
            if (last.length > 0)
                out.push(last);
        }
        catch {
            throw (0, crypto_platform_1.authenticationFailure)(type, index);
        }
        return out;
    };
    return {
        encrypt: (type, index, plaintext) => {
            try {
                return Promise.resolve(encrypt(type, index, plaintext));
            }
            catch (error) {
                return Promise.reject(error);
            }
        },
        decrypt: (type, index, body) => {
            try {
                return Promise.resolve(decrypt(type, index, body));
            }
            catch (error) {
                return Promise.reject(error);
            }
        },
    };
}
/**
 * Node: node:crypto for AES-256-GCM, HKDF and SHA-256. The plaintext's SHA-256 runs on a worker thread
 * (hash-worker.ts) while AES-GCM runs on the calling thread, so the two use two cores. With one core the
 * worker would only add copying, so it hashes on the calling thread (createSha256) then.
 */
exports.nodePlatform = {
    randomBytes: (length) => new Uint8Array((0, node_crypto_1.randomBytes)(length)),
    createSha256: () => {
        const hash = (0, node_crypto_1.createHash)('sha256');
        return {
            update: (data) => {
                hash.update(data);
            },
            digest: () => new Uint8Array(hash.digest()),
        };
    },
    ...((0, node_os_1.availableParallelism)() > 1 ? { createPlaintextHash: hash_worker_1.createWorkerSha256 } : {}),
    recordCipher: (key, salt, headerDigest) => Promise.resolve(nodeRecordCipher(key, salt, headerDigest)),
};
