import type { Transform } from 'node:stream';
import { ALL_FILE_TYPES, FileType } from './file-types';
import { assertValidPurpose } from './object-store/object-key';

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;

/** What a validator is told about the upload it checks. */
export interface UploadValidationContext {
  purpose: string;
  originalName: string;
  declaredType?: string;
}

/**
 * A check of the content for purposes whose type the magic bytes cannot tell, such as sealed bids (the
 * sealing library's inspector). A fresh Transform per upload: it passes the bytes through unchanged and
 * fails (errors) as soon as the content is not acceptable, or at its end (flush).
 */
export type UploadValidatorFactory = (context: UploadValidationContext) => Transform;

/** A purpose whose allowed types are recognised by their magic bytes. */
export interface TypedPurposeLimits {
  maxSize: number;
  types: readonly FileType[];
}

/** A purpose whose content is checked by a validator; its documents get `contentType`. */
export interface ValidatedPurposeLimits {
  maxSize: number;
  validator: UploadValidatorFactory;
  contentType: string;
}

export type PurposeLimits = TypedPurposeLimits | ValidatedPurposeLimits;

/** Configuration of a purpose: a partial override of a default purpose, or a full new one. */
export type PurposeLimitsConfig = Partial<TypedPurposeLimits> | Partial<ValidatedPurposeLimits>;

/** Purposes known to the platform. Other modules may add their own through the module options. */
export const DocumentPurpose = {
  /** 投标文件 (sealed): the type check is the sealing library's inspector, configured by the bids module. */
  Bid: 'bid',
  /** 公告附件 */
  NoticeAttachment: 'notice-attachment',
  /** 招标文件 */
  TenderDocument: 'tender-document',
} as const;

const OFFICE_TYPES: readonly FileType[] = ['pdf', 'ofd', 'zip', 'doc', 'docx', 'xls', 'xlsx'];

export const DEFAULT_PURPOSE_LIMITS: Readonly<Record<string, PurposeLimitsConfig>> = {
  // No type check here on purpose: a bid is refused until the bids module configures the inspector (R14).
  [DocumentPurpose.Bid]: { maxSize: 2 * GiB },
  [DocumentPurpose.NoticeAttachment]: { maxSize: 200 * MiB, types: ALL_FILE_TYPES },
  [DocumentPurpose.TenderDocument]: { maxSize: 500 * MiB, types: OFFICE_TYPES },
};

export function isValidatedPurpose(limits: PurposeLimits): limits is ValidatedPurposeLimits {
  return 'validator' in limits;
}

/** A purpose's limits, or the reason it cannot take uploads (no type check configured, contradictory settings). */
export type ResolvedPurposes = ReadonlyMap<string, PurposeLimits | { problem: string }>;

/**
 * Merges configured purposes over the defaults and checks them. A purpose without a type check is kept
 * with its problem, so that uploads to it are refused with that message; a wrong setting throws at boot.
 */
export function resolvePurposes(config: Readonly<Record<string, PurposeLimitsConfig>> = {}): ResolvedPurposes {
  const resolved = new Map<string, PurposeLimits | { problem: string }>();
  const names = new Set([...Object.keys(DEFAULT_PURPOSE_LIMITS), ...Object.keys(config)]);
  for (const name of names) {
    assertValidPurpose(name);
    const merged: Record<string, unknown> = { ...DEFAULT_PURPOSE_LIMITS[name], ...config[name] };
    // an override that names a validator replaces the default types, and the reverse
    if (config[name] && 'validator' in config[name] && !('types' in config[name])) delete merged.types;
    if (config[name] && 'types' in config[name] && !('validator' in config[name])) {
      delete merged.validator;
      delete merged.contentType;
    }
    const where = `documents purpose "${name}"`;
    const maxSize = merged.maxSize;
    if (typeof maxSize !== 'number' || !Number.isSafeInteger(maxSize) || maxSize < 1) {
      throw new Error(`${where}: maxSize must be a positive integer number of bytes`);
    }
    if ('types' in merged && 'validator' in merged) throw new Error(`${where}: give either types or a validator, not both`);
    if ('types' in merged) {
      const types = merged.types as FileType[];
      if (!Array.isArray(types) || types.length === 0 || types.some((t) => !ALL_FILE_TYPES.includes(t))) {
        throw new Error(`${where}: types must be a non-empty list of ${ALL_FILE_TYPES.join(', ')}`);
      }
      resolved.set(name, { maxSize, types: [...types] });
    } else if ('validator' in merged) {
      if (typeof merged.validator !== 'function') throw new Error(`${where}: validator must be a function returning a Transform`);
      if (typeof merged.contentType !== 'string' || !/^[\w.+-]+\/[\w.+-]+$/.test(merged.contentType)) {
        throw new Error(`${where}: a validator needs the contentType of its documents`);
      }
      resolved.set(name, {
        maxSize,
        validator: merged.validator as UploadValidatorFactory,
        contentType: merged.contentType,
      });
    } else {
      resolved.set(name, { problem: `${where} has no type check: configure its types or its validator` });
    }
  }
  return resolved;
}
