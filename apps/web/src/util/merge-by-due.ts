/**
 * Paged lists of dated items shown as one list by date (the staff dashboard: the notice dates and the award time
 * limits). Each list is complete up to its last loaded item only while it has more pages, so the merged list is cut
 * at the earliest of those last dates: an item still on the server can never belong before one already shown.
 */
export interface DatedFeed<T> {
  rows: T[];
  /** the next page's cursor; null once the list is complete */
  cursor: string | null;
}

export function mergeByDue<T extends { at: string; key: string }>(feeds: readonly DatedFeed<T>[]): T[] {
  const time = (iso: string) => new Date(iso).getTime();
  const bounds = feeds.filter((f) => f.cursor && f.rows.length).map((f) => time(f.rows[f.rows.length - 1].at));
  const bound = bounds.length ? Math.min(...bounds) : Infinity;
  return feeds
    .flatMap((f) => f.rows)
    .filter((r) => time(r.at) <= bound)
    .sort((a, b) => time(a.at) - time(b.at) || a.key.localeCompare(b.key));
}
