import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One reason a section stands still (a hold): an objection being answered (R29), a supervisor's order (R35), or any
 * other source. A section is suspended while at least one hold is active; each hold is released on its own, so two
 * concurrent suspensions (an objection and an order) never lift each other.
 */
@Entity('section_suspension')
export class SectionSuspension {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'section_id' })
  sectionId!: string;

  /** Who asked for it: 'objection', 'supervisor_order', … (free text for other modules). */
  @Column({ type: 'varchar', length: 40 })
  source!: string;

  /** What it is about in the source's words (a case number), for people and for release by reference. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  reference!: string | null;

  @Column({ type: 'varchar', length: 500 })
  reason!: string;

  @Column({ type: 'timestamptz', name: 'suspended_at' })
  suspendedAt!: Date;

  @Column({ type: 'uuid', name: 'suspended_by', nullable: true })
  suspendedBy!: string | null;

  @Column({ type: 'timestamptz', name: 'released_at', nullable: true })
  releasedAt!: Date | null;

  @Column({ type: 'uuid', name: 'released_by', nullable: true })
  releasedBy!: string | null;

  @Column({ type: 'varchar', length: 500, name: 'release_note', nullable: true })
  releaseNote!: string | null;
}
