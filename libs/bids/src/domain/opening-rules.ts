/**
 * The rules of the opening (开标) as plain functions (R17, R18, R19), so that tests can call them without a
 * database.
 */
import type { BidStatus } from './bid-lifecycle';

/** Why a bid could not be decrypted at the opening. */
export type DecryptionError =
  | 'WRONG_KEY' // the key's fingerprint is not the container's: another key may still be handed over
  | 'CONTAINER_TAMPERED' // with the right key, a chunk, the header or the declared size/SHA-256 does not verify
  | 'CONTAINER_TRUNCATED'
  | 'CONTAINER_MALFORMED'
  | 'CONTAINER_UNSUPPORTED'
  | 'NOT_A_SEALED_CONTAINER'
  | 'KEY_NOT_SUBMITTED'; // the window ended before the bidder handed over a key

export const DECRYPTION_ERROR_TEXT: Record<DecryptionError, { zh: string; en: string }> = {
  WRONG_KEY: { zh: '密钥与投标文件不匹配', en: 'the key does not match the bid' },
  CONTAINER_TAMPERED: { zh: '投标文件已损坏或被篡改，校验失败', en: 'the bid is damaged or was altered: it does not verify' },
  CONTAINER_TRUNCATED: { zh: '投标文件不完整', en: 'the bid is incomplete' },
  CONTAINER_MALFORMED: { zh: '投标文件结构错误', en: 'the bid is malformed' },
  CONTAINER_UNSUPPORTED: { zh: '不支持的投标文件格式', en: 'the bid format is not supported' },
  NOT_A_SEALED_CONTAINER: { zh: '不是加密投标文件', en: 'not a sealed bid' },
  KEY_NOT_SUBMITTED: { zh: '解密时限内未提交密钥', en: 'no key was handed over within the decryption window' },
};

/** What the deadline does with the bids that count (R17): fewer than the minimum fails the section (流标). */
export function decideAtDeadline(countingBids: number, minimumBids: number): 'fail' | 'decrypt' {
  return countingBids < minimumBids ? 'fail' : 'decrypt';
}

/**
 * A failed opening attempt: a wrong key leaves the bid open to another key until the opening closes; with
 * the right key, a container that does not verify is damaged and no key can cure it (final).
 */
export function classifyDecryptionFailure(sealingCode: string): { error: DecryptionError; final: boolean } {
  switch (sealingCode) {
    case 'WRONG_KEY':
      return { error: 'WRONG_KEY', final: false };
    case 'CONTAINER_TRUNCATED':
    case 'CONTAINER_MALFORMED':
    case 'CONTAINER_UNSUPPORTED':
    case 'NOT_A_SEALED_CONTAINER':
      return { error: sealingCode, final: true };
    default:
      return { error: 'CONTAINER_TAMPERED', final: true };
  }
}

export interface BidAtOpening {
  status: BidStatus;
  decryptionFinal: boolean;
}

/** A bid whose outcome at this opening is known: decrypted, or failed in a way no key can cure. */
export function isSettled(bid: BidAtOpening): boolean {
  return bid.status === 'decrypted' || (bid.status === 'decryption_failed' && bid.decryptionFinal);
}

/**
 * When the opening ends (R18, R19): at the end of the decryption window, or earlier once every bid is settled
 * and every objection raised at the opening has been answered.
 */
export function closeReason(
  bids: readonly BidAtOpening[],
  unansweredObjections: number,
  now: Date,
  windowEnd: Date,
): 'window_ended' | 'all_settled' | null {
  if (now.getTime() >= windowEnd.getTime()) return 'window_ended';
  if (bids.every(isSettled) && unansweredObjections === 0) return 'all_settled';
  return null;
}
