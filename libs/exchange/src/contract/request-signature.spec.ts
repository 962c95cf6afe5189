import { signRequest, verifySignature } from './request-signature';

describe('request signature (X-Signature)', () => {
  const secret = 'test-secret';
  const body = Buffer.from('{"a":1}', 'utf8');
  // printf '%s' '1700000000.{"a":1}' | openssl dgst -sha256 -hmac 'test-secret'
  const knownVector = 'v1=8cb2c3355fca388e9ac2caec004f4d5d7045d74937ab5faad61dc11682247a9f';

  it('matches a vector computed independently with openssl', () => {
    expect(signRequest(secret, 1_700_000_000, body)).toBe(knownVector);
  });

  it('signs the raw bytes: a different byte gives a different signature', () => {
    expect(signRequest(secret, 1_700_000_000, Buffer.from('{"a":2}'))).not.toBe(knownVector);
    expect(signRequest(secret, 1_700_000_001, body)).not.toBe(knownVector);
  });

  it('signs an empty body (GET) over "{ts}."', () => {
    const sig = signRequest(secret, 1_700_000_000, Buffer.alloc(0));
    expect(sig).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verifySignature(secret, '1700000000', sig, Buffer.alloc(0), 1_700_000_000)).toBe(true);
  });

  it.each([
    ['exactly on time', 0, true],
    ['300 s behind (edge, accepted)', 300, true],
    ['301 s behind (refused)', 301, false],
    ['300 s ahead (edge, accepted)', -300, true],
    ['301 s ahead (refused)', -301, false],
  ])('timestamp %s', (_label, age, accepted) => {
    const now = 1_700_000_000;
    const ts = now - (age as number);
    const sig = signRequest(secret, ts, body);
    expect(verifySignature(secret, String(ts), sig, body, now)).toBe(accepted);
  });

  it('honours a custom tolerance', () => {
    const sig = signRequest(secret, 1000, body);
    expect(verifySignature(secret, '1000', sig, body, 1060, 60)).toBe(true);
    expect(verifySignature(secret, '1000', sig, body, 1061, 60)).toBe(false);
  });

  it.each([
    ['wrong secret', 'other-secret', knownVector, '1700000000', body],
    ['tampered body', secret, knownVector, '1700000000', Buffer.from('{"a":1} ')],
    ['timestamp header not the signed one', secret, knownVector, '1700000001', body],
    ['missing timestamp', secret, knownVector, undefined, body],
    ['missing signature', secret, undefined, '1700000000', body],
    ['no v1= prefix', secret, knownVector.slice(3), '1700000000', body],
    ['upper-case hex', secret, 'v1=' + knownVector.slice(3).toUpperCase(), '1700000000', body],
    ['truncated signature', secret, knownVector.slice(0, -2), '1700000000', body],
    ['timestamp with a sign', secret, knownVector, '+1700000000', body],
    ['timestamp with decimals', secret, knownVector, '1700000000.0', body],
  ])('refuses: %s', (_label, s, sig, ts, raw) => {
    expect(verifySignature(s as string, ts as string | undefined, sig as string | undefined, raw as Buffer, 1_700_000_000)).toBe(false);
  });

  it('accepts the known vector', () => {
    expect(verifySignature(secret, '1700000000', knownVector, body, 1_700_000_000)).toBe(true);
  });
});
