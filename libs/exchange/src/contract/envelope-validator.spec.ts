import { DATASET_CODES, type DatasetCode } from './exchange.constants';
import { validateEnvelope, type ValidationResult } from './envelope-validator';
import { sampleEnvelope } from './sample-records';

/** The required fields of docs/provincial-api.md's table, written out again here so a drifting schema fails. */
const REQUIRED: Record<DatasetCode, string[]> = {
  GCJS_TENDER_PROJECT: [
    'tenderProjectCode', 'tenderProjectName', 'procedureType', 'tendererName', 'tendererCode', 'regionCode', 'sections',
    'sections/0/bidSectionCode', 'sections/0/bidSectionName', 'sections/0/estimatedPrice',
  ],
  GCJS_NOTICE: [
    'noticeId', 'bulletinType', 'noticeTitle', 'noticeContent', 'bidSectionCodes', 'docGetStartTime', 'docGetEndTime',
    'bidDeadline', 'bidOpenTime', 'publishTime', 'firstNoticeId', 'attachments',
    'attachments/0/name', 'attachments/0/sha256', 'attachments/0/size',
  ],
  GCJS_TENDER_LIST: [
    'bidSectionCode', 'bidDeadline', 'bids',
    'bids/0/bidderName', 'bids/0/bidderCode', 'bids/0/receiptNumber', 'bids/0/checkInTime', 'bids/0/sha256',
  ],
  GCJS_OPENING_RECORD: ['bidSectionCode', 'bidOpenTime', 'result', 'bids', 'bids/0/bidderName', 'bids/0/bidderCode', 'bids/0/decrypted'],
  GCJS_WIN_CANDIDATE: [
    'bidSectionCode', 'publicityStart', 'publicityEnd', 'objectionMethod', 'candidates',
    'candidates/0/rank', 'candidates/0/bidderName', 'candidates/0/bidderCode', 'candidates/0/bidPrice',
  ],
  GCJS_RESULT_NOTICE: ['bidSectionCode', 'winnerName', 'winnerCode', 'bidAmount', 'noticeTime'],
  GCJS_COMPLAINT: ['caseNumber', 'kind', 'status'],
};

const OPTIONAL: Record<DatasetCode, string[]> = {
  GCJS_TENDER_PROJECT: ['agencyName'],
  GCJS_NOTICE: ['relatedNoticeId'],
  GCJS_TENDER_LIST: [],
  GCJS_OPENING_RECORD: ['bids/0/bidPrice', 'bids/0/duration'],
  GCJS_WIN_CANDIDATE: ['candidates/0/score'],
  GCJS_RESULT_NOTICE: [],
  GCJS_COMPLAINT: ['bidSectionCode', 'acceptedAt', 'promisedBy', 'decidedAt', 'resultSummary'],
};

const ENVELOPE_REQUIRED = [
  'specVersion', 'serialNumber', 'datasetCode', 'platformCode', 'tenderProjectCode', 'sequence', 'dataTimestamp', 'record',
];

type Json = Record<string, unknown>;

function withPath(root: Json, path: string, change: (parent: Json, key: string) => void): Json {
  const copy = structuredClone(root);
  const keys = path.split('/');
  let parent: Json = copy;
  for (const key of keys.slice(0, -1)) parent = parent[key] as Json;
  change(parent, keys[keys.length - 1]);
  return copy;
}
const without = (root: Json, path: string) => withPath(root, path, (p, k) => delete p[k]);
const setAt = (root: Json, path: string, value: unknown) => withPath(root, path, (p, k) => (p[k] = value));
const errorsOf = (r: ValidationResult) => (r.ok ? [] : r.errors);
const envelope = (code: DatasetCode) => sampleEnvelope(code) as unknown as Json;

describe('validateEnvelope', () => {
  it.each(DATASET_CODES)('accepts the valid sample of %s', (code) => {
    expect(validateEnvelope(envelope(code))).toEqual({ ok: true });
  });

  const requiredCases = DATASET_CODES.flatMap((code) => REQUIRED[code].map((field) => [code, field] as const));
  it.each(requiredCases)('%s: refuses a record without %s', (code, field) => {
    const body = envelope(code);
    const result = validateEnvelope(setAt(body, 'record', without(body.record as Json, field)));
    expect(result.ok).toBe(false);
    expect(errorsOf(result)).toContainEqual({ path: `/record/${field}`, message: 'is required' });
  });

  const optionalCases = DATASET_CODES.flatMap((code) => OPTIONAL[code].map((field) => [code, field] as const));
  it.each(optionalCases)('%s: accepts a record without the optional %s, or with it null', (code, field) => {
    const body = envelope(code);
    expect(validateEnvelope(setAt(body, 'record', without(body.record as Json, field)))).toEqual({ ok: true });
    expect(validateEnvelope(setAt(body, `record/${field}`, null))).toEqual({ ok: true });
  });

  it.each(ENVELOPE_REQUIRED)('refuses an envelope without %s', (field) => {
    const result = validateEnvelope(without(envelope('GCJS_NOTICE'), field));
    expect(errorsOf(result)).toContainEqual({ path: `/${field}`, message: 'is required' });
  });

  it.each([
    ['a number', 12500000],
    ['no decimals', '12500000'],
    ['one decimal', '12500000.5'],
    ['three decimals', '12500000.500'],
    ['a negative amount', '-1.00'],
    ['a thousands separator', '12,500,000.00'],
    ['a leading zero', '012.00'],
  ])('refuses an amount with %s', (_label, value) => {
    const result = validateEnvelope(setAt(envelope('GCJS_TENDER_PROJECT'), 'record/sections/0/estimatedPrice', value));
    expect(result.ok).toBe(false);
    expect(errorsOf(result).map((e) => e.path)).toEqual(['/record/sections/0/estimatedPrice']);
  });

  it.each(['0.00', '0.10', '99999999.99'])('accepts the amount %s', (value) => {
    expect(validateEnvelope(setAt(envelope('GCJS_RESULT_NOTICE'), 'record/bidAmount', value))).toEqual({ ok: true });
  });

  it.each([
    ['no offset', '2026-11-25T09:30:00'],
    ['a space instead of T', '2026-11-25 09:30:00+08:00'],
    ['month 13', '2026-13-25T09:30:00+08:00'],
    ['a date only', '2026-11-25'],
  ])('refuses a time with %s', (_label, value) => {
    const result = validateEnvelope(setAt(envelope('GCJS_NOTICE'), 'record/bidDeadline', value));
    expect(result.ok).toBe(false);
    expect(errorsOf(result)[0]).toEqual({
      path: '/record/bidDeadline',
      message: expect.stringContaining('ISO 8601') as unknown as string,
    });
  });

  it('refuses a time given as a number', () => {
    const result = validateEnvelope(setAt(envelope('GCJS_NOTICE'), 'record/bidDeadline', 1764034200));
    expect(errorsOf(result)).toEqual([{ path: '/record/bidDeadline', message: 'must be string' }]);
  });

  it.each(['2026-11-25T09:30:00+08:00', '2026-11-25T01:30:00Z', '2026-11-25T09:30:00.123+08:00'])(
    'accepts the time %s',
    (value) => {
      expect(validateEnvelope(setAt(envelope('GCJS_NOTICE'), 'dataTimestamp', value))).toEqual({ ok: true });
    },
  );

  it.each([
    ['17 characters', '91210100MA0XK123Y'],
    ['19 characters', '91210100MA0XK1234YY'],
    ['lower case', '91210100ma0xk1234y'],
    ['the letter I', '91210100IA0XK1234Y'],
    ['the letter O', '91210100OA0XK1234Y'],
    ['the letter S', '91210100SA0XK1234Y'],
    ['the letter V', '91210100VA0XK1234Y'],
    ['the letter Z', '91210100ZA0XK1234Y'],
  ])('refuses a 统一社会信用代码 with %s', (_label, value) => {
    const result = validateEnvelope(setAt(envelope('GCJS_TENDER_PROJECT'), 'record/tendererCode', value));
    expect(errorsOf(result).map((e) => e.path)).toEqual(['/record/tendererCode']);
  });

  it.each([['21010'], ['2101000'], ['21010A'], [210100]])('refuses the region code %s', (value) => {
    const result = validateEnvelope(setAt(envelope('GCJS_TENDER_PROJECT'), 'record/regionCode', value));
    expect(errorsOf(result).map((e) => e.path)).toEqual(['/record/regionCode']);
  });

  it('refuses a code given as a number', () => {
    const result = validateEnvelope(setAt(envelope('GCJS_RESULT_NOTICE'), 'record/bidSectionCode', 1));
    expect(errorsOf(result)).toEqual([{ path: '/record/bidSectionCode', message: 'must be string' }]);
  });

  it('refuses values outside an enumeration', () => {
    const result = validateEnvelope(setAt(envelope('GCJS_COMPLAINT'), 'record/kind', 'appeal'));
    expect(errorsOf(result)).toEqual([{ path: '/record/kind', message: 'must be one of "objection", "complaint"' }]);
  });

  it.each(['supplement', 'termination'])('requires relatedNoticeId for a %s notice', (bulletinType) => {
    const body = setAt(envelope('GCJS_NOTICE'), 'record/bulletinType', bulletinType);
    expect(errorsOf(validateEnvelope(body))).toEqual([{ path: '/record/relatedNoticeId', message: 'must be string' }]);
    expect(errorsOf(validateEnvelope(without(body, 'record/relatedNoticeId')))).toEqual([
      { path: '/record/relatedNoticeId', message: 'is required' },
    ]);
    expect(validateEnvelope(setAt(body, 'record/relatedNoticeId', 'N-2026-00100'))).toEqual({ ok: true });
  });

  it('allows unknown extra fields in the envelope, the record and its items', () => {
    let body = setAt(envelope('GCJS_TENDER_PROJECT'), 'batchHint', 'x');
    body = setAt(body, 'record/contactPhone', '024-00000000');
    body = setAt(body, 'record/sections/0/lotCategory', 'road');
    expect(validateEnvelope(body)).toEqual({ ok: true });
  });

  it.each([
    ['specVersion', '2.0'],
    ['sequence', 0],
    ['sequence', 1.5],
    ['sequence', '1'],
    ['datasetCode', 'GCJS_UNKNOWN'],
    ['serialNumber', 'E2104000001-2026112-000123'],
    ['serialNumber', 'E2104000001-20261125-123'],
    ['platformCode', 'e2104000001'],
  ])('refuses the envelope member %s = %j', (field, value) => {
    const result = validateEnvelope(setAt(envelope('GCJS_NOTICE'), field, value));
    expect(result.ok).toBe(false);
    expect(errorsOf(result).map((e) => e.path)).toContain(`/${field}`);
  });

  it('refuses a serialNumber of another platform', () => {
    const result = validateEnvelope(setAt(envelope('GCJS_NOTICE'), 'serialNumber', 'E9999999999-20261125-000123'));
    expect(errorsOf(result)).toEqual([{ path: '/serialNumber', message: 'must begin with the platformCode and "-"' }]);
  });

  it('refuses a tender project record naming another tender project', () => {
    const result = validateEnvelope(setAt(envelope('GCJS_TENDER_PROJECT'), 'record/tenderProjectCode', 'OTHER'));
    expect(errorsOf(result)).toEqual([{ path: '/record/tenderProjectCode', message: 'must equal the envelope tenderProjectCode' }]);
  });

  it.each([['an array', []], ['a string', 'x'], ['null', null]])('refuses a body that is %s', (_label, body) => {
    expect(validateEnvelope(body).ok).toBe(false);
  });

  it('reports envelope and record errors together', () => {
    const body = setAt(without(envelope('GCJS_RESULT_NOTICE'), 'sequence'), 'record/bidAmount', '1');
    expect(errorsOf(validateEnvelope(body)).map((e) => e.path).sort()).toEqual(['/record/bidAmount', '/sequence']);
  });
});
