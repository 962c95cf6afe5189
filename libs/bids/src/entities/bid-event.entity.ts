import { Column, Entity, PrimaryColumn } from 'typeorm';

export type BidEventKind = 'submitted' | 'withdrawn';

/**
 * A bid event (submission, replacement, withdrawal) with who, when and from where. Append-only. Kept out of
 * the audit log until 截止 (an entry there would tell administrators who has bid), and written into it by
 * the opening transaction, in order, with the original actor and time (R16, R36).
 */
@Entity('bid_event')
export class BidEvent {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'section_id' })
  sectionId!: string;

  @Column({ type: 'uuid', name: 'bid_id' })
  bidId!: string;

  @Column({ type: 'varchar', length: 20 })
  kind!: BidEventKind;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'uuid', name: 'account_id', nullable: true })
  accountId!: string | null;

  @Column({ type: 'uuid', name: 'organisation_id', nullable: true })
  organisationId!: string | null;

  @Column({ type: 'varchar', length: 20 })
  role!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  @Column({ type: 'jsonb' })
  data!: Record<string, unknown>;
}
