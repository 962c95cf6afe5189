import { Injectable } from '@nestjs/common';

/** What one delivery attempt needs of its outbox row. */
export interface SendableRow {
  id: string;
  body: string;
  status: string;
  attempts: number;
  serial_number: string;
  /** The request whose change wrote the record, for the delivery's log line. */
  request_id: string | null;
}

export interface ClaimHandoffLimits {
  /** Rows held at most (default 20,000). */
  maxRows: number;
  /** Body characters held at most (default 32 Mi, about 64 MiB of memory). */
  maxChars: number;
  /** A row not taken within this time is dropped (default 60 s): its job ran in another process, or not yet. */
  ttlMs: number;
}

const DEFAULT_LIMITS: ClaimHandoffLimits = { maxRows: 20_000, maxChars: 32 * 1024 * 1024, ttlMs: 60_000 };

/**
 * The rows this process's relay has just claimed, handed to this process's deliveries, so that the first
 * attempt of a record does not read its row again (one query fewer per batch of deliveries, which is a good
 * part of a worker's cost per record; bench/exchange.bench.ts). Each row is taken once; a delivery that finds
 * nothing here (its row was claimed by another worker process, dropped for the limits, or this is a retry)
 * reads the row as before.
 *
 * A held row is at most `ttlMs` old. Its status was `pending` when claimed; should another process have
 * delivered it meanwhile (a job taken over after a crash), the resend is answered as a duplicate by the
 * receiver and the delivered row stays as it is: the same as any resend after a crash.
 */
@Injectable()
export class ClaimHandoff {
  private readonly held = new Map<string, { row: SendableRow; at: number }>();
  private chars = 0;
  private readonly limits: ClaimHandoffLimits;

  constructor(limits: Partial<ClaimHandoffLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** Keeps the rows (oldest first out) as far as the limits allow; the rest are simply not held. */
  offer(rows: SendableRow[], now = Date.now()): void {
    this.expire(now);
    for (const row of rows) {
      this.drop(row.id);
      if (this.held.size >= this.limits.maxRows || this.chars + row.body.length > this.limits.maxChars) return;
      this.held.set(row.id, { row, at: now });
      this.chars += row.body.length;
    }
  }

  /** The row, once, if it is held and fresh. */
  take(id: string, now = Date.now()): SendableRow | undefined {
    const entry = this.held.get(id);
    if (!entry) return undefined;
    this.drop(id);
    return now - entry.at <= this.limits.ttlMs ? entry.row : undefined;
  }

  get size(): number {
    return this.held.size;
  }

  private drop(id: string): void {
    const entry = this.held.get(id);
    if (!entry) return;
    this.held.delete(id);
    this.chars -= entry.row.body.length;
  }

  /** Drops the rows older than the TTL: they are the first in the map (insertion order is age order). */
  private expire(now: number): void {
    for (const [id, entry] of this.held) {
      if (now - entry.at <= this.limits.ttlMs) break;
      this.drop(id);
    }
  }
}
