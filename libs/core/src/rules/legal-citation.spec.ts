import { citationZh } from './legal-citation';
import { DEFAULT_RULES } from './rules-table';

describe('citationZh (a legal source as a Chinese reader cites it)', () => {
  it('names a law in 《》 and its articles with 第…条', () => {
    expect(citationZh('招标投标法实施条例 art. 26')).toBe('《招标投标法实施条例》第 26 条');
    expect(citationZh('政府采购法 art. 35')).toBe('《政府采购法》第 35 条');
    expect(citationZh('招标投标法实施条例 art. 22, 54')).toBe('《招标投标法实施条例》第 22、54 条');
    expect(citationZh('招标投标法实施条例 art. 53–54')).toBe('《招标投标法实施条例》第 53 至 54 条');
  });

  it('leaves a ministry order as it is named (财政部令第94号) and a source in another shape untouched', () => {
    expect(citationZh('财政部令第94号 art. 26, 28')).toBe('财政部令第94号第 26、28 条');
    expect(citationZh('《辽宁省招标投标条例》第十二条')).toBe('《辽宁省招标投标条例》第十二条');
  });

  it('turns every source of the rules table into a citation without "art."', () => {
    const sources = Object.values(DEFAULT_RULES).flatMap((rules) => Object.values(rules).flatMap((rule) => (rule ? [rule.source] : [])));
    expect(sources.length).toBeGreaterThan(20);
    for (const source of sources) {
      const cited = citationZh(source);
      expect(`${source} → ${cited}`).not.toMatch(/→ .*\bart\./);
      if (/\bart\./.test(source)) expect(`${source} → ${cited}`).toMatch(/→ [^a-zA-Z]*第 [\d、 至]+ 条$/);
    }
  });
});
