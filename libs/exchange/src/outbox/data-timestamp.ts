const SHANGHAI_OFFSET_MS = 8 * 3600_000; // Asia/Shanghai: UTC+8, no daylight saving time since 1991.

/** An instant as ISO 8601 in Asia/Shanghai with milliseconds: `2026-11-25T09:30:00.000+08:00`. */
export function shanghaiDateTime(at: Date): string {
  if (Number.isNaN(at.getTime())) throw new RangeError('invalid Date');
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().replace('Z', '+08:00');
}
