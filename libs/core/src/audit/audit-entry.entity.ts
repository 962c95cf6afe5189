import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One entry of the hash-chained, append-only audit log (R36). The database refuses UPDATE and DELETE. */
@Entity('audit_entry')
@Index(['entityType', 'entityId'])
export class AuditEntry {
  /** Position in the chain, from 1 without gaps. */
  @PrimaryColumn({ type: 'bigint' })
  seq!: string;

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

  @Column({ type: 'char', length: 64, name: 'prev_hash' })
  prevHash!: string;

  @Column({ type: 'char', length: 64 })
  hash!: string;
}
