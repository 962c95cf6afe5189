import { decodeSealedSummary, encodeSealedSummary } from './core/opening-summary';
import { seal, SealingErrorCode, validateOpeningSummary } from './index';
import { errorCode, KEY, SUMMARY } from './test-helpers';

describe('the opening summary (开标一览表)', () => {
  it.each(['0', '1', '0.5', '1234567.89', '999999999999999.99', '100.10'])('accepts the price "%s"', (price) => {
    expect(validateOpeningSummary({ ...SUMMARY, price }).price).toBe(price);
  });

  it.each([
    ['a number, not a string', 1234.5],
    ['three decimals', '1.234'],
    ['a leading zero', '01.5'],
    ['a sign', '-5'],
    ['thousands separators', '1,234.00'],
    ['a unit', '100元'],
    ['a trailing dot', '100.'],
    ['an exponent', '1e6'],
    ['empty', ''],
    ['sixteen integer digits', '1234567890123456'],
  ])('refuses a price that is %s', async (_what, price) => {
    expect(await errorCode(async () => validateOpeningSummary({ ...SUMMARY, price }))).toBe(SealingErrorCode.InvalidSummary);
  });

  it.each([
    ['durationDays not whole', { ...SUMMARY, durationDays: 1.5 }],
    ['durationDays negative', { ...SUMMARY, durationDays: -1 }],
    ['durationDays as text', { ...SUMMARY, durationDays: '180' }],
    ['durationDays missing', { price: '1', items: [] }],
    ['an unknown field (a typo must not be dropped silently)', { ...SUMMARY, duration: 180 }],
    ['items not a list', { ...SUMMARY, items: { 质量: '合格' } }],
    ['an item without a name', { ...SUMMARY, items: [{ name: ' ', value: 'x' }] }],
    ['an item name on two lines', { ...SUMMARY, items: [{ name: 'a\nb', value: 'x' }] }],
    ['an item value that is not text', { ...SUMMARY, items: [{ name: 'a', value: 5 }] }],
    ['an item read out twice', { ...SUMMARY, items: [{ name: 'a', value: '1' }, { name: 'a', value: '2' }] }],
    ['too many items', { ...SUMMARY, items: Array.from({ length: 51 }, (_, i) => ({ name: `n${i}`, value: 'v' })) }],
    ['not an object', 'price=1'],
  ])('refuses %s', async (_what, summary) => {
    expect(await errorCode(async () => validateOpeningSummary(summary))).toBe(SealingErrorCode.InvalidSummary);
  });

  it('seal() refuses an invalid summary at once, before reading the file', async () => {
    let read = false;
    const source = (async function* () {
      read = true;
      yield new Uint8Array(1);
    })();
    expect(await errorCode(async () => seal(source, KEY, { ...SUMMARY, price: '1.234' }))).toBe(SealingErrorCode.InvalidSummary);
    expect(await errorCode(async () => seal(source, new Uint8Array(16), SUMMARY))).toBe(SealingErrorCode.InvalidKey);
    expect(await errorCode(async () => seal(source, KEY, SUMMARY, { chunkSize: 100 }))).toBe(SealingErrorCode.InvalidOption);
    expect(await errorCode(async () => seal(source, KEY, SUMMARY, { fileName: '../etc/passwd' }))).toBe(SealingErrorCode.InvalidOption);
    expect(read).toBe(false);
  });

  it('is padded to a multiple of 1 KiB and reads back, order of items kept', () => {
    const sealed = { summary: { ...SUMMARY, items: [{ name: 'z', value: '1' }, { name: '10', value: '2' }, { name: 'a', value: '3' }] }, fileName: '商务标.pdf' };
    const bytes = encodeSealedSummary(sealed);
    expect(bytes.length % 1024).toBe(0);
    expect(decodeSealedSummary(bytes)).toEqual(sealed);
  });

  it('refuses a summary too long to seal', async () => {
    const items = Array.from({ length: 40 }, (_, i) => ({ name: `item ${i}`, value: '长'.repeat(2000) }));
    expect(await errorCode(async () => encodeSealedSummary({ summary: { ...SUMMARY, items } }))).toBe(SealingErrorCode.InvalidSummary);
  });

  describe('the same rules when sealing as when opening (README "The opening summary")', () => {
    const item = (name: string, value = 'v') => ({ ...SUMMARY, items: [{ name, value }] });
    it.each([
      ['a name of 100 code points outside the BMP', item('𠮷'.repeat(100))],
      ['a value of 2000 code points outside the BMP', item('n', '𠮷'.repeat(2000))],
      ['a value over several lines, with TAB, U+2028 and U+2029', item('n', 'a\n\tb\r\n\u2028c\u2029')],
      ['items left out', { price: '1', durationDays: 1 }],
    ])('accepts %s', (_what, summary) => {
      expect(validateOpeningSummary(summary).items).toEqual('items' in summary ? summary.items : []);
    });

    it.each([
      ['a name of 101 code points', item('𠮷'.repeat(101))],
      ['a TAB in a name', item('质量\t标准')],
      ['U+2028 in a name', item('质量\u2028标准')],
      ['U+0085 in a name', item('质量\u0085标准')],
      ['a right-to-left override in a name', item('a\u202eb')],
      ['a blank name of U+3000', item('\u3000')],
      ['a lone surrogate in a name', item('\ud800')],
      ['BEL in a value', item('n', 'a\u0007b')],
      ['items null', { ...SUMMARY, items: null }],
    ])('refuses %s with INVALID_SUMMARY', async (_what, summary) => {
      expect(await errorCode(async () => validateOpeningSummary(summary))).toBe(SealingErrorCode.InvalidSummary);
    });

    it.each([['𠮷'.repeat(251) + '.pdf', true], ['名'.repeat(252) + '.pdf', false], ['bid\u202efdp.exe', false], ['a\tb.pdf', false], ['a/b.pdf', false], ['..', false]])(
      'fileName %j when sealing: accepted %s',
      async (fileName, accepted) => {
        if (accepted) expect(() => seal(Buffer.from('x'), KEY, SUMMARY, { fileName }).destroy()).not.toThrow();
        else expect(await errorCode(async () => seal(Buffer.from('x'), KEY, SUMMARY, { fileName }))).toBe(SealingErrorCode.InvalidOption);
      },
    );

    it('refuses a JSON member named twice when opening', () => {
      const json = Buffer.from('{"summary":{"price":"1","durationDays":1,"price":"2"}}');
      const plain = Buffer.alloc(1024);
      plain.writeUInt32BE(json.length, 0);
      json.copy(plain, 4);
      expect(() => decodeSealedSummary(plain)).toThrow(/twice/);
      expect(decodeSealedSummary(encodeSealedSummary({ summary: { price: '1', durationDays: 1, items: [] }, fileName: 'a.pdf' }))).toEqual({
        summary: { price: '1', durationDays: 1, items: [] },
        fileName: 'a.pdf',
      });
    });
  });
});
