import type { Readable } from 'node:stream';
import { UploadErrors } from './documents.errors';

/** Injection token of the process's one `UploadBudget`. */
export const UPLOAD_BUDGET = Symbol('UPLOAD_BUDGET');

/** The memory an upload holds in the streams between the socket and the store (a few socket reads). */
export const STREAM_OVERHEAD_BYTES = 256 * 1024;

/** What an upload holds of the budget until it releases it (once; later calls do nothing). */
export interface UploadReservation {
  readonly bytes: number;
  release(): void;
}

/**
 * The memory all uploads of a process may hold together (UPLOAD_BUFFER_MIB): an upload reserves what it will
 * buffer (the object store's part for its size, and the streams on the way) before a byte of its body is read,
 * and gives it back when it ends. When the budget is spent, further uploads wait, first come first served,
 * with their bodies unread: the clients' sockets hold the bytes (TCP backpressure), not the API's memory, so
 * the memory of a thousand simultaneous uploads is that of the budget, not of a thousand parts.
 *
 * A reservation is never larger than the whole budget (a larger one is cut to it), so one upload alone can
 * always start; an upload reserves once and in full, so no upload waits while holding a share (no deadlock).
 */
export class UploadBudget {
  private used = 0;
  private readonly queue: { bytes: number; grant: () => void }[] = [];

  constructor(readonly total: number) {
    if (!Number.isSafeInteger(total) || total < 1) throw new RangeError('the upload budget must be a positive number of bytes');
  }

  /** Bytes reserved now. */
  get inUse(): number {
    return this.used;
  }

  /** Uploads waiting for their share. */
  get waiting(): number {
    return this.queue.length;
  }

  /**
   * Reserves `bytes` (at most the whole budget), waiting for them if need be. When `source` fails or closes
   * first (the client went away while waiting), the wait ends with UPLOAD_INCOMPLETE and nothing is held.
   */
  reserve(bytes: number, source?: Readable): Promise<UploadReservation> {
    const wanted = Math.max(1, Math.min(Math.ceil(bytes), this.total));
    const reservation = (): UploadReservation => {
      let held = true;
      return {
        bytes: wanted,
        release: () => {
          if (!held) return;
          held = false;
          this.used -= wanted;
          this.drain();
        },
      };
    };
    if (this.queue.length === 0 && this.used + wanted <= this.total) {
      this.used += wanted;
      return Promise.resolve(reservation());
    }
    return new Promise((resolve, reject) => {
      const entry = {
        bytes: wanted,
        grant: () => {
          source?.off('close', gone);
          source?.off('error', gone);
          resolve(reservation());
        },
      };
      const gone = () => {
        const at = this.queue.indexOf(entry);
        if (at < 0) return;
        this.queue.splice(at, 1);
        this.drain();
        reject(UploadErrors.incomplete());
      };
      source?.once('close', gone);
      source?.once('error', gone);
      this.queue.push(entry);
    });
  }

  private drain(): void {
    while (this.queue.length > 0 && this.used + this.queue[0].bytes <= this.total) {
      const next = this.queue.shift()!;
      this.used += next.bytes;
      next.grant();
    }
  }
}
