import { Column, Entity, PrimaryColumn } from 'typeorm';

export interface EvaluationCandidate {
  rank: number;
  bidId: string;
  bidderOrgId: string;
  bidderCode: string;
  bidderName: string;
  /** 投标报价 as read out at the opening, copied from the opening record (never typed in). */
  bidPrice: string;
  /** 评审得分, a decimal string. */
  score: string;
  reasons: string;
}

export interface EvaluationOther {
  bidId: string;
  bidderOrgId: string;
  bidderCode: string;
  bidderName: string;
  /** null when the bid was not opened (decryption failed). */
  bidPrice: string | null;
  reason: string;
}

/** draft: recorded, not yet published; published: in a candidate publicity or the result; superseded: corrected. */
export type EvaluationStatus = 'draft' | 'published' | 'superseded';

/**
 * The evaluation result (评标结果) of a section: the report (a document with its SHA-256, R37), the committee, up to
 * three ranked candidates (R20) and every other bid with its reason. A correction is a new version; the old one is
 * kept as superseded.
 */
@Entity('award_evaluation')
export class AwardEvaluation {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'section_id' })
  sectionId!: string;

  @Column({ type: 'int' })
  version!: number;

  @Column({ type: 'varchar', length: 20 })
  status!: EvaluationStatus;

  @Column({ type: 'uuid', name: 'report_document_id' })
  reportDocumentId!: string;

  @Column({ type: 'char', length: 64, name: 'report_sha256' })
  reportSha256!: string;

  @Column({ type: 'varchar', length: 255, name: 'report_name' })
  reportName!: string;

  /** When the tenderer received the report (R21 counts from it). */
  @Column({ type: 'timestamptz', name: 'reported_at' })
  reportedAt!: Date;

  @Column({ type: 'jsonb' })
  committee!: string[];

  @Column({ type: 'jsonb' })
  candidates!: EvaluationCandidate[];

  @Column({ type: 'jsonb' })
  others!: EvaluationOther[];

  @Column({ type: 'timestamptz', name: 'recorded_at' })
  recordedAt!: Date;

  @Column({ type: 'uuid', name: 'recorded_by', nullable: true })
  recordedBy!: string | null;

  @Column({ type: 'timestamptz', name: 'superseded_at', nullable: true })
  supersededAt!: Date | null;
}
