import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The disclosure statistics (libs/platform StatisticsService) count notices published and tender documents
 * downloaded in a period: each count is an index-only range scan of these (NoticesService.publishedCounts,
 * TenderDocumentsService.downloadCounts).
 */
export class StatisticsIndexes1764100810000 implements MigrationInterface {
  name = 'StatisticsIndexes1764100810000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX notice_published_type_idx ON notice (published_at, type) WHERE published_at IS NOT NULL`);
    await q.query(`CREATE INDEX document_download_at_idx ON document_download (at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX document_download_at_idx`);
    await q.query(`DROP INDEX notice_published_type_idx`);
  }
}
