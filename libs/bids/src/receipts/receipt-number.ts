import { randomBytes } from 'node:crypto';
import { toLocalDate } from '@app/core';

/** Crockford's base32: no I, L, O, U, so a number read aloud or typed is not mistaken. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export const RECEIPT_NUMBER_PATTERN = /^BR\d{8}-[0-9A-HJKMNP-TV-Z]{12}$/;

/**
 * 回执编号: `BR` + the Asia/Shanghai date + 60 random bits, e.g. `BR20261125-7K3M9Q2X4PZT`. Random, not
 * sequential: a counter would tell every bidder how many bids came before its own (R16).
 */
export function newReceiptNumber(at: Date, random: (n: number) => Buffer = randomBytes): string {
  const bytes = random(8);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let tail = '';
  for (let i = 0; i < 12; i++) {
    tail = ALPHABET[Number(bits & 31n)] + tail;
    bits >>= 5n;
  }
  return `BR${toLocalDate(at).replaceAll('-', '')}-${tail}`;
}
