import { MigrationInterface, QueryRunner } from 'typeorm';

/** The document table: one row per stored object (libs/documents). */
export class Documents1764100100000 implements MigrationInterface {
  name = 'Documents1764100100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE document (
        id uuid PRIMARY KEY,
        object_key varchar(512) NOT NULL,
        purpose varchar(40) NOT NULL,
        original_name varchar(255) NOT NULL,
        content_type varchar(127) NOT NULL,
        size bigint NOT NULL CHECK (size >= 0),
        sha256 char(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        created_at timestamptz NOT NULL,
        created_by uuid,
        uploader_org_id uuid,
        CONSTRAINT document_object_key_uq UNIQUE (object_key)
      )`);
    await q.query(`CREATE INDEX document_uploader_org_idx ON document (uploader_org_id, created_at)`);
    await q.query(`CREATE INDEX document_sha256_idx ON document (sha256)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE document`);
  }
}
