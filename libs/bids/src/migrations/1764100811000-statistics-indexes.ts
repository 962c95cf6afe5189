import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The disclosure statistics (libs/platform StatisticsService) count bids received and sections opened or failed
 * in a period: each count is an index-only range scan of these (BidSubmissionService.receivedCounts,
 * BidOpeningService.openingCounts).
 */
export class BidStatisticsIndexes1764100811000 implements MigrationInterface {
  name = 'BidStatisticsIndexes1764100811000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX bid_received_idx ON bid (received_at) INCLUDE (status)`);
    await q.query(`CREATE INDEX bid_opening_time_idx ON bid_opening (bid_open_time) INCLUDE (status)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX bid_opening_time_idx`);
    await q.query(`DROP INDEX bid_received_idx`);
  }
}
