import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A question (答疑) from a holder of the tender documents. The asker is never shown to other bidders. */
@Entity('tender_question')
export class TenderQuestion {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'section_id' })
  sectionId!: string;

  @Column({ type: 'uuid', name: 'asker_org_id' })
  askerOrgId!: string;

  @Column({ type: 'uuid', name: 'asker_account_id' })
  askerAccountId!: string;

  @Column({ type: 'varchar', length: 2000 })
  text!: string;

  @Column({ type: 'timestamptz', name: 'asked_at' })
  askedAt!: Date;

  @Column({ type: 'text', nullable: true })
  answer!: string | null;

  /** The clarification (澄清公告) that carried the answer. */
  @Column({ type: 'uuid', name: 'answer_notice_id', nullable: true })
  answerNoticeId!: string | null;

  @Column({ type: 'timestamptz', name: 'answered_at', nullable: true })
  answeredAt!: Date | null;
}
