import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { Client } from 'pg';
import { DataSource, TransactionCommitEvent } from 'typeorm';
import { PLATFORM_CONFIG, PlatformConfig } from '../config/platform-config';
import { entryHash, GENESIS_HASH } from './audit-hash';

/** Held, for its transaction, by whoever chains a batch: never two chainers at once, whatever happens. */
export const CHAIN_LOCK = 7_310_001;
/** Held, for its session, by the one sequencer of the platform (the leader). */
export const SEQUENCER_LOCK = 7_310_002;
/** NOTIFY channel: "entries were committed unchained", sent by processes that are not the leader. */
export const AUDIT_CHANNEL = 'audit_entry_committed';

const BATCH = 2000;

interface UnchainedRow {
  id: string;
  at: Date;
  actorAccountId: string | null;
  actorOrganisationId: string | null;
  actorRole: string;
  ip: string | null;
  action: string;
  entityType: string;
  entityId: string;
  data: Record<string, unknown>;
}

export interface SequencerOptions {
  /** Whether this process may become the sequencer (AUDIT_SEQUENCER). */
  enabled: boolean;
  /** Poll fallback and leader re-election period (AUDIT_SEQUENCER_POLL_MS). */
  pollMs: number;
  /** PostgreSQL URL for the leader's own session (LISTEN and the session lock); none on PGlite. */
  url?: string;
}

/**
 * The audit log's single sequencer (docs/audit-log.md). Changes insert their audit entries unchained, with
 * no lock; the sequencer chains them right after their commit, in commit order, the way a Certificate
 * Transparency log sequences submitted entries.
 *
 * One process at a time is the sequencer: on PostgreSQL the one whose own session holds SEQUENCER_LOCK (it
 * LISTENs on AUDIT_CHANNEL; the others try to take the lock every `pollMs`, so a dead leader is replaced);
 * on PGlite the one process. It wakes when a local transaction that appended entries commits, on a
 * notification from another process, and every `pollMs` (the fallback that also chains what a crash left
 * unchained). Each batch takes CHAIN_LOCK for its transaction, reads the head, and fills `seq`, `prev_hash`
 * and `hash` of the committed unchained entries in `id` order.
 */
@Injectable()
export class AuditSequencer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('AuditSequencer');
  private readonly events = new EventEmitter();
  private readonly options: SequencerOptions;
  private client: Client | null = null;
  private connecting: Promise<void> | null = null;
  private leader = false;
  private running: Promise<void> | null = null;
  private again = false;
  private notifying = false;
  private notifyAgain = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(PLATFORM_CONFIG) config: PlatformConfig,
  ) {
    this.options = sequencerOptions(config);
    this.events.setMaxListeners(0);
    // Every transaction that appended audit entries wakes the sequencer when it commits.
    dataSource.subscribers.push({
      afterTransactionCommit: (event: TransactionCommitEvent) => {
        const data = event.queryRunner.data as Record<string, unknown>;
        if (data?.auditAppended) {
          data.auditAppended = false;
          this.poke();
        }
      },
    });
  }

  get isLeader(): boolean {
    return this.leader;
  }

  onApplicationBootstrap(): void {
    this.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    if (!this.options.url) this.leader = this.options.enabled; // PGlite: this process is the only one
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.options.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.connecting?.catch(() => undefined);
    await this.running?.catch(() => undefined);
    this.leader = false;
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined);
  }

  /** Something may be waiting to be chained: chain it now (the leader) or tell the leader (the others). */
  poke(): void {
    if (this.stopped) return;
    if (this.leader) {
      if (this.running) {
        this.again = true;
        return;
      }
      this.running = this.drain().finally(() => {
        this.running = null;
      });
      return;
    }
    void this.notifyLeader();
  }

  /**
   * Resolves true once every entry committed before the call is chained, false after `timeoutMs`.
   */
  async waitForChained(timeoutMs: number): Promise<boolean> {
    const rows: { id: string | null }[] = await this.dataSource.query(`SELECT max(id)::text AS id FROM audit_entry WHERE seq IS NULL`);
    const upTo = rows[0]?.id;
    if (!upTo) return true;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      this.poke();
      const wake = new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(t);
          this.events.off('chained', done);
          resolve();
        };
        const t = setTimeout(done, 50);
        this.events.on('chained', done);
      });
      await wake;
      const left: { n: number }[] = await this.dataSource.query(
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM audit_entry WHERE seq IS NULL AND id <= $1 LIMIT 1) x`,
        [upTo],
      );
      if (!Number(left[0].n)) return true;
      if (Date.now() > deadline) return false;
    }
  }

  /** Chains one batch of committed unchained entries; returns how many. Exported for tests and the bench. */
  async chainBatch(limit = BATCH): Promise<number> {
    const n = await this.dataSource.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
      const rows: UnchainedRow[] = await m.query(
        `SELECT id::text AS id, at, actor_account_id AS "actorAccountId", actor_organisation_id AS "actorOrganisationId",
                actor_role AS "actorRole", ip, action, entity_type AS "entityType", entity_id AS "entityId", data
           FROM audit_entry a WHERE a.seq IS NULL ORDER BY a.id LIMIT $1`,
        [limit],
      );
      if (!rows.length) return 0;
      const head: { seq: string; hash: string }[] = await m.query(
        `SELECT seq::text AS seq, hash FROM audit_entry a WHERE a.seq IS NOT NULL ORDER BY a.seq DESC LIMIT 1`,
      );
      let seq = BigInt(head[0]?.seq ?? '0');
      let prev = head[0]?.hash ?? GENESIS_HASH;
      const ids: string[] = [];
      const seqs: string[] = [];
      const prevs: string[] = [];
      const hashes: string[] = [];
      for (const row of rows) {
        seq += 1n;
        const hash = entryHash(prev, { ...row, seq: String(seq) });
        ids.push(row.id);
        seqs.push(String(seq));
        prevs.push(prev);
        hashes.push(hash);
        prev = hash;
      }
      // TypeORM answers an UPDATE on postgres with [rows, affected]
      const [, affected] = (await m.query(
        `UPDATE audit_entry a SET seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
           FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS v(id, seq, prev_hash, hash)
          WHERE a.id = v.id AND a.seq IS NULL`,
        [ids, seqs, prevs, hashes],
      )) as [unknown[], number];
      if (affected !== rows.length) throw new Error(`audit sequencer: chained ${affected} of ${rows.length} entries; batch rolled back`);
      return rows.length;
    });
    if (n) this.events.emit('chained');
    return n;
  }

  private async drain(): Promise<void> {
    try {
      do {
        this.again = false;
        while ((await this.chainBatch()) === BATCH && !this.stopped);
      } while (this.again && !this.stopped);
    } catch (e) {
      // the next poke or poll retries
      this.log.warn(`chaining failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    if (this.options.url && this.options.enabled && !this.leader) {
      try {
        await this.connect();
        await this.tryLead();
      } catch (e) {
        this.log.warn(`sequencer election failed: ${e instanceof Error ? e.message : String(e)}`);
        this.dropClient();
      }
    }
    if (this.leader) this.poke();
  }

  private connect(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= (async () => {
      const c = new Client({ connectionString: this.options.url, application_name: 'etendering-audit-sequencer' });
      c.on('error', (e) => {
        this.log.warn(`sequencer session lost: ${e.message}`);
        if (this.client === c) this.dropClient();
      });
      c.on('notification', () => this.poke());
      await c.connect();
      if (this.stopped) {
        await c.end();
        return;
      }
      this.client = c;
    })().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async tryLead(): Promise<void> {
    const c = this.client;
    if (!c || this.stopped) return;
    const r = await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [SEQUENCER_LOCK]);
    if (!r.rows[0].ok) return;
    await c.query(`LISTEN ${AUDIT_CHANNEL}`);
    this.leader = true;
    this.log.log('this process is the audit sequencer');
  }

  private dropClient(): void {
    const c = this.client;
    this.client = null;
    this.leader = false;
    void c?.end().catch(() => undefined);
  }

  /** Tells the leader, coalescing: at most one NOTIFY in flight per process, outside any transaction. */
  private async notifyLeader(): Promise<void> {
    if (!this.options.url) return;
    if (this.notifying) {
      this.notifyAgain = true;
      return;
    }
    this.notifying = true;
    try {
      do {
        this.notifyAgain = false;
        await this.connect();
        await this.client?.query(`SELECT pg_notify($1, '')`, [AUDIT_CHANNEL]);
      } while (this.notifyAgain && !this.stopped);
    } catch (e) {
      this.log.warn(`could not notify the audit sequencer: ${e instanceof Error ? e.message : String(e)}`);
      this.dropClient();
    } finally {
      this.notifying = false;
    }
  }
}

export function sequencerOptions(config: PlatformConfig): SequencerOptions {
  return {
    enabled: config.audit.sequencer,
    pollMs: config.audit.pollMs,
    url: config.database.kind === 'postgres' ? config.database.url : undefined,
  };
}
