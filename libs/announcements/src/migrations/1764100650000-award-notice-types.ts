import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two notice types the awards module publishes through NoticesService.publishAwardNotice, so that they are in the
 * public list, search and feed with their own type: the candidate publicity (中标候选人公示) and the result
 * announcement (中标/成交结果公告).
 */
export class AwardNoticeTypes1764100650000 implements MigrationInterface {
  name = 'AwardNoticeTypes1764100650000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notice DROP CONSTRAINT notice_type_check`);
    await q.query(`ALTER TABLE notice ADD CONSTRAINT notice_type_check CHECK (type IN ('tender','consultation','supplement','termination','candidate_publicity','result'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notice DROP CONSTRAINT notice_type_check`);
    await q.query(`ALTER TABLE notice ADD CONSTRAINT notice_type_check CHECK (type IN ('tender','consultation','supplement','termination'))`);
  }
}
