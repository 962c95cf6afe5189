import { AsyncLocalStorage } from 'node:async_hooks';
import { Transform, TransformCallback } from 'node:stream';
import { DocumentPurpose, GiB, PurposeLimitsConfig } from '@app/documents';
import { ContainerInfo, containerInfo, ContainerParser, nodePlatform } from '@app/sealing';

/** The type documents of the purpose `bid` are stored under: a sealed container (libs/sealing). */
export const SEALED_BID_CONTENT_TYPE = 'application/vnd.etendering.bidseal';

/** What the check of a whole container found (its SHA-256 is the documents module's, from the same pass). */
export interface SealedContainer extends ContainerInfo {
  /** Data records, the final one included. */
  chunkCount: number;
  /** The container's length in bytes. */
  size: number;
}

/** What the check of one upload found: the container's header, or why it is not a container. */
export interface InspectionOutcome {
  inspection?: SealedContainer;
  /** The SealingError that refused the bytes. */
  error?: unknown;
}

/** The outcome slot of the upload the current request streams, so the bids service can read it. */
const currentUpload = new AsyncLocalStorage<InspectionOutcome>();

/**
 * The sealing library's container parser as a pass-through stream: it reads the container's structure
 * without any key, refuses anything that is not a sealed container at the first byte that proves it (R14),
 * and records its verdict where the bids service reads it, whatever order the pipeline tears down in. It does
 * not hash: the documents module hashes the same bytes on the same pass (the receipt's SHA-256).
 */
class SealedContainerCheck extends Transform {
  private readonly parser = new ContainerParser(nodePlatform.createSha256);

  constructor(private readonly outcome: InspectionOutcome) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.parser.push(chunk);
    } catch (error) {
      this.outcome.error ??= error;
      callback(error as Error);
      return;
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    try {
      this.parser.end();
      this.outcome.inspection = { ...containerInfo(this.parser.header!), chunkCount: this.parser.chunkCount, size: this.parser.bytesSeen };
      callback();
    } catch (error) {
      this.outcome.error ??= error;
      callback(error as Error);
    }
  }
}

/**
 * The check of the purpose `bid` (R14) for the documents module:
 *
 *   DocumentsModule.forRoot({ ...store, purposes: { ...bidDocumentPurposes() } })
 */
export function bidDocumentPurposes(maxSize = 2 * GiB): Record<string, PurposeLimitsConfig> {
  return {
    [DocumentPurpose.Bid]: {
      maxSize,
      contentType: SEALED_BID_CONTENT_TYPE,
      validator: (): Transform => new SealedContainerCheck(currentUpload.getStore() ?? {}),
    },
  };
}

/**
 * Runs `work` (which stores a bid through DocumentsService) and hands back what the sealed-container check
 * found on the same pass over the bytes (key fingerprint, chunk size, SHA-256, or the refusal).
 */
export async function withInspection<T>(work: () => Promise<T>): Promise<{ value?: T; error?: unknown; outcome: InspectionOutcome }> {
  const outcome: InspectionOutcome = {};
  try {
    const value = await currentUpload.run(outcome, work);
    return { value, outcome };
  } catch (error) {
    return { error, outcome };
  }
}
