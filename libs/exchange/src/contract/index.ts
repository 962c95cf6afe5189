/**
 * The provincial exchange contract (docs/provincial-api.md), shared by the sender (libs/exchange) and the reference
 * receiver (apps/provincial-sim): one source of truth for paths, headers, the envelope, the data sets' JSON
 * Schemas (./schemas), the request signature, serial numbers and the canonical body bytes.
 */
export * from './exchange.constants';
export * from './exchange-envelope.types';
export { validateEnvelope, RECORD_SCHEMAS, ENVELOPE_SCHEMA, COMMON_SCHEMA } from './envelope-validator';
export type { ValidationError, ValidationResult } from './envelope-validator';
export { signRequest, verifySignature } from './request-signature';
export { serialNumber } from './serial-number';
export { canonicalBody, canonicalJson } from './canonical-body';
