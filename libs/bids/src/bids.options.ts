import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, PlatformConfig } from '@app/core';
import type { ReceiptKeySource } from './receipts/receipt-signer';

/** The bids module's configuration (PlatformConfig.bids, validated at boot: a refusal names the variable). */
export interface BidsOptions {
  /** The receipt signing key (Ed25519). */
  receiptKey: ReceiptKeySource;
  /**
   * The decryption window at the opening in minutes (R18), replacing the rules table's figure for every
   * procedure type when set.
   */
  decryptionWindowMinutes?: number;
  /** How often the deadline scheduler looks for sections due to open and windows that ended. */
  schedulerIntervalMs: number;
  /**
   * How long after 截止 the section is opened: a bid whose last byte arrived before 截止 but which is still being
   * written to the object store is recorded first (no body can complete after 截止: the deadline guard refuses it).
   */
  openingSettleMs: number;
}

export const BIDS_OPTIONS = Symbol('BIDS_OPTIONS');

/**
 * The bids module's options from the one validated configuration (PlatformConfig.bids, read by loadConfig):
 * RECEIPT_SIGNING_KEY (PEM of an Ed25519 private key, PKCS#8) or RECEIPT_SIGNING_KEY_FILE, required in
 * production; elsewhere the key is generated at first start and kept in DATA_DIR/secrets/receipt-signing-key.pem.
 * BID_DECRYPTION_WINDOW_MINUTES, BID_SCHEDULER_INTERVAL_MS, BID_OPENING_SETTLE_MS.
 */
export function loadBidsOptions(config: Pick<PlatformConfig, 'nodeEnv' | 'dataDir' | 'bids'>): BidsOptions {
  const problems: string[] = [];
  const { receiptSigningKey: pem, receiptSigningKeyFile: file, decryptionWindowMinutes, schedulerIntervalMs, openingSettleMs } = config.bids;
  let receiptKey: ReceiptKeySource;
  if (pem) {
    if (!/-----BEGIN PRIVATE KEY-----/.test(pem)) {
      problems.push('RECEIPT_SIGNING_KEY must be a PEM "PRIVATE KEY" (PKCS#8) of an Ed25519 key, e.g. from `openssl genpkey -algorithm ed25519`');
    }
    receiptKey = { kind: 'pem', pem, from: 'RECEIPT_SIGNING_KEY' };
  } else if (file) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      problems.push(`RECEIPT_SIGNING_KEY_FILE=${JSON.stringify(file)} cannot be read: ${(error as Error).message}`);
    }
    receiptKey = { kind: 'pem', pem: text, from: 'RECEIPT_SIGNING_KEY_FILE' };
  } else {
    if (config.nodeEnv === 'production') {
      problems.push('RECEIPT_SIGNING_KEY or RECEIPT_SIGNING_KEY_FILE is required when NODE_ENV=production (the key that signs bid receipts)');
    }
    receiptKey = { kind: 'file', path: join(config.dataDir, 'secrets', 'receipt-signing-key.pem'), createIfMissing: config.nodeEnv !== 'production' };
  }
  if (problems.length) throw new ConfigError(problems);
  return { receiptKey, schedulerIntervalMs, openingSettleMs, ...(decryptionWindowMinutes !== undefined ? { decryptionWindowMinutes } : {}) };
}
