import { detectContainer, FILE_TYPES, fileTypeOfMime, FileType, matchFileType, resolveFileType } from './file-types';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

// The first bytes of real files of each kind (followed by a little of what comes next).
const PDF = bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj');
const ZIP = bytes([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00], '[Content_Types].xml');
const EMPTY_ZIP = bytes([0x50, 0x4b, 0x05, 0x06], new Array(18).fill(0));
const OLE2 = bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], new Array(16).fill(0));
const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF\0');
const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d], 'IHDR');

const ALL: FileType[] = ['pdf', 'ofd', 'zip', 'doc', 'docx', 'xls', 'xlsx', 'jpeg', 'png'];

describe('magic-byte detection', () => {
  it.each([
    ['PDF', PDF, 'pdf'],
    ['ZIP (local file header)', ZIP, 'zip'],
    ['ZIP (empty archive)', EMPTY_ZIP, 'zip'],
    ['OLE2 (DOC/XLS)', OLE2, 'ole2'],
    ['JPEG', JPEG, 'jpeg'],
    ['PNG', PNG, 'png'],
    ['plain text', bytes('hello, 招标'), null],
    ['a Windows executable', bytes('MZ\x90\x00\x03\x00\x00\x00'), null],
    ['HTML', bytes('<!DOCTYPE html><html>'), null],
    ['a PDF cut before its signature ends', bytes('%PD'), null],
    ['nothing', Buffer.alloc(0), null],
  ])('%s → %s', (_label, head, expected) => {
    expect(detectContainer(head)).toBe(expected);
  });

  it.each<[string, Buffer, string, FileType[], FileType | null]>([
    ['a PDF', PDF, '招标文件.pdf', ['pdf'], 'pdf'],
    ['a PDF named .doc: the name and the content disagree', PDF, 'report.doc', ALL, null],
    ['a PDF named .exe', PDF, '招标文件.exe', ALL, null],
    ['a PDF with no extension', PDF, '招标文件', ALL, 'pdf'],
    ['a PNG renamed .pdf, PDF-only purpose', PNG, '营业执照.pdf', ['pdf'], null],
    ['a JPEG renamed .pdf, PDF-only purpose', JPEG, 'scan.pdf', ['pdf'], null],
    ['a PNG', PNG, 'seal.png', ALL, 'png'],
    ['a JPEG named .jpg', JPEG, 'photo.jpg', ALL, 'jpeg'],
    ['a DOCX (ZIP container)', ZIP, '技术标.docx', ALL, 'docx'],
    ['an XLSX (ZIP container)', ZIP, '报价.XLSX', ALL, 'xlsx'],
    ['an OFD (ZIP container)', ZIP, '公告.ofd', ALL, 'ofd'],
    ['a ZIP', ZIP, 'drawings.zip', ALL, 'zip'],
    ['a ZIP named .zip when only DOCX is allowed', ZIP, 'a.zip', ['docx'], null],
    ['a ZIP named .pdf', ZIP, '招标文件.pdf', ALL, null],
    ['a ZIP with no extension, declared as XLSX', ZIP, 'upload', ['zip', 'xlsx'],
      'xlsx'],
    ['a DOC (OLE2)', OLE2, 'old.doc', ALL, 'doc'],
    ['an XLS (OLE2)', OLE2, 'old.xls', ALL, 'xls'],
    ['an OLE2 file when only PDF and images are allowed', OLE2, 'old.doc', ['pdf', 'jpeg', 'png'], null],
    ['a text file named .pdf', bytes('%%EOF not a pdf'), 'fake.pdf', ALL, null],
    ['an executable named .docx', bytes('MZ\x90\x00\x03\x00\x00\x00'), 'invoice.docx', ALL, null],
  ])('%s', (_label, head, name, allowed, expected) => {
    const declaredType = name === 'upload' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : undefined;
    expect(resolveFileType(head, allowed, { originalName: name, declaredType })).toBe(expected);
  });

  it('does not let the declared type override the bytes', () => {
    expect(resolveFileType(PNG, ['pdf'], { originalName: 'x.pdf', declaredType: 'application/pdf' })).toBeNull();
  });

  it('says why: the content, or a name whose extension is not the content’s (OWASP ASVS V5.2)', () => {
    expect(matchFileType(bytes('MZ\x90\x00\x03\x00\x00\x00'), ALL, { originalName: '招标文件.pdf' })).toEqual({
      ok: false,
      reason: 'content',
      container: null,
    });
    expect(matchFileType(PDF, ALL, { originalName: '招标文件.exe' })).toEqual({
      ok: false,
      reason: 'extension',
      container: 'pdf',
      extension: 'exe',
      expected: ['pdf'],
    });
    expect(matchFileType(ZIP, ALL, { originalName: '招标文件.pdf' })).toMatchObject({ ok: false, reason: 'extension', expected: ['ofd', 'zip', 'docx', 'xlsx'] });
  });

  it('leaves a ZIP with no extension to its entries (the candidates), and types a named one provisionally', () => {
    expect(matchFileType(ZIP, ALL, { originalName: 'upload' })).toMatchObject({ ok: true, type: null, candidates: ['ofd', 'zip', 'docx', 'xlsx'] });
    expect(matchFileType(ZIP, ALL, { originalName: '公告.ofd' })).toMatchObject({ ok: true, type: 'ofd', candidates: ['ofd'] });
  });

  it("names a stored document's type from its content type (fileTypeOfMime), parameters and case aside", () => {
    for (const type of Object.keys(FILE_TYPES) as FileType[]) expect(fileTypeOfMime(FILE_TYPES[type].mime)).toBe(type);
    expect(fileTypeOfMime('Application/PDF; charset=binary')).toBe('pdf');
    expect(fileTypeOfMime('application/octet-stream')).toBeNull();
  });
});
