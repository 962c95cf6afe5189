import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An objection raised at the opening and its answer, given on the spot (R19, 实施条例 art. 44). */
@Entity('opening_objection')
export class OpeningObjection {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'section_id' })
  sectionId!: string;

  @Column({ type: 'uuid', name: 'organisation_id' })
  organisationId!: string;

  @Column({ type: 'uuid', name: 'account_id' })
  accountId!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  @Column({ type: 'varchar', length: 2000 })
  text!: string;

  @Column({ type: 'timestamptz', name: 'raised_at' })
  raisedAt!: Date;

  @Column({ type: 'varchar', length: 4000, nullable: true })
  answer!: string | null;

  @Column({ type: 'timestamptz', name: 'answered_at', nullable: true })
  answeredAt!: Date | null;

  @Column({ type: 'uuid', name: 'answered_by', nullable: true })
  answeredBy!: string | null;
}
