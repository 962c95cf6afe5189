import { formatShanghai } from '../time/shanghai';

/**
 * How every instant appears in an API answer: Asia/Shanghai with its offset (2026-12-22T09:30:00+08:00), with
 * milliseconds only when the instant has them. One function, so that no route answers UTC `Z` beside another
 * answering +08:00. (Signed documents such as receipts keep the format their specification fixes.)
 */
export function apiTime(instant: Date): string;
export function apiTime(instant: Date | null | undefined): string | null;
export function apiTime(instant: Date | null | undefined): string | null {
  if (instant === null || instant === undefined) return null;
  return formatShanghai(instant, { milliseconds: instant.getUTCMilliseconds() !== 0 });
}

/**
 * The JSON replacer of the HTTP app (`app.set('json replacer', …)`): a Date anywhere in a response body is
 * written by apiTime. JSON.stringify has already called Date#toJSON on `value`; the holder still has the Date.
 */
export function jsonTimeReplacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  return raw instanceof Date && !Number.isNaN(raw.getTime()) ? apiTime(raw) : value;
}
