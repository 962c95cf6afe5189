import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, PlatformConfig } from '@app/core';
import type { ReceiptKeySource } from './receipts/receipt-signer';

/** The bids module's configuration, read from the environment and validated at boot (names the variable). */
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

type Env = Record<string, string | undefined>;

/**
 * RECEIPT_SIGNING_KEY (PEM of an Ed25519 private key, PKCS#8; `\n` may be written as the two characters)
 * or RECEIPT_SIGNING_KEY_FILE: required in production. Elsewhere the key is generated at first start and
 * kept in DATA_DIR/secrets/receipt-signing-key.pem.
 * BID_DECRYPTION_WINDOW_MINUTES: 1–1440 (default: the rules table, 60).
 * BID_SCHEDULER_INTERVAL_MS: 200–60000 (default 1000).
 * BID_OPENING_SETTLE_MS: 0–60000 (default 5000).
 */
export function loadBidsOptions(config: Pick<PlatformConfig, 'nodeEnv' | 'dataDir'>, env: Env = process.env): BidsOptions {
  const problems: string[] = [];
  const pem = env.RECEIPT_SIGNING_KEY;
  const file = env.RECEIPT_SIGNING_KEY_FILE;
  let receiptKey: ReceiptKeySource;
  if (pem && file) problems.push('set either RECEIPT_SIGNING_KEY or RECEIPT_SIGNING_KEY_FILE, not both');
  if (pem) {
    const text = pem.includes('\\n') ? pem.replace(/\\n/g, '\n') : pem;
    if (!/-----BEGIN PRIVATE KEY-----/.test(text)) {
      problems.push('RECEIPT_SIGNING_KEY must be a PEM "PRIVATE KEY" (PKCS#8) of an Ed25519 key, e.g. from `openssl genpkey -algorithm ed25519`');
    }
    receiptKey = { kind: 'pem', pem: text, from: 'RECEIPT_SIGNING_KEY' };
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
  const int = (name: string, min: number, max: number): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name}=${JSON.stringify(raw)} is not valid: expected an integer from ${min} to ${max}`);
      return undefined;
    }
    return Number(raw);
  };
  const decryptionWindowMinutes = int('BID_DECRYPTION_WINDOW_MINUTES', 1, 1440);
  const schedulerIntervalMs = int('BID_SCHEDULER_INTERVAL_MS', 200, 60_000) ?? 1000;
  const openingSettleMs = int('BID_OPENING_SETTLE_MS', 0, 60_000) ?? 5000;
  if (problems.length) throw new ConfigError(problems);
  return { receiptKey, schedulerIntervalMs, openingSettleMs, ...(decryptionWindowMinutes !== undefined ? { decryptionWindowMinutes } : {}) };
}
