import { DynamicModule, FactoryProvider, Inject, Module, ModuleMetadata, OnModuleInit, Optional } from '@nestjs/common';
import { ClockService, DomainError, HealthService } from '@app/core';
import { FilesController } from './files.controller';
import { DocumentsService } from './documents.service';
import { DOCUMENT_PURPOSES, DocumentsModuleOptions, ObjectStoreOptions } from './documents.options';
import { LocalObjectStore } from './object-store/local-object-store.adapter';
import { MinioObjectStore } from './object-store/minio-object-store.adapter';
import { OBJECT_STORE, ObjectStore } from './object-store/object-store.port';
import { resolvePurposes } from './upload-limits';
import { UPLOAD_BUDGET, UploadBudget } from './upload-budget';

/** The shared upload budget when none is configured. */
export const DEFAULT_UPLOAD_BUFFER_BYTES = 64 * 1024 * 1024;

const DOCUMENTS_OPTIONS = Symbol('DOCUMENTS_OPTIONS');

/** The adapter the options name; a MinIO store checks its bucket (creating it if missing) before the app starts. */
export async function createObjectStore(options: ObjectStoreOptions): Promise<ObjectStore> {
  if (options.driver === 'minio') {
    const store = new MinioObjectStore(options);
    await store.ensureBucket();
    return store;
  }
  if (options.driver === 'local') {
    return new LocalObjectStore(options);
  }
  throw new Error(`documents: unknown object store driver ${JSON.stringify((options as { driver?: unknown }).driver)}`);
}

export interface DocumentsModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: FactoryProvider['inject'];
  useFactory: (...args: never[]) => DocumentsModuleOptions | Promise<DocumentsModuleOptions>;
}

/**
 * The object store (MinIO or local disk, by configuration) and the documents service. Global: import it
 * once, in the app module; other modules inject `DocumentsService` (or `OBJECT_STORE`).
 * The `Document` entity and its migration are listed in the one DataSource (see `documentsSchema`).
 */
@Module({})
export class DocumentsModule implements OnModuleInit {
  constructor(
    @Optional() @Inject(HealthService) private readonly health: HealthService | undefined,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
  ) {}

  /** /health: the object store answers (a missing probe object is an answer). */
  onModuleInit(): void {
    this.health?.register('objectStore', async () => {
      await this.store.stat('health/probe').catch((e: unknown) => {
        if (!(e instanceof DomainError && e.code === 'OBJECT_NOT_FOUND')) throw e;
      });
    });
  }

  static forRoot(options: DocumentsModuleOptions): DynamicModule {
    return DocumentsModule.forRootAsync({ useFactory: () => options });
  }

  static forRootAsync(options: DocumentsModuleAsyncOptions): DynamicModule {
    return {
      module: DocumentsModule,
      global: true,
      imports: options.imports ?? [],
      controllers: [FilesController],
      providers: [
        { provide: DOCUMENTS_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
        {
          provide: DOCUMENT_PURPOSES,
          inject: [DOCUMENTS_OPTIONS],
          useFactory: (resolved: DocumentsModuleOptions) => resolvePurposes(resolved.purposes),
        },
        {
          provide: OBJECT_STORE,
          inject: [DOCUMENTS_OPTIONS, { token: ClockService, optional: true }],
          // The local store's links expire on the platform clock, like every other time limit.
          useFactory: (resolved: DocumentsModuleOptions, clock?: ClockService) =>
            createObjectStore(resolved.driver === 'local' && clock ? { now: () => clock.now().getTime(), ...resolved } : resolved),
        },
        {
          provide: UPLOAD_BUDGET,
          inject: [DOCUMENTS_OPTIONS],
          useFactory: (resolved: DocumentsModuleOptions) => new UploadBudget(resolved.uploadBufferBytes ?? DEFAULT_UPLOAD_BUFFER_BYTES),
        },
        DocumentsService,
      ],
      exports: [OBJECT_STORE, DOCUMENT_PURPOSES, UPLOAD_BUDGET, DocumentsService],
    };
  }
}
