const PLATFORM_CODE_PATTERN = /^[0-9A-Z]{1,32}$/;
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000; // Asia/Shanghai has had no daylight saving time since 1991.

/** The calendar date of an instant in Asia/Shanghai, as YYYYMMDD. */
function shanghaiDate(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10).replace(/-/g, '');
}

/**
 * A record's serialNumber: `{platformCode}-{YYYYMMDD}-{n}`, n zero-padded to at least 6 digits,
 * e.g. `serialNumber('E2104000001', '2026-11-25', 123)` → `E2104000001-20261125-000123`.
 * `localDate` is the local (Asia/Shanghai) date as `YYYY-MM-DD` or `YYYYMMDD`, or an instant whose Shanghai date is used.
 */
export function serialNumber(platformCode: string, localDate: string | Date, n: number): string {
  if (!PLATFORM_CODE_PATTERN.test(platformCode)) {
    throw new RangeError(`platformCode must be 1-32 characters of 0-9 A-Z, got "${platformCode}"`);
  }
  let day: string;
  if (localDate instanceof Date) {
    if (Number.isNaN(localDate.getTime())) throw new RangeError('localDate is an invalid Date');
    day = shanghaiDate(localDate);
  } else {
    const match = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(localDate);
    const valid =
      match !== null &&
      new Date(`${match[1]}-${match[2]}-${match[3]}T00:00:00Z`).toISOString().slice(0, 10) ===
        `${match[1]}-${match[2]}-${match[3]}`;
    if (!match || !valid) throw new RangeError(`localDate must be a date YYYY-MM-DD or YYYYMMDD, got "${localDate}"`);
    day = match[1] + match[2] + match[3];
  }
  if (!Number.isSafeInteger(n) || n < 1 || n > 999_999_999_999) {
    throw new RangeError(`n must be an integer from 1 to 999999999999, got ${n}`);
  }
  return `${platformCode}-${day}-${String(n).padStart(6, '0')}`;
}
