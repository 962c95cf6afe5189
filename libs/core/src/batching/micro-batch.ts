export interface MicroBatchOptions<K = unknown> {
  /** A batch starts as soon as it holds this many calls (default 500). */
  maxSize?: number;
  /**
   * Batches running at once (default: no limit). With a limit, the calls that arrive while the batches run wait
   * for one to finish and then go together: group commit. Under light load a call still starts at once; under
   * heavy load the batches grow instead of the number of statements.
   */
  maxRunning?: number;
  /** The weight of a call (e.g. its bytes); with maxWeight, a batch is closed once it weighs that much. */
  weigh?: (key: K) => number;
  /** A batch takes calls up to this total weight (at least one call, however heavy). Default: no limit. */
  maxWeight?: number;
}

/**
 * Gathers concurrent calls into one batch, so that they share a database round trip (and a commit) instead of
 * taking one each: the calls made within one turn of the event loop, and, with `maxRunning`, those that arrive
 * while the running batches are busy. Each caller gets its own result (or its batch's error).
 */
export class MicroBatch<K, R> {
  private pending: { key: K; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private scheduled = false;
  private running = 0;
  private pendingWeight = 0;
  private readonly maxSize: number;
  private readonly maxRunning: number;
  private readonly maxWeight: number;
  private readonly weigh: (key: K) => number;

  constructor(
    private readonly run: (keys: K[]) => Promise<R[]>,
    options: MicroBatchOptions<K> = {},
  ) {
    this.maxSize = options.maxSize ?? 500;
    this.maxRunning = options.maxRunning ?? Infinity;
    this.maxWeight = options.maxWeight ?? Infinity;
    this.weigh = options.weigh ?? (() => 0);
  }

  private get full(): boolean {
    return this.pending.length >= this.maxSize || this.pendingWeight >= this.maxWeight;
  }

  call(key: K): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ key, resolve, reject });
      this.pendingWeight += this.weigh(key);
      if (this.full && this.running < this.maxRunning) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          while (this.pending.length > 0 && this.running < this.maxRunning) this.flush();
        });
      }
    });
  }

  private flush(): void {
    let take = 0;
    let weight = 0;
    while (take < this.pending.length && take < this.maxSize) {
      const w = this.weigh(this.pending[take].key);
      if (take > 0 && weight + w > this.maxWeight) break;
      weight += w;
      take++;
    }
    const batch = this.pending.splice(0, take);
    if (batch.length === 0) return;
    this.pendingWeight -= weight;
    this.running++;
    const settled = () => {
      this.running--;
      if (this.pending.length > 0 && !this.scheduled) this.flush();
    };
    this.run(batch.map((b) => b.key)).then(
      (results) => {
        settled();
        batch.forEach((b, i) => b.resolve(results[i]));
      },
      (e: unknown) => {
        settled();
        batch.forEach((b) => b.reject(e));
      },
    );
  }
}
