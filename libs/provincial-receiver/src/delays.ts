/** Timers for injected latency and held responses, all released at once when the receiver closes. */
export class Delays {
  private pending = new Set<() => void>();

  sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const release = () => {
        clearTimeout(timer);
        this.pending.delete(release);
        resolve();
      };
      const timer = setTimeout(release, ms);
      this.pending.add(release);
    });
  }

  releaseAll(): void {
    for (const release of [...this.pending]) release();
  }
}
