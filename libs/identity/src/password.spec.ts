import { hashPassword, passwordProblem, verifyPassword } from './password';

describe('password hashing (scrypt, memory-hard)', () => {
  it('verifies the right password and refuses a wrong one; salts differ', async () => {
    const a = await hashPassword('Correct-Horse-9');
    const b = await hashPassword('Correct-Horse-9');
    expect(a).toMatch(/^scrypt\$15\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('Correct-Horse-9', a)).toBe(true);
    expect(await verifyPassword('Correct-Horse-8', a)).toBe(false);
    expect(await verifyPassword('Correct-Horse-9', 'plain')).toBe(false);
  });

  it('needs 10 characters of three kinds', () => {
    expect(passwordProblem('Short-1')).toBe('length');
    expect(passwordProblem('alllowercaseletters')).toBe('classes');
    expect(passwordProblem('Mixed-Case-Words')).toBeNull();
  });
});
