import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One entry of the hash-chained, append-only audit log (R36). Inserted unchained with its change; the sequencer
 * fills `seq`, `prevHash` and `hash` once, right after the commit (docs/audit-log.md). The database refuses any
 * other UPDATE, and every DELETE and TRUNCATE.
 */
@Entity('audit_entry')
@Index(['entityType', 'entityId'])
export class AuditEntry {
  /** Insertion order (an identity column); not part of the hash. */
  @PrimaryColumn({ type: 'bigint' })
  id!: string;

  /** Position in the chain, from 1 without gaps; null until the sequencer has chained the entry. */
  @Column({ type: 'bigint', nullable: true })
  seq!: string | null;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'uuid', name: 'actor_account_id', nullable: true })
  actorAccountId!: string | null;

  @Column({ type: 'uuid', name: 'actor_organisation_id', nullable: true })
  actorOrganisationId!: string | null;

  @Column({ type: 'varchar', length: 20, name: 'actor_role' })
  actorRole!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  @Column({ type: 'varchar', length: 100 })
  action!: string;

  @Column({ type: 'varchar', length: 60, name: 'entity_type' })
  entityType!: string;

  @Column({ type: 'varchar', length: 100, name: 'entity_id' })
  entityId!: string;

  @Column({ type: 'jsonb' })
  data!: Record<string, unknown>;

  @Column({ type: 'char', length: 64, name: 'prev_hash', nullable: true })
  prevHash!: string | null;

  @Column({ type: 'char', length: 64, nullable: true })
  hash!: string | null;
}
