import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Awards (R20–R26): the evaluation result with its versions, the candidate publicities, the award with its
 * deadlines, and the signed notices to each bidder.
 */
export class Awards1764100730000 implements MigrationInterface {
  name = 'Awards1764100730000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE award_evaluation (
        id uuid PRIMARY KEY,
        section_id uuid NOT NULL REFERENCES tender_section(id),
        version int NOT NULL CHECK (version >= 1),
        status varchar(20) NOT NULL CHECK (status IN ('draft','published','superseded')),
        report_document_id uuid NOT NULL REFERENCES document(id),
        report_sha256 char(64) NOT NULL CHECK (report_sha256 ~ '^[0-9a-f]{64}$'),
        report_name varchar(255) NOT NULL,
        reported_at timestamptz NOT NULL,
        committee jsonb NOT NULL,
        candidates jsonb NOT NULL,
        others jsonb NOT NULL,
        recorded_at timestamptz NOT NULL,
        recorded_by uuid,
        superseded_at timestamptz,
        UNIQUE (section_id, version)
      )`);
    await q.query(`CREATE UNIQUE INDEX award_evaluation_current_idx ON award_evaluation (section_id) WHERE status <> 'superseded'`);
    await q.query(`
      CREATE TABLE award_publicity (
        id uuid PRIMARY KEY,
        section_id uuid NOT NULL REFERENCES tender_section(id),
        evaluation_id uuid NOT NULL REFERENCES award_evaluation(id),
        number int NOT NULL CHECK (number >= 1),
        status varchar(20) NOT NULL CHECK (status IN ('published','superseded')),
        published_at timestamptz NOT NULL,
        start_at timestamptz NOT NULL,
        end_at timestamptz NOT NULL CHECK (end_at > start_at),
        objection_method varchar(2000) NOT NULL,
        candidates jsonb NOT NULL,
        others jsonb NOT NULL,
        superseded_at timestamptz,
        UNIQUE (section_id, number)
      )`);
    await q.query(`CREATE INDEX award_publicity_published_idx ON award_publicity (published_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE award (
        section_id uuid PRIMARY KEY REFERENCES tender_section(id),
        tenderer_org_id uuid NOT NULL,
        agency_org_id uuid,
        evaluation_id uuid NOT NULL REFERENCES award_evaluation(id),
        winner_bid_id uuid NOT NULL,
        winner_org_id uuid NOT NULL,
        winner_code char(18) NOT NULL,
        winner_name varchar(200) NOT NULL,
        winner_price numeric(17,2) NOT NULL,
        winner_rank int NOT NULL CHECK (winner_rank >= 1),
        rank_reason varchar(2000),
        decided_at timestamptz NOT NULL,
        decided_by uuid,
        result_published_at timestamptz,
        result_display_until timestamptz,
        contract_due_at timestamptz,
        contract_due_basis varchar(500),
        report_due_at timestamptz,
        report_due_basis varchar(500),
        contract_signed_at timestamptz,
        contract_amount numeric(17,2),
        contract_document_id uuid REFERENCES document(id),
        contract_sha256 char(64),
        report_submitted_at timestamptz,
        report_document_id uuid REFERENCES document(id),
        contract_overdue_at timestamptz,
        report_overdue_at timestamptz,
        CHECK (winner_rank = 1 OR rank_reason IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX award_contract_due_idx ON award (contract_due_at) WHERE contract_signed_at IS NULL`);
    await q.query(`CREATE INDEX award_report_due_idx ON award (report_due_at) WHERE report_submitted_at IS NULL AND report_due_at IS NOT NULL`);
    await q.query(`
      CREATE TABLE award_notice (
        id uuid PRIMARY KEY,
        section_id uuid NOT NULL REFERENCES tender_section(id),
        kind varchar(10) NOT NULL CHECK (kind IN ('award','result')),
        number varchar(80) NOT NULL UNIQUE,
        bid_id uuid NOT NULL,
        bidder_org_id uuid NOT NULL,
        bidder_code char(18) NOT NULL,
        bidder_name varchar(200) NOT NULL,
        document_id uuid NOT NULL REFERENCES document(id),
        sha256 char(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size bigint NOT NULL,
        payload text NOT NULL,
        signature varchar(200) NOT NULL,
        key_id char(64) NOT NULL,
        issued_at timestamptz NOT NULL,
        UNIQUE (section_id, bid_id)
      )`);
    await q.query(`CREATE INDEX award_notice_bidder_idx ON award_notice (bidder_org_id, issued_at DESC)`);
    await q.query(`CREATE INDEX award_notice_sha256_idx ON award_notice (sha256)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE award_notice`);
    await q.query(`DROP TABLE award`);
    await q.query(`DROP TABLE award_publicity`);
    await q.query(`DROP TABLE award_evaluation`);
  }
}
