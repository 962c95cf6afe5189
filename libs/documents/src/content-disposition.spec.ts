import { contentDisposition, MAX_FILE_NAME_LENGTH, sanitizeFileName } from './content-disposition';

/** The file name a browser takes from the header: filename* (RFC 5987) when present, else filename. */
function nameFromHeader(header: string): string {
  const extended = /filename\*=UTF-8''([^;\s]+)/.exec(header);
  if (extended) return decodeURIComponent(extended[1]);
  return /filename="([^"]*)"/.exec(header)![1];
}

describe('contentDisposition', () => {
  it('carries a Chinese file name in filename* with an ASCII fallback', () => {
    const header = contentDisposition('招标文件（第一标段）.pdf');
    expect(header).toBe(
      `attachment; filename="file.pdf"; filename*=UTF-8''` +
        '%E6%8B%9B%E6%A0%87%E6%96%87%E4%BB%B6%EF%BC%88%E7%AC%AC%E4%B8%80%E6%A0%87%E6%AE%B5%EF%BC%89.pdf',
    );
    expect(nameFromHeader(header)).toBe('招标文件（第一标段）.pdf');
  });

  it('keeps the ASCII part of a mixed name in the fallback', () => {
    const header = contentDisposition('2025-001 招标公告.docx', 'inline');
    expect(header).toMatch(/^inline; filename="2025-001 _\.docx"; filename\*=UTF-8''/);
    expect(nameFromHeader(header)).toBe('2025-001 招标公告.docx');
  });

  it('sends a plain ASCII name as a quoted filename only', () => {
    expect(contentDisposition('report-2025.pdf')).toBe('attachment; filename="report-2025.pdf"');
  });

  it('neutralises quotes, backslashes and semicolons', () => {
    const header = contentDisposition('a"b;c.pdf');
    expect(header).toBe(`attachment; filename="a_b;c.pdf"; filename*=UTF-8''a%22b%3Bc.pdf`);
    expect(nameFromHeader(header)).toBe('a"b;c.pdf');
    // the quoted string holds exactly one pair of quotes
    expect(/filename="[^"]*"/.exec(header)![0]).toBe('filename="a_b;c.pdf"');
  });

  it("percent-encodes the characters RFC 5987 does not allow (', (, ), *)", () => {
    const header = contentDisposition("报价 it's (final)*.pdf");
    expect(header).toContain(`filename*=UTF-8''%E6%8A%A5%E4%BB%B7%20it%27s%20%28final%29%2A.pdf`);
    expect(nameFromHeader(header)).toBe("报价 it's (final)*.pdf");
    // a plain ASCII name needs no filename*: the quoted string carries these characters as they are
    expect(contentDisposition("it's (final)*.pdf")).toBe(`attachment; filename="it's (final)*.pdf"`);
  });

  it('strips CR/LF so that no header can be injected', () => {
    const header = contentDisposition('evil.pdf\r\nSet-Cookie: a=b\r\n');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header).toBe('attachment; filename="evil.pdfSet-Cookie: a=b"');
  });

  it('strips NUL, other control characters and bidirectional overrides', () => {
    expect(sanitizeFileName('a\u0000b\u0007c.pdf')).toBe('abc.pdf');
    expect(sanitizeFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
  });

  it('keeps only the last path segment of a name', () => {
    expect(sanitizeFileName('C:\\fakepath\\投标函.pdf')).toBe('投标函.pdf');
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
  });

  it('names an empty or dot-only name "file"', () => {
    expect(sanitizeFileName('')).toBe('file');
    expect(sanitizeFileName('  \r\n ')).toBe('file');
    expect(sanitizeFileName('..')).toBe('file');
    expect(contentDisposition('')).toBe('attachment; filename="file"');
  });

  it('shortens a long name to 255 characters, keeping the extension', () => {
    const name = sanitizeFileName(`${'标'.repeat(300)}.pdf`);
    expect(Array.from(name)).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(name.endsWith('标.pdf')).toBe(true);
  });

  it('normalises to NFC', () => {
    expect(sanitizeFileName('Cafe\u0301.pdf')).toBe('Café.pdf');
  });
});
