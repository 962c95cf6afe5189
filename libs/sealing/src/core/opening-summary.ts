/**
 * The opening summary (开标一览表): what is read out at the opening (开标) and published in the opening record
 * (开标记录). It is sealed inside the container, so nobody reads the price before the deadline (截止).
 */
import { Bytes, MAX_SUMMARY_PLAINTEXT, SUMMARY_PAD_UNIT } from './container-format';
import { SealingError, SealingErrorCode } from './sealing-error';

export interface ReadOutItem {
  /** e.g. 质量标准, 项目经理, 投标保证金 */
  name: string;
  value: string;
}

export interface OpeningSummary {
  /** 投标报价 in yuan: a decimal string with at most two decimals, e.g. "1234567.89". Never a float. */
  price: string;
  /** 工期 (construction) or 交货期 / 服务期 (procurement), in calendar days. */
  durationDays: number;
  /** Other read-out items, in the order they are read out. */
  items: ReadOutItem[];
}

/** What the sealed summary record holds. */
export interface SealedSummary {
  summary: OpeningSummary;
  /** The bid file's own name, so the opened plaintext can be saved under it. */
  fileName?: string;
}

export const PRICE_PATTERN = /^(0|[1-9][0-9]{0,14})(\.[0-9]{1,2})?$/;
export const MAX_DURATION_DAYS = 36_500;
export const MAX_ITEMS = 50;
export const MAX_ITEM_NAME_LENGTH = 100;
export const MAX_ITEM_VALUE_LENGTH = 2_000;
export const MAX_FILE_NAME_LENGTH = 255;

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

function fail(code: SealingErrorCode, message: string): never {
  throw new SealingError(code, message);
}

/**
 * Checks an opening summary given by a caller and returns a clean copy holding only the known fields.
 * Throws INVALID_SUMMARY naming the field.
 */
export function validateOpeningSummary(input: unknown, code: SealingErrorCode = SealingErrorCode.InvalidSummary): OpeningSummary {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) fail(code, 'the opening summary must be an object');
  const record = input as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key !== 'price' && key !== 'durationDays' && key !== 'items') {
      fail(code, `unknown field "${key}" in the opening summary (allowed: price, durationDays, items)`);
    }
  }
  const { price, durationDays } = record;
  if (typeof price !== 'string' || !PRICE_PATTERN.test(price)) {
    fail(code, 'price must be a decimal string in yuan with at most two decimals, e.g. "1234567.89"');
  }
  if (typeof durationDays !== 'number' || !Number.isInteger(durationDays) || durationDays < 0 || durationDays > MAX_DURATION_DAYS) {
    fail(code, `durationDays must be a whole number of days from 0 to ${MAX_DURATION_DAYS}`);
  }
  const rawItems = record.items ?? [];
  if (!Array.isArray(rawItems)) fail(code, 'items must be a list of { name, value }');
  if (rawItems.length > MAX_ITEMS) fail(code, `at most ${MAX_ITEMS} read-out items are allowed`);
  const names = new Set<string>();
  const items = rawItems.map((item: unknown, i): ReadOutItem => {
    if (typeof item !== 'object' || item === null) fail(code, `items[${i}] must be an object { name, value }`);
    const { name, value, ...rest } = item as Record<string, unknown>;
    if (Object.keys(rest).length > 0) fail(code, `items[${i}] has unknown fields: ${Object.keys(rest).join(', ')}`);
    if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_ITEM_NAME_LENGTH || CONTROL_CHARACTERS.test(name)) {
      fail(code, `items[${i}].name must be a non-empty single-line text of at most ${MAX_ITEM_NAME_LENGTH} characters`);
    }
    if (typeof value !== 'string' || value.length > MAX_ITEM_VALUE_LENGTH) {
      fail(code, `items[${i}].value must be a text of at most ${MAX_ITEM_VALUE_LENGTH} characters`);
    }
    if (names.has(name)) fail(code, `read-out item "${name}" appears twice`);
    names.add(name);
    return { name, value };
  });
  return { price, durationDays, items };
}

export function validateFileName(fileName: unknown, code: SealingErrorCode = SealingErrorCode.InvalidOption): string {
  if (
    typeof fileName !== 'string' ||
    fileName === '' ||
    fileName.length > MAX_FILE_NAME_LENGTH ||
    /[/\\]/.test(fileName) ||
    CONTROL_CHARACTERS.test(fileName) ||
    fileName === '.' ||
    fileName === '..'
  ) {
    fail(code, `fileName must be a plain file name (no folders, at most ${MAX_FILE_NAME_LENGTH} characters)`);
  }
  return fileName;
}

/**
 * The summary record's plaintext: u32 big-endian JSON length || UTF-8 JSON || zero bytes up to a multiple of
 * SUMMARY_PAD_UNIT, so the record's length says nothing about how many digits the price has.
 */
export function encodeSealedSummary(sealed: SealedSummary): Bytes {
  const json = new TextEncoder().encode(JSON.stringify(sealed));
  const padded = Math.max(SUMMARY_PAD_UNIT, Math.ceil((4 + json.length) / SUMMARY_PAD_UNIT) * SUMMARY_PAD_UNIT);
  if (padded > MAX_SUMMARY_PLAINTEXT) {
    fail(SealingErrorCode.InvalidSummary, `the opening summary is too long (${json.length} bytes of JSON; at most ${MAX_SUMMARY_PLAINTEXT - 4})`);
  }
  const bytes = new Uint8Array(padded);
  new DataView(bytes.buffer).setUint32(0, json.length);
  bytes.set(json, 4);
  return bytes;
}

/** Reads an authenticated summary plaintext; anything unexpected is CONTAINER_MALFORMED. */
export function decodeSealedSummary(bytes: Uint8Array): SealedSummary {
  const malformed = SealingErrorCode.Malformed;
  if (bytes.length < 4) fail(malformed, 'the sealed summary is too short');
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0);
  if (length > bytes.length - 4) fail(malformed, 'the sealed summary length is out of range');
  for (let i = 4 + length; i < bytes.length; i++) {
    if (bytes[i] !== 0) fail(malformed, 'the sealed summary padding is not zero');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(4, 4 + length)));
  } catch {
    fail(malformed, 'the sealed summary is not UTF-8 JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) fail(malformed, 'the sealed summary is not a JSON object');
  const { summary, fileName } = parsed as Record<string, unknown>;
  const result: SealedSummary = { summary: validateOpeningSummary(summary, malformed) };
  if (fileName !== undefined) result.fileName = validateFileName(fileName, malformed);
  return result;
}
