import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The key dates of a section after its opening, owned here like 截止 (docs/design.md "The shape"): the evaluation
 * report's time (R21 counts from it), the candidate publicity period (R22, objections to the result R28 fall
 * inside it), the result announcement (R23, the government procedure's objection window R28 counts from it)
 * and the award notice (R24, R25 count from it). The awards module sets them, complaints reads them.
 */
export class SectionAwardDates1764100600000 implements MigrationInterface {
  name = 'SectionAwardDates1764100600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE tender_section
        ADD COLUMN evaluation_reported_at timestamptz,
        ADD COLUMN publicity_start timestamptz,
        ADD COLUMN publicity_end timestamptz,
        ADD COLUMN result_announced_at timestamptz,
        ADD COLUMN awarded_at timestamptz,
        ADD CONSTRAINT tender_section_publicity_order CHECK (publicity_end IS NULL OR publicity_start IS NULL OR publicity_end > publicity_start)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE tender_section
        DROP CONSTRAINT tender_section_publicity_order,
        DROP COLUMN evaluation_reported_at,
        DROP COLUMN publicity_start,
        DROP COLUMN publicity_end,
        DROP COLUMN result_announced_at,
        DROP COLUMN awarded_at`);
  }
}
