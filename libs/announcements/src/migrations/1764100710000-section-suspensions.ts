import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Suspensions as holds (SectionsService.suspend / release): one row per reason a section stands still, so that
 * concurrent suspensions (an objection R29, a supervisor's order R35) are held and released separately; and the
 * flag a release sets when too little of the bid period is left (a supplement must set a new 截止, R5/R8).
 */
export class SectionSuspensions1764100710000 implements MigrationInterface {
  name = 'SectionSuspensions1764100710000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE section_suspension (
        id uuid PRIMARY KEY,
        section_id uuid NOT NULL REFERENCES tender_section(id),
        source varchar(40) NOT NULL,
        reference varchar(100),
        reason varchar(500) NOT NULL,
        suspended_at timestamptz NOT NULL,
        suspended_by uuid,
        released_at timestamptz,
        released_by uuid,
        release_note varchar(500),
        CONSTRAINT section_suspension_order CHECK (released_at IS NULL OR released_at >= suspended_at)
      )`);
    await q.query(`CREATE INDEX section_suspension_active ON section_suspension (section_id) WHERE released_at IS NULL`);
    await q.query(`ALTER TABLE tender_section ADD COLUMN new_bid_deadline_required boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tender_section DROP COLUMN new_bid_deadline_required`);
    await q.query(`DROP TABLE section_suspension`);
  }
}
