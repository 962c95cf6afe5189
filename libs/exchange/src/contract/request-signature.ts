import { createHmac, timingSafeEqual } from 'node:crypto';
import { SIGNATURE_TOLERANCE_SECONDS } from './exchange.constants';

const SIGNATURE_PREFIX = 'v1=';
const SIGNATURE_PATTERN = /^v1=[0-9a-f]{64}$/;
const TIMESTAMP_PATTERN = /^[0-9]{1,12}$/;

function hmac(secret: string | Buffer, timestampSeconds: number, rawBody: Buffer): Buffer {
  return createHmac('sha256', secret).update(`${timestampSeconds}.`, 'utf8').update(rawBody).digest();
}

/**
 * The X-Signature header value: `v1=` + hex HMAC-SHA256 over `{timestamp}.{raw body bytes}` with the shared secret.
 * A GET is signed over an empty body, i.e. over `{timestamp}.`.
 */
export function signRequest(secret: string | Buffer, timestampSeconds: number, rawBody: Buffer): string {
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) {
    throw new RangeError(`timestampSeconds must be a non-negative integer, got ${timestampSeconds}`);
  }
  return SIGNATURE_PREFIX + hmac(secret, timestampSeconds, rawBody).toString('hex');
}

/**
 * True when `sigHeader` is the signature of `rawBody` at `tsHeader` and the timestamp is at most
 * `toleranceSeconds` away from `nowSeconds` (either direction; exactly the tolerance is still accepted).
 * The comparison of the MACs is constant-time.
 */
export function verifySignature(
  secret: string | Buffer,
  tsHeader: string | undefined,
  sigHeader: string | undefined,
  rawBody: Buffer,
  nowSeconds: number,
  toleranceSeconds: number = SIGNATURE_TOLERANCE_SECONDS,
): boolean {
  if (typeof tsHeader !== 'string' || typeof sigHeader !== 'string') return false;
  if (!TIMESTAMP_PATTERN.test(tsHeader) || !SIGNATURE_PATTERN.test(sigHeader)) return false;
  const timestamp = Number(tsHeader);
  if (Math.abs(Math.floor(nowSeconds) - timestamp) > toleranceSeconds) return false;
  const expected = hmac(secret, timestamp, rawBody);
  const given = Buffer.from(sigHeader.slice(SIGNATURE_PREFIX.length), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
