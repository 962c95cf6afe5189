const OFFSET_MS = 8 * 3600 * 1000; // Asia/Shanghai: UTC+08:00 all year (no daylight saving time since 1991)

/** An instant as ISO 8601 in Asia/Shanghai with milliseconds: `2026-11-25T09:30:00.123+08:00`. */
export function formatShanghai(instant: Date): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().replace('Z', '+08:00');
}
