import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { Actor } from '../http/actor';
import { AuditEntry } from './audit-entry.entity';
import { entryHash, GENESIS_HASH } from './audit-hash';

export interface AuditRecord {
  action: string;
  entityType: string;
  entityId: string;
  data?: Record<string, unknown>;
}

/** Serialises appends to the chain across processes for the rest of the appending transaction. */
const CHAIN_LOCK = 7_310_001;

export interface ChainBreak {
  seq: string;
  reason: 'hash_mismatch' | 'prev_hash_mismatch' | 'gap';
  expected: string;
  found: string;
}

@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Appends an entry inside the caller's transaction: the entry commits or rolls back with the change it
   * describes. The advisory lock makes concurrent writers take turns, so the chain never forks.
   */
  async append(manager: EntityManager, actor: Actor, record: AuditRecord, at: Date): Promise<AuditEntry> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('AuditService.append must run inside a transaction');
    }
    await manager.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
    const last: { seq: string; hash: string }[] = await manager.query('SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1');
    const prevHash = last[0]?.hash ?? GENESIS_HASH;
    const entry = manager.create(AuditEntry, {
      seq: String(BigInt(last[0]?.seq ?? '0') + 1n),
      at,
      actorAccountId: actor.accountId,
      actorOrganisationId: actor.organisationId,
      actorRole: actor.role,
      ip: actor.ip,
      action: record.action,
      entityType: record.entityType,
      entityId: record.entityId,
      data: record.data ?? {},
      prevHash,
    });
    entry.hash = entryHash(prevHash, entry);
    // jsonb column: TypeORM's deep-partial type does not fit Record<string, unknown>
    await manager.insert(AuditEntry, entry as unknown as QueryDeepPartialEntity<AuditEntry>);
    return entry;
  }

  /** Walks the chain in order and names the first broken entry, or returns null. */
  async verify(batchSize = 1000): Promise<{ checked: number; firstBreak: ChainBreak | null }> {
    return verifyChain(this.dataSource, batchSize);
  }

  async list(filter: { entityType?: string; entityId?: string; beforeSeq?: string; limit: number }): Promise<AuditEntry[]> {
    const qb = this.dataSource.getRepository(AuditEntry).createQueryBuilder('a').orderBy('a.seq', 'DESC').take(filter.limit);
    if (filter.entityType) qb.andWhere('a.entityType = :t', { t: filter.entityType });
    if (filter.entityId) qb.andWhere('a.entityId = :i', { i: filter.entityId });
    if (filter.beforeSeq) qb.andWhere('a.seq < :s', { s: filter.beforeSeq });
    return qb.getMany();
  }
}

export async function verifyChain(dataSource: DataSource, batchSize = 1000): Promise<{ checked: number; firstBreak: ChainBreak | null }> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1n;
  let checked = 0;
  for (;;) {
    const rows = await dataSource
      .getRepository(AuditEntry)
      .createQueryBuilder('a')
      .where('a.seq >= :from', { from: String(expectedSeq) })
      .orderBy('a.seq', 'ASC')
      .take(batchSize)
      .getMany();
    if (!rows.length) return { checked, firstBreak: null };
    for (const row of rows) {
      if (BigInt(row.seq) !== expectedSeq) {
        return { checked, firstBreak: { seq: String(expectedSeq), reason: 'gap', expected: String(expectedSeq), found: row.seq } };
      }
      if (row.prevHash !== prevHash) {
        return { checked, firstBreak: { seq: row.seq, reason: 'prev_hash_mismatch', expected: prevHash, found: row.prevHash } };
      }
      const h = entryHash(prevHash, row);
      if (h !== row.hash) return { checked, firstBreak: { seq: row.seq, reason: 'hash_mismatch', expected: h, found: row.hash } };
      prevHash = row.hash;
      expectedSeq += 1n;
      checked += 1;
    }
  }
}
