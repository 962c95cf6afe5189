/**
 * Consecutive periods [b0, b1), [b1, b2), … named by their boundaries (ascending), for counts per period in SQL:
 *
 *   SELECT m.bucket::int, c.count FROM unnest($1::timestamptz[], $2::timestamptz[]) WITH ORDINALITY AS m(lo, hi, bucket)
 *     CROSS JOIN LATERAL (SELECT count(*)::int AS count FROM t WHERE at >= m.lo AND at < m.hi) c
 *
 * one range scan of an index on `at` per period, and no function evaluated per row (a `GROUP BY` of the period
 * computed per row costs about twice as much over a million rows). Used by each module's figures for the
 * disclosure statistics.
 */
export interface PeriodCount {
  /** 1 for [b0, b1), 2 for [b1, b2), … */
  bucket: number;
  count: number;
}

/** The FROM clause above: the periods as rows m(lo, hi, bucket) from the parameters $1 and $2. */
export const PERIODS_FROM = `unnest($1::timestamptz[], $2::timestamptz[]) WITH ORDINALITY AS m(lo, hi, bucket)`;

/** The parameters of PERIODS_FROM: the start and the end of each period. */
export function periodBucketParams(boundaries: readonly Date[]): [string[], string[]] {
  if (boundaries.length < 2) throw new RangeError('at least one period (two boundaries) is needed');
  for (let i = 1; i < boundaries.length; i++) {
    if (!(boundaries[i - 1].getTime() < boundaries[i].getTime())) throw new RangeError('period boundaries must ascend');
  }
  const iso = boundaries.map((b) => b.toISOString());
  return [iso.slice(0, -1), iso.slice(1)];
}
