import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  canonicalBody,
  type DatasetCode,
  exchangeProjectPath,
  EXCHANGE_RECORDS_PATH,
  type ExchangeEnvelope,
  serialNumber,
  signRequest,
} from '@app/exchange/contract';
import { sampleEnvelope } from '@app/exchange/contract/sample-records';
import { startProvincialSim, type RunningProvincialSim } from '@app/provincial-receiver';
import { createTestDatabase } from './support/test-db';

/**
 * The reference receiver of docs/provincial-api.md over HTTP, as a sender sees it: every row of the Responses table,
 * reconciliation, concurrent resends and the fault knobs. PostgreSQL (a database of its own) and embedded PGlite.
 */

const SECRET = 'e2e-provincial-secret';
const PLATFORM = 'E2104000001';
const nowSeconds = () => Math.floor(Date.now() / 1000);
let counter = 0;

/** A unique tender project and serial numbers for one test. */
function project(): { code: string; serial: (n?: number) => string } {
  const id = ++counter;
  const base = id * 1000;
  return {
    code: `${PLATFORM}-2026-${String(id).padStart(5, '0')}`,
    serial: (n = 1) => serialNumber(PLATFORM, '2026-11-25', base + n),
  };
}

function envelope(
  datasetCode: DatasetCode,
  tenderProjectCode: string,
  serial: string,
  sequence = 1,
): ExchangeEnvelope {
  return sampleEnvelope(datasetCode, { tenderProjectCode, serialNumber: serial, sequence }) as ExchangeEnvelope;
}

interface PostOptions {
  secret?: string;
  timestamp?: number;
  /** Send these bytes instead of the signed ones (tampering). */
  sendBytes?: Buffer;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

async function post(base: string, body: Buffer | object, o: PostOptions = {}): Promise<Response> {
  const bytes = Buffer.isBuffer(body) ? body : canonicalBody(body);
  const ts = o.timestamp ?? nowSeconds();
  return fetch(base + EXCHANGE_RECORDS_PATH, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'X-Platform-Code': PLATFORM,
      'X-Timestamp': String(ts),
      'X-Signature': signRequest(o.secret ?? SECRET, ts, bytes),
      ...o.headers,
    },
    body: new Uint8Array(o.sendBytes ?? bytes),
    signal: o.signal,
  });
}

async function reconcile(base: string, tenderProjectCode: string, secret = SECRET): Promise<Response> {
  const ts = nowSeconds();
  return fetch(base + exchangeProjectPath(tenderProjectCode), {
    headers: { 'X-Platform-Code': PLATFORM, 'X-Timestamp': String(ts), 'X-Signature': signRequest(secret, ts, Buffer.alloc(0)) },
  });
}

function admin(base: string, method: string, path: string, json?: unknown, token = SECRET): Promise<Response> {
  return fetch(base + path, {
    method,
    headers: { 'X-Admin-Token': token, ...(json === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
}

interface Listed {
  items: { serialNumber: string; bodySha256: string; receiveTime: string; sequence: number; datasetCode: string; envelope: unknown }[];
  nextCursor: string | null;
}
async function list(base: string, query: Record<string, string>): Promise<Listed> {
  const r = await fetch(`${base}${EXCHANGE_RECORDS_PATH}?${new URLSearchParams(query)}`);
  expect(r.status).toBe(200);
  return (await r.json()) as Listed;
}

interface AttemptsBody {
  attempts: { status: number; arrivedAtMs: number; fault?: string; retryAfterSeconds?: number; responded: boolean; duplicate?: boolean }[];
}
async function attempts(base: string, serial: string): Promise<AttemptsBody['attempts']> {
  const r = await admin(base, 'GET', `/admin/attempts?serialNumber=${encodeURIComponent(serial)}`);
  expect(r.status).toBe(200);
  return ((await r.json()) as AttemptsBody).attempts;
}

const RECEIVE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+08:00$/;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `read` until `done` holds (or 5 s pass) and returns the last value read. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 5000;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await sleep(50);
    value = await read();
  }
  return value;
}

describe('provincial-sim on PostgreSQL', () => {
  let db: { url: string; drop(): Promise<void> };
  let sim: RunningProvincialSim;
  let base: string;
  /** Set to fix the receiver's clock (Unix ms); null follows the real clock. */
  let fixedNow: number | null = null;

  beforeAll(async () => {
    db = await createTestDatabase('provincial_sim_test');
    sim = await startProvincialSim({
      secret: SECRET,
      port: 0,
      databaseUrl: db.url,
      logger: false,
      clock: () => fixedNow ?? Date.now(),
      maxBodyBytes: 256 * 1024,
    });
    base = sim.url;
  }, 60_000);

  afterAll(async () => {
    await sim?.close();
    await db?.drop();
  });

  afterEach(async () => {
    fixedNow = null;
    await admin(base, 'PUT', '/admin/faults', {});
  });

  it('keeps its tables in the schema provincial_sim', async () => {
    const c = new Client({ connectionString: db.url });
    await c.connect();
    try {
      const r = await c.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'provincial_sim' ORDER BY table_name`,
      );
      expect(r.rows).toEqual([{ table_name: 'records' }]);
    } finally {
      await c.end();
    }
  });

  it('200: stores a new record and answers receiveTime at +08:00, duplicate false', async () => {
    const p = project();
    const env = envelope('GCJS_NOTICE', p.code, p.serial());
    const before = Date.now();
    const r = await post(base, env);
    expect(r.status).toBe(200);
    const body = (await r.json()) as { success: boolean; receiveTime: string; duplicate: boolean };
    expect(body).toEqual({ success: true, receiveTime: expect.stringMatching(RECEIVE_TIME), duplicate: false });
    const t = new Date(body.receiveTime).getTime();
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Date.now());

    const listed = await list(base, { tenderProjectCode: p.code });
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]).toMatchObject({ serialNumber: env.serialNumber, datasetCode: 'GCJS_NOTICE', sequence: 1, receiveTime: body.receiveTime });
    expect(listed.items[0].envelope).toEqual(env);
  });

  it('200 duplicate: the same serialNumber and bytes again answer the FIRST receiveTime', async () => {
    const p = project();
    const bytes = canonicalBody(envelope('GCJS_TENDER_PROJECT', p.code, p.serial()));
    const first = (await (await post(base, bytes)).json()) as { receiveTime: string };
    await sleep(25);
    const again = await post(base, bytes, { timestamp: nowSeconds() });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ success: true, receiveTime: first.receiveTime, duplicate: true });
    expect((await list(base, { tenderProjectCode: p.code })).items).toHaveLength(1);
  });

  it('409 SERIAL_CONFLICT: the same serialNumber with a different body; the first stays', async () => {
    const p = project();
    const env = envelope('GCJS_RESULT_NOTICE', p.code, p.serial());
    const first = (await (await post(base, env)).json()) as { receiveTime: string };
    const changed = { ...env, record: { ...env.record, bidAmount: '1.00' } };
    const r = await post(base, changed);
    expect(r.status).toBe(409);
    expect(await r.json()).toMatchObject({ success: false, errorCode: 'SERIAL_CONFLICT', receiveTime: first.receiveTime });
    const listed = await list(base, { serialNumber: env.serialNumber });
    expect(listed.items.map((i) => i.envelope)).toEqual([env]);
  });

  it('409 even when only the bytes differ (same JSON, other key order)', async () => {
    const p = project();
    const env = envelope('GCJS_COMPLAINT', p.code, p.serial());
    expect((await post(base, env)).status).toBe(200);
    const reordered = Buffer.from(JSON.stringify(env)); // JSON.stringify keeps insertion order, not canonical order
    expect(reordered.equals(canonicalBody(env))).toBe(false);
    expect((await post(base, reordered)).status).toBe(409);
  });

  it('400: malformed JSON, with nothing stored', async () => {
    const p = project();
    const bytes = Buffer.from(`{"serialNumber":"${p.serial()}", "datasetCode": `);
    const r = await post(base, bytes);
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({ success: false, errorCode: 'MALFORMED_JSON', errors: [expect.objectContaining({ path: '' })] });
    expect((await list(base, { serialNumber: p.serial() })).items).toEqual([]);
  });

  it('400: a body that is not UTF-8, or not sent as application/json', async () => {
    const p = project();
    const bad = Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    expect((await post(base, bad)).status).toBe(400);
    const r = await post(base, envelope('GCJS_NOTICE', p.code, p.serial()), { headers: { 'Content-Type': 'text/plain' } });
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({ errorCode: 'UNSUPPORTED_CONTENT_TYPE' });
  });

  it('422: a record failing its data set schema, with errors[] naming the fields', async () => {
    const p = project();
    const env = envelope('GCJS_TENDER_PROJECT', p.code, p.serial()) as ExchangeEnvelope<'GCJS_TENDER_PROJECT'>;
    const { tendererCode: _omitted, ...record } = env.record;
    const bad = { ...env, record: { ...record, sections: [{ ...record.sections[0], estimatedPrice: 12500000 }] } };
    const r = await post(base, bad);
    expect(r.status).toBe(422);
    const body = (await r.json()) as { success: boolean; errorCode: string; errorMessage: string; errors: { path: string; message: string }[] };
    expect(body).toMatchObject({ success: false, errorCode: 'SCHEMA_VALIDATION_FAILED', errorMessage: expect.any(String) });
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { path: '/record/tendererCode', message: 'is required' },
        { path: '/record/sections/0/estimatedPrice', message: 'must be string' },
      ]),
    );
    expect((await list(base, { tenderProjectCode: p.code })).items).toEqual([]);
  });

  it('422: body platformCode other than the X-Platform-Code header; 400 without the header', async () => {
    const p = project();
    const env = envelope('GCJS_NOTICE', p.code, p.serial());
    const r = await post(base, env, { headers: { 'X-Platform-Code': 'E9999999999' } });
    expect(r.status).toBe(422);
    expect(await r.json()).toMatchObject({ errors: [{ path: '/platformCode', message: 'must equal the X-Platform-Code header' }] });
    const bytes = canonicalBody(env);
    const ts = nowSeconds();
    const missing = await fetch(base + EXCHANGE_RECORDS_PATH, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Timestamp': String(ts), 'X-Signature': signRequest(SECRET, ts, bytes) },
      body: new Uint8Array(bytes),
    });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ errorCode: 'MISSING_PLATFORM_CODE' });
  });

  it.each([
    ['a wrong secret', { secret: 'not-the-secret' }],
    ['a tampered body', { sendBytes: Buffer.from('{"tampered":true}') }],
    ['no signature', { headers: { 'X-Signature': '' } }],
    ['no timestamp', { headers: { 'X-Timestamp': '' } }],
  ])('401 BAD_SIGNATURE for %s, before anything is parsed or stored', async (_label, o: PostOptions) => {
    const p = project();
    const r = await post(base, envelope('GCJS_NOTICE', p.code, p.serial()), o);
    expect(r.status).toBe(401);
    expect(await r.json()).toEqual({ success: false, errorCode: 'BAD_SIGNATURE' });
    expect((await list(base, { tenderProjectCode: p.code })).items).toEqual([]);
  });

  it('401 for a timestamp 301 s old or ahead; 300 s either way is still accepted', async () => {
    const p = project();
    fixedNow = 1_790_000_000_000;
    const at = fixedNow / 1000;
    const send = (n: number, age: number) => post(base, envelope('GCJS_NOTICE', p.code, p.serial(n), n), { timestamp: at - age });
    const stale = await send(1, 301);
    expect(stale.status).toBe(401);
    expect(await stale.json()).toEqual({ success: false, errorCode: 'BAD_SIGNATURE' });
    expect((await send(2, -301)).status).toBe(401);
    expect((await send(3, 300)).status).toBe(200);
    const ahead = await send(4, -300);
    expect(ahead.status).toBe(200);
    // receiveTime comes from the receiver's clock
    expect(((await ahead.json()) as { receiveTime: string }).receiveTime).toBe('2026-09-21T22:13:20.000+08:00');
  });

  it('429 with Retry-After when throttled; nothing stored; the attempt is logged with its arrival time', async () => {
    const p = project();
    const env = envelope('GCJS_NOTICE', p.code, p.serial());
    await admin(base, 'PUT', '/admin/faults', { throttleRate: 1, retryAfterSeconds: 7 });
    const r = await post(base, env);
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('7');
    expect(await r.json()).toMatchObject({ success: false, errorCode: 'RATE_LIMITED' });
    expect((await list(base, { tenderProjectCode: p.code })).items).toEqual([]);

    await admin(base, 'PUT', '/admin/faults', {});
    expect((await post(base, env)).status).toBe(200);
    const seen = await attempts(base, env.serialNumber);
    expect(seen.map((a) => [a.status, a.fault, a.retryAfterSeconds])).toEqual([
      [429, 'throttle', 7],
      [200, undefined, undefined],
    ]);
    expect(seen[1].arrivedAtMs).toBeGreaterThanOrEqual(seen[0].arrivedAtMs);
  });

  it('reconciliation reports the gaps of sequences 1,2,4,7 (missing 3,5,6), then none once resent', async () => {
    const p = project();
    for (const seq of [7, 1, 4, 2]) expect((await post(base, envelope('GCJS_NOTICE', p.code, p.serial(seq), seq))).status).toBe(200);
    const r = await reconcile(base, p.code);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ tenderProjectCode: p.code, received: 4, maxContiguousSequence: 2, missing: [3, 5, 6] });

    for (const seq of [3, 5, 6]) expect((await post(base, envelope('GCJS_NOTICE', p.code, p.serial(seq), seq))).status).toBe(200);
    expect(await (await reconcile(base, p.code)).json()).toEqual({ tenderProjectCode: p.code, received: 7, maxContiguousSequence: 7, missing: [] });
  });

  it('reconciliation of an unknown project is empty; unsigned it is refused', async () => {
    const p = project();
    expect(await (await reconcile(base, p.code)).json()).toEqual({ tenderProjectCode: p.code, received: 0, maxContiguousSequence: 0, missing: [] });
    const wrong = await reconcile(base, p.code, 'not-the-secret');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ success: false, errorCode: 'BAD_SIGNATURE' });
    expect((await fetch(base + exchangeProjectPath(p.code))).status).toBe(401);
  });

  it('50 identical posts of one serialNumber at once: stored once, one new and 49 duplicates, one receiveTime', async () => {
    const p = project();
    const bytes = canonicalBody(envelope('GCJS_OPENING_RECORD', p.code, p.serial()));
    const replies = await Promise.all(Array.from({ length: 50 }, () => post(base, bytes)));
    const bodies = (await Promise.all(replies.map((r) => r.json()))) as { receiveTime: string; duplicate: boolean }[];
    expect(replies.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(bodies.filter((b) => !b.duplicate)).toHaveLength(1);
    expect(new Set(bodies.map((b) => b.receiveTime)).size).toBe(1);
    expect((await list(base, { tenderProjectCode: p.code })).items).toHaveLength(1);
    expect(await attempts(base, p.serial())).toHaveLength(50);
  });

  it('20 different bodies of one serialNumber at once: exactly one stored, the rest SERIAL_CONFLICT', async () => {
    const p = project();
    const env = envelope('GCJS_RESULT_NOTICE', p.code, p.serial()) as ExchangeEnvelope<'GCJS_RESULT_NOTICE'>;
    const variants = Array.from({ length: 20 }, (_, i) => ({ ...env, record: { ...env.record, bidAmount: `${1000 + i}.00` } }));
    const statuses = (await Promise.all(variants.map((v) => post(base, v)))).map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    expect((await list(base, { tenderProjectCode: p.code })).items).toHaveLength(1);
  });

  it('concurrent posts stored together answer each as if alone: new, resent and conflicting records mixed', async () => {
    const p = project();
    const bodies = Array.from({ length: 30 }, (_, i) => canonicalBody(envelope('GCJS_OPENING_RECORD', p.code, p.serial(i + 1), i + 1)));
    for (const bytes of bodies.slice(0, 20)) expect((await post(base, bytes)).status).toBe(200);
    const firstTimes = (await list(base, { tenderProjectCode: p.code })).items.map((i) => i.receiveTime);

    const resent = bodies.slice(0, 10); // same bytes: duplicates with the first receiveTime
    const conflicting = Array.from({ length: 10 }, (_, i) => {
      const env = envelope('GCJS_OPENING_RECORD', p.code, p.serial(11 + i), 11 + i) as ExchangeEnvelope<'GCJS_OPENING_RECORD'>;
      return canonicalBody({ ...env, record: { ...env.record, result: 'failed' } });
    });
    const fresh = bodies.slice(20); // never seen
    const replies = await Promise.all([...resent, ...conflicting, ...fresh].map((b) => post(base, b)));
    const answers = (await Promise.all(replies.map((r) => r.json()))) as { duplicate?: boolean; errorCode?: string; receiveTime: string }[];

    expect(replies.slice(0, 10).map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(answers.slice(0, 10).map((a) => a.duplicate)).toEqual(Array(10).fill(true));
    expect(answers.slice(0, 10).map((a) => a.receiveTime)).toEqual(firstTimes.slice(0, 10));
    expect(replies.slice(10, 20).map((r) => r.status)).toEqual(Array(10).fill(409));
    expect(answers.slice(10, 20).map((a) => a.errorCode)).toEqual(Array(10).fill('SERIAL_CONFLICT'));
    expect(replies.slice(20).map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(answers.slice(20).map((a) => a.duplicate)).toEqual(Array(10).fill(false));
    const held = (await list(base, { tenderProjectCode: p.code, limit: '100' })).items;
    expect(held.map((i) => i.sequence).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it('takes the records POST with a trailing slash or a query string, and answers other methods on the path as before', async () => {
    const p = project();
    const bytes = canonicalBody(envelope('GCJS_OPENING_RECORD', p.code, p.serial()));
    const ts = nowSeconds();
    const headers = { 'Content-Type': 'application/json; charset=utf-8', 'X-Platform-Code': PLATFORM, 'X-Timestamp': String(ts), 'X-Signature': signRequest(SECRET, ts, bytes) };
    const slash = await fetch(`${base}${EXCHANGE_RECORDS_PATH}/?from=test`, { method: 'POST', headers, body: new Uint8Array(bytes) });
    expect(slash.status).toBe(200);
    expect(await slash.json()).toMatchObject({ success: true, duplicate: false });
    expect((await fetch(base + EXCHANGE_RECORDS_PATH, { method: 'DELETE' })).status).toBe(404);
  });

  it('413 for a body over the size limit', async () => {
    const p = project();
    const env = envelope('GCJS_NOTICE', p.code, p.serial());
    (env.record as { noticeContent: string }).noticeContent = '招'.repeat(100_000);
    const r = await post(base, env);
    expect(r.status).toBe(413);
    expect(await r.json()).toMatchObject({ errorCode: 'PAYLOAD_TOO_LARGE' });
  });

  describe('fault knobs', () => {
    it('the admin calls need X-Admin-Token: the secret', async () => {
      for (const token of ['', 'wrong']) {
        const r = await admin(base, 'GET', '/admin/faults', undefined, token);
        expect(r.status).toBe(401);
        expect(await r.json()).toEqual({ success: false, errorCode: 'BAD_ADMIN_TOKEN' });
      }
      expect((await admin(base, 'PUT', '/admin/faults', { paused: true }, 'wrong')).status).toBe(401);
      expect((await admin(base, 'GET', '/admin/faults')).status).toBe(200);
    });

    it('PUT replaces the knobs, PATCH changes the ones named, bad knobs are refused', async () => {
      let r = await admin(base, 'PUT', '/admin/faults', { latencyMs: 10, errorRate: 0.5 });
      expect(r.status).toBe(200);
      r = await admin(base, 'PATCH', '/admin/faults', { errorRate: 0 });
      expect(((await r.json()) as { faults: { latencyMs: number; errorRate: number } }).faults).toMatchObject({ latencyMs: 10, errorRate: 0 });
      expect((await admin(base, 'PUT', '/admin/faults', { retryAfterSeconds: 3 })).status).toBe(200);
      const faults = ((await (await admin(base, 'GET', '/admin/faults')).json()) as { faults: Record<string, unknown> }).faults;
      expect(faults).toMatchObject({ latencyMs: 0, errorRate: 0, retryAfterSeconds: 3 });
      r = await admin(base, 'PUT', '/admin/faults', { errorRate: 2, nosuchKnob: true });
      expect(r.status).toBe(400);
      expect(((await r.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['/errorRate', '/nosuchKnob']);
    });

    it('errorNext: the next N requests get 500 and store nothing; arrivals are logged in order', async () => {
      const p = project();
      const env = envelope('GCJS_NOTICE', p.code, p.serial());
      await admin(base, 'PUT', '/admin/faults', { errorNext: 2 });
      const first = await post(base, env);
      expect(first.status).toBe(500);
      expect(await first.json()).toMatchObject({ success: false, errorCode: 'SIMULATED_ERROR' });
      expect((await list(base, { tenderProjectCode: p.code })).items).toEqual([]);
      await sleep(50);
      expect((await post(base, env)).status).toBe(500);
      await sleep(100);
      expect((await post(base, env)).status).toBe(200);
      const seen = await attempts(base, env.serialNumber);
      expect(seen.map((a) => a.status)).toEqual([500, 500, 200]);
      expect(seen[1].arrivedAtMs - seen[0].arrivedAtMs).toBeGreaterThanOrEqual(45);
      expect(seen[2].arrivedAtMs - seen[1].arrivedAtMs).toBeGreaterThanOrEqual(95);
    });

    it('errorRate 1 answers 500 to every request', async () => {
      const p = project();
      await admin(base, 'PUT', '/admin/faults', { errorRate: 1 });
      const statuses = [];
      for (let i = 1; i <= 3; i++) statuses.push((await post(base, envelope('GCJS_NOTICE', p.code, p.serial(i), i))).status);
      expect(statuses).toEqual([500, 500, 500]);
    });

    it('paused answers 503 PAUSED, also to reconciliation', async () => {
      const p = project();
      await admin(base, 'PUT', '/admin/faults', { paused: true });
      const r = await post(base, envelope('GCJS_NOTICE', p.code, p.serial()));
      expect(r.status).toBe(503);
      expect(await r.json()).toMatchObject({ success: false, errorCode: 'PAUSED' });
      expect((await reconcile(base, p.code)).status).toBe(503);
    });

    it('latencyMs delays every answer', async () => {
      const p = project();
      await admin(base, 'PUT', '/admin/faults', { latencyMs: 300 });
      const started = Date.now();
      expect((await post(base, envelope('GCJS_NOTICE', p.code, p.serial()))).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    });

    it('timeout: the record is stored but the answer is held past the client timeout; the resend is a duplicate', async () => {
      const p = project();
      const bytes = canonicalBody(envelope('GCJS_WIN_CANDIDATE', p.code, p.serial()));
      await admin(base, 'PUT', '/admin/faults', { timeoutNext: 1, timeoutHoldMs: 1500 });
      await expect(post(base, bytes, { signal: AbortSignal.timeout(300) })).rejects.toThrow();
      const stored = await until(() => list(base, { tenderProjectCode: p.code }), (l) => l.items.length > 0);
      expect(stored.items).toHaveLength(1);
      const again = await post(base, bytes);
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual({ success: true, receiveTime: stored.items[0].receiveTime, duplicate: true });
      // The held request is logged when its hold ends, with nobody left to read the answer.
      const seen = await until(() => attempts(base, p.serial()), (a) => a.length === 2);
      expect(seen.map((a) => [a.status, a.fault, a.responded])).toEqual([
        [200, 'timeout', false],
        [200, undefined, true],
      ]);
    });

    it('rejectDatasets answers 422 for that data set (dead letter); once cleared, the same bytes are stored (replay)', async () => {
      const p = project();
      const bytes = canonicalBody(envelope('GCJS_COMPLAINT', p.code, p.serial()));
      const other = envelope('GCJS_NOTICE', p.code, p.serial(2), 2);
      await admin(base, 'PUT', '/admin/faults', { rejectDatasets: ['GCJS_COMPLAINT'] });
      const r = await post(base, bytes);
      expect(r.status).toBe(422);
      expect(await r.json()).toMatchObject({ success: false, errorCode: 'SIMULATED_REJECTION', errors: [expect.any(Object)] });
      expect((await post(base, other)).status).toBe(200);
      await admin(base, 'PUT', '/admin/faults', {});
      const replay = await post(base, bytes);
      expect(replay.status).toBe(200);
      expect(await replay.json()).toMatchObject({ duplicate: false });
    });

    it('rejectSerials answers 422 for one serialNumber only', async () => {
      const p = project();
      await admin(base, 'PUT', '/admin/faults', { rejectSerials: [p.serial(1)] });
      expect((await post(base, envelope('GCJS_NOTICE', p.code, p.serial(1), 1))).status).toBe(422);
      expect((await post(base, envelope('GCJS_NOTICE', p.code, p.serial(2), 2))).status).toBe(200);
    });
  });

  it('lists records by data set and project, paginated with a cursor', async () => {
    const p = project();
    for (let i = 1; i <= 5; i++) {
      const r = await post(base, envelope(i % 2 ? 'GCJS_NOTICE' : 'GCJS_COMPLAINT', p.code, p.serial(i), i));
      expect([i, r.status, await r.text()]).toEqual([i, 200, expect.stringContaining('"success":true')]);
    }
    const page1 = await list(base, { tenderProjectCode: p.code, limit: '2' });
    expect(page1.items.map((i) => i.sequence)).toEqual([1, 2]);
    expect(page1.nextCursor).not.toBeNull();
    const page2 = await list(base, { tenderProjectCode: p.code, limit: '2', cursor: page1.nextCursor as string });
    const page3 = await list(base, { tenderProjectCode: p.code, limit: '2', cursor: page2.nextCursor as string });
    expect(page2.items.map((i) => i.sequence)).toEqual([3, 4]);
    expect(page3).toMatchObject({ items: [expect.objectContaining({ sequence: 5 })], nextCursor: null });
    const notices = await list(base, { tenderProjectCode: p.code, datasetCode: 'GCJS_NOTICE' });
    expect(notices.items.map((i) => i.sequence)).toEqual([1, 3, 5]);
    const bad = await fetch(`${base}${EXCHANGE_RECORDS_PATH}?datasetCode=NOPE&limit=0`);
    expect(bad.status).toBe(400);
  });

  it('shows what arrived on an HTML page with Chinese labels', async () => {
    const p = project();
    await post(base, envelope('GCJS_WIN_CANDIDATE', p.code, p.serial()));
    const r = await fetch(`${base}/?tenderProjectCode=${encodeURIComponent(p.code)}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await r.text();
    expect(html).toContain('已接收数据');
    expect(html).toContain('中标候选人公示');
    expect(html).toContain(p.serial());
    expect(html).toContain('<th>接收时间</th>');
  });

  it('stats count records per data set and requests per status; reset clears them and restores the start-up knobs', async () => {
    await admin(base, 'POST', '/admin/reset');
    const p = project();
    await post(base, envelope('GCJS_NOTICE', p.code, p.serial(1), 1));
    await post(base, envelope('GCJS_NOTICE', p.code, p.serial(1), 1));
    await post(base, envelope('GCJS_TENDER_LIST', p.code, p.serial(2), 2));
    await post(base, Buffer.from('{'));
    await admin(base, 'PUT', '/admin/faults', { paused: true });
    let stats = (await (await admin(base, 'GET', '/admin/stats')).json()) as Record<string, unknown>;
    expect(stats).toMatchObject({
      engine: 'postgres',
      records: { total: 2, byDataset: { GCJS_NOTICE: 1, GCJS_TENDER_LIST: 1 } },
      requests: { total: 4, byStatus: { '200': 3, '400': 1 }, byOutcome: { STORED: 2, DUPLICATE: 1, MALFORMED_JSON: 1 } },
      faults: { paused: true },
    });
    const reset = await admin(base, 'POST', '/admin/reset');
    expect(reset.status).toBe(200);
    stats = (await (await admin(base, 'GET', '/admin/stats')).json()) as Record<string, unknown>;
    expect(stats).toMatchObject({ records: { total: 0, byDataset: {} }, requests: { total: 0, byStatus: {} }, faults: { paused: false } });
    expect(await attempts(base, p.serial(1))).toEqual([]);
  });
});

describe('provincial-sim on embedded PGlite', () => {
  let dir: string;
  let sim: RunningProvincialSim;
  let base: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'provincial-sim-'));
    sim = await startProvincialSim({ secret: SECRET, port: 0, dataDir: dir, logger: false, faults: { retryAfterSeconds: 4 } });
    base = sim.url;
  }, 120_000);

  afterAll(async () => {
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores, deduplicates, refuses conflicts, reconciles, survives 50 concurrent resends and a restart', async () => {
    const p = project();
    const env = envelope('GCJS_NOTICE', p.code, p.serial(1), 1);
    const bytes = canonicalBody(env);
    const replies = await Promise.all(Array.from({ length: 50 }, () => post(base, bytes)));
    const bodies = (await Promise.all(replies.map((r) => r.json()))) as { receiveTime: string; duplicate: boolean }[];
    expect(replies.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(bodies.filter((b) => !b.duplicate)).toHaveLength(1);
    const firstReceiveTime = bodies[0].receiveTime;
    expect(new Set(bodies.map((b) => b.receiveTime))).toEqual(new Set([firstReceiveTime]));

    const conflict = await post(base, { ...env, record: { ...env.record, noticeTitle: '另一个标题' } });
    expect(conflict.status).toBe(409);
    for (const seq of [2, 4, 7]) expect((await post(base, envelope('GCJS_NOTICE', p.code, p.serial(seq), seq))).status).toBe(200);
    expect(await (await reconcile(base, p.code)).json()).toEqual({ tenderProjectCode: p.code, received: 4, maxContiguousSequence: 2, missing: [3, 5, 6] });

    const stats = (await (await admin(base, 'GET', '/admin/stats')).json()) as Record<string, unknown>;
    expect(stats).toMatchObject({ engine: 'pglite', records: { total: 4 }, faults: { retryAfterSeconds: 4 } });

    await sim.close();
    sim = await startProvincialSim({ secret: SECRET, port: 0, dataDir: dir, logger: false });
    base = sim.url;
    const again = await post(base, bytes);
    expect(await again.json()).toEqual({ success: true, receiveTime: firstReceiveTime, duplicate: true });
    expect((await list(base, { tenderProjectCode: p.code })).items.map((i) => i.sequence)).toEqual([1, 2, 4, 7]);
  }, 120_000);
});
