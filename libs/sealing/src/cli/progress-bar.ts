/** A one-line progress bar for a terminal (stderr), redrawn at most ten times a second. */
export class ProgressBar {
  private lastDraw = 0;
  private readonly started = Date.now();

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly label: string,
    private readonly total: number,
  ) {}

  update(done: number): void {
    const now = Date.now();
    if (now - this.lastDraw < 100 && done < this.total) return;
    this.lastDraw = now;
    this.draw(done);
  }

  finish(): void {
    this.draw(this.total);
    this.stream.write('\n');
  }

  private draw(done: number): void {
    const MiB = 1024 * 1024;
    const fraction = this.total > 0 ? Math.min(1, done / this.total) : 1;
    const seconds = Math.max(0.001, (Date.now() - this.started) / 1000);
    const figures = `${(fraction * 100).toFixed(0).padStart(3)}%  ${(done / MiB).toFixed(1)}/${(this.total / MiB).toFixed(1)} MiB  ${(done / MiB / seconds).toFixed(0)} MiB/s`;
    const width = Math.max(10, Math.min(40, (this.stream.columns || 80) - this.label.length - figures.length - 6));
    const filled = Math.round(fraction * width);
    this.stream.write(`\r${this.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${figures}\x1b[K`);
  }
}
