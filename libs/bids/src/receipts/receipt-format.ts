/**
 * The receipt (回执) the platform signs: the exact bytes signed are canonical JSON (keys sorted, no spaces),
 * handed to the bidder as `payload` together with the Ed25519 signature, so that anyone can check it later
 * with the published key and nothing but a standard Ed25519 verifier (libs/bids/README.md).
 */

export const RECEIPT_FORMAT = 'etendering-bid-receipt/v1';

/** 投标回执: the platform received this container, whole, at this server time. */
export interface BidReceiptPayload {
  format: typeof RECEIPT_FORMAT;
  kind: 'bid';
  platformCode: string;
  receiptNumber: string;
  /** 标段编号 */
  bidSectionCode: string;
  sectionId: string;
  /** 统一社会信用代码 and name of the bidder */
  bidderCode: string;
  bidderName: string;
  bidVersion: number;
  /** the receipt number of the version this one replaces, if any */
  replaces: string | null;
  /** server time when the body completed, ISO 8601 UTC with milliseconds */
  receivedAt: string;
  sha256: string;
  size: number;
  keyFingerprint: string;
  bidSecurity: { amount: string; form: string };
  /** the signing key's id (SHA-256 of its raw public key, hex) */
  keyId: string;
}

/** 撤回回执: the bidder withdrew this bid at this server time. */
export interface WithdrawalReceiptPayload {
  format: typeof RECEIPT_FORMAT;
  kind: 'withdrawal';
  platformCode: string;
  receiptNumber: string;
  bidSectionCode: string;
  sectionId: string;
  bidderCode: string;
  bidderName: string;
  bidVersion: number;
  withdrawnAt: string;
  sha256: string;
  keyId: string;
}

export type ReceiptPayload = BidReceiptPayload | WithdrawalReceiptPayload;

/** What the API answers and the bidder keeps. */
export interface SignedReceipt {
  algorithm: 'Ed25519';
  keyId: string;
  /** the signed bytes, as a UTF-8 string */
  payload: string;
  /** base64 */
  signature: string;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** JSON with object keys sorted at every level and no white space: one byte string per value. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value as Json));
}

function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value).sort()) {
      if (value[key] !== undefined) out[key] = sortKeys(value[key]);
    }
    return out;
  }
  return value;
}
