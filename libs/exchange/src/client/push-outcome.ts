import { EXCHANGE_ERROR_CODES } from '../contract';

/**
 * What one delivery attempt came to, and what the sender does about it (docs/provincial-api.md "Responses"):
 * delivered → mark delivered with the receiveTime; dead → stop, keep the reason, alert when it is about
 * configuration or a conflict; retry → try again, after Retry-After when the receiver named one, else after
 * exponential backoff with jitter.
 */
export type PushOutcome =
  | { kind: 'delivered'; receiveTime: Date; duplicate: boolean }
  | { kind: 'dead'; reason: string; error: string; alert: boolean }
  | { kind: 'retry'; error: string; retryAfterMs?: number };

/** One HTTP answer, or the failure to get one. */
export type PushResponse =
  | { kind: 'response'; status: number; retryAfter: string | null; body: string }
  | { kind: 'network'; error: string; timedOut: boolean };

/** Longest Retry-After honoured as given; a larger one is cut to this (a mis-set header must not park records for days). */
export const MAX_RETRY_AFTER_MS = 3600_000;

/**
 * Retry-After as milliseconds from `nowMs`: delta-seconds or an HTTP-date (RFC 9110 §10.2.3); undefined when
 * absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (/^\d{1,10}$/.test(v)) return Math.min(Number(v) * 1000, MAX_RETRY_AFTER_MS);
  const at = Date.parse(v);
  if (!/[a-z]/i.test(v) || Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, at - nowMs), MAX_RETRY_AFTER_MS);
}

interface ReceiverAnswer {
  success?: unknown;
  receiveTime?: unknown;
  duplicate?: unknown;
  errorCode?: unknown;
  errorMessage?: unknown;
  errors?: unknown;
}

function parse(body: string): ReceiverAnswer | undefined {
  try {
    const v: unknown = JSON.parse(body);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as ReceiverAnswer) : undefined;
  } catch {
    return undefined;
  }
}

function describe(status: number, answer: ReceiverAnswer | undefined, body: string): string {
  if (!answer) return `HTTP ${status}${body ? `: ${body.slice(0, 300)}` : ''}`;
  const parts = [`HTTP ${status}`];
  if (typeof answer.errorCode === 'string') parts.push(answer.errorCode);
  if (typeof answer.errorMessage === 'string') parts.push(answer.errorMessage);
  let text = parts.join(' ');
  if (Array.isArray(answer.errors) && answer.errors.length > 0) text += ` errors=${JSON.stringify(answer.errors).slice(0, 2000)}`;
  return text;
}

/** The classification table of docs/provincial-api.md, as a pure function. */
export function classifyPushResponse(r: PushResponse, nowMs: number): PushOutcome {
  if (r.kind === 'network') {
    return { kind: 'retry', error: r.timedOut ? `timeout: ${r.error}` : `network: ${r.error}` };
  }
  const { status } = r;
  const answer = parse(r.body);
  const errorCode = typeof answer?.errorCode === 'string' ? answer.errorCode : undefined;
  if (status >= 200 && status < 300) {
    const receiveTime = typeof answer?.receiveTime === 'string' ? new Date(answer.receiveTime) : undefined;
    if (answer?.success === true && receiveTime && !Number.isNaN(receiveTime.getTime())) {
      return { kind: 'delivered', receiveTime, duplicate: answer.duplicate === true };
    }
    // Stored or not, we cannot tell: sending again is safe (the receiver deduplicates by serialNumber).
    return { kind: 'retry', error: `HTTP ${status} without success and receiveTime: ${r.body.slice(0, 300)}` };
  }
  if (status === 409) {
    return { kind: 'dead', reason: errorCode ?? EXCHANGE_ERROR_CODES.serialConflict, error: describe(status, answer, r.body), alert: true };
  }
  if (status === 400 || status === 422) {
    return { kind: 'dead', reason: errorCode ?? `HTTP_${status}`, error: describe(status, answer, r.body), alert: true };
  }
  if (status === 401) {
    // A wrong secret or a clock more than 300 s off: retrying blindly would only fail again. Fix the
    // configuration, then replay.
    return { kind: 'dead', reason: EXCHANGE_ERROR_CODES.badSignature, error: describe(status, answer, r.body), alert: true };
  }
  if (status === 429) {
    return { kind: 'retry', error: describe(status, answer, r.body), retryAfterMs: parseRetryAfter(r.retryAfter, nowMs) };
  }
  if (status === 408 || status >= 500) {
    return { kind: 'retry', error: describe(status, answer, r.body), retryAfterMs: status === 503 ? parseRetryAfter(r.retryAfter, nowMs) : undefined };
  }
  // Any other 4xx (403, 404, 413, …) is not in the contract: a request the receiver will not take as it is.
  return { kind: 'dead', reason: errorCode ?? `HTTP_${status}`, error: describe(status, answer, r.body), alert: true };
}
