import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One download of a tender document (R13): who, when, from where. Written once, never changed. */
@Entity('document_download')
export class DocumentDownload {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'project_id' })
  projectId!: string;

  @Column({ type: 'uuid', name: 'notice_id' })
  noticeId!: string;

  @Column({ type: 'uuid', name: 'document_id' })
  documentId!: string;

  @Column({ type: 'uuid', name: 'organisation_id' })
  organisationId!: string;

  @Column({ type: 'uuid', name: 'account_id' })
  accountId!: string;

  @Column({ type: 'varchar', length: 20 })
  role!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  @Column({ type: 'varchar', length: 300, name: 'user_agent', nullable: true })
  userAgent!: string | null;

  @Column({ type: 'timestamptz' })
  at!: Date;
}

/** A bidder organisation that holds a section's tender documents (下载了招标文件): notified of every clarification. */
@Entity('document_holder')
export class DocumentHolder {
  @PrimaryColumn({ type: 'uuid', name: 'section_id' })
  sectionId!: string;

  @PrimaryColumn({ type: 'uuid', name: 'organisation_id' })
  organisationId!: string;

  @Column({ type: 'timestamptz', name: 'first_downloaded_at' })
  firstDownloadedAt!: Date;

  @Column({ type: 'timestamptz', name: 'last_downloaded_at' })
  lastDownloadedAt!: Date;
}
