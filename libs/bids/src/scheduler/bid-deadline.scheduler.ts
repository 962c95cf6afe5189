import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BIDS_OPTIONS, BidsOptions } from '../bids.options';
import { BidOpeningService } from '../opening/bid-opening.service';

/**
 * The deadline scheduler (worker; on the embedded default inside the api): every interval it opens the
 * sections whose 截止 has come and closes the openings whose decryption window has ended. Its state is the
 * database's, so it survives restarts, and several can run at once: opening a section is claimed by an
 * exclusive lock and a conditional move (published → opening), closing one by FOR UPDATE SKIP LOCKED, so
 * each happens exactly once.
 */
@Injectable()
export class BidDeadlineScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('BidDeadlineScheduler');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly opening: BidOpeningService,
    @Inject(BIDS_OPTIONS) private readonly options: BidsOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One pass: open what is due, close what has ended. Tests call it directly. */
  async tick(): Promise<{ opened: string[]; closed: string[] }> {
    const opened = await this.opening.openDue();
    const closed = await this.opening.closeEnded();
    for (const id of opened) this.logger.log(`section ${id}: 截止 reached, opened`);
    for (const id of closed) this.logger.log(`section ${id}: opening closed, record published`);
    return { opened, closed };
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.error(`deadline scheduler pass failed: ${(error as Error).stack ?? String(error)}`))
        .finally(() => this.schedule(this.options.schedulerIntervalMs));
    }, delay);
    this.timer.unref();
  }
}
