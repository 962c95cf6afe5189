import { containsPattern, indexTokens, keywordQuery } from './bigram-search';

describe('bigram search tokens (中文关键词检索)', () => {
  it('cuts a Chinese title into character bigrams and its last character', () => {
    expect(indexTokens('道路工程监理')).toEqual(['道路', '路工', '工程', '程监', '监理', '理']);
  });

  it('keeps letters and digits as lower-case words and splits on punctuation', () => {
    expect(indexTokens('E2104000001-2026-00042（一标段）')).toEqual(['e2104000001', '2026', '00042', '一标', '标段', '段']);
  });

  it('folds full-width letters and digits', () => {
    expect(indexTokens('ＰＰＰ项目２０２６')).toEqual(['ppp', '项目', '目', '2026']);
  });

  it('a 2-character keyword is one bigram, answered by the index without a recheck', () => {
    expect(keywordQuery('监理')).toEqual({ tsquery: "'监理'", terms: [{ text: '监理', query: ["'监理'"], recheck: false }] });
  });

  it('the keyword 监理 is among the tokens of 某某道路工程监理服务招标公告', () => {
    const tokens = indexTokens('某某道路工程监理服务招标公告');
    expect(tokens).toContain('监理');
    expect(tokens).not.toContain('监');
  });

  it('a longer keyword needs all its bigrams and a recheck (bigrams do not prove adjacency)', () => {
    const q = keywordQuery('监理服务');
    expect(q.tsquery).toBe("'监理' & '理服' & '服务'");
    expect(q.terms[0].recheck).toBe(true);
  });

  it('a single character is a prefix query over bigrams and run-final characters', () => {
    expect(keywordQuery('桥').tsquery).toBe("'桥':*");
    // every occurrence of 桥 starts a bigram or ends a run
    expect(indexTokens('桥梁').some((t) => t.startsWith('桥'))).toBe(true);
    expect(indexTokens('大桥').some((t) => t.startsWith('桥'))).toBe(true);
  });

  it('terms separated by spaces must all match; words match as prefixes', () => {
    expect(keywordQuery('道路  E21040').tsquery).toBe("'道路' & 'e21040':*");
  });

  it('a keyword of punctuation only has no query', () => {
    expect(keywordQuery(' ，。!! ').tsquery).toBeNull();
  });

  it('quotes cannot break out of a lexeme', () => {
    // letters and digits only become words, so quotes never reach a lexeme; a code with a dash needs a recheck
    const q = keywordQuery("a'b E21-2026");
    expect(q.tsquery).toBe("'a':* & 'b':* & 'e21':* & '2026':*");
    expect(q.terms.map((t) => t.recheck)).toEqual([true, true]);
  });

  it('escapes LIKE wildcards in the recheck pattern', () => {
    expect(containsPattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
  });
});
