import { AsyncLocalStorage } from 'node:async_hooks';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PLATFORM_CONFIG, PlatformConfig } from '../config/platform-config';
import { DomainError } from '../errors/domain-error';

const SETTING = 'clock_offset_ms';

/** A time of its own for one async call chain (ClockService.runAt); `active` ends it for any leaked continuation. */
interface ScopedTime {
  offsetMs: number;
  active: boolean;
}

/**
 * The one clock every module reads instead of Date.now(). Tests and the demo set it and move it forward
 * (a whole tender spans weeks of legal periods); the offset is kept in the database so that the api and the
 * worker agree. A production start refuses a moved clock.
 */
@Injectable()
export class ClockService implements OnModuleDestroy {
  private offsetMs: number;
  /** Bumped by every local move, so that a slower shared read does not undo it. */
  private generation = 0;
  private timer?: NodeJS.Timeout;
  private readonly logger = new Logger('Clock');
  private readonly scoped = new AsyncLocalStorage<ScopedTime>();

  constructor(
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    private readonly dataSource: DataSource,
  ) {
    this.offsetMs = config.clockOffsetMs;
  }

  now(): Date {
    const scope = this.scoped.getStore();
    return new Date(Date.now() + (scope?.active ? scope.offsetMs : this.offsetMs));
  }

  /**
   * Runs `fn` with its own platform time starting at `at` (and flowing from there), seen only by the calls that
   * `fn` makes: the demo seed records a tender of weeks ago with explicit times while live requests keep the
   * shared clock. Continuations that outlive `fn` (timers it started) see the shared clock again. Refused when
   * clock control is off.
   */
  async runAt<T>(at: Date, fn: () => Promise<T>): Promise<T> {
    this.assertControllable();
    const scope: ScopedTime = { offsetMs: at.getTime() - Date.now(), active: true };
    try {
      return await this.scoped.run(scope, fn);
    } finally {
      scope.active = false;
    }
  }

  get offset(): number {
    return this.offsetMs;
  }

  get controllable(): boolean {
    return this.config.clockControl;
  }

  /** Reads the shared offset; at start-up in production, refuses a moved clock. */
  async init(): Promise<void> {
    const rows: { value: string }[] = await this.dataSource.query(`SELECT value FROM platform_setting WHERE key = $1`, [SETTING]);
    const stored = rows.length ? Number(rows[0].value) : 0;
    if (!this.config.clockControl) {
      if (stored !== 0) {
        throw new Error(
          `The database holds a moved clock (offset ${stored} ms) and clock control is off: a production start refuses a moved clock. ` +
            `Reset it with: DELETE FROM platform_setting WHERE key = '${SETTING}'`,
        );
      }
      return;
    }
    if (rows.length) this.offsetMs = stored;
    else if (this.offsetMs !== 0) await this.persist();
    if (this.offsetMs !== 0) this.logger.warn(`the platform clock is moved by ${this.offsetMs} ms (now ${this.now().toISOString()})`);
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), 2000);
    this.timer.unref();
  }

  async refresh(): Promise<void> {
    if (!this.config.clockControl) return;
    const generation = this.generation;
    const rows: { value: string }[] = await this.dataSource.query(`SELECT value FROM platform_setting WHERE key = $1`, [SETTING]);
    // A read that started before a set() or advance() here must not put the old time back.
    if (rows.length && generation === this.generation) this.offsetMs = Number(rows[0].value);
  }

  /** Sets the platform time (tests and demo only; refused when clock control is off). */
  async set(at: Date): Promise<Date> {
    this.assertControllable();
    this.generation += 1;
    this.offsetMs = at.getTime() - Date.now();
    await this.persist();
    return this.now();
  }

  async advance(ms: number): Promise<Date> {
    this.assertControllable();
    this.generation += 1;
    this.offsetMs += ms;
    await this.persist();
    return this.now();
  }

  private assertControllable(): void {
    if (!this.config.clockControl) {
      throw new DomainError('CLOCK_CONTROL_DISABLED', 403, '生产环境不允许调整平台时钟', 'The platform clock cannot be moved in production');
    }
  }

  private async persist(): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO platform_setting (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
      [SETTING, String(this.offsetMs)],
    );
    // a read that started while this write was under way may have seen the old value
    this.generation += 1;
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
