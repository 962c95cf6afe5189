import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, sign, verify } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { canonicalJson, ReceiptPayload, SignedReceipt } from './receipt-format';

/** Where the signing key comes from: configuration (production) or a file kept in the data folder. */
export type ReceiptKeySource = { kind: 'pem'; pem: string; from: string } | { kind: 'file'; path: string; createIfMissing: boolean };

/** The published key (GET /public/receipt-key). */
export interface PublishedReceiptKey {
  algorithm: 'Ed25519';
  keyId: string;
  /** SPKI PEM, for `openssl pkeyutl -verify -pubin -inkey …` */
  publicKeyPem: string;
  /** The 32-byte raw public key, base64 (for libsodium, WebCrypto and the like). */
  publicKeyRaw: string;
}

export interface ReceiptVerification {
  valid: boolean;
  keyId: string;
  /** The parsed payload when the signature is valid. */
  receipt: ReceiptPayload | null;
  reason?: 'signature_mismatch' | 'malformed_signature' | 'payload_not_json';
}

/**
 * Signs receipts with the platform's Ed25519 key (node:crypto). On the embedded default the key pair is
 * generated at first start and kept in the data folder, so receipts stay verifiable across restarts; in
 * production it comes from configuration (RECEIPT_SIGNING_KEY or RECEIPT_SIGNING_KEY_FILE).
 */
export class ReceiptSigner {
  readonly keyId: string;
  readonly published: PublishedReceiptKey;
  private readonly publicKey: KeyObject;

  private constructor(private readonly privateKey: KeyObject) {
    if (privateKey.asymmetricKeyType !== 'ed25519') {
      throw new Error(`the receipt signing key must be an Ed25519 private key, not ${privateKey.asymmetricKeyType ?? privateKey.type}`);
    }
    this.publicKey = createPublicKey(privateKey);
    const raw = rawPublicKey(this.publicKey);
    this.keyId = createHash('sha256').update(raw).digest('hex');
    this.published = {
      algorithm: 'Ed25519',
      keyId: this.keyId,
      publicKeyPem: this.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      publicKeyRaw: raw.toString('base64'),
    };
  }

  static fromPem(pem: string): ReceiptSigner {
    return new ReceiptSigner(createPrivateKey({ key: pem, format: 'pem' }));
  }

  static load(source: ReceiptKeySource): ReceiptSigner {
    if (source.kind === 'pem') return ReceiptSigner.fromPem(source.pem);
    try {
      return ReceiptSigner.fromPem(readFileSync(source.path, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !source.createIfMissing) throw error;
    }
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    mkdirSync(dirname(source.path), { recursive: true, mode: 0o700 });
    try {
      writeFileSync(source.path, pem, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // another process of the same data folder generated it first: use that one
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return ReceiptSigner.fromPem(readFileSync(source.path, 'utf8'));
      throw error;
    }
    return new ReceiptSigner(privateKey);
  }

  /** Signs the canonical JSON of `payload` (whose keyId must be this key's). */
  sign(payload: ReceiptPayload): SignedReceipt {
    if (payload.keyId !== this.keyId) throw new Error('the receipt names another signing key');
    const text = canonicalJson(payload);
    return { algorithm: 'Ed25519', keyId: this.keyId, payload: text, signature: sign(null, Buffer.from(text, 'utf8'), this.privateKey).toString('base64') };
  }

  /**
   * Signs the canonical JSON of any payload that names this key: the award and result notices of libs/awards are
   * signed with the same published key as the receipts, and checked with the same `verify`.
   */
  signPayload(payload: { keyId: string; format: string; kind: string }): SignedReceipt {
    if (payload.keyId !== this.keyId) throw new Error('the payload names another signing key');
    const text = canonicalJson(payload);
    return { algorithm: 'Ed25519', keyId: this.keyId, payload: text, signature: sign(null, Buffer.from(text, 'utf8'), this.privateKey).toString('base64') };
  }

  /** Checks a receipt against this key: the signature over exactly the payload's UTF-8 bytes. */
  verify(payload: string, signature: string): ReceiptVerification {
    const bytes = Buffer.from(signature, 'base64');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signature) || bytes.length !== 64) {
      return { valid: false, keyId: this.keyId, receipt: null, reason: 'malformed_signature' };
    }
    if (!verify(null, Buffer.from(payload, 'utf8'), this.publicKey, bytes)) {
      return { valid: false, keyId: this.keyId, receipt: null, reason: 'signature_mismatch' };
    }
    try {
      return { valid: true, keyId: this.keyId, receipt: JSON.parse(payload) as ReceiptPayload };
    } catch {
      return { valid: false, keyId: this.keyId, receipt: null, reason: 'payload_not_json' };
    }
  }
}

function rawPublicKey(key: KeyObject): Buffer {
  // The SPKI DER of an Ed25519 key is a fixed 12-byte prefix and the 32-byte key.
  const der = key.export({ type: 'spki', format: 'der' });
  return der.subarray(der.length - 32);
}
