import { Transform, TransformCallback } from 'node:stream';
import type { DomainError } from '@app/core';
import { BidErrors } from '../bids.errors';

export interface GuardClock {
  now(): Date;
}

/** The longest a single timer waits before looking at the clock again (the platform clock may be moved). */
export const GUARD_RECHECK_MS = 5_000;

/**
 * The bid deadline (截止) on the upload stream, by the server's clock alone (R15):
 * - a timer armed for 截止 cuts the upload off (destroys this stream with BID_DEADLINE_PASSED) if the body
 *   is still arriving then, even if no byte comes any more;
 * - every piece is checked against the clock as it passes, and the body's end is stamped (`completedAt`)
 *   and refused if it is not before 截止.
 * Bytes pass through unchanged. The timer is cleared when the stream ends or is destroyed.
 */
export class DeadlineGuard extends Transform {
  /** The server time when the last byte of the body arrived. */
  completedAt?: Date;
  /** The refusal this guard raised, if any. */
  failure?: DomainError;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly clock: GuardClock,
    private readonly deadline: Date,
  ) {
    super();
    this.arm();
  }

  private arm(): void {
    const left = this.deadline.getTime() - this.clock.now().getTime();
    if (left <= 0) {
      this.cutOff();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.clock.now().getTime() >= this.deadline.getTime()) this.cutOff();
      else this.arm();
    }, Math.min(left, GUARD_RECHECK_MS));
  }

  private cutOff(): void {
    if (this.completedAt || this.destroyed) return;
    this.failure = BidErrors.deadlinePassed(this.deadline);
    this.destroy(this.failure);
  }

  private late(): boolean {
    return this.clock.now().getTime() >= this.deadline.getTime();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.late()) {
      this.failure = BidErrors.deadlinePassed(this.deadline);
      callback(this.failure);
      return;
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.clear();
    const at = this.clock.now();
    if (at.getTime() >= this.deadline.getTime()) {
      this.failure = BidErrors.deadlinePassed(this.deadline);
      callback(this.failure);
      return;
    }
    this.completedAt = at;
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.clear();
    callback(error);
  }

  private clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
