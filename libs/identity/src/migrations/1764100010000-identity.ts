import { MigrationInterface, QueryRunner } from 'typeorm';

export class Identity1764100010000 implements MigrationInterface {
  name = 'Identity1764100010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organisation (
        id uuid PRIMARY KEY,
        uscc char(18) NOT NULL UNIQUE,
        name varchar(200) NOT NULL,
        kind varchar(20) NOT NULL CHECK (kind IN ('bidder','tenderer','agency','supervisor','platform')),
        region_code char(6),
        created_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE account (
        id uuid PRIMARY KEY,
        username varchar(64) NOT NULL UNIQUE,
        display_name varchar(100) NOT NULL,
        password_hash varchar(200) NOT NULL,
        role varchar(20) NOT NULL CHECK (role IN ('bidder','staff','supervisor','admin')),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        active boolean NOT NULL DEFAULT true,
        locked_until timestamptz,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX account_organisation_idx ON account (organisation_id)`);
    await q.query(`
      CREATE TABLE login_attempt (
        id bigserial PRIMARY KEY,
        username varchar(64) NOT NULL,
        ip varchar(64),
        at timestamptz NOT NULL,
        success boolean NOT NULL
      )`);
    await q.query(`CREATE INDEX login_attempt_username_idx ON login_attempt (username, at)`);
    await q.query(`CREATE INDEX login_attempt_ip_idx ON login_attempt (ip, at)`);
    await q.query(`
      CREATE TABLE refresh_token (
        id uuid PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES account(id),
        family_id uuid NOT NULL,
        token_hash char(64) NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX refresh_token_account_idx ON refresh_token (account_id)`);
    await q.query(`CREATE INDEX refresh_token_family_idx ON refresh_token (family_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE refresh_token`);
    await q.query(`DROP TABLE login_attempt`);
    await q.query(`DROP TABLE account`);
    await q.query(`DROP TABLE organisation`);
  }
}
