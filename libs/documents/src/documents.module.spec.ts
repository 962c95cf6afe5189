import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { Document } from './document.entity';
import { DocumentsModule } from './documents.module';
import { DOCUMENT_PURPOSES } from './documents.options';
import { DocumentsService } from './documents.service';
import { LocalObjectStore } from './object-store/local-object-store.adapter';
import { OBJECT_STORE } from './object-store/object-store.port';
import { MiB, ResolvedPurposes } from './upload-limits';

/** Stands in for the app's DataSource (CoreModule provides the real one): records the rows inserted. */
const inserted: unknown[] = [];
@Global()
@Module({
  providers: [{ provide: DataSource, useValue: { manager: { insert: async (_e: unknown, row: unknown) => inserted.push(row) } } }],
  exports: [DataSource],
})
class FakeDatabaseModule {}

describe('DocumentsModule', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'documents-module-'));
    inserted.length = 0;
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('wires the local adapter, the purposes and the service from forRoot options', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        FakeDatabaseModule,
        DocumentsModule.forRoot({
          driver: 'local',
          root,
          linkSecret: 's'.repeat(32),
          purposes: { 'notice-attachment': { maxSize: 5 * MiB } },
        }),
      ],
    }).compile();

    expect(moduleRef.get(OBJECT_STORE)).toBeInstanceOf(LocalObjectStore);
    expect(moduleRef.get<ResolvedPurposes>(DOCUMENT_PURPOSES).get('notice-attachment')).toMatchObject({ maxSize: 5 * MiB });
    const service = moduleRef.get(DocumentsService);
    const doc = await service.store('notice-attachment', Readable.from([Buffer.from('%PDF-1.4\nx')]), { originalName: 'a.pdf' });
    expect(inserted).toEqual([expect.objectContaining({ id: doc.id, contentType: 'application/pdf', size: 10 })]);
    expect(inserted[0]).toBeInstanceOf(Document);
  });

  it('takes its options from a factory (forRootAsync)', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        FakeDatabaseModule,
        DocumentsModule.forRootAsync({ useFactory: async () => ({ driver: 'local', root, linkSecret: 's'.repeat(32) }) }),
      ],
    }).compile();
    expect(moduleRef.get(DocumentsService).limitsOf('notice-attachment')).toMatchObject({ maxSize: 200 * MiB });
  });

  it('stops the boot on a wrong purpose setting', async () => {
    await expect(
      Test.createTestingModule({
        imports: [
          FakeDatabaseModule,
          DocumentsModule.forRoot({ driver: 'local', root, linkSecret: 's'.repeat(32), purposes: { x: { maxSize: -1 } } }),
        ],
      }).compile(),
    ).rejects.toThrow(/documents purpose "x": maxSize/);
  });
});
