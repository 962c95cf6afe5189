import { assertFileNameClean, decodeFileName, rawQueryParameter, renamedFileName } from './file-names';

describe('file names from uploaders', () => {
  it('decodes percent-encoded UTF-8, and refuses what is not valid percent-encoding with a clear 400', () => {
    expect(decodeFileName('%E6%8B%9B%E6%A0%87%E6%96%87%E4%BB%B6.pdf')).toBe('招标文件.pdf');
    expect(decodeFileName('a+b.pdf', { form: true })).toBe('a b.pdf');
    for (const bad of ['%ZZ%', '100%.pdf', '%E6%8B.pdf', '%ff.pdf']) {
      expect(() => decodeFileName(bad)).toThrow(expect.objectContaining({ code: 'UPLOAD_FILE_NAME_INVALID', status: 400 }));
    }
  });

  it('reads a raw query parameter as it came', () => {
    expect(rawQueryParameter('/api/notices/x/attachments?kind=attachment&name=%ZZ%', 'name')).toBe('%ZZ%');
    expect(rawQueryParameter('/x?name=a%2Fb&kind=y', 'name')).toBe('a%2Fb');
    expect(rawQueryParameter('/x?kind=y', 'name')).toBeUndefined();
    // a key the framework decodes to `name` is found too, its value still raw
    expect(rawQueryParameter('/x?n%61me=%ZZ%&kind=y', 'name')).toBe('%ZZ%');
    expect(rawQueryParameter('/x?n%ZZme=a.pdf', 'name')).toBeUndefined();
  });

  it.each([
    ['NUL', 'a\u0000.pdf', 'U+0000'],
    ['TAB', 'a\t.pdf', 'U+0009'],
    ['LF', 'a\n.pdf', 'U+000A'],
    ['DEL', 'a\u007f.pdf', 'U+007F'],
    ['a C1 control', 'a\u0085.pdf', 'U+0085'],
    ['a right-to-left override', 'invoice\u202Efdp.exe', 'U+202E'],
  ])('refuses a name with %s', (_label, name, code) => {
    expect(() => assertFileNameClean(name)).toThrow(
      expect.objectContaining({ code: 'UPLOAD_FILE_NAME_INVALID', status: 400, details: { reason: `holds the control character ${code}` } }),
    );
  });

  it('accepts an ordinary name', () => {
    expect(() => assertFileNameClean('招标文件（第一标段）v1.2.pdf')).not.toThrow();
  });

  it('renames a stored file only to a name that agrees with its content, as an upload is named', () => {
    expect(renamedFileName('投标函格式（2027）.docx', 'docx', 'content-file')).toBe('投标函格式（2027）.docx');
    expect(renamedFileName('  C:\\fakepath\\投标函格式.DOCX ', 'docx', 'content-file')).toBe('投标函格式.DOCX');
    expect(renamedFileName('投标函格式', 'docx', 'content-file')).toBe('投标函格式.docx');
    expect(renamedFileName('..', 'pdf', 'content-file')).toBe('file.pdf');
    expect(() => renamedFileName('投标函格式.exe', 'docx', 'content-file')).toThrow(expect.objectContaining({ code: 'UPLOAD_EXTENSION_MISMATCH' }));
    expect(() => renamedFileName('说明\u202Efdp.exe', 'pdf', 'content-file')).toThrow(expect.objectContaining({ code: 'UPLOAD_FILE_NAME_INVALID' }));
  });
});
