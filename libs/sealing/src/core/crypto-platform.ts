/**
 * The cryptography the container needs, behind one small interface with two implementations that give the
 * same bytes: WebCrypto (the browser; src/web) and node:crypto (Node; src/node). Nonces, associated data and
 * framing are computed here, once, for both.
 */
import {
  asBytes,
  asciiBytes,
  Bytes,
  concatBytes,
  HKDF_INFO,
  recordAad,
  recordNonce,
  RecordType,
  RECORD_NAMES,
  Sha256Factory,
  TAG_LENGTH,
} from './container-format';
import { SealingError, SealingErrorCode } from './sealing-error';

/** AES-256-GCM under one container's key, for that container's records. */
export interface RecordCipher {
  /** Encrypts the concatenation of `plaintext`; returns the record body as parts: ciphertext…, then the tag. */
  encrypt(type: RecordType, index: number, plaintext: readonly Uint8Array[]): Promise<Uint8Array[]>;
  /**
   * Decrypts a record body given as parts (its last 16 bytes are the tag). Returns the plaintext only once
   * the tag has verified; otherwise rejects with CONTAINER_TAMPERED.
   */
  decrypt(type: RecordType, index: number, body: readonly Uint8Array[]): Promise<Uint8Array[]>;
}

/**
 * The SHA-256 of the plaintext (the end record's), the one hash that covers every byte: a platform may compute
 * it off the calling thread, so it is asynchronous.
 */
export interface PlaintextHash {
  /**
   * Takes a piece. When it returns nothing the piece has been taken in; when it returns a promise the caller
   * waits for it before the next call (backpressure) and before changing or handing on the piece.
   */
  update(data: Uint8Array): void | Promise<void>;
  /** The digest of everything given; called once, after the last update. */
  digest(): Promise<Bytes>;
  /** Gives up the hash (the stream failed or was closed early); harmless after digest(). */
  dispose(): void;
}

export interface CryptoPlatform {
  randomBytes(length: number): Bytes;
  createSha256: Sha256Factory;
  /** The plaintext's hash; without it, createSha256 on the calling thread. */
  createPlaintextHash?(): PlaintextHash;
  /**
   * The record cipher of one container: AES-256-GCM under HKDF-SHA-256(ikm = key, salt = the header's salt,
   * info = HKDF_INFO), with the header digest bound into every record's associated data.
   */
  recordCipher(key: Uint8Array, salt: Uint8Array, headerDigest: Uint8Array): Promise<RecordCipher>;
}

export function createPlaintextHash(platform: CryptoPlatform): PlaintextHash {
  if (platform.createPlaintextHash) return platform.createPlaintextHash();
  const hash = platform.createSha256();
  return {
    update: (data) => hash.update(data),
    digest: () => Promise.resolve(hash.digest()),
    dispose: () => undefined,
  };
}

export function authenticationFailure(type: RecordType, index: number): SealingError {
  const what = type === RecordType.Summary || type === RecordType.End ? `the ${RECORD_NAMES[type]} record` : `${RECORD_NAMES[type]} ${index}`;
  return new SealingError(SealingErrorCode.Tampered, `${what} failed authentication: the container was changed after sealing`);
}

/** The WebCrypto record cipher (browsers; Node has it too, as globalThis.crypto.subtle). */
export async function webCryptoRecordCipher(subtle: SubtleCrypto, key: Uint8Array, salt: Uint8Array, headerDigest: Uint8Array): Promise<RecordCipher> {
  const ikm = await subtle.importKey('raw', asBytes(key), 'HKDF', false, ['deriveBits']);
  const bits = await subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: asBytes(salt), info: asciiBytes(HKDF_INFO) }, ikm, 256);
  const aesKey = await subtle.importKey('raw', bits, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
  const digest = new Uint8Array(headerDigest);
  const params = (type: RecordType, index: number): AesGcmParams => ({
    name: 'AES-GCM',
    iv: recordNonce(type, index),
    additionalData: recordAad(digest, type, index),
    tagLength: TAG_LENGTH * 8,
  });
  const whole = (parts: readonly Uint8Array[]): Bytes => (parts.length === 1 ? asBytes(parts[0]) : concatBytes(parts));
  return {
    async encrypt(type, index, plaintext) {
      return [new Uint8Array(await subtle.encrypt(params(type, index), aesKey, whole(plaintext)))];
    },
    async decrypt(type, index, body) {
      try {
        return [new Uint8Array(await subtle.decrypt(params(type, index), aesKey, whole(body)))];
      } catch {
        throw authenticationFailure(type, index);
      }
    },
  };
}
