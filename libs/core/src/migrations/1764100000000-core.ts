import { MigrationInterface, QueryRunner } from 'typeorm';

/** Core tables: the append-only audit chain, platform settings (the shared clock), holiday calendars. */
export class Core1764100000000 implements MigrationInterface {
  name = 'Core1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_entry (
        seq bigint PRIMARY KEY,
        at timestamptz NOT NULL,
        actor_account_id uuid,
        actor_organisation_id uuid,
        actor_role varchar(20) NOT NULL,
        ip varchar(64),
        action varchar(100) NOT NULL,
        entity_type varchar(60) NOT NULL,
        entity_id varchar(100) NOT NULL,
        data jsonb NOT NULL,
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL
      )`);
    await q.query(`CREATE INDEX audit_entry_entity_idx ON audit_entry (entity_type, entity_id)`);
    await q.query(`
      CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_entry is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER audit_entry_no_change BEFORE UPDATE OR DELETE ON audit_entry FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()`);
    await q.query(`CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()`);
    await q.query(`CREATE TABLE platform_setting (key varchar(100) PRIMARY KEY, value text NOT NULL)`);
    await q.query(`
      CREATE TABLE holiday_calendar (
        year int PRIMARY KEY,
        data jsonb NOT NULL,
        loaded_at timestamptz NOT NULL,
        loaded_by uuid
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE holiday_calendar`);
    await q.query(`DROP TABLE platform_setting`);
    await q.query(`DROP TABLE audit_entry`);
    await q.query(`DROP FUNCTION audit_entry_append_only`);
  }
}
