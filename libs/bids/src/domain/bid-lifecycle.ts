/**
 * The lifecycle of a bid (投标文件), docs/design.md "Lifecycles":
 *
 *   uploading → received → (replaced | withdrawn)
 *   at opening: received → decrypted | decryption_failed      (decryption_failed → decrypted: another key, R18)
 *   after evaluation: decrypted → candidate | unsuccessful | winner
 *
 * `uploading` lives only in the request that streams the bid: nothing is written until the body has completed
 * before 截止, so an upload cut off at 截止 leaves no row behind (R15).
 */
export const BID_STATUSES = [
  'uploading',
  'received', // 已递交: counts if it is the bidder's latest at 截止
  'replaced', // 已被替换 (a newer version was submitted)
  'withdrawn', // 已撤回
  'decrypted', // 已解密
  'decryption_failed', // 解密失败
  'candidate',
  'unsuccessful',
  'winner',
] as const;

export type BidStatus = (typeof BID_STATUSES)[number];

const TRANSITIONS: Readonly<Record<BidStatus, readonly BidStatus[]>> = {
  uploading: ['received'],
  received: ['replaced', 'withdrawn', 'decrypted', 'decryption_failed'],
  replaced: [],
  withdrawn: [],
  decrypted: ['candidate', 'unsuccessful', 'winner'],
  decryption_failed: ['decrypted'],
  candidate: ['winner', 'unsuccessful'],
  unsuccessful: [],
  winner: [],
};

export function canMoveBid(from: BidStatus, to: BidStatus): boolean {
  return TRANSITIONS[from]?.includes(to) ?? false;
}

/** Statuses of a bid that counts (the latest version, neither replaced nor withdrawn). */
export const COUNTING_STATUSES: readonly BidStatus[] = ['received', 'decrypted', 'decryption_failed', 'candidate', 'unsuccessful', 'winner'];

export function counts(status: BidStatus): boolean {
  return COUNTING_STATUSES.includes(status);
}
