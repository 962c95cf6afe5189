import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The queue dashboard is opened in a browser, which cannot send the API's bearer token. An administrator
 * therefore asks the API (with the token) for a dashboard session: a short-lived cookie signed with a key
 * derived from the JWT secret, scoped to the dashboard's path. This is its format and check.
 */
export const DASHBOARD_COOKIE = 'etendering_queues';
export const DASHBOARD_PATH = '/api/admin/queues';
export const DASHBOARD_SESSION_SECONDS = 900;

function key(secret: string): Buffer {
  return createHmac('sha256', secret).update('etendering queue dashboard session v1').digest();
}

export function signDashboardSession(secret: string, accountId: string, expiresAtMs: number): string {
  const payload = Buffer.from(JSON.stringify({ sub: accountId, exp: Math.floor(expiresAtMs / 1000) })).toString('base64url');
  const mac = createHmac('sha256', key(secret)).update(payload).digest('base64url');
  return `${payload}.${mac}`;
}

/** The account id of a valid, unexpired session, or null. */
export function verifyDashboardSession(secret: string, value: string | undefined, nowMs: number): string | null {
  if (!value) return null;
  const [payload, mac, extra] = value.split('.');
  if (!payload || !mac || extra !== undefined) return null;
  const expected = createHmac('sha256', key(secret)).update(payload).digest();
  const given = Buffer.from(mac, 'base64url');
  // Only the canonical encoding: base64 ignores the spare bits of the last character.
  if (given.toString('base64url') !== mac) return null;
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const { sub, exp } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: unknown; exp?: unknown };
    if (typeof sub !== 'string' || typeof exp !== 'number' || exp * 1000 <= nowMs) return null;
    return sub;
  } catch {
    return null;
  }
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}
