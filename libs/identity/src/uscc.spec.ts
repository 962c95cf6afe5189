import { isValidUscc, usccProblem, withCheckCharacter } from './uscc';

describe('统一社会信用代码 (GB 32100-2015)', () => {
  // Published codes of real organisations (business licences shown on their websites).
  it.each([
    ['91330100799655058B', 'Alibaba (China) Co., Ltd.'],
    ['9144030071526726XG', 'Shenzhen Tencent Computer Systems'],
    ['914403001922038216', 'Huawei Technologies'],
    ['91110108551385082Q', 'Xiaomi Technology'],
    ['91350100M000100Y43', 'the standard example code'],
  ])('accepts %s (%s)', (code) => {
    expect(usccProblem(code)).toBeNull();
    expect(isValidUscc(code)).toBe(true);
  });

  it.each([
    ['91330100799655058C', 'check_character', 'wrong check character'],
    ['9144030071526726X0', 'check_character', 'wrong check character (digit for letter)'],
    ['91330100799655058', 'length', '17 characters'],
    ['91330100799655058BB', 'length', '19 characters'],
    ['', 'length', 'empty'],
    ['91330100799655058b', 'charset', 'lower case check character'],
    ['9144030071526726xg', 'charset', 'lower case letters'],
    ['91330100I99655058B', 'charset', 'letter I'],
    ['91330100O99655058B', 'charset', 'letter O'],
    ['91330100Z99655058B', 'charset', 'letter Z'],
    ['91330100S99655058B', 'charset', 'letter S'],
    ['91330100V99655058B', 'charset', 'letter V'],
    ['91330100 99655058B', 'charset', 'a space'],
    ['９１330100799655058B', 'charset', 'full-width digits'],
  ])('refuses %s: %s (%s)', (code, problem) => {
    expect(usccProblem(code)).toBe(problem);
    expect(isValidUscc(code)).toBe(false);
  });

  it('refuses non-strings', () => {
    expect(isValidUscc(913301007996)).toBe(false);
    expect(isValidUscc(null)).toBe(false);
  });

  it('completes 17 characters with the check character that the validator accepts', () => {
    expect(withCheckCharacter('91330100799655058')).toBe('91330100799655058B');
    expect(() => withCheckCharacter('9133010079965505I')).toThrow();
  });
});
