import { classifyDecryptionFailure, closeReason, decideAtDeadline } from './opening-rules';

describe('opening rules', () => {
  it.each([
    [0, 'fail'],
    [2, 'fail'],
    [3, 'decrypt'],
    [10, 'decrypt'],
  ] as const)('R17: %i bids at 截止 → %s', (n, expected) => {
    expect(decideAtDeadline(n, 3)).toBe(expected);
  });

  it('R18: a wrong key can be followed by another; a damaged container cannot be cured', () => {
    expect(classifyDecryptionFailure('WRONG_KEY')).toEqual({ error: 'WRONG_KEY', final: false });
    expect(classifyDecryptionFailure('CONTAINER_TAMPERED')).toEqual({ error: 'CONTAINER_TAMPERED', final: true });
    expect(classifyDecryptionFailure('CONTAINER_TRUNCATED')).toEqual({ error: 'CONTAINER_TRUNCATED', final: true });
    expect(classifyDecryptionFailure('SOMETHING_ELSE')).toEqual({ error: 'CONTAINER_TAMPERED', final: true });
  });

  const end = new Date('2026-12-01T02:00:00Z');
  const before = new Date('2026-12-01T01:30:00Z');
  const decrypted = { status: 'decrypted' as const, decryptionFinal: false };
  const damaged = { status: 'decryption_failed' as const, decryptionFinal: true };
  const wrongKey = { status: 'decryption_failed' as const, decryptionFinal: false };
  const waiting = { status: 'received' as const, decryptionFinal: false };

  it('R18: the opening closes early once every bid is settled', () => {
    expect(closeReason([decrypted, decrypted, damaged], 0, before, end)).toBe('all_settled');
  });

  it('R18: a bid still waiting for its key, or after a wrong key, keeps the window open', () => {
    expect(closeReason([decrypted, decrypted, waiting], 0, before, end)).toBeNull();
    expect(closeReason([decrypted, decrypted, wrongKey], 0, before, end)).toBeNull();
  });

  it('R19: an unanswered objection keeps the opening open until it is answered or the window ends', () => {
    expect(closeReason([decrypted, decrypted, decrypted], 1, before, end)).toBeNull();
    expect(closeReason([decrypted, decrypted, decrypted], 1, end, end)).toBe('window_ended');
  });

  it('R18: the end of the window closes the opening whatever is pending', () => {
    expect(closeReason([waiting, wrongKey, decrypted], 0, end, end)).toBe('window_ended');
  });
});
