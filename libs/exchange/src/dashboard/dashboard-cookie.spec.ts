import { readCookie, signDashboardSession, verifyDashboardSession } from './dashboard-cookie';

describe('the queue dashboard session cookie', () => {
  const secret = 'a-secret-of-at-least-32-characters!!';
  const now = Date.parse('2026-11-25T01:30:00Z');

  it('is valid until it expires', () => {
    const v = signDashboardSession(secret, 'account-1', now + 60_000);
    expect(verifyDashboardSession(secret, v, now)).toBe('account-1');
    expect(verifyDashboardSession(secret, v, now + 60_000)).toBeNull();
  });

  it('is refused when tampered with or signed with another secret', () => {
    const v = signDashboardSession(secret, 'account-1', now + 60_000);
    const [payload, mac] = v.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'account-1', exp: Math.floor(now / 1000) + 99999 })).toString('base64url');
    expect(verifyDashboardSession(secret, `${forged}.${mac}`, now)).toBeNull();
    expect(verifyDashboardSession(`${secret}x`, v, now)).toBeNull();
    expect(verifyDashboardSession(secret, payload, now)).toBeNull();
    // the same MAC bytes in another spelling (the spare bits of the last base64 character)
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const respelled = mac.slice(0, -1) + alphabet[alphabet.indexOf(mac[mac.length - 1]) ^ 1];
    expect(Buffer.from(respelled, 'base64url').equals(Buffer.from(mac, 'base64url'))).toBe(true);
    expect(verifyDashboardSession(secret, `${payload}.${respelled}`, now)).toBeNull();
    expect(verifyDashboardSession(secret, undefined, now)).toBeNull();
  });

  it('is read from a Cookie header', () => {
    expect(readCookie('a=1; etendering_queues=x.y; b=2', 'etendering_queues')).toBe('x.y');
    expect(readCookie('a=1', 'etendering_queues')).toBeUndefined();
  });
});
