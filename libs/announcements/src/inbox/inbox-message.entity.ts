import { Column, Entity, PrimaryColumn } from 'typeorm';

export const INBOX_KINDS = ['clarification', 'termination', 'answer', 'case'] as const;
export type InboxKind = (typeof INBOX_KINDS)[number];

/** A message to an organisation inside the platform (站内信): clarifications and terminations reach every holder. */
@Entity('inbox_message')
export class InboxMessage {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'organisation_id' })
  organisationId!: string;

  @Column({ type: 'varchar', length: 40 })
  kind!: InboxKind;

  @Column({ type: 'varchar', length: 300 })
  title!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'uuid', name: 'notice_id', nullable: true })
  noticeId!: string | null;

  @Column({ type: 'uuid', name: 'section_id', nullable: true })
  sectionId!: string | null;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'read_at', nullable: true })
  readAt!: Date | null;
}
