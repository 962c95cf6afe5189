import { contentHeadings, parseContent, unsafeLinks } from './content-text';

describe('content-text (the public content pages)', () => {
  it('reads headings, paragraphs, lists and safe links', () => {
    const blocks = parseContent('导语第一行\n导语第二行\n\n## 一、注册\n- 甲\n- 见 [回执](/receipts/verify) 页\n\n正文');
    expect(blocks).toEqual([
      { kind: 'paragraph', lines: [[{ text: '导语第一行' }], [{ text: '导语第二行' }]] },
      { kind: 'heading', text: '一、注册' },
      { kind: 'list', items: [[{ text: '甲' }], [{ text: '见 ' }, { text: '回执', href: '/receipts/verify' }, { text: ' 页' }]] },
      { kind: 'paragraph', lines: [[{ text: '正文' }]] },
    ]);
    expect(contentHeadings('x\n## 甲\ny\n## 乙')).toEqual(['甲', '乙']);
  });

  it('keeps markup as text and never makes a link of an unsafe target', () => {
    const [p] = parseContent('<script>alert(1)</script> [点我](javascript:alert(1)) [外](//evil.example) [好](https://www.gov.cn/zhengce/)');
    expect(p).toEqual({
      kind: 'paragraph',
      lines: [[{ text: '<script>alert(1)</script> [点我](javascript:alert(1)) [外](//evil.example) ' }, { text: '好', href: 'https://www.gov.cn/zhengce/' }]],
    });
    expect(unsafeLinks('[a](javascript:x) [b](/ok) [c](http://plain.example) [d](data:text/html,x) [e](https://ok.example/x)')).toEqual([
      'javascript:x',
      'http://plain.example',
      'data:text/html,x',
    ]);
  });
});
