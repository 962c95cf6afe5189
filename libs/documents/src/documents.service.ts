import { randomUUID } from 'node:crypto';
import type { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ClockService, DomainError } from '@app/core';
import { contentDisposition, sanitizeFileName } from './content-disposition';
import { Document } from './document.entity';
import { DOCUMENT_PURPOSES } from './documents.options';
import { UploadErrors } from './documents.errors';
import { CONTAINER_LABELS, extensionOf, FILE_TYPES, FileType, fileTypeLabels, MAGIC_BYTES_NEEDED, matchFileType } from './file-types';
import { assertFileNameClean } from './file-names';
import { ZipEntriesCheck, zipTypeOf } from './zip-entries';
import { generateObjectKey } from './object-store/object-key';
import { OBJECT_STORE, ObjectStore } from './object-store/object-store.port';
import { isValidatedPurpose, PurposeLimits, ResolvedPurposes } from './upload-limits';
import { peekHead, UploadMeter, ValidatorStage } from './upload-stream';
import { STREAM_OVERHEAD_BYTES, UPLOAD_BUDGET, UploadBudget, UploadReservation } from './upload-budget';

export interface StoreDocumentOptions {
  /** The name the uploader gave; kept (sanitised) as data, never used in the object key. */
  originalName: string;
  /** The type the client declared; only a hint among the types the content may be. */
  declaredType?: string;
  /** The size the client announced, if any: refused at once when over the limit, and checked against the bytes. */
  declaredSize?: number;
  /** The uploading account. */
  createdBy?: string | null;
  /** The organisation the uploader acts for. */
  uploaderOrgId?: string | null;
  /** Write the row in the caller's transaction. */
  manager?: EntityManager;
  /**
   * The upload's share of the upload budget, when the caller reserved it (`reserve`) before it began to read the
   * body (a stage of its own in front of the store); the caller releases it. Otherwise `store` reserves it.
   */
  reservation?: UploadReservation;
}

interface Clock {
  now(): Date;
}

const SYSTEM_CLOCK: Clock = { now: () => new Date() };

/**
 * Stores uploads as documents: checks them against their purpose's limits while they stream (size, type by
 * content and name, or by the purpose's validator), hashes them, puts them in the object store under a
 * generated key, and only then writes the row. An upload that breaks a limit is cut off as soon as that is
 * known and leaves neither object nor row. Every upload first reserves the memory it will hold from the
 * process's upload budget (`UploadBudget`), so that many at once wait rather than buffer.
 */
@Injectable()
export class DocumentsService {
  private readonly logger = new Logger(DocumentsService.name);

  constructor(
    @Inject(OBJECT_STORE) private readonly objects: ObjectStore,
    @Inject(DOCUMENT_PURPOSES) private readonly purposes: ResolvedPurposes,
    private readonly dataSource: DataSource,
    @Optional() @Inject(ClockService) private readonly clock: Clock = SYSTEM_CLOCK,
    @Optional() @Inject(UPLOAD_BUDGET) private readonly budget?: UploadBudget,
  ) {}

  /** The limits of a purpose; throws when the purpose is unknown or has no type check configured. */
  limitsOf(purpose: string): PurposeLimits {
    const limits = this.purposes.get(purpose);
    if (!limits) throw new Error(`unknown document purpose "${purpose}"`);
    if ('problem' in limits) throw new Error(limits.problem);
    return limits;
  }

  async store(purpose: string, source: Readable, options: StoreDocumentOptions): Promise<Document> {
    const hold: { reservation?: UploadReservation } = {};
    try {
      return await this.storeHeld(purpose, source, options, hold);
    } finally {
      hold.reservation?.release();
    }
  }

  private async storeHeld(
    purpose: string,
    source: Readable,
    options: StoreDocumentOptions,
    hold: { reservation?: UploadReservation },
  ): Promise<Document> {
    const id = randomUUID();
    let originalName: string;
    let limits: PurposeLimits;
    let objectKey: string;
    // 1. The name, the limits, and the type (from the first bytes and the name, or by the purpose's validator)
    //    before anything is stored.
    let body: Readable = source;
    let contentType: string;
    let validator: Transform | undefined;
    let zipCheck: ZipEntriesCheck | undefined;
    let typeOfName: FileType | undefined; // the type whose extension a name without one gets
    try {
      assertFileNameClean(options.originalName ?? '');
      originalName = sanitizeFileName(options.originalName);
      limits = this.limitsOf(purpose);
      objectKey = generateObjectKey(purpose, id);
      if (options.declaredSize !== undefined && options.declaredSize > limits.maxSize) {
        throw UploadErrors.tooLarge(limits.maxSize, purpose);
      }
      // The memory this upload will hold, from the process's shared budget, before a byte of it is read.
      if (!options.reservation) hold.reservation = await this.budget?.reserve(this.objects.bufferFor(options.declaredSize) + STREAM_OVERHEAD_BYTES, source);
      if (isValidatedPurpose(limits)) {
        contentType = limits.contentType;
        validator = limits.validator({ purpose, originalName, declaredType: options.declaredType });
      } else {
        const peeked = await peekHead(source, MAGIC_BYTES_NEEDED).catch(() => {
          throw UploadErrors.incomplete(); // the source failed before its first bytes
        });
        body = peeked.body;
        if (peeked.head.length === 0) throw UploadErrors.empty();
        const allowed = limits.types;
        const match = matchFileType(peeked.head, allowed, { originalName, declaredType: options.declaredType });
        if (!match.ok && match.reason === 'extension') {
          throw UploadErrors.extensionMismatch(match.extension, CONTAINER_LABELS[match.container], match.expected, purpose);
        }
        if (!match.ok) throw UploadErrors.typeNotAllowed(fileTypeLabels(allowed), purpose);
        contentType = match.type ? FILE_TYPES[match.type].mime : FILE_TYPES.zip.mime;
        if (!match.extension && match.type) typeOfName = match.type;
        if (match.container === 'zip') {
          const named = match.extension;
          zipCheck = new ZipEntriesCheck(match.candidates, (problem, names) => {
            // an archive of another allowed type than its name says: the name is wrong; otherwise the content
            const actual = names ? zipTypeOf(names, allowed.filter((t) => FILE_TYPES[t].container === 'zip')) : null;
            if (named && actual) {
              return UploadErrors.extensionMismatch(named, fileTypeLabels([actual])[0], FILE_TYPES[actual].extensions, purpose);
            }
            return UploadErrors.typeNotAllowed(fileTypeLabels(allowed), purpose, problem);
          });
          validator = zipCheck;
        }
      }
    } catch (err) {
      body.destroy();
      source.destroy();
      throw err;
    }

    // 2. Stream through the meter (size limit) and the validator into the store, which hashes as it writes.
    const meter = new UploadMeter(limits.maxSize, purpose);
    const stage = validator ? new ValidatorStage(validator) : undefined;
    // errors are taken from the put below; the callback only keeps pipeline from throwing them again
    const ignore = () => undefined;
    const stream: Readable = stage ? pipeline(body, meter, stage, ignore) : pipeline(body, meter, ignore);
    // which stream failed first tells whose fault it was: the uploader's (source), a limit, or the store's
    let firstFailure: 'source' | 'check' | 'store' | undefined;
    const origin = (which: 'source' | 'check' | 'store') => () => {
      firstFailure ??= which;
      if (which !== 'source') source.destroy(); // stop reading the upload at once
    };
    source.once('error', origin('source'));
    meter.once('error', origin('check'));
    stage?.once('error', origin('check'));
    if (stream !== meter && stream !== stage) stream.once('error', origin('store'));

    try {
      const put = await this.objects.put(objectKey, stream, { contentType, size: options.declaredSize });
      if (!meter.complete || put.size !== meter.bytes) {
        throw new Error(`object store stored ${put.size} bytes of ${meter.bytes} for ${objectKey}`);
      }
      if (zipCheck) {
        if (!extensionOf(originalName)) typeOfName = zipCheck.type;
        contentType = FILE_TYPES[zipCheck.type!].mime;
      }
      const row: Document = Object.assign(new Document(), {
        id,
        objectKey,
        purpose,
        // a name without an extension takes its type's, so that the stored name and the content agree
        originalName: typeOfName ? sanitizeFileName(`${originalName}.${FILE_TYPES[typeOfName].extensions[0]}`) : originalName,
        contentType,
        size: meter.bytes,
        sha256: put.sha256,
        createdAt: this.clock.now(),
        createdBy: options.createdBy ?? null,
        uploaderOrgId: options.uploaderOrgId ?? null,
      });
      await (options.manager ?? this.dataSource.manager).insert(Document, row);
      return row;
    } catch (err) {
      source.destroy();
      await this.discardObject(objectKey);
      throw this.explain(err, purpose, meter, stage, firstFailure);
    }
  }

  /**
   * Reserves an upload's share of the upload budget (what the object store will buffer for `declaredSize`, and
   * the streams on the way), waiting while the budget is spent; for a caller that puts a stage of its own in
   * front of `store` and must not read the body before. Rejects with UPLOAD_INCOMPLETE when `body` fails or
   * closes first. Resolves undefined when no budget is configured.
   */
  async reserve(declaredSize: number | undefined, body: Readable): Promise<UploadReservation | undefined> {
    return this.budget?.reserve(this.objects.bufferFor(declaredSize) + STREAM_OVERHEAD_BYTES, body);
  }

  async findById(id: string, manager?: EntityManager): Promise<Document> {
    const row = await (manager ?? this.dataSource.manager).findOneBy(Document, { id });
    if (!row) throw new DomainError('DOCUMENT_NOT_FOUND', 404, '文件不存在', 'The document does not exist');
    return row;
  }

  /** The document's bytes, for the API to stream with `contentDisposition(document.originalName)`. */
  open(document: Pick<Document, 'objectKey'>): Promise<Readable> {
    return this.objects.get(document.objectKey);
  }

  /** A time-limited link to the document that downloads under its original name (public attachments). */
  downloadLink(
    document: Pick<Document, 'objectKey' | 'originalName' | 'contentType'>,
    expirySeconds: number,
    disposition: 'attachment' | 'inline' = 'attachment',
  ): Promise<string> {
    return this.objects.presignedGetUrl(document.objectKey, expirySeconds, {
      contentDisposition: contentDisposition(document.originalName, disposition),
      contentType: document.contentType,
    });
  }

  /**
   * Deletes a document's row and then its object. Whether it may be deleted (a bid before 截止, a draft
   * notice's attachment) is the caller's rule, checked before calling this.
   */
  async remove(document: Pick<Document, 'id' | 'objectKey'>, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource.manager).delete(Document, { id: document.id });
    await this.objects.delete(document.objectKey);
  }

  /**
   * Deletes an object that has no row, for a caller whose transaction rolled back after `store` returned.
   * Never throws: a failure is logged and leaves an orphan object, not a broken request.
   */
  async discardObject(objectKey: string): Promise<void> {
    try {
      await this.objects.delete(objectKey);
    } catch (err) {
      this.logger.warn(`could not delete object ${objectKey} after a failed upload: ${(err as Error).message}`);
    }
  }

  /** The error the uploader should see: the limit that was broken rather than its side effects. */
  private explain(
    err: unknown,
    purpose: string,
    meter: UploadMeter,
    stage: ValidatorStage | undefined,
    firstFailure: 'source' | 'check' | 'store' | undefined,
  ): unknown {
    if (meter.failure) return meter.failure;
    if (stage?.refusal !== undefined) {
      if (stage.refusal instanceof DomainError) return stage.refusal;
      const reason = stage.refusal instanceof Error ? stage.refusal.message : String(stage.refusal);
      return UploadErrors.typeNotAllowed([], purpose, reason);
    }
    if (err instanceof DomainError) return err;
    if (firstFailure === 'source') return UploadErrors.incomplete();
    return err;
  }
}
