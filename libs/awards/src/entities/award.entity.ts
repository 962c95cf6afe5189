import { Column, Entity, PrimaryColumn } from 'typeorm';
import { decimalString } from '@app/core';

/**
 * The award of a section: the winner decided (normally rank 1; another rank with a reason), the result announced
 * with the notices (R23, R26), and the deadlines after it (R24 contract, R25 supervisor report) with what was done.
 */
@Entity('award')
export class Award {
  @PrimaryColumn({ type: 'uuid', name: 'section_id' })
  sectionId!: string;

  /** Copied from the project, so that the overdue list filters by organisation in one indexed query. */
  @Column({ type: 'uuid', name: 'tenderer_org_id' })
  tendererOrgId!: string;

  @Column({ type: 'uuid', name: 'agency_org_id', nullable: true })
  agencyOrgId!: string | null;

  @Column({ type: 'uuid', name: 'evaluation_id' })
  evaluationId!: string;

  @Column({ type: 'uuid', name: 'winner_bid_id' })
  winnerBidId!: string;

  @Column({ type: 'uuid', name: 'winner_org_id' })
  winnerOrgId!: string;

  @Column({ type: 'char', length: 18, name: 'winner_code' })
  winnerCode!: string;

  @Column({ type: 'varchar', length: 200, name: 'winner_name' })
  winnerName!: string;

  @Column({ type: 'numeric', precision: 17, scale: 2, name: 'winner_price', transformer: decimalString })
  winnerPrice!: string;

  @Column({ type: 'int', name: 'winner_rank' })
  winnerRank!: number;

  @Column({ type: 'varchar', length: 2000, name: 'rank_reason', nullable: true })
  rankReason!: string | null;

  @Column({ type: 'timestamptz', name: 'decided_at' })
  decidedAt!: Date;

  @Column({ type: 'uuid', name: 'decided_by', nullable: true })
  decidedBy!: string | null;

  /** 中标/成交结果公告 and the notices (R23, R26). */
  @Column({ type: 'timestamptz', name: 'result_published_at', nullable: true })
  resultPublishedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'result_display_until', nullable: true })
  resultDisplayUntil!: Date | null;

  @Column({ type: 'timestamptz', name: 'contract_due_at', nullable: true })
  contractDueAt!: Date | null;

  @Column({ type: 'varchar', length: 500, name: 'contract_due_basis', nullable: true })
  contractDueBasis!: string | null;

  @Column({ type: 'timestamptz', name: 'report_due_at', nullable: true })
  reportDueAt!: Date | null;

  @Column({ type: 'varchar', length: 500, name: 'report_due_basis', nullable: true })
  reportDueBasis!: string | null;

  @Column({ type: 'timestamptz', name: 'contract_signed_at', nullable: true })
  contractSignedAt!: Date | null;

  @Column({ type: 'numeric', precision: 17, scale: 2, name: 'contract_amount', nullable: true, transformer: decimalString })
  contractAmount!: string | null;

  @Column({ type: 'uuid', name: 'contract_document_id', nullable: true })
  contractDocumentId!: string | null;

  @Column({ type: 'char', length: 64, name: 'contract_sha256', nullable: true })
  contractSha256!: string | null;

  @Column({ type: 'timestamptz', name: 'report_submitted_at', nullable: true })
  reportSubmittedAt!: Date | null;

  @Column({ type: 'uuid', name: 'report_document_id', nullable: true })
  reportDocumentId!: string | null;

  /** Set once by the deadline pass when the time limit passed with nothing recorded (audit entry with it). */
  @Column({ type: 'timestamptz', name: 'contract_overdue_at', nullable: true })
  contractOverdueAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'report_overdue_at', nullable: true })
  reportOverdueAt!: Date | null;
}
