import type { LocalObjectStoreOptions } from './object-store/local-object-store.adapter';
import type { MinioObjectStoreOptions } from './object-store/minio-object-store.adapter';
import type { PurposeLimitsConfig } from './upload-limits';

export type ObjectStoreOptions =
  | ({ driver: 'minio' } & MinioObjectStoreOptions)
  | ({ driver: 'local' } & LocalObjectStoreOptions);

/** Options of `DocumentsModule.forRoot`: the object store, and per-purpose limits over the defaults. */
export type DocumentsModuleOptions = ObjectStoreOptions & {
  /** Per purpose: `{ maxSize, types }` or `{ maxSize, validator, contentType }`; merged over DEFAULT_PURPOSE_LIMITS. */
  purposes?: Record<string, PurposeLimitsConfig>;
  /** The memory all uploads of the process may hold together, in bytes (UPLOAD_BUFFER_MIB). Default 64 MiB. */
  uploadBufferBytes?: number;
};

/** Injection token of the resolved purposes (a `ResolvedPurposes` map). */
export const DOCUMENT_PURPOSES = Symbol('DOCUMENT_PURPOSES');
