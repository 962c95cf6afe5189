import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ProcedureType } from '@app/core';
import { bigintAsNumber } from '@app/core';

/** tender 招标公告 | consultation 征求意见公告 | supplement 补充/变更/澄清公告 | termination 终止公告 */
export const DRAFT_NOTICE_TYPES = ['tender', 'consultation', 'supplement', 'termination'] as const;
export type DraftNoticeType = (typeof DRAFT_NOTICE_TYPES)[number];
/**
 * The notices staff write as drafts, and the two the awards module publishes at once through
 * `NoticesService.publishAwardNotice`: candidate_publicity 中标候选人公示 | result 中标/成交结果公告.
 */
export const NOTICE_TYPES = [...DRAFT_NOTICE_TYPES, 'candidate_publicity', 'result'] as const;
export type NoticeType = (typeof NOTICE_TYPES)[number];

/** What a supplement is called: 补充公告 | 变更公告 | 澄清公告. */
export const CHANGE_KINDS = ['supplement', 'change', 'clarification'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** draft → published → superseded (by a supplement or termination) | withdrawn */
export const NOTICE_STATUSES = ['draft', 'published', 'superseded', 'withdrawn'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

/** A draft answer to a question (答疑), published with the clarification that carries it. */
export interface DraftAnswer {
  questionId: string;
  answer: string;
}

/**
 * A notice (公告). A published notice is never edited: a change is a new supplement that names it.
 * The search text and vector (week-bucketed trigrams, see search/gram-search.ts) is written by SQL when it is published.
 */
@Entity('notice')
export class Notice {
  @PrimaryColumn('uuid')
  id!: string;

  /** The project code + `-N001`: the noticeId upstream. */
  @Column({ type: 'varchar', length: 60 })
  code!: string;

  @Column({ type: 'uuid', name: 'project_id' })
  projectId!: string;

  @Column({ type: 'varchar', length: 20 })
  type!: NoticeType;

  @Column({ type: 'varchar', length: 20, name: 'change_kind', nullable: true })
  changeKind!: ChangeKind | null;

  @Column({ type: 'varchar', length: 20 })
  status!: NoticeStatus;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'text' })
  content!: string;

  /** For a supplement or termination: the notice it changes. */
  @Column({ type: 'uuid', name: 'related_notice_id', nullable: true })
  relatedNoticeId!: string | null;

  /** The first notice of the chain (itself for a first notice), set at publication. */
  @Column({ type: 'uuid', name: 'first_notice_id', nullable: true })
  firstNoticeId!: string | null;

  /** Supplement: affects the preparation of bids (R8). */
  @Column({ type: 'boolean', name: 'affects_bid_preparation', default: false })
  affectsBidPreparation!: boolean;

  /** Supplement: the new 截止 it carries (R8). */
  @Column({ type: 'timestamptz', name: 'new_bid_deadline', nullable: true })
  newBidDeadline!: Date | null;

  /** Tender notice: when the tender documents start being available (default: at publication). */
  @Column({ type: 'timestamptz', name: 'documents_from', nullable: true })
  documentsFrom!: Date | null;

  /** Tender notice (or a supplement that extends it): 招标文件获取截止 (R6). */
  @Column({ type: 'timestamptz', name: 'documents_until', nullable: true })
  documentsUntil!: Date | null;

  /** Tender notice: 公告期限届满 (R7). */
  @Column({ type: 'timestamptz', name: 'notice_period_end', nullable: true })
  noticePeriodEnd!: Date | null;

  /** Consultation notice: 意见征询期 end (R11). */
  @Column({ type: 'timestamptz', name: 'comment_period_end', nullable: true })
  commentPeriodEnd!: Date | null;

  /** Clarification: answers to questions, copied to the questions when it is published. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  answers!: DraftAnswer[];

  @Column({ type: 'timestamptz', name: 'published_at', nullable: true })
  publishedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'withdrawn_at', nullable: true })
  withdrawnAt!: Date | null;

  @Column({ type: 'varchar', length: 500, name: 'withdraw_reason', nullable: true })
  withdrawReason!: string | null;

  @Column({ type: 'timestamptz', name: 'superseded_at', nullable: true })
  supersededAt!: Date | null;

  @Column({ type: 'uuid', name: 'superseded_by', nullable: true })
  supersededBy!: string | null;

  /** Copied from the project for the public list's filters (one table, one index). */
  @Column({ type: 'varchar', length: 20, name: 'procedure_type' })
  procedureType!: ProcedureType;

  @Column({ type: 'char', length: 6, name: 'region_code' })
  regionCode!: string;

  @Column({ type: 'varchar', length: 200, name: 'project_name' })
  projectName!: string;

  @Column({ type: 'uuid', name: 'created_by', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;

  @Column({ type: 'int', default: 1 })
  version!: number;
}

/** The sections a notice is about (bidSectionCodes upstream). */
@Entity('notice_section')
export class NoticeSection {
  @PrimaryColumn({ type: 'uuid', name: 'notice_id' })
  noticeId!: string;

  @PrimaryColumn({ type: 'uuid', name: 'section_id' })
  sectionId!: string;
}

/** attachment 公告附件 (public) | tender-document 招标文件 (bidder account, every download logged). */
export const ATTACHMENT_KINDS = ['attachment', 'tender-document'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/** A file of a notice, stored through libs/documents; name, hash and size copied for the record upstream (R37). */
@Entity('notice_attachment')
export class NoticeAttachment {
  @PrimaryColumn({ type: 'uuid', name: 'notice_id' })
  noticeId!: string;

  @PrimaryColumn({ type: 'uuid', name: 'document_id' })
  documentId!: string;

  @Column({ type: 'varchar', length: 20 })
  kind!: AttachmentKind;

  @Column({ type: 'int' })
  position!: number;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'varchar', length: 127, name: 'content_type' })
  contentType!: string;

  @Column({ type: 'char', length: 64 })
  sha256!: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  size!: number;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
