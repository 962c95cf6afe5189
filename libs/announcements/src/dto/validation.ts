import { applyDecorators } from '@nestjs/common';
import { IsISO8601, Matches } from 'class-validator';

/** Money as a decimal string in yuan: up to 13 digits and 2 decimals, never a JSON number. */
export const MONEY_PATTERN = /^\d{1,13}(\.\d{1,2})?$/;

/** ISO 8601 with an explicit offset: a deadline without a time zone would be ambiguous (R1). */
export const IsInstant = () =>
  applyDecorators(
    IsISO8601({ strict: true, strictSeparator: true }),
    Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/, {
      message: '$property must be an ISO 8601 date-time with an offset, e.g. 2026-12-21T09:30:00+08:00',
    }),
  );

export const IsMoney = () =>
  Matches(MONEY_PATTERN, { message: '$property must be an amount in yuan as a decimal string, e.g. "1234567.80"' });

/** Normalises a validated money string to two decimals ('20000' → '20000.00'). */
export function money(value: string): string {
  const [whole, fraction = ''] = value.split('.');
  return `${BigInt(whole).toString()}.${fraction.padEnd(2, '0')}`;
}
