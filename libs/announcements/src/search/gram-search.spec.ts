import { bucketOf, bucketQuery, containsPattern, indexTokens, keywordTerms, KeywordTerm, matchesNaively, MAX_GRAMS_PER_TERM, MAX_TERM_LENGTH, normalise, searchTextOf, WINDOW } from './gram-search';

/** What the GIN index answers for one notice: every term's lexemes present (exact, or as a prefix) in its bucket. */
function indexFinds(n: { tokens: Set<string>; prefixes: Set<string>; bucket: number }, terms: readonly KeywordTerm[]): boolean {
  return terms.every((t) => t.grams.every((g) => (g.prefix ? n.prefixes : n.tokens).has(`${n.bucket}|${g.gram}`)));
}

/** The search itself: the index, then LIKE on the terms that need it. */
function searchFinds(n: { text: string; tokens: Set<string>; prefixes: Set<string>; bucket: number }, terms: readonly KeywordTerm[]): boolean {
  return indexFinds(n, terms) && terms.filter((t) => t.recheck).every((t) => n.text.includes(t.text));
}

function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

describe('week-bucketed window search (关键词检索)', () => {
  const B = bucketOf('2026-12-01T10:00:00+08:00');

  it('indexes at every character the window of 6 characters starting there, cut at the end of its run, prefixed with the week', () => {
    expect(indexTokens('道路工程监理服务 ab', B)).toEqual([
      `${B}|道路工程监理`,
      `${B}|路工程监理服`,
      `${B}|工程监理服务`,
      `${B}|程监理服务`,
      `${B}|监理服务`,
      `${B}|理服务`,
      `${B}|服务`,
      `${B}|务`,
      `${B}|ab`,
      `${B}|b`,
    ]);
    expect(bucketOf('2026-12-01T10:00:00+08:00')).toBe(Math.floor(Date.parse('2026-12-01T02:00:00Z') / (7 * 86400_000)));
  });

  it('any part of a code up to 6 characters is one prefix query (digits and letters as any character)', () => {
    expect(indexTokens(searchTextOf('E2104-0042'), B)).toEqual(expect.arrayContaining([`${B}|e2104-`, `${B}|104-00`, `${B}|0042`]));
    expect(keywordTerms('1040')).toEqual([{ text: '1040', grams: [{ gram: '1040', prefix: true }], recheck: false }]);
  });

  it('normalises full-width letters and digits and upper case, in the text and in the keyword', () => {
    expect(searchTextOf('ＰＰＰ项目２０２６', 'Abc')).toBe('ppp项目2026\nabc');
    expect(keywordTerms('ＰＰＰ')[0].text).toBe('ppp');
  });

  it('a term of 1 to 6 characters is an exact prefix query; a longer one its windows every 5 characters and the last, and a recheck', () => {
    expect(keywordTerms('桥')).toEqual([{ text: '桥', grams: [{ gram: '桥', prefix: true }], recheck: false }]);
    expect(keywordTerms('监理服务招标')).toEqual([{ text: '监理服务招标', grams: [{ gram: '监理服务招标', prefix: true }], recheck: false }]);
    const long = keywordTerms('浑南区长白岛道路改造工程监理服务招标公告')[0];
    expect(long.recheck).toBe(true);
    expect(long.grams).toEqual([
      { gram: '浑南区长白岛', prefix: false },
      { gram: '岛道路改造工', prefix: false },
      { gram: '工程监理服务', prefix: false },
      { gram: '服务招标公告', prefix: false },
    ]);
  });

  it('every seam between two characters of a long term lies inside one of its windows, up to the longest term', () => {
    for (let length = WINDOW + 1; length <= MAX_TERM_LENGTH; length++) {
      const chars = Array.from({ length }, (_, i) => String.fromCodePoint(0x4e00 + i));
      const [term] = keywordTerms(chars.join(''));
      expect(term.grams.length).toBeLessThanOrEqual(MAX_GRAMS_PER_TERM);
      const starts = term.grams.map((g) => chars.indexOf(Array.from(g.gram)[0]));
      expect(term.grams.every((g, k) => g.gram === chars.slice(starts[k], starts[k] + WINDOW).join(''))).toBe(true);
      for (let seam = 1; seam < length; seam++) {
        expect({ length, seam, covered: starts.some((s) => s < seam && seam < s + WINDOW) }).toEqual({ length, seam, covered: true });
      }
    }
  });

  it('a notice holding both halves of a long term, but not side by side, is not a candidate of the index', () => {
    const bucket = 2916;
    const lexemes = new Set(indexTokens(searchTextOf('浑南区长白岛道路改造工程', '各类监理服务招标公告'), bucket).map((l) => l.slice(`${bucket}|`.length)));
    const [term] = keywordTerms('长白岛道路改造工程监理服务招标');
    expect(term.grams.every((g) => lexemes.has(g.gram))).toBe(false);
    const [joined] = keywordTerms('长白岛道路改造工程');
    expect(joined.grams.every((g) => lexemes.has(g.gram))).toBe(true);
  });

  it('terms separated by spaces must all match; punctuation-only terms and repeats are dropped; at most 5 terms', () => {
    expect(keywordTerms('道路  E21040 ，。 道路').map((t) => t.text)).toEqual(['道路', 'e21040']);
    expect(keywordTerms(' ，。!! ')).toEqual([]);
    expect(keywordTerms('a b c d e f g')).toHaveLength(5);
  });

  it('a tsquery per week, ORed over the weeks asked, with quotes and backslashes escaped', () => {
    expect(bucketQuery(keywordTerms("监理 a'b"), 10, 11)).toBe("('11|监理':* & '11|a''b':*) | ('10|监理':* & '10|a''b':*)");
    expect(bucketQuery(keywordTerms('桥'), 10, 10)).toBe("'10|桥':*");
    expect(bucketQuery(keywordTerms('a\\b'), 1, 1)).toBe("'1|a\\\\b':*");
  });

  it('escapes LIKE wildcards in the recheck pattern', () => {
    expect(containsPattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
  });

  it('exact: over a generated corpus, the index never misses a match and with its recheck finds exactly what a naive scan finds', () => {
    const r = rng(42);
    const pick = <T>(l: readonly T[]) => l[Math.floor(r() * l.length)];
    const words = ['道路', '改造', '工程', '监理', '服务', '食堂', '设备', '采购', '招标', '公告', '桥梁', '维修', 'E21', '2026', '-', '（', '）', '，', 'Pdf', '００１'];
    const corpus = Array.from({ length: 300 }, (_, i) => {
      const field = () => Array.from({ length: 2 + Math.floor(r() * 12) }, () => pick(words)).join(r() < 0.1 ? ' ' : '');
      const text = searchTextOf(field(), field(), `E2104-2026-${String(i).padStart(5, '0')}`, `${field()}.pdf`, field());
      const bucket = 2900 + Math.floor(r() * 5);
      const tokens = new Set(indexTokens(text, bucket));
      const prefixes = new Set([...tokens].flatMap((x) => Array.from(x).map((_, k, a) => a.slice(0, k + 1).join(''))));
      return { text, bucket, tokens, prefixes };
    });
    const keywords = new Set<string>();
    while (keywords.size < 400) {
      const source = pick(corpus).text;
      const chars = Array.from(source);
      const length = 1 + Math.floor(r() * 20);
      const at = Math.floor(r() * Math.max(1, chars.length - length));
      keywords.add(chars.slice(at, at + length).join('')); // substrings (found)
      keywords.add(Array.from({ length: 1 + Math.floor(r() * 4) }, () => pick(words)).join('')); // combinations (often not)
    }
    let found = 0;
    for (const keyword of keywords) {
      const terms = keywordTerms(keyword);
      if (!terms.length) continue;
      for (const n of corpus) {
        const naive = matchesNaively(n.text, terms);
        if (naive) found++;
        if (naive && !indexFinds(n, terms)) throw new Error(`the index misses «${keyword}» in «${n.text}»`);
        if (searchFinds(n, terms) !== naive) throw new Error(`«${keyword}» in «${n.text}»: naive ${naive}`);
      }
    }
    expect(found).toBeGreaterThan(1000);
    expect(normalise('Ａ')).toBe('a');
  });
});
