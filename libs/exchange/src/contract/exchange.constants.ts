/**
 * Constants of the provincial exchange contract (docs/provincial-api.md): paths, headers, the data-set codes
 * (公共资源交易平台系统数据规范, engineering construction) and the signature window.
 */

export const SPEC_VERSION = '1.0' as const;

export const DATASET_CODES = [
  'GCJS_TENDER_PROJECT',
  'GCJS_NOTICE',
  'GCJS_TENDER_LIST',
  'GCJS_OPENING_RECORD',
  'GCJS_WIN_CANDIDATE',
  'GCJS_RESULT_NOTICE',
  'GCJS_COMPLAINT',
] as const;

export type DatasetCode = (typeof DATASET_CODES)[number];

export function isDatasetCode(value: unknown): value is DatasetCode {
  return typeof value === 'string' && (DATASET_CODES as readonly string[]).includes(value);
}

/** `POST {base}/v1/exchange/records`: one record per request. */
export const EXCHANGE_RECORDS_PATH = '/v1/exchange/records';
/** `GET {base}/v1/exchange/projects/{tenderProjectCode}`: reconciliation. */
export const EXCHANGE_PROJECTS_PATH = '/v1/exchange/projects';

export function exchangeProjectPath(tenderProjectCode: string): string {
  return `${EXCHANGE_PROJECTS_PATH}/${encodeURIComponent(tenderProjectCode)}`;
}

export const EXCHANGE_HEADERS = {
  platformCode: 'X-Platform-Code',
  timestamp: 'X-Timestamp',
  signature: 'X-Signature',
} as const;

export const EXCHANGE_CONTENT_TYPE = 'application/json; charset=utf-8';

/** A request whose X-Timestamp is more than this many seconds away from the receiver's clock is refused. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** errorCode values the receiver answers with. */
export const EXCHANGE_ERROR_CODES = {
  badSignature: 'BAD_SIGNATURE',
  serialConflict: 'SERIAL_CONFLICT',
  malformedJson: 'MALFORMED_JSON',
  unsupportedContentType: 'UNSUPPORTED_CONTENT_TYPE',
  missingPlatformCode: 'MISSING_PLATFORM_CODE',
  payloadTooLarge: 'PAYLOAD_TOO_LARGE',
  schemaValidationFailed: 'SCHEMA_VALIDATION_FAILED',
  rateLimited: 'RATE_LIMITED',
} as const;
