import { summarizeSequences } from './sequence-gaps';

const islandsOf = (sequences: number[]) => {
  const sorted = [...new Set(sequences)].sort((a, b) => a - b);
  const islands: { first: number; last: number }[] = [];
  for (const s of sorted) {
    const last = islands[islands.length - 1];
    if (last && last.last + 1 === s) last.last = s;
    else islands.push({ first: s, last: s });
  }
  return islands;
};

describe('summarizeSequences (reconciliation)', () => {
  it.each([
    [[], 0, []],
    [[1], 1, []],
    [[1, 2, 3], 3, []],
    [[1, 2, 4, 7], 2, [3, 5, 6]],
    [[7, 4, 2, 1], 2, [3, 5, 6]],
    [[2, 3], 0, [1]],
    [[5], 0, [1, 2, 3, 4]],
    [[1, 1, 2], 2, []],
  ])('received %j → maxContiguousSequence %d, missing %j', (received, k, missing) => {
    expect(summarizeSequences(islandsOf(received))).toEqual({
      maxContiguousSequence: k,
      missing,
      missingTruncated: false,
    });
  });

  it('cuts a long missing list and says so', () => {
    const summary = summarizeSequences([{ first: 1, last: 1 }, { first: 1_000_000, last: 1_000_000 }], 5);
    expect(summary).toEqual({ maxContiguousSequence: 1, missing: [2, 3, 4, 5, 6], missingTruncated: true });
  });
});
