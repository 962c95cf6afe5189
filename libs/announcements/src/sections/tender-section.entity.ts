import { Column, Entity, PrimaryColumn } from 'typeorm';
import { decimalString } from '@app/core';
import type { SectionState } from './section-lifecycle';

/**
 * A section (标段): the unit that is bid on, opened and awarded. It owns its lifecycle state, its key dates and
 * its suspension flag; other modules read and move it only through SectionsService.
 */
@Entity('tender_section')
export class TenderSection {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'project_id' })
  projectId!: string;

  /** The project code + `-001`: the bidSectionCode upstream. */
  @Column({ type: 'varchar', length: 50 })
  code!: string;

  @Column({ type: 'int' })
  number!: number;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** 估算价 (construction) or 预算金额 (government), yuan. */
  @Column({ type: 'numeric', precision: 15, scale: 2, name: 'estimated_price', transformer: decimalString })
  estimatedPrice!: string;

  /** 投标保证金, yuan (R9). */
  @Column({ type: 'numeric', precision: 15, scale: 2, name: 'bid_security', transformer: decimalString })
  bidSecurity!: string;

  /** 投标截止时间 (截止) */
  @Column({ type: 'timestamptz', name: 'bid_deadline' })
  bidDeadline!: Date;

  /** 开标时间: always equal to 截止 (R17). */
  @Column({ type: 'timestamptz', name: 'opening_time' })
  openingTime!: Date;

  /** End of the decryption window at opening (R18), set by the bids module. */
  @Column({ type: 'timestamptz', name: 'decryption_window_end', nullable: true })
  decryptionWindowEnd!: Date | null;

  /** 招标文件开始发出 (R5, R6), set when the tender notice is published. */
  @Column({ type: 'timestamptz', name: 'documents_issued_at', nullable: true })
  documentsIssuedAt!: Date | null;

  /** 招标文件获取截止 (R6). */
  @Column({ type: 'timestamptz', name: 'documents_until', nullable: true })
  documentsUntil!: Date | null;

  /** When the evaluation report was recorded (评标报告; R21 counts from it). */
  @Column({ type: 'timestamptz', name: 'evaluation_reported_at', nullable: true })
  evaluationReportedAt!: Date | null;

  /** The candidate publicity period (中标候选人公示, R22); objections to the result fall inside it (R28). */
  @Column({ type: 'timestamptz', name: 'publicity_start', nullable: true })
  publicityStart!: Date | null;

  @Column({ type: 'timestamptz', name: 'publicity_end', nullable: true })
  publicityEnd!: Date | null;

  /** When the result announcement was published (中标/成交结果公告, R23; the government window of R28 counts from it). */
  @Column({ type: 'timestamptz', name: 'result_announced_at', nullable: true })
  resultAnnouncedAt!: Date | null;

  /** When the award notice was issued (中标通知书; R24 and R25 count from it). */
  @Column({ type: 'timestamptz', name: 'awarded_at', nullable: true })
  awardedAt!: Date | null;

  @Column({ type: 'varchar', length: 20 })
  status!: SectionState;

  /** Suspended by an objection or a supervisor (R29, R35): no move but termination. */
  @Column({ type: 'boolean', default: false })
  suspended!: boolean;

  @Column({ type: 'varchar', length: 500, name: 'suspended_reason', nullable: true })
  suspendedReason!: string | null;

  /** Set when the last suspension was released with too little of the bid period left: a supplement must set a new 截止. */
  @Column({ type: 'boolean', name: 'new_bid_deadline_required', default: false })
  newBidDeadlineRequired!: boolean;

  @Column({ type: 'timestamptz', name: 'terminated_at', nullable: true })
  terminatedAt!: Date | null;

  /** R10 (government): fees and securities refunded by then. */
  @Column({ type: 'timestamptz', name: 'refund_due_at', nullable: true })
  refundDueAt!: Date | null;

  @Column({ type: 'boolean', name: 'refund_due_provisional', default: false })
  refundDueProvisional!: boolean;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;

  /** Bumped by every change: optimistic checks of concurrent moves. */
  @Column({ type: 'int', default: 1 })
  version!: number;
}
