import { formatShanghai } from '@app/core';

/** Instants leave the API in Asia/Shanghai with their offset (R1): '2026-12-21T09:30:00+08:00'. */
export function shanghai(at: Date): string;
export function shanghai(at: Date | null): string | null;
export function shanghai(at: Date | null): string | null {
  return at ? formatShanghai(at) : null;
}
