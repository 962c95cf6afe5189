/**
 * A legal source as the rules table names it ('招标投标法实施条例 art. 26', '财政部令第94号 art. 26, 28'), cited as
 * a Chinese reader cites it ('《招标投标法实施条例》第 26 条', '财政部令第94号第 26、28 条'), for the Chinese half
 * of a refusal and for pages. A source in another shape (a province's override may name its own regulation in
 * its own words) is returned as it is.
 */
export function citationZh(source: string): string {
  const m = /^(.*?)\s*art\.\s*([\d,\s、–-]+)$/.exec(source.trim());
  if (!m) return source.trim();
  const name = m[1].trim();
  const articles = m[2]
    .split(/[,\s、]+/)
    .filter(Boolean)
    .join('、')
    .replace(/\s*[–-]\s*/g, ' 至 ');
  const titled = /令第\d+号$/.test(name) || name.startsWith('《') ? name : `《${name}》`;
  return `${titled}第 ${articles} 条`;
}
