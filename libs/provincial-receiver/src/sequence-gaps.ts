/** A run of consecutive sequences received, e.g. 4..7. */
export interface SequenceIsland {
  first: number;
  last: number;
}

export interface SequenceSummary {
  maxContiguousSequence: number;
  missing: number[];
  missingTruncated: boolean;
}

/** At most this many missing sequences are listed; the sender resends those and asks again. */
export const MISSING_LIST_LIMIT = 10_000;

/**
 * From the islands of received sequences (sorted, non-overlapping), the highest K such that 1..K all arrived
 * and the sequences missing below the highest one received. Sequences 1,2,4,7 → K = 2, missing [3,5,6].
 */
export function summarizeSequences(islands: readonly SequenceIsland[], limit = MISSING_LIST_LIMIT): SequenceSummary {
  const maxContiguousSequence = islands.length > 0 && islands[0].first === 1 ? islands[0].last : 0;
  const missing: number[] = [];
  let expected = 1;
  let truncated = false;
  for (const island of islands) {
    for (let s = expected; s < island.first; s++) {
      if (missing.length >= limit) {
        truncated = true;
        break;
      }
      missing.push(s);
    }
    if (truncated) break;
    expected = island.last + 1;
  }
  return { maxContiguousSequence, missing, missingTruncated: truncated };
}
