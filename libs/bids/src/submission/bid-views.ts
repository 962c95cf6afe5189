import { apiTime } from '@app/core';
import type { Bid } from '../entities/bid.entity';
import type { SignedReceipt } from '../receipts/receipt-format';

/** What a bidder sees of its own bid: the receipt and the state. */
export interface OwnBidView {
  id: string;
  sectionId: string;
  version: number;
  status: Bid['status'];
  receiptNumber: string;
  /** 递交时间 (server time when the body completed) */
  receivedAt: string;
  sha256: string;
  size: number;
  keyFingerprint: string;
  bidSecurity: { amount: string; form: string };
  replacedAt: string | null;
  withdrawnAt: string | null;
  /** The signed receipt (回执): check it with GET /public/receipt-key or POST /public/receipts/verify. */
  receipt: SignedReceipt;
  /** The signed withdrawal receipt, when the bid was withdrawn. */
  withdrawalReceipt: SignedReceipt | null;
  decryption: { status: 'decrypted' | 'decryption_failed' | null; error: string | null; attempts: number };
}

export function ownBidView(bid: Bid): OwnBidView {
  const opening = bid.status === 'decrypted' || bid.status === 'decryption_failed' ? bid.status : null;
  return {
    id: bid.id,
    sectionId: bid.sectionId,
    version: bid.version,
    status: bid.status,
    receiptNumber: bid.receiptNumber,
    receivedAt: apiTime(bid.receivedAt),
    sha256: bid.sha256,
    size: bid.size,
    keyFingerprint: bid.keyFingerprint,
    bidSecurity: { amount: bid.securityAmount, form: bid.securityForm },
    replacedAt: apiTime(bid.supersededAt),
    withdrawnAt: apiTime(bid.withdrawnAt),
    receipt: { algorithm: 'Ed25519', keyId: bid.receiptKeyId, payload: bid.receiptPayload, signature: bid.receiptSignature },
    withdrawalReceipt:
      bid.withdrawalPayload && bid.withdrawalSignature
        ? { algorithm: 'Ed25519', keyId: bid.receiptKeyId, payload: bid.withdrawalPayload, signature: bid.withdrawalSignature }
        : null,
    decryption: { status: opening, error: bid.decryptionError, attempts: bid.decryptionAttempts },
  };
}

/** What the project's staff and supervisors see of a bid after 截止. */
export interface BidListItem {
  id: string;
  bidderName: string;
  bidderCode: string;
  version: number;
  status: Bid['status'];
  receiptNumber: string;
  receivedAt: string;
  sha256: string;
  size: number;
  keyFingerprint: string;
  bidSecurity: { amount: string; form: string };
  decryptionError: string | null;
}

export function bidListItem(bid: Bid): BidListItem {
  return {
    id: bid.id,
    bidderName: bid.bidderName,
    bidderCode: bid.bidderCode,
    version: bid.version,
    status: bid.status,
    receiptNumber: bid.receiptNumber,
    receivedAt: apiTime(bid.receivedAt),
    sha256: bid.sha256,
    size: bid.size,
    keyFingerprint: bid.keyFingerprint,
    bidSecurity: { amount: bid.securityAmount, form: bid.securityForm },
    decryptionError: bid.decryptionError,
  };
}
