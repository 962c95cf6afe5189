import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Files attached to a content page (the 文件下载 column's templates and guides): each is a document of libs/documents
 * (purpose `content-file`), listed here with what the public page shows of it, in the order uploaded.
 */
export class ContentFiles1764100860000 implements MigrationInterface {
  name = 'ContentFiles1764100860000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE content_file (
        document_id uuid PRIMARY KEY REFERENCES document (id),
        slug varchar(40) NOT NULL REFERENCES content_page (slug),
        name varchar(255) NOT NULL,
        content_type varchar(127) NOT NULL,
        size bigint NOT NULL CHECK (size > 0),
        sha256 char(64) NOT NULL,
        position int NOT NULL,
        uploaded_at timestamptz NOT NULL,
        uploaded_by uuid
      )`);
    await q.query(`CREATE INDEX content_file_page_idx ON content_file (slug, position)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE content_file`);
  }
}
