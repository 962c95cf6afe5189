import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '../errors/domain-error';
import type { Actor } from '../http/actor';
import { AuditEntry } from './audit-entry.entity';
import { AuditHolds } from './audit-holds';
import { AuditSequencer } from './audit-sequencer';
import { entryHash, GENESIS_HASH, HashedFields } from './audit-hash';

export interface AuditRecord {
  action: string;
  entityType: string;
  entityId: string;
  data?: Record<string, unknown>;
}

export interface ChainBreak {
  seq: string;
  reason: 'hash_mismatch' | 'prev_hash_mismatch' | 'gap';
  expected: string;
  found: string;
}

export interface VerifyResult {
  checked: number;
  firstBreak: ChainBreak | null;
}

/** Marks a query runner whose transaction appended audit entries, so that its commit wakes the sequencer. */
export const AUDIT_APPENDED = 'auditAppended';

@Injectable()
export class AuditService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sequencer: AuditSequencer,
    @Optional() @Inject(AuditHolds) private readonly holds?: AuditHolds,
  ) {}

  /**
   * Inserts an entry, unchained, inside the caller's transaction: the entry commits or rolls back with the
   * change it describes, and takes no lock. The sequencer chains it right after the commit (docs/audit-log.md).
   */
  async append(manager: EntityManager, actor: Actor, record: AuditRecord, at: Date): Promise<AuditEntry> {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) {
      throw new Error('AuditService.append must run inside a transaction');
    }
    const data = record.data ?? {};
    const rows: { id: string | number }[] = await manager.query(
      `INSERT INTO audit_entry (at, actor_account_id, actor_organisation_id, actor_role, ip, action, entity_type, entity_id, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb) RETURNING id`,
      [at, actor.accountId, actor.organisationId, actor.role, actor.ip, record.action, record.entityType, record.entityId, JSON.stringify(data)],
    );
    (runner.data as Record<string, unknown>)[AUDIT_APPENDED] = true;
    return Object.assign(new AuditEntry(), {
      id: String(rows[0].id),
      seq: null,
      at,
      actorAccountId: actor.accountId,
      actorOrganisationId: actor.organisationId,
      actorRole: actor.role,
      ip: actor.ip,
      action: record.action,
      entityType: record.entityType,
      entityId: record.entityId,
      data,
      prevHash: null,
      hash: null,
    });
  }

  /**
   * Waits until every entry committed before the call is chained (a reader of the chained view), at most
   * `timeoutMs`; then answers 503 AUDIT_CHAIN_BEHIND.
   */
  async awaitChained(timeoutMs = 15_000): Promise<void> {
    if (!(await this.sequencer.waitForChained(timeoutMs))) {
      throw new DomainError('AUDIT_CHAIN_BEHIND', 503, '审计日志尚未完成排序，请稍后重试', 'The audit log has not yet chained recent entries; try again shortly');
    }
  }

  /** Walks the chain in order and names the first broken entry, or returns null. */
  async verify(batchSize = 10_000): Promise<VerifyResult> {
    await this.awaitChained();
    return verifyChain(this.dataSource, batchSize);
  }

  /**
   * The chained entries, newest first. Entries a module holds back for now (AuditHolds: the download log
   * before 截止, R13) are left out for everyone.
   */
  async list(filter: { entityType?: string; entityId?: string; beforeSeq?: string; limit: number }): Promise<AuditEntry[]> {
    await this.awaitChained();
    const qb = this.dataSource.getRepository(AuditEntry).createQueryBuilder('a').where('a.seq IS NOT NULL').orderBy('a.seq', 'DESC').take(filter.limit);
    if (filter.entityType) qb.andWhere('a.entityType = :t', { t: filter.entityType });
    if (filter.entityId) qb.andWhere('a.entityId = :i', { i: filter.entityId });
    if (filter.beforeSeq) qb.andWhere('a.seq < :s', { s: filter.beforeSeq });
    const held = (await this.holds?.current()) ?? [];
    held.forEach((h, n) => {
      if (h.entityIds.length) qb.andWhere(`NOT (a.action = :ha${n} AND a.entityId = ANY(:hi${n}))`, { [`ha${n}`]: h.action, [`hi${n}`]: h.entityIds });
    });
    return qb.getMany();
  }
}

interface ChainRow extends HashedFields {
  prev_hash: string;
  hash: string;
}

/**
 * Walks the chained entries in `seq` order from 1 and names the first broken one: a missing position (an
 * entry deleted), a `prev_hash` that is not the hash before it, or a hash that does not match its content
 * (an entry edited, or inserted without the hash of the chain). Reads in pages of `batchSize` by `seq`.
 */
export async function verifyChain(dataSource: DataSource, batchSize = 10_000): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1n;
  let checked = 0;
  for (;;) {
    const rows: (ChainRow & { seq: string })[] = await dataSource.query(
      `SELECT seq::text AS seq, at, actor_account_id AS "actorAccountId", actor_organisation_id AS "actorOrganisationId",
              actor_role AS "actorRole", ip, action, entity_type AS "entityType", entity_id AS "entityId", data, prev_hash, hash
         FROM audit_entry a WHERE a.seq >= $1 ORDER BY a.seq LIMIT $2`,
      [String(expectedSeq), batchSize],
    );
    if (!rows.length) return { checked, firstBreak: null };
    for (const row of rows) {
      if (BigInt(row.seq) !== expectedSeq) {
        return { checked, firstBreak: { seq: String(expectedSeq), reason: 'gap', expected: String(expectedSeq), found: row.seq } };
      }
      if (row.prev_hash !== prevHash) {
        return { checked, firstBreak: { seq: row.seq, reason: 'prev_hash_mismatch', expected: prevHash, found: row.prev_hash } };
      }
      const h = entryHash(prevHash, row);
      if (h !== row.hash) return { checked, firstBreak: { seq: row.seq, reason: 'hash_mismatch', expected: h, found: row.hash } };
      prevHash = row.hash;
      expectedSeq += 1n;
      checked += 1;
    }
  }
}
