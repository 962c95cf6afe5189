/**
 * Exact keyword search over notices with a cost per page that does not grow with the number of notices
 * (docs/search.md gives the measured reasons).
 *
 * What is searched: a notice's `search_text`, its title, project name, code, section codes, attachment names and
 * content, each normalised (NFKC, lower case) and joined by line breaks. A keyword is cut at white space into
 * terms (at most MAX_TERMS, each at most MAX_TERM_LENGTH characters); a notice is found if and only if every term
 * is a substring of its search text. A term without a letter, digit or CJK character is ignored.
 *
 * The index: at every character of the search text, the window of WINDOW (6) characters that starts there (cut
 * at the end of its run of non-space characters), prefixed with the notice's *time bucket*, the week of its
 * publication: `2916|监理服务招标`. Those lexemes are stored with `array_to_tsvector` (no parser: the same on
 * PostgreSQL and PGlite) behind the GIN index that was already there. Then
 *  - a term of 1 to 6 characters is exactly the prefix query `'2916|监理':*`: every occurrence of the term starts
 *    a window, and every window that starts with it is an occurrence (no recheck, no false candidate: a keyword
 *    that is nowhere finds an empty range of the index);
 *  - a longer term is its windows every 5 characters and its last one ANDed (at most MAX_GRAMS_PER_TERM), then
 *    rechecked with LIKE on `search_text`, since windows ANDed do not prove they are adjacent. Consecutive
 *    windows overlap by a character, so every seam between two characters of the term lies inside one window:
 *    a notice that holds the term's halves apart (two frequent phrases, never side by side) lacks the window
 *    across their seam and is not even a candidate.
 * Because every lexeme names its week, a query for the weeks [a, b] touches only the posting lists of those
 * weeks: the search walks the weeks newest first and stops as soon as it has its page, and a keyword that matches
 * nothing costs one short lookup per week and term, however many notices there are.
 */

/** The width of a time bucket: one week (buckets are counted from the Unix epoch). */
export const BUCKET_MS = 7 * 24 * 3600 * 1000;
/** The keyword's limits: a few terms of a few characters (the query stays cheap). */
export const MAX_TERMS = 5;
export const MAX_TERM_LENGTH = 50;
/** Windows ANDed per term longer than WINDOW: one every WINDOW - 1 characters and the last; a 50-character term
 * needs 10 to cover every seam (beyond that the recheck decides). */
export const MAX_GRAMS_PER_TERM = 10;

const SEARCHABLE = /[\p{L}\p{N}]/u;

export function normalise(text: string): string {
  // NFKC folds full-width letters and digits (ＡＢＣ１２３) and compatibility ideographs into the usual ones.
  return text.normalize('NFKC').toLowerCase();
}

/** The week bucket of an instant. */
export function bucketOf(at: Date | string): number {
  return Math.floor(new Date(at).getTime() / BUCKET_MS);
}

/** The first instant of a bucket. */
export function bucketStart(bucket: number): Date {
  return new Date(bucket * BUCKET_MS);
}

/** The text a notice is searched in: its fields normalised, one a line (a term never spans a line: no white space). */
export function searchTextOf(...fields: (string | null | undefined)[]): string {
  return fields
    .filter((f): f is string => !!f)
    .map(normalise)
    .join('\n');
}

/** The length of an indexed window: a term up to this long is one exact prefix query. */
export const WINDOW = 6;

/** The lexemes of a search text for a notice published in `bucket`, distinct: at every character, the window of
 * WINDOW characters that starts there (shorter at the end of a run of non-space characters). */
export function indexTokens(searchText: string, bucket: number): string[] {
  const tokens = new Set<string>();
  for (const run of searchText.split(/\s+/u)) {
    if (!run) continue;
    const chars = Array.from(run);
    for (let i = 0; i < chars.length; i++) tokens.add(`${bucket}|${chars.slice(i, i + WINDOW).join('')}`);
  }
  return [...tokens];
}

export interface KeywordTerm {
  /** The term, normalised. */
  readonly text: string;
  /** Index lexemes without their bucket (`监理`, `n0001`), ANDed; `prefix` marks a prefix match. */
  readonly grams: readonly { gram: string; prefix: boolean }[];
  /** True when the index does not decide the term alone (longer than WINDOW): LIKE on search_text rechecks it. */
  readonly recheck: boolean;
}

/** The keyword's terms (empty when it has nothing to search). */
export function keywordTerms(keyword: string): KeywordTerm[] {
  const terms: KeywordTerm[] = [];
  const seen = new Set<string>();
  for (const raw of normalise(keyword).split(/\s+/u)) {
    if (terms.length >= MAX_TERMS) break;
    const chars = Array.from(raw).slice(0, MAX_TERM_LENGTH);
    const text = chars.join('');
    if (!text || !SEARCHABLE.test(text) || seen.has(text)) continue;
    seen.add(text);
    if (chars.length <= WINDOW) {
      // every occurrence starts a window: exactly the windows that begin with the term
      terms.push({ text, grams: [{ gram: text, prefix: true }], recheck: false });
      continue;
    }
    // longer: whole windows inside the term, every WINDOW - 1 characters (each overlaps the next by one, so
    // every seam between two characters is inside a window) and the last one, ANDed; then LIKE
    const starts = new Set<number>();
    for (let i = 0; i + WINDOW < chars.length && starts.size < MAX_GRAMS_PER_TERM - 1; i += WINDOW - 1) starts.add(i);
    starts.add(chars.length - WINDOW);
    const grams = [...starts].map((i) => ({ gram: chars.slice(i, i + WINDOW).join(''), prefix: false }));
    terms.push({ text, grams, recheck: true });
  }
  return terms;
}

/** A lexeme quoted for the tsquery text syntax. */
function quote(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** The tsquery text for the terms within the buckets [low, high]: per bucket, every term's lexemes ANDed; buckets ORed. */
export function bucketQuery(terms: readonly KeywordTerm[], low: number, high: number): string {
  const parts: string[] = [];
  for (let b = high; b >= low; b--) {
    const lexemes = terms.flatMap((t) => t.grams.map((g) => `${quote(`${b}|${g.gram}`)}${g.prefix ? ':*' : ''}`));
    parts.push(lexemes.length === 1 ? lexemes[0] : `(${lexemes.join(' & ')})`);
  }
  return parts.join(' | ');
}

/** A LIKE pattern that finds `text` anywhere, with LIKE's wildcards escaped (escape character `\`). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The naive definition the index must agree with (tests compare against it). */
export function matchesNaively(searchText: string, terms: readonly KeywordTerm[]): boolean {
  return terms.every((t) => searchText.includes(t.text));
}
