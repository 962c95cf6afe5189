import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ScheduleRegistry } from '@app/core';
import { BIDS_OPTIONS, BidsOptions } from '../bids.options';
import { BidOpeningService } from '../opening/bid-opening.service';

/**
 * The deadline pass of the bids module, declared to the one scheduler (`bids.deadlines`): it opens the
 * sections whose 截止 has come and closes the openings whose decryption window has ended. Its state is the
 * database's, so it survives restarts, and several can run at once: opening a section is claimed by an
 * exclusive lock and a conditional move (published → opening), closing one by FOR UPDATE SKIP LOCKED, so
 * each happens exactly once.
 */
@Injectable()
export class BidDeadlineScheduler implements OnModuleInit {
  private readonly logger = new Logger('BidDeadlineScheduler');

  constructor(
    private readonly opening: BidOpeningService,
    private readonly schedules: ScheduleRegistry,
    @Inject(BIDS_OPTIONS) private readonly options: BidsOptions,
  ) {}

  onModuleInit(): void {
    this.schedules.register({ name: 'bids.deadlines', everyMs: this.options.schedulerIntervalMs, run: () => this.tick() });
  }

  /** One pass: open what is due, close what has ended. Tests call it directly. */
  async tick(): Promise<{ opened: string[]; closed: string[] }> {
    const opened = await this.opening.openDue();
    const closed = await this.opening.closeEnded();
    for (const id of opened) this.logger.log(`section ${id}: 截止 reached, opened`);
    for (const id of closed) this.logger.log(`section ${id}: opening closed, record published`);
    return { opened, closed };
  }
}
