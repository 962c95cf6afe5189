import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Bytes, HKDF_INFO, KEY_LENGTH, recordAad, recordNonce, RecordType, Sha256, TAG_LENGTH } from '../core/container-format';
import { authenticationFailure, CryptoPlatform, RecordCipher } from '../core/crypto-platform';
import { createWorkerSha256 } from './hash-worker';

/**
 * The node:crypto record cipher: AES-256-GCM over the body's parts as they came from the stream, with no
 * copying into whole chunks. Byte for byte the same as the WebCrypto one (the test vectors prove it).
 */
function nodeRecordCipher(key: Uint8Array, salt: Uint8Array, headerDigest: Uint8Array): RecordCipher {
  const subkey = Buffer.from(hkdfSync('sha256', key, salt, HKDF_INFO, KEY_LENGTH));
  const digest = Buffer.from(headerDigest);
  const encrypt = (type: RecordType, index: number, plaintext: readonly Uint8Array[]): Uint8Array[] => {
    const cipher = createCipheriv('aes-256-gcm', subkey, recordNonce(type, index), { authTagLength: TAG_LENGTH });
    cipher.setAAD(recordAad(digest, type, index));
    const out: Uint8Array[] = [];
    for (const part of plaintext) if (part.length > 0) out.push(cipher.update(part));
    const last = cipher.final();
    if (last.length > 0) out.push(last);
    out.push(cipher.getAuthTag());
    return out;
  };
  const decrypt = (type: RecordType, index: number, body: readonly Uint8Array[]): Uint8Array[] => {
    let total = 0;
    for (const part of body) total += part.length;
    const ciphertextLength = total - TAG_LENGTH;
    const decipher = createDecipheriv('aes-256-gcm', subkey, recordNonce(type, index), { authTagLength: TAG_LENGTH });
    decipher.setAAD(recordAad(digest, type, index));
    const tag = Buffer.alloc(TAG_LENGTH);
    const out: Uint8Array[] = [];
    let seen = 0;
    for (const part of body) {
      const take = Math.max(0, Math.min(part.length, ciphertextLength - seen));
      if (take > 0) out.push(decipher.update(part.subarray(0, take)));
      if (take < part.length) tag.set(part.subarray(take), seen + take - ciphertextLength);
      seen += part.length;
    }
    decipher.setAuthTag(tag);
    try {
      const last = decipher.final(); // throws unless the tag verifies; nothing above has been released
      if (last.length > 0) out.push(last);
    } catch {
      throw authenticationFailure(type, index);
    }
    return out;
  };
  return {
    encrypt: (type, index, plaintext) => {
      try {
        return Promise.resolve(encrypt(type, index, plaintext));
      } catch (error) {
        return Promise.reject(error);
      }
    },
    decrypt: (type, index, body) => {
      try {
        return Promise.resolve(decrypt(type, index, body));
      } catch (error) {
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
export const nodePlatform: CryptoPlatform = {
  randomBytes: (length: number): Bytes => new Uint8Array(randomBytes(length)),
  createSha256: (): Sha256 => {
    const hash = createHash('sha256');
    return {
      update: (data: Uint8Array) => {
        hash.update(data);
      },
      digest: (): Bytes => new Uint8Array(hash.digest()),
    };
  },
  ...(availableParallelism() > 1 ? { createPlaintextHash: createWorkerSha256 } : {}),
  recordCipher: (key, salt, headerDigest) => Promise.resolve(nodeRecordCipher(key, salt, headerDigest)),
};
