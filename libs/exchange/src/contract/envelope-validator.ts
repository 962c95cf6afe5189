import Ajv2020, { type AnySchemaObject, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { DATASET_CODES, type DatasetCode, isDatasetCode } from './exchange.constants';
import commonSchema from './schemas/common.schema.json';
import envelopeSchema from './schemas/envelope.schema.json';
import tenderProjectSchema from './schemas/GCJS_TENDER_PROJECT.schema.json';
import noticeSchema from './schemas/GCJS_NOTICE.schema.json';
import tenderListSchema from './schemas/GCJS_TENDER_LIST.schema.json';
import openingRecordSchema from './schemas/GCJS_OPENING_RECORD.schema.json';
import winCandidateSchema from './schemas/GCJS_WIN_CANDIDATE.schema.json';
import resultNoticeSchema from './schemas/GCJS_RESULT_NOTICE.schema.json';
import complaintSchema from './schemas/GCJS_COMPLAINT.schema.json';

/** The JSON Schema of each data set's `record` (the files in ./schemas, one per data set). */
export const RECORD_SCHEMAS: Readonly<Record<DatasetCode, AnySchemaObject>> = {
  GCJS_TENDER_PROJECT: tenderProjectSchema,
  GCJS_NOTICE: noticeSchema,
  GCJS_TENDER_LIST: tenderListSchema,
  GCJS_OPENING_RECORD: openingRecordSchema,
  GCJS_WIN_CANDIDATE: winCandidateSchema,
  GCJS_RESULT_NOTICE: resultNoticeSchema,
  GCJS_COMPLAINT: complaintSchema,
};
export const ENVELOPE_SCHEMA: AnySchemaObject = envelopeSchema;
export const COMMON_SCHEMA: AnySchemaObject = commonSchema;

export interface ValidationError {
  /** JSON Pointer into the request body, e.g. `/record/sections/0/estimatedPrice`. */
  path: string;
  message: string;
}
export type ValidationResult = { ok: true } | { ok: false; errors: ValidationError[] };

interface CompiledValidators {
  envelope: ValidateFunction;
  records: Record<DatasetCode, ValidateFunction>;
  patternMessages: Map<string, string>;
}

let compiled: CompiledValidators | undefined;

/** Messages people can act on instead of a regular expression. */
const DEF_MESSAGES: Record<string, string> = {
  amount: 'must be an amount in yuan as a decimal string with two decimals, e.g. "1234.50"',
  dateTime: 'must be an ISO 8601 date-time with an offset, e.g. "2026-11-25T09:30:00+08:00"',
  creditCode: 'must be a 统一社会信用代码: 18 characters of 0-9 and A-Z without I, O, S, V, Z',
  regionCode: 'must be a 6-digit region code (GB/T 2260)',
  sha256: 'must be a SHA-256 of 64 lower-case hexadecimal characters',
  code: 'must be a non-empty string without leading or trailing white space',
  name: 'must be a non-empty string',
};

function compile(): CompiledValidators {
  if (compiled) return compiled;
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv, ['date-time']);
  ajv.addSchema(commonSchema);
  const records = {} as Record<DatasetCode, ValidateFunction>;
  for (const code of DATASET_CODES) records[code] = ajv.compile(RECORD_SCHEMAS[code]);
  const patternMessages = new Map<string, string>();
  const defs = (commonSchema as { $defs: Record<string, { pattern?: string }> }).$defs;
  for (const [name, message] of Object.entries(DEF_MESSAGES)) {
    const pattern = defs[name]?.pattern;
    if (pattern) patternMessages.set(pattern, message);
  }
  patternMessages.set((envelopeSchema.properties.serialNumber as { pattern: string }).pattern,
    'must be {platformCode}-{YYYYMMDD}-{6+ digits}, e.g. "E2104000001-20261125-000123"');
  patternMessages.set((envelopeSchema.properties.platformCode as { pattern: string }).pattern,
    'must be 1-32 characters of 0-9 and A-Z, e.g. "E2104000001"');
  compiled = { envelope: ajv.compile(envelopeSchema), records, patternMessages };
  return compiled;
}

function toValidationErrors(errors: ErrorObject[] | null | undefined, prefix: string, c: CompiledValidators) {
  const byPath = new Map<string, { message: string; keyword: string }[]>();
  for (const e of errors ?? []) {
    let path = prefix + e.instancePath;
    let message = e.message ?? 'is invalid';
    if (e.keyword === 'required') {
      path = `${path}/${(e.params as { missingProperty: string }).missingProperty}`;
      message = 'is required';
    } else if (e.keyword === 'pattern') {
      message = c.patternMessages.get((e.params as { pattern: string }).pattern) ?? message;
    } else if (e.keyword === 'format' && (e.params as { format: string }).format === 'date-time') {
      message = DEF_MESSAGES.dateTime;
    } else if (e.keyword === 'enum') {
      message = `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    } else if (e.keyword === 'const') {
      message = `must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
    }
    const list = byPath.get(path) ?? [];
    list.push({ message, keyword: e.keyword });
    byPath.set(path, list);
  }
  // An if/then failure is always accompanied by the failing "then" errors: the summary adds nothing.
  const hasSpecific = [...byPath.values()].some((list) => list.some((x) => x.keyword !== 'if'));
  const out: ValidationError[] = [];
  for (const [path, all] of byPath) {
    const list = hasSpecific ? all.filter((x) => x.keyword !== 'if') : all;
    if (list.length === 0) continue;
    // anyOf / if-then add a summary error and, for optional values, a "must be null" branch: keep what helps.
    const specific = list.filter(
      (x) => x.keyword !== 'anyOf' && x.keyword !== 'if' && !(x.keyword === 'type' && x.message === 'must be null'),
    );
    const kept = specific.length > 0 ? specific : list;
    for (const message of new Set(kept.map((x) => x.message))) out.push({ path, message });
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Validates a parsed request body: the envelope against envelope.schema.json and its `record` against the data
 * set's schema, plus the rules a schema cannot say (serialNumber starts with the platformCode; a tender project
 * record names the envelope's tender project). The schemas are compiled once, on first use.
 */
export function validateEnvelope(body: unknown): ValidationResult {
  const c = compile();
  const errors: ValidationError[] = [];
  if (!c.envelope(body)) errors.push(...toValidationErrors(c.envelope.errors, '', c));
  if (isPlainObject(body)) {
    const { datasetCode, record, serialNumber, platformCode, tenderProjectCode } = body;
    if (isDatasetCode(datasetCode) && isPlainObject(record)) {
      const validateRecord = c.records[datasetCode];
      if (!validateRecord(record)) errors.push(...toValidationErrors(validateRecord.errors, '/record', c));
      if (
        datasetCode === 'GCJS_TENDER_PROJECT' &&
        typeof record.tenderProjectCode === 'string' &&
        typeof tenderProjectCode === 'string' &&
        record.tenderProjectCode !== tenderProjectCode
      ) {
        errors.push({ path: '/record/tenderProjectCode', message: 'must equal the envelope tenderProjectCode' });
      }
    }
    if (
      typeof serialNumber === 'string' &&
      typeof platformCode === 'string' &&
      !serialNumber.startsWith(`${platformCode}-`)
    ) {
      errors.push({ path: '/serialNumber', message: 'must begin with the platformCode and "-"' });
    }
  }
  return errors.length === 0 ? { ok: true } : { ok: false, errors };
}
