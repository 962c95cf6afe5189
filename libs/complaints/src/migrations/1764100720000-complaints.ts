import { MigrationInterface, QueryRunner } from 'typeorm';

/** Objections and complaints (R27–R35), their pauses, steps and attachments, and the case-number counters. */
export class Complaints1764100720000 implements MigrationInterface {
  name = 'Complaints1764100720000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE complaint_case (
        id uuid PRIMARY KEY,
        case_number varchar(30) NOT NULL UNIQUE,
        kind varchar(20) NOT NULL CHECK (kind IN ('objection', 'complaint')),
        procedure_type varchar(20) NOT NULL,
        subject varchar(30) NOT NULL CHECK (subject IN ('tender_documents', 'opening', 'evaluation_result', 'other')),
        section_id uuid NOT NULL,
        section_code varchar(50) NOT NULL,
        project_code varchar(60) NOT NULL,
        project_name varchar(200) NOT NULL,
        tenderer_org_id uuid NOT NULL,
        agency_org_id uuid,
        complainant_org_id uuid NOT NULL,
        complainant_org_name varchar(200) NOT NULL,
        complainant_account_id uuid,
        contact_name varchar(100) NOT NULL,
        contact_phone varchar(50) NOT NULL,
        department_org_id uuid NOT NULL,
        department_name varchar(200) NOT NULL,
        prior_objection_id uuid REFERENCES complaint_case(id),
        known_at timestamptz,
        content text NOT NULL,
        filed_at timestamptz NOT NULL,
        accepted_at timestamptz,
        promised_by timestamptz NOT NULL,
        promise_rule varchar(5) NOT NULL,
        status varchar(20) NOT NULL CHECK (status IN ('submitted', 'accepted', 'rejected', 'answered', 'decided')),
        answer text,
        result_summary varchar(500),
        closed_at timestamptz,
        closed_late boolean,
        suspension_id uuid,
        version int NOT NULL DEFAULT 1
      )`);
    // the board: newest first, by kind / status / department / section
    await q.query(`CREATE INDEX complaint_case_board ON complaint_case (filed_at DESC, id DESC)`);
    await q.query(`CREATE INDEX complaint_case_department ON complaint_case (department_org_id, filed_at DESC, id DESC)`);
    await q.query(`CREATE INDEX complaint_case_status ON complaint_case (status, filed_at DESC, id DESC)`);
    await q.query(`CREATE INDEX complaint_case_section ON complaint_case (section_code, filed_at DESC)`);
    await q.query(`CREATE INDEX complaint_case_complainant ON complaint_case (complainant_org_id, filed_at DESC)`);
    await q.query(`
      CREATE TABLE complaint_pause (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES complaint_case(id),
        kind varchar(20) NOT NULL,
        reason varchar(500) NOT NULL,
        from_at timestamptz NOT NULL,
        to_at timestamptz,
        CHECK (to_at IS NULL OR to_at >= from_at)
      )`);
    await q.query(`CREATE INDEX complaint_pause_case ON complaint_pause (case_id)`);
    await q.query(`CREATE UNIQUE INDEX complaint_pause_one_open ON complaint_pause (case_id) WHERE to_at IS NULL`);
    await q.query(`
      CREATE TABLE complaint_event (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES complaint_case(id),
        at timestamptz NOT NULL,
        action varchar(40) NOT NULL,
        actor_role varchar(20) NOT NULL,
        actor_org_id uuid,
        note text,
        public_note varchar(300) NOT NULL
      )`);
    await q.query(`CREATE INDEX complaint_event_case ON complaint_event (case_id, id)`);
    await q.query(`
      CREATE TABLE complaint_attachment (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES complaint_case(id),
        document_id uuid NOT NULL,
        name varchar(255) NOT NULL,
        size bigint NOT NULL,
        sha256 char(64) NOT NULL,
        uploader_org_id uuid,
        uploaded_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX complaint_attachment_case ON complaint_attachment (case_id)`);
    await q.query(`
      CREATE TABLE complaint_case_counter (
        prefix varchar(4) NOT NULL,
        year int NOT NULL,
        last int NOT NULL,
        PRIMARY KEY (prefix, year)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE complaint_case_counter`);
    await q.query(`DROP TABLE complaint_attachment`);
    await q.query(`DROP TABLE complaint_event`);
    await q.query(`DROP TABLE complaint_pause`);
    await q.query(`DROP TABLE complaint_case`);
  }
}
