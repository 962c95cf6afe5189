import { renderAtom, summaryOf, xmlEscape } from './atom-feed';

describe('Atom feed of notices', () => {
  const at = new Date('2026-12-01T02:00:00Z');

  it('renders a feed with one entry per notice, times in +08:00', () => {
    const xml = renderAtom({
      id: 'urn:etendering:E2104000001:notices',
      title: '交易公告',
      selfLink: 'http://x/public/notices/feed.atom',
      alternateLink: 'http://x/public/notices',
      author: '平台',
      updated: at,
      entries: [
        {
          id: 'urn:uuid:6f1c2a8e-0000-4000-8000-000000000001',
          title: '某某道路工程监理服务招标公告',
          link: 'http://x/public/notices/6f1c2a8e-0000-4000-8000-000000000001',
          published: at,
          updated: at,
          category: { term: 'tender', label: '招标公告' },
          summary: '一、招标条件',
        },
      ],
    });
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">');
    expect(xml).toContain('<title>某某道路工程监理服务招标公告</title>');
    expect(xml).toContain('<published>2026-12-01T10:00:00+08:00</published>');
    expect(xml.match(/<entry>/g)).toHaveLength(1);
  });

  it('escapes markup and drops characters XML cannot carry', () => {
    expect(xmlEscape('<a href="x">A&B</a>\u0001')).toBe('&lt;a href=&quot;x&quot;&gt;A&amp;B&lt;/a&gt;');
  });

  it('summarises long text by characters, not bytes', () => {
    expect(summaryOf('一二三四五', 3)).toBe('一二三…');
    expect(summaryOf('  a \n b  ')).toBe('a b');
  });
});
