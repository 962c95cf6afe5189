/** One request to the exchange API, as the receiver saw it. */
export interface Attempt {
  serialNumber: string | null;
  method: string;
  path: string;
  /** Arrival, ISO 8601 at +08:00 with milliseconds. */
  arrivedAt: string;
  /** Arrival as Unix milliseconds, for arithmetic in tests (backoff, Retry-After). */
  arrivedAtMs: number;
  status: number;
  errorCode?: string;
  duplicate?: boolean;
  retryAfterSeconds?: number;
  /** The fault injected into this request, if any: paused, throttle, error, timeout, reject. */
  fault?: string;
  /** False when the client had gone before the (held) response was written. */
  responded: boolean;
}

const MAX_SERIALS = 10_000;
const MAX_ATTEMPTS_PER_SERIAL = 1_000;
const RECENT = 200;

/**
 * Counts of requests by status and outcome, and every attempt per serialNumber (in memory, bounded: the oldest
 * serial numbers are forgotten past 10,000). Tests read it to prove that a sender backed off and honoured
 * Retry-After.
 */
export class TrafficLog {
  private bySerial = new Map<string, Attempt[]>();
  /** The latest RECENT attempts, a ring: `next` is where the following one goes. */
  private recent: Attempt[] = [];
  private next = 0;
  private byStatus = new Map<number, number>();
  private byOutcome = new Map<string, number>();
  private total = 0;

  record(attempt: Attempt): void {
    this.total++;
    this.byStatus.set(attempt.status, (this.byStatus.get(attempt.status) ?? 0) + 1);
    const outcome = attempt.errorCode ?? (attempt.status === 200 ? (attempt.duplicate ? 'DUPLICATE' : 'STORED') : String(attempt.status));
    this.byOutcome.set(outcome, (this.byOutcome.get(outcome) ?? 0) + 1);
    this.recent[this.next] = attempt;
    this.next = (this.next + 1) % RECENT;
    if (attempt.serialNumber === null) return;
    let list = this.bySerial.get(attempt.serialNumber);
    if (!list) {
      if (this.bySerial.size >= MAX_SERIALS) {
        const oldest = this.bySerial.keys().next().value;
        if (oldest !== undefined) this.bySerial.delete(oldest);
      }
      list = [];
      this.bySerial.set(attempt.serialNumber, list);
    }
    if (list.length < MAX_ATTEMPTS_PER_SERIAL) list.push(attempt);
  }

  /** The attempts of one serialNumber in arrival order, or the latest 200 of all when serialNumber is omitted. */
  attempts(serialNumber?: string): Attempt[] {
    const list = serialNumber === undefined ? this.recent : (this.bySerial.get(serialNumber) ?? []);
    return [...list].sort((a, b) => a.arrivedAtMs - b.arrivedAtMs);
  }

  counts() {
    return {
      total: this.total,
      byStatus: Object.fromEntries([...this.byStatus].sort((a, b) => a[0] - b[0]).map(([k, v]) => [String(k), v])),
      byOutcome: Object.fromEntries([...this.byOutcome].sort()),
    };
  }

  clear(): void {
    this.bySerial.clear();
    this.recent = [];
    this.next = 0;
    this.byStatus.clear();
    this.byOutcome.clear();
    this.total = 0;
  }
}
