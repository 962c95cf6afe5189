import { BID_STATUSES, BidStatus, canMoveBid, counts } from './bid-lifecycle';

describe('bid lifecycle (投标文件状态)', () => {
  const allowed: [BidStatus, BidStatus][] = [
    ['uploading', 'received'],
    ['received', 'replaced'],
    ['received', 'withdrawn'],
    ['received', 'decrypted'],
    ['received', 'decryption_failed'],
    ['decryption_failed', 'decrypted'],
    ['decrypted', 'candidate'],
    ['decrypted', 'unsuccessful'],
    ['decrypted', 'winner'],
    ['candidate', 'winner'],
    ['candidate', 'unsuccessful'],
  ];
  const keys = new Set(allowed.map(([a, b]) => `${a}→${b}`));
  const pairs = BID_STATUSES.flatMap((a) => BID_STATUSES.map((b) => [a, b] as [BidStatus, BidStatus]));

  it.each(pairs)('%s → %s follows the table', (from, to) => {
    expect(canMoveBid(from, to)).toBe(keys.has(`${from}→${to}`));
  });

  it('a replaced or withdrawn bid never comes back (R15: only the latest before 截止 counts)', () => {
    expect(BID_STATUSES.filter((s) => canMoveBid('replaced', s) || canMoveBid('withdrawn', s))).toEqual([]);
    expect(counts('replaced')).toBe(false);
    expect(counts('withdrawn')).toBe(false);
    expect(counts('uploading')).toBe(false);
    expect(counts('received')).toBe(true);
    expect(counts('decryption_failed')).toBe(true);
  });
});
