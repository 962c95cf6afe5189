import { generateKeyPairSync, verify } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@app/core';
import { loadBidsOptions } from '../bids.options';
import { BidReceiptPayload, canonicalJson, RECEIPT_FORMAT } from './receipt-format';
import { ReceiptSigner } from './receipt-signer';

function payload(keyId: string): BidReceiptPayload {
  return {
    format: RECEIPT_FORMAT,
    kind: 'bid',
    platformCode: 'E2104000001',
    receiptNumber: 'BR20261125-000000000001',
    bidSectionCode: 'E2104000001-2026-00001-001',
    sectionId: '00000000-0000-4000-8000-000000000000',
    bidderCode: '91210100MA0D000059',
    bidderName: '甲建设集团有限公司',
    bidVersion: 1,
    replaces: null,
    receivedAt: '2026-11-25T01:00:00.000Z',
    sha256: 'a'.repeat(64),
    size: 1234,
    keyFingerprint: 'b'.repeat(64),
    bidSecurity: { amount: '20000.00', form: 'bank_guarantee' },
    keyId,
  };
}

describe('receipt signing (回执, Ed25519)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'receipt-spec-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('generates the key pair on first start, keeps it (owner-only), and loads the same key next time', () => {
    const path = join(dir, 'secrets', 'receipt-signing-key.pem');
    const first = ReceiptSigner.load({ kind: 'file', path, createIfMissing: true });
    expect(existsSync(path)).toBe(true);
    expect(statSync(path).mode & 0o077).toBe(0);
    const again = ReceiptSigner.load({ kind: 'file', path, createIfMissing: true });
    expect(again.keyId).toBe(first.keyId);
    expect(first.published.publicKeyRaw).toHaveLength(44);
  });

  it('signs the canonical JSON, which any Ed25519 verifier checks with the published key alone', () => {
    const signer = ReceiptSigner.load({ kind: 'file', path: join(dir, 'k.pem'), createIfMissing: true });
    const signed = signer.sign(payload(signer.keyId));
    expect(signed.payload).toBe(canonicalJson(payload(signer.keyId)));
    expect(Object.keys(JSON.parse(signed.payload))).toEqual([...Object.keys(JSON.parse(signed.payload))].sort());
    expect(verify(null, Buffer.from(signed.payload), signer.published.publicKeyPem, Buffer.from(signed.signature, 'base64'))).toBe(true);
    expect(signer.verify(signed.payload, signed.signature)).toMatchObject({ valid: true, receipt: { receiptNumber: 'BR20261125-000000000001' } });
  });

  it('refuses a changed payload, a signature of another key and a malformed signature', () => {
    const signer = ReceiptSigner.load({ kind: 'file', path: join(dir, 'k.pem'), createIfMissing: true });
    const other = ReceiptSigner.load({ kind: 'file', path: join(dir, 'other.pem'), createIfMissing: true });
    const signed = signer.sign(payload(signer.keyId));
    expect(signer.verify(signed.payload.replace('"size":1234', '"size":1235'), signed.signature)).toMatchObject({ valid: false, reason: 'signature_mismatch' });
    const foreign = other.sign(payload(other.keyId));
    expect(signer.verify(foreign.payload, foreign.signature).valid).toBe(false);
    expect(signer.verify(signed.payload, 'not base64!')).toMatchObject({ valid: false, reason: 'malformed_signature' });
    expect(() => signer.sign(payload(other.keyId))).toThrow(/another signing key/);
  });

  it('in production takes the key from RECEIPT_SIGNING_KEY and refuses to start without one', () => {
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    // read by the one configuration (loadConfig), handed to the bids module as config.bids
    const production = (env: Record<string, string>) => ({ ...loadConfig({ DATA_DIR: dir, ...env }), nodeEnv: 'production' as const });
    const options = loadBidsOptions(production({ RECEIPT_SIGNING_KEY: pem.replace(/\n/g, '\\n') }));
    expect(options.receiptKey).toEqual({ kind: 'pem', pem, from: 'RECEIPT_SIGNING_KEY' });
    expect(ReceiptSigner.load(options.receiptKey).keyId).toMatch(/^[0-9a-f]{64}$/);
    expect(() => loadBidsOptions(production({}))).toThrow(/RECEIPT_SIGNING_KEY or RECEIPT_SIGNING_KEY_FILE is required/);
    expect(() => loadConfig({ DATA_DIR: dir, BID_DECRYPTION_WINDOW_MINUTES: '0' })).toThrow(/BID_DECRYPTION_WINDOW_MINUTES/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => ReceiptSigner.fromPem(rsa)).toThrow(/Ed25519/);
  });
});
