import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A comment on a consultation notice (征求意见), recorded during its comment period (R11). */
@Entity('consultation_comment')
export class ConsultationComment {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'notice_id' })
  noticeId!: string;

  @Column({ type: 'uuid', name: 'organisation_id' })
  organisationId!: string;

  @Column({ type: 'uuid', name: 'account_id' })
  accountId!: string;

  @Column({ type: 'varchar', length: 2000 })
  text!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  @Column({ type: 'timestamptz' })
  at!: Date;
}
