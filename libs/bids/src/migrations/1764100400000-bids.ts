import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bids (投标文件) with their receipts (回执), the bid events kept sealed until 截止, the opening (开标) with its
 * record (开标记录) and the objections raised at it (R14–R19, R37).
 *
 * Nothing here may tell anyone before 截止 who has bid or how many: ids and receipt numbers are random, and
 * the audit entries of bid events are written at 截止 from `bid_event` (see BidOpeningService.open).
 */
export class Bids1764100400000 implements MigrationInterface {
  name = 'Bids1764100400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE bid (
        id uuid PRIMARY KEY,
        section_id uuid NOT NULL REFERENCES tender_section(id),
        bidder_org_id uuid NOT NULL REFERENCES organisation(id),
        bidder_code char(18) NOT NULL,
        bidder_name varchar(200) NOT NULL,
        version int NOT NULL CHECK (version >= 1),
        status varchar(20) NOT NULL CHECK (status IN
          ('received','replaced','withdrawn','decrypted','decryption_failed','candidate','unsuccessful','winner')),
        receipt_number varchar(40) NOT NULL,
        received_at timestamptz NOT NULL,
        document_id uuid NOT NULL REFERENCES document(id),
        sha256 char(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size bigint NOT NULL CHECK (size > 0),
        key_fingerprint char(64) NOT NULL CHECK (key_fingerprint ~ '^[0-9a-f]{64}$'),
        chunk_size int NOT NULL,
        security_amount numeric(15,2) NOT NULL CHECK (security_amount >= 0),
        security_form varchar(20) NOT NULL,
        receipt_payload text NOT NULL,
        receipt_signature varchar(200) NOT NULL,
        receipt_key_id char(64) NOT NULL,
        submitted_by uuid NOT NULL,
        submitted_ip varchar(64),
        superseded_by uuid REFERENCES bid(id),
        superseded_at timestamptz,
        withdrawn_at timestamptz,
        withdrawal_payload text,
        withdrawal_signature varchar(200),
        decryption_attempts int NOT NULL DEFAULT 0,
        decryption_error varchar(40),
        decryption_final boolean NOT NULL DEFAULT false,
        decrypted_at timestamptz,
        opening_key char(64),
        bid_price numeric(17,2),
        duration_days int,
        read_out_items jsonb,
        file_name varchar(255),
        plaintext_size bigint,
        plaintext_sha256 char(64),
        CONSTRAINT bid_receipt_number_uq UNIQUE (receipt_number),
        CONSTRAINT bid_version_uq UNIQUE (section_id, bidder_org_id, version)
      )`);
    // At most one bid of a bidder counts in a section: the latest one, neither replaced nor withdrawn.
    await q.query(`CREATE UNIQUE INDEX bid_counting_uq ON bid (section_id, bidder_org_id) WHERE status NOT IN ('replaced','withdrawn')`);
    // A bidder's own bids, newest first (GET /bids/mine).
    await q.query(`CREATE INDEX bid_bidder_idx ON bid (bidder_org_id, received_at DESC, id DESC)`);

    // Bid events, append-only; turned into audit entries at 截止 so that the audit log says nothing before it.
    await q.query(`
      CREATE TABLE bid_event (
        id uuid PRIMARY KEY,
        section_id uuid NOT NULL REFERENCES tender_section(id),
        bid_id uuid NOT NULL REFERENCES bid(id),
        kind varchar(20) NOT NULL CHECK (kind IN ('submitted','withdrawn')),
        at timestamptz NOT NULL,
        account_id uuid,
        organisation_id uuid,
        role varchar(20) NOT NULL,
        ip varchar(64),
        data jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX bid_event_section_idx ON bid_event (section_id, at, id)`);
    await q.query(`
      CREATE FUNCTION bid_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'bid_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER bid_event_no_change BEFORE UPDATE OR DELETE ON bid_event FOR EACH ROW EXECUTE FUNCTION bid_event_append_only()`);

    await q.query(`
      CREATE TABLE bid_opening (
        section_id uuid PRIMARY KEY REFERENCES tender_section(id),
        status varchar(20) NOT NULL CHECK (status IN ('decrypting','closed','failed')),
        bid_open_time timestamptz NOT NULL,
        started_at timestamptz NOT NULL,
        bid_count int NOT NULL,
        decryption_window_end timestamptz,
        failure_reason varchar(40),
        closed_at timestamptz,
        close_reason varchar(40),
        record jsonb,
        record_text text,
        record_sha256 char(64),
        published_at timestamptz,
        CHECK ((status = 'decrypting') = (record_text IS NULL))
      )`);
    // The scheduler's second job: openings whose decryption window has ended.
    await q.query(`CREATE INDEX bid_opening_window_idx ON bid_opening (decryption_window_end) WHERE status = 'decrypting'`);

    await q.query(`
      CREATE TABLE opening_objection (
        id uuid PRIMARY KEY,
        section_id uuid NOT NULL REFERENCES bid_opening(section_id),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        account_id uuid NOT NULL,
        ip varchar(64),
        text varchar(2000) NOT NULL,
        raised_at timestamptz NOT NULL,
        answer varchar(4000),
        answered_at timestamptz,
        answered_by uuid
      )`);
    await q.query(`CREATE INDEX opening_objection_section_idx ON opening_objection (section_id, raised_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE opening_objection`);
    await q.query(`DROP TABLE bid_opening`);
    await q.query(`DROP TABLE bid_event`);
    await q.query(`DROP FUNCTION bid_event_append_only`);
    await q.query(`DROP TABLE bid`);
  }
}
