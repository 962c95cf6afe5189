/**
 * Consecutive periods [b0, b1), [b1, b2), … named by their boundaries (ascending), for counts grouped by period
 * in SQL: `width_bucket(at, $1::timestamptz[])` is the 1-based period of `at`, and `at >= $2 AND at < $3` keeps
 * the scan to the range of an index on `at`. Used by each module's figures for the disclosure statistics.
 */
export interface PeriodCount {
  /** 1 for [b0, b1), 2 for [b1, b2), … */
  bucket: number;
  count: number;
}

/** The SQL parameters of `boundaries`: the array for width_bucket, the first and the last boundary. */
export function periodBucketParams(boundaries: readonly Date[]): [string[], string, string] {
  if (boundaries.length < 2) throw new RangeError('at least one period (two boundaries) is needed');
  for (let i = 1; i < boundaries.length; i++) {
    if (!(boundaries[i - 1].getTime() < boundaries[i].getTime())) throw new RangeError('period boundaries must ascend');
  }
  const iso = boundaries.map((b) => b.toISOString());
  return [iso, iso[0], iso[iso.length - 1]];
}
