import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OUTBOX_STATUSES, OutboxStatus } from '../outbox/outbox-record.entity';

export interface ExchangeStatus {
  counts: Record<OutboxStatus, number>;
  /** Age of the oldest record not yet delivered (pending or queued), seconds; 0 when there is none. */
  oldestPendingAgeSeconds: number;
  /** Commit-to-receive latency of the records delivered in the last `windowSeconds`. */
  latency: { windowSeconds: number; delivered: number; p50Seconds: number | null; p95Seconds: number | null; p99Seconds: number | null; maxSeconds: number | null };
  deadByReason: Record<string, number>;
}

export const LATENCY_WINDOW_SECONDS = 300;

/**
 * The figures operators watch, read from the outbox (so the API reports what every worker did). Cached
 * for a few seconds: /metrics scrapes and dashboards must not turn into table scans.
 */
@Injectable()
export class ExchangeStatusService {
  private cache?: { at: number; value: Promise<ExchangeStatus> };

  constructor(private readonly dataSource: DataSource) {}

  status(maxAgeMs = 2000): Promise<ExchangeStatus> {
    if (this.cache && Date.now() - this.cache.at < maxAgeMs) return this.cache.value;
    const value = this.read();
    this.cache = { at: Date.now(), value };
    value.catch(() => (this.cache = undefined));
    return value;
  }

  private async read(): Promise<ExchangeStatus> {
    const counts = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0])) as Record<OutboxStatus, number>;
    // One count per status, each over that status's partial index (an index-only scan where the visibility map
    // allows), not a scan of the table and its bodies: delivered rows are nearly all rows and grow for ever.
    const [byStatus]: Record<OutboxStatus, number>[] = await this.dataSource.query(
      `SELECT ${OUTBOX_STATUSES.map((s) => `(SELECT count(*)::int FROM outbox WHERE status = '${s}') AS "${s}"`).join(', ')}`,
    );
    for (const s of OUTBOX_STATUSES) counts[s] = Number(byStatus[s] ?? 0);
    const [oldest]: { age: string | null }[] = await this.dataSource.query(
      `SELECT EXTRACT(EPOCH FROM (clock_timestamp() - min(created_at)))::float8 AS age FROM outbox WHERE status IN ('pending', 'queued')`,
    );
    const [lat]: { n: number; p50: number | null; p95: number | null; p99: number | null; max: number | null }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY d) AS p50,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY d) AS p95,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY d) AS p99,
              max(d) AS max
         FROM (SELECT EXTRACT(EPOCH FROM (delivered_at - created_at))::float8 AS d
                 FROM outbox WHERE status = 'delivered' AND delivered_at > clock_timestamp() - $1::int * interval '1 second') x`,
      [LATENCY_WINDOW_SECONDS],
    );
    const dead: { reason: string | null; n: number }[] = await this.dataSource.query(
      `SELECT dead_reason AS reason, count(*)::int AS n FROM outbox WHERE status = 'dead' GROUP BY dead_reason`,
    );
    const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    return {
      counts,
      oldestPendingAgeSeconds: Math.max(0, Number(oldest?.age ?? 0)),
      latency: {
        windowSeconds: LATENCY_WINDOW_SECONDS,
        delivered: Number(lat?.n ?? 0),
        p50Seconds: num(lat?.p50),
        p95Seconds: num(lat?.p95),
        p99Seconds: num(lat?.p99),
        maxSeconds: num(lat?.max),
      },
      deadByReason: Object.fromEntries(dead.map((d) => [d.reason ?? 'UNKNOWN', Number(d.n)])),
    };
  }
}
