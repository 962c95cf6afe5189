import { MigrationInterface, QueryRunner } from 'typeorm';
import { SEED_CONTENT_PAGES } from '../seed-content';

/** The public site's content pages, seeded with the texts the portal showed before they were editable. */
export class ContentPages1764100841000 implements MigrationInterface {
  name = 'ContentPages1764100841000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE content_page (
        slug varchar(40) PRIMARY KEY CHECK (slug ~ '^[a-z][a-z0-9-]{1,39}$'),
        title varchar(100) NOT NULL,
        body text NOT NULL,
        position int NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL,
        updated_by uuid
      )`);
    for (const [i, p] of SEED_CONTENT_PAGES.entries()) {
      await q.query(`INSERT INTO content_page (slug, title, body, position, updated_at) VALUES ($1, $2, $3, $4, now())`, [p.slug, p.title, p.body, i]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE content_page`);
  }
}
