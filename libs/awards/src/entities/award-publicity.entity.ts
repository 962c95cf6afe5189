import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { EvaluationCandidate, EvaluationOther } from './award-evaluation.entity';

/**
 * A candidate publicity (中标候选人公示, R21, R22): what was shown, from when until when, and how to object. A new
 * publicity after a correction supersedes the previous one, which stays on record.
 */
@Entity('award_publicity')
export class AwardPublicity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'section_id' })
  sectionId!: string;

  @Column({ type: 'uuid', name: 'evaluation_id' })
  evaluationId!: string;

  /** 1 for the first publicity of the section, 2 after a correction, … */
  @Column({ type: 'int' })
  number!: number;

  @Column({ type: 'varchar', length: 20 })
  status!: 'published' | 'superseded';

  @Column({ type: 'timestamptz', name: 'published_at' })
  publishedAt!: Date;

  @Column({ type: 'timestamptz', name: 'start_at' })
  startAt!: Date;

  @Column({ type: 'timestamptz', name: 'end_at' })
  endAt!: Date;

  /** 异议方式: how, where and until when to object. */
  @Column({ type: 'varchar', length: 2000, name: 'objection_method' })
  objectionMethod!: string;

  @Column({ type: 'jsonb' })
  candidates!: EvaluationCandidate[];

  @Column({ type: 'jsonb' })
  others!: EvaluationOther[];

  @Column({ type: 'timestamptz', name: 'superseded_at', nullable: true })
  supersededAt!: Date | null;
}
