/**
 * Chinese keyword search without a Chinese parser (docs/design.md: pg_trgm cannot answer 2-character words from its
 * index, and neither pg_bigm nor zhparser is available on PostgreSQL here or on PGlite).
 *
 * The application cuts text into tokens itself and stores them as a `tsvector` (array_to_tsvector: no parser,
 * no configuration, the same on PostgreSQL and PGlite) behind a GIN index:
 *  - a run of CJK characters gives its character bigrams, and its last character alone, so that
 *    "监理服务" gives 监理 理服 服务 务;
 *  - a run of letters and digits gives the run, lower-cased ("E2104000001" → e2104000001).
 * A keyword is cut the same way and its tokens are ANDed into a `tsquery`: a 2-character word is one bigram,
 * answered exactly by the index; a single character is a prefix query (its bigrams and the run-final unigram);
 * a longer word needs all its bigrams, and since bigrams ANDed do not prove they are adjacent, the query
 * re-checks such terms with ILIKE on the rows the index found.
 */

/** Han ideographs (with extensions and compatibility forms), kana and hangul: scripts written without spaces. */
const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]|[\u{20000}-\u{2fa1f}]/u;
const WORD = /[a-z0-9]/;

/** Longest letter-and-digit run kept as one token (longer runs are cut: a tsvector lexeme has a size limit). */
const MAX_WORD = 64;
/** The keyword's limits: a few terms of a few characters (the query stays cheap). */
export const MAX_TERMS = 5;
export const MAX_TERM_LENGTH = 50;

type Run = { kind: 'cjk' | 'word'; text: string };

function normalise(text: string): string {
  // NFKC folds full-width letters and digits (ＡＢＣ１２３) and compatibility ideographs into the usual ones.
  return text.normalize('NFKC').toLowerCase();
}

function runsOf(text: string): Run[] {
  const runs: Run[] = [];
  let current: Run | null = null;
  for (const ch of normalise(text)) {
    const kind = CJK.test(ch) ? 'cjk' : WORD.test(ch) ? 'word' : null;
    if (kind === null) {
      current = null;
      continue;
    }
    if (current && current.kind === kind) current.text += ch;
    else {
      current = { kind, text: ch };
      runs.push(current);
    }
  }
  return runs;
}

function bigramsOf(run: string): string[] {
  const chars = Array.from(run);
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  out.push(chars[chars.length - 1]); // the run's last character, so that a 1-character keyword finds it
  return out;
}

/** The tokens to index for a text: distinct, in first-seen order (array_to_tsvector sorts and dedups again). */
export function indexTokens(...texts: (string | null | undefined)[]): string[] {
  const tokens = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    for (const run of runsOf(text)) {
      if (run.kind === 'word') tokens.add(run.text.slice(0, MAX_WORD));
      else for (const gram of bigramsOf(run.text)) tokens.add(gram);
    }
  }
  return [...tokens];
}

export interface KeywordTerm {
  /** The term as typed (normalised), for the ILIKE recheck. */
  readonly text: string;
  /** tsquery fragments, ANDed. */
  readonly query: string[];
  /** True when the index cannot answer the term exactly (a CJK run of 3+ characters). */
  readonly recheck: boolean;
}

export interface KeywordQuery {
  /** The `tsquery` text (cast with ::tsquery, no parser involved), or null when the keyword has no token. */
  readonly tsquery: string | null;
  readonly terms: readonly KeywordTerm[];
}

/** A lexeme quoted for the tsquery text syntax. */
function quote(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * The keyword as a tsquery over the indexed tokens: terms are separated by white space and all must match.
 * Words (letters and digits) match as prefixes, so a partial project code finds its notices.
 */
export function keywordQuery(keyword: string): KeywordQuery {
  const terms: KeywordTerm[] = [];
  for (const raw of normalise(keyword).split(/\s+/)) {
    if (terms.length >= MAX_TERMS) break;
    const text = Array.from(raw).slice(0, MAX_TERM_LENGTH).join('');
    const runs = runsOf(text);
    if (runs.length === 0) continue;
    const query: string[] = [];
    let recheck = runs.length > 1; // "E21-2026": tokens must be adjacent, which the index does not know
    for (const run of runs) {
      if (run.kind === 'word') {
        query.push(`${quote(run.text.slice(0, MAX_WORD))}:*`);
        continue;
      }
      const chars = Array.from(run.text);
      if (chars.length === 1) {
        query.push(`${quote(chars[0])}:*`);
        continue;
      }
      for (let i = 0; i + 1 < chars.length; i++) query.push(quote(chars[i] + chars[i + 1]));
      if (chars.length > 2) recheck = true;
    }
    terms.push({ text, query: [...new Set(query)], recheck });
  }
  const all = [...new Set(terms.flatMap((t) => t.query))];
  return { tsquery: all.length ? all.join(' & ') : null, terms };
}

/** A LIKE pattern that finds `text` anywhere, with LIKE's wildcards escaped (escape character `\`). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
