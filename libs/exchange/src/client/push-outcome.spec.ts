import { classifyPushResponse, MAX_RETRY_AFTER_MS, parseRetryAfter, PushResponse } from './push-outcome';

const NOW = Date.parse('2026-11-25T01:30:00Z');
const res = (status: number, body: unknown = '', retryAfter: string | null = null): PushResponse => ({
  kind: 'response',
  status,
  retryAfter,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('classifyPushResponse: the response table of docs/provincial-api.md (R38)', () => {
  it.each([
    ['200 stored', res(200, { success: true, receiveTime: '2026-11-25T09:30:00.123+08:00', duplicate: false }), { kind: 'delivered', duplicate: false }],
    ['200 duplicate', res(200, { success: true, receiveTime: '2026-11-25T09:30:00+08:00', duplicate: true }), { kind: 'delivered', duplicate: true }],
    ['409 serial conflict', res(409, { success: false, errorCode: 'SERIAL_CONFLICT' }), { kind: 'dead', reason: 'SERIAL_CONFLICT', alert: true }],
    ['400 malformed', res(400, { success: false, errorCode: 'MALFORMED_JSON', errorMessage: 'bad' }), { kind: 'dead', reason: 'MALFORMED_JSON', alert: true }],
    ['422 schema', res(422, { success: false, errorCode: 'SCHEMA_VALIDATION_FAILED', errors: [{ path: '/record/x', message: 'is required' }] }), { kind: 'dead', reason: 'SCHEMA_VALIDATION_FAILED', alert: true }],
    ['401 signature', res(401, { success: false, errorCode: 'BAD_SIGNATURE' }), { kind: 'dead', reason: 'BAD_SIGNATURE', alert: true }],
    ['429 with Retry-After', res(429, { success: false, errorCode: 'RATE_LIMITED' }, '7'), { kind: 'retry', retryAfterMs: 7000 }],
    ['429 without Retry-After', res(429, ''), { kind: 'retry', retryAfterMs: undefined }],
    ['500', res(500, { success: false, errorCode: 'SIMULATED_ERROR' }), { kind: 'retry' }],
    ['502 from a proxy, HTML', res(502, '<html>bad gateway</html>'), { kind: 'retry' }],
    ['503 with Retry-After', res(503, '', '2'), { kind: 'retry', retryAfterMs: 2000 }],
    ['408', res(408, ''), { kind: 'retry' }],
    ['timeout', { kind: 'network', error: 'TimeoutError: aborted', timedOut: true } as PushResponse, { kind: 'retry' }],
    ['connection reset', { kind: 'network', error: 'TypeError: fetch failed (ECONNRESET)', timedOut: false } as PushResponse, { kind: 'retry' }],
    ['200 without a body we understand', res(200, 'OK'), { kind: 'retry' }],
    ['404 not in the contract', res(404, ''), { kind: 'dead', reason: 'HTTP_404', alert: true }],
    ['413 too large', res(413, { success: false, errorCode: 'PAYLOAD_TOO_LARGE' }), { kind: 'dead', reason: 'PAYLOAD_TOO_LARGE' }],
  ])('%s', (_name, response, expected) => {
    expect(classifyPushResponse(response, NOW)).toEqual(expect.objectContaining(expected));
  });

  it('keeps the receiveTime of a delivery as an instant', () => {
    const o = classifyPushResponse(res(200, { success: true, receiveTime: '2026-11-25T09:30:00.123+08:00', duplicate: false }), NOW);
    expect(o.kind === 'delivered' && o.receiveTime.toISOString()).toBe('2026-11-25T01:30:00.123Z');
  });

  it('keeps the receiver’s field errors in the dead record’s error text', () => {
    const o = classifyPushResponse(res(422, { success: false, errorCode: 'SCHEMA_VALIDATION_FAILED', errorMessage: 'invalid', errors: [{ path: '/record/bidAmount', message: 'must be an amount' }] }), NOW);
    expect(o.kind === 'dead' && o.error).toBe('HTTP 422 SCHEMA_VALIDATION_FAILED invalid errors=[{"path":"/record/bidAmount","message":"must be an amount"}]');
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => expect(parseRetryAfter('30', NOW)).toBe(30_000));
  it('reads an HTTP-date', () => expect(parseRetryAfter('Wed, 25 Nov 2026 01:30:10 GMT', NOW)).toBe(10_000));
  it('treats a date in the past as now', () => expect(parseRetryAfter('Wed, 25 Nov 2026 01:00:00 GMT', NOW)).toBe(0));
  it('caps what it honours', () => expect(parseRetryAfter('999999', NOW)).toBe(MAX_RETRY_AFTER_MS));
  it.each([null, undefined, '', 'soon', '-1', '1.5'])('ignores %p', (v) => expect(parseRetryAfter(v, NOW)).toBeUndefined());
});
