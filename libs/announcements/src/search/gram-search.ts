/**
 * Exact keyword search over notices with a cost per page that does not grow with the number of notices
 * (docs/search.md gives the measured reasons).
 *
 * What is searched: a notice's `search_text`, its title, project name, code, section codes, attachment names and
 * content, each normalised (NFKC, lower case) and joined by line breaks. A keyword is cut at white space into
 * terms (at most MAX_TERMS, each at most MAX_TERM_LENGTH characters); a notice is found if and only if every term
 * is a substring of its search text. A term without a letter, digit or CJK character is ignored.
 *
 * The index: every run of non-space characters of the search text gives its character trigrams, its last bigram
 * and its last character, each prefixed with the notice's *time bucket* (the week of its publication):
 * `2916|监理服`. Those lexemes are stored with `array_to_tsvector` (no parser: the same on PostgreSQL and
 * PGlite) behind the GIN index that was already there. Then
 *  - a term of 1 or 2 characters is exactly the prefix query `'2916|监':*` / `'2916|监理':*` (each occurrence
 *    starts a trigram, or is its run's last bigram or character);
 *  - a term of 3 characters is exactly one trigram lexeme;
 *  - a longer term is some of its trigrams ANDed (at most MAX_GRAMS_PER_TERM, spread over the term), then
 *    rechecked with LIKE on `search_text` since trigrams do not prove adjacency.
 * Because every lexeme names its week, a query for the weeks [a, b] touches only the posting lists of those
 * weeks: the search walks the weeks newest first and stops as soon as it has its page, and a keyword that matches
 * nothing costs one short lookup per week and term, however many notices there are.
 */

/** The width of a time bucket: one week (buckets are counted from the Unix epoch). */
export const BUCKET_MS = 7 * 24 * 3600 * 1000;
/** The keyword's limits: a few terms of a few characters (the query stays cheap). */
export const MAX_TERMS = 5;
export const MAX_TERM_LENGTH = 50;
/** Trigrams ANDed per term of 4+ characters: first, last and evenly spread between (the rest is rechecked). */
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

/** Letters and digits written with spaces between words (Latin, digits): indexed by their suffixes too. */
const ALNUM_RUN = /[a-z0-9]+/g;
/** Suffixes are kept to this many characters: a term up to that long is an exact prefix query on them. */
export const SUFFIX_LENGTH = 24;

/** The lexemes of a search text for a notice published in `bucket`, distinct. */
export function indexTokens(searchText: string, bucket: number): string[] {
  const tokens = new Set<string>();
  for (const run of searchText.split(/\s+/u)) {
    if (!run) continue;
    const chars = Array.from(run);
    for (let i = 0; i + 3 <= chars.length; i++) tokens.add(`${bucket}|${chars[i]}${chars[i + 1]}${chars[i + 2]}`);
    if (chars.length >= 2) tokens.add(`${bucket}|${chars[chars.length - 2]}${chars[chars.length - 1]}`);
    tokens.add(`${bucket}|${chars[chars.length - 1]}`);
  }
  // letters and digits: every suffix of a run (cut to SUFFIX_LENGTH), so that any part of a code is a prefix query
  // (trigrams of digits are all common: 000, 001, 202…, they would narrow nothing); one lexeme per character, as trigrams
  for (const [run] of searchText.matchAll(ALNUM_RUN)) {
    for (let i = 0; i < run.length; i++) tokens.add(`${bucket}#${run.slice(i, i + SUFFIX_LENGTH)}`);
  }
  return [...tokens];
}

export interface KeywordTerm {
  /** The term, normalised. */
  readonly text: string;
  /** Index lexemes without their bucket (`|监理`, `#n0001`), ANDed; `prefix` marks a prefix match. */
  readonly grams: readonly { gram: string; prefix: boolean }[];
  /** True when the index does not decide the term alone (4+ characters): LIKE on search_text rechecks it. */
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
    if (/^[a-z0-9]+$/.test(text)) {
      // letters and digits only: a prefix of the suffixes of a run (exact up to SUFFIX_LENGTH characters)
      terms.push({ text, grams: [{ gram: `#${text.slice(0, SUFFIX_LENGTH)}`, prefix: true }], recheck: text.length > SUFFIX_LENGTH });
      continue;
    }
    if (chars.length <= 2) {
      terms.push({ text, grams: [{ gram: `|${text}`, prefix: true }], recheck: false });
      continue;
    }
    const count = chars.length - 2; // trigrams in the term
    const picks = new Set<number>();
    const take = Math.min(count, MAX_GRAMS_PER_TERM);
    for (let k = 0; k < take; k++) picks.add(take === 1 ? 0 : Math.round((k * (count - 1)) / (take - 1)));
    const grams = [...picks].sort((a, b) => a - b).map((i) => ({ gram: `|${chars[i]}${chars[i + 1]}${chars[i + 2]}`, prefix: false }));
    // a code with punctuation (E21-2026): its letter-and-digit parts must each be in some run
    for (const [run] of text.matchAll(ALNUM_RUN)) if (run.length >= 3) grams.push({ gram: `#${run.slice(0, SUFFIX_LENGTH)}`, prefix: true });
    terms.push({ text, grams, recheck: chars.length > 3 });
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
    const lexemes = terms.flatMap((t) => t.grams.map((g) => `${quote(`${b}${g.gram}`)}${g.prefix ? ':*' : ''}`));
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
