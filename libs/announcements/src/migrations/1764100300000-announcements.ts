import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tender projects, sections (标段), notices and their sections and files, the download log and holders,
 * questions (答疑), consultation comments and the inbox. The public list reads one table (notice) behind
 * (published_at, id) and a GIN index on character bigrams (since replaced by search/gram-search.ts).
 */
export class Announcements1764100300000 implements MigrationInterface {
  name = 'Announcements1764100300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE tender_project_counter (year int PRIMARY KEY, last_value int NOT NULL)`);
    await q.query(`
      CREATE TABLE tender_project (
        id uuid PRIMARY KEY,
        code varchar(40) NOT NULL UNIQUE,
        name varchar(200) NOT NULL,
        procedure_type varchar(20) NOT NULL CHECK (procedure_type IN ('construction','government')),
        region_code char(6) NOT NULL CHECK (region_code ~ '^[0-9]{6}$'),
        tenderer_org_id uuid NOT NULL REFERENCES organisation(id),
        agency_org_id uuid REFERENCES organisation(id),
        funding_source varchar(200) NOT NULL,
        notice_count int NOT NULL DEFAULT 0,
        section_count int NOT NULL DEFAULT 0,
        created_by uuid,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        version int NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE INDEX tender_project_tenderer_idx ON tender_project (tenderer_org_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX tender_project_agency_idx ON tender_project (agency_org_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX tender_project_created_idx ON tender_project (created_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE tender_section (
        id uuid PRIMARY KEY,
        project_id uuid NOT NULL REFERENCES tender_project(id),
        code varchar(50) NOT NULL UNIQUE,
        number int NOT NULL CHECK (number BETWEEN 1 AND 999),
        name varchar(200) NOT NULL,
        estimated_price numeric(15,2) NOT NULL CHECK (estimated_price > 0),
        bid_security numeric(15,2) NOT NULL CHECK (bid_security >= 0),
        bid_deadline timestamptz NOT NULL,
        opening_time timestamptz NOT NULL,
        decryption_window_end timestamptz,
        documents_issued_at timestamptz,
        documents_until timestamptz,
        status varchar(20) NOT NULL CHECK (status IN
          ('draft','published','opening','opened','evaluated','publicity','awarded','contracted','failed','terminated')),
        suspended boolean NOT NULL DEFAULT false,
        suspended_reason varchar(500),
        terminated_at timestamptz,
        refund_due_at timestamptz,
        refund_due_provisional boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        version int NOT NULL DEFAULT 1,
        UNIQUE (project_id, number),
        CHECK (opening_time = bid_deadline)
      )`);
    // The deadline scheduler: published sections whose 截止 has come.
    await q.query(`CREATE INDEX tender_section_due_idx ON tender_section (bid_deadline) WHERE status = 'published'`);

    await q.query(`
      CREATE TABLE notice (
        id uuid PRIMARY KEY,
        code varchar(60) NOT NULL UNIQUE,
        project_id uuid NOT NULL REFERENCES tender_project(id),
        type varchar(20) NOT NULL CHECK (type IN ('tender','consultation','supplement','termination')),
        change_kind varchar(20) CHECK (change_kind IN ('supplement','change','clarification')),
        status varchar(20) NOT NULL CHECK (status IN ('draft','published','superseded','withdrawn')),
        title varchar(200) NOT NULL,
        content text NOT NULL,
        related_notice_id uuid REFERENCES notice(id),
        first_notice_id uuid REFERENCES notice(id),
        affects_bid_preparation boolean NOT NULL DEFAULT false,
        new_bid_deadline timestamptz,
        documents_from timestamptz,
        documents_until timestamptz,
        notice_period_end timestamptz,
        comment_period_end timestamptz,
        answers jsonb NOT NULL DEFAULT '[]',
        published_at timestamptz,
        withdrawn_at timestamptz,
        withdraw_reason varchar(500),
        superseded_at timestamptz,
        superseded_by uuid REFERENCES notice(id),
        procedure_type varchar(20) NOT NULL,
        region_code char(6) NOT NULL,
        project_name varchar(200) NOT NULL,
        search_vector tsvector,
        created_by uuid,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        version int NOT NULL DEFAULT 1,
        CHECK ((status = 'draft') = (published_at IS NULL)),
        CHECK (type NOT IN ('supplement','termination') OR related_notice_id IS NOT NULL)
      )`);
    // The public list: newest first, cursor on (published_at, id); drafts are never public.
    await q.query(`CREATE INDEX notice_public_idx ON notice (published_at DESC, id DESC) WHERE status <> 'draft'`);
    await q.query(`CREATE INDEX notice_public_type_idx ON notice (type, published_at DESC, id DESC) WHERE status <> 'draft'`);
    await q.query(`CREATE INDEX notice_public_procedure_idx ON notice (procedure_type, published_at DESC, id DESC) WHERE status <> 'draft'`);
    await q.query(`CREATE INDEX notice_search_idx ON notice USING gin (search_vector)`);
    await q.query(`CREATE INDEX notice_project_idx ON notice (project_id, created_at)`);
    await q.query(`CREATE INDEX notice_related_idx ON notice (related_notice_id)`);

    // A published notice is never edited (a supplement changes it): only its status may move on, once.
    await q.query(`
      CREATE FUNCTION notice_published_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          IF OLD.status <> 'draft' THEN
            RAISE EXCEPTION 'notice % is published and cannot be deleted', OLD.code USING ERRCODE = 'insufficient_privilege';
          END IF;
          RETURN OLD;
        END IF;
        IF OLD.status <> 'draft' AND (
             NEW.status = 'draft'
             OR (NEW.code, NEW.project_id, NEW.type, NEW.change_kind, NEW.title, NEW.content, NEW.related_notice_id, NEW.first_notice_id,
                 NEW.affects_bid_preparation, NEW.new_bid_deadline, NEW.documents_from, NEW.documents_until, NEW.notice_period_end,
                 NEW.comment_period_end, NEW.answers, NEW.published_at)
                IS DISTINCT FROM
                (OLD.code, OLD.project_id, OLD.type, OLD.change_kind, OLD.title, OLD.content, OLD.related_notice_id, OLD.first_notice_id,
                 OLD.affects_bid_preparation, OLD.new_bid_deadline, OLD.documents_from, OLD.documents_until, OLD.notice_period_end,
                 OLD.comment_period_end, OLD.answers, OLD.published_at)) THEN
          RAISE EXCEPTION 'notice % is published and cannot be edited', OLD.code USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER notice_immutable BEFORE UPDATE OR DELETE ON notice FOR EACH ROW EXECUTE FUNCTION notice_published_immutable()`);

    await q.query(`
      CREATE TABLE notice_section (
        notice_id uuid NOT NULL REFERENCES notice(id) ON DELETE CASCADE,
        section_id uuid NOT NULL REFERENCES tender_section(id),
        PRIMARY KEY (notice_id, section_id)
      )`);
    await q.query(`CREATE INDEX notice_section_section_idx ON notice_section (section_id)`);

    await q.query(`
      CREATE TABLE notice_attachment (
        notice_id uuid NOT NULL REFERENCES notice(id) ON DELETE CASCADE,
        document_id uuid NOT NULL REFERENCES document(id),
        kind varchar(20) NOT NULL CHECK (kind IN ('attachment','tender-document')),
        position int NOT NULL,
        name varchar(255) NOT NULL,
        content_type varchar(127) NOT NULL,
        sha256 char(64) NOT NULL,
        size bigint NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (notice_id, document_id)
      )`);

    // The sections and files of a published notice are part of it: fixed once it is published.
    await q.query(`
      CREATE FUNCTION notice_parts_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        parent uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.notice_id ELSE NEW.notice_id END;
      BEGIN
        IF EXISTS (SELECT 1 FROM notice WHERE id = parent AND status <> 'draft') THEN
          RAISE EXCEPTION '% of a published notice cannot change', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await q.query(`CREATE TRIGGER notice_section_immutable BEFORE INSERT OR UPDATE OR DELETE ON notice_section FOR EACH ROW EXECUTE FUNCTION notice_parts_immutable()`);
    await q.query(
      `CREATE TRIGGER notice_attachment_immutable BEFORE INSERT OR UPDATE OR DELETE ON notice_attachment FOR EACH ROW EXECUTE FUNCTION notice_parts_immutable()`,
    );

    await q.query(`
      CREATE TABLE document_download (
        id uuid PRIMARY KEY,
        project_id uuid NOT NULL REFERENCES tender_project(id),
        notice_id uuid NOT NULL REFERENCES notice(id),
        document_id uuid NOT NULL REFERENCES document(id),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        account_id uuid NOT NULL,
        role varchar(20) NOT NULL,
        ip varchar(64),
        user_agent varchar(300),
        at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX document_download_notice_idx ON document_download (notice_id, at DESC, id DESC)`);
    await q.query(`CREATE INDEX document_download_project_idx ON document_download (project_id, at DESC, id DESC)`);
    await q.query(`
      CREATE FUNCTION document_download_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'document_download is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(
      `CREATE TRIGGER document_download_no_change BEFORE UPDATE OR DELETE ON document_download FOR EACH ROW EXECUTE FUNCTION document_download_append_only()`,
    );

    await q.query(`
      CREATE TABLE document_holder (
        section_id uuid NOT NULL REFERENCES tender_section(id),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        first_downloaded_at timestamptz NOT NULL,
        last_downloaded_at timestamptz NOT NULL,
        PRIMARY KEY (section_id, organisation_id)
      )`);

    await q.query(`
      CREATE TABLE tender_question (
        id uuid PRIMARY KEY,
        section_id uuid NOT NULL REFERENCES tender_section(id),
        asker_org_id uuid NOT NULL REFERENCES organisation(id),
        asker_account_id uuid NOT NULL,
        text varchar(2000) NOT NULL,
        asked_at timestamptz NOT NULL,
        answer text,
        answer_notice_id uuid REFERENCES notice(id),
        answered_at timestamptz
      )`);
    await q.query(`CREATE INDEX tender_question_section_idx ON tender_question (section_id, asked_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE consultation_comment (
        id uuid PRIMARY KEY,
        notice_id uuid NOT NULL REFERENCES notice(id),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        account_id uuid NOT NULL,
        text varchar(2000) NOT NULL,
        ip varchar(64),
        at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX consultation_comment_notice_idx ON consultation_comment (notice_id, at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE inbox_message (
        id uuid PRIMARY KEY,
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        kind varchar(40) NOT NULL,
        title varchar(300) NOT NULL,
        body text NOT NULL,
        notice_id uuid REFERENCES notice(id),
        section_id uuid REFERENCES tender_section(id),
        created_at timestamptz NOT NULL,
        read_at timestamptz
      )`);
    await q.query(`CREATE INDEX inbox_message_org_idx ON inbox_message (organisation_id, created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE inbox_message`);
    await q.query(`DROP TABLE consultation_comment`);
    await q.query(`DROP TABLE tender_question`);
    await q.query(`DROP TABLE document_holder`);
    await q.query(`DROP TABLE document_download`);
    await q.query(`DROP FUNCTION document_download_append_only`);
    await q.query(`DROP TABLE notice_attachment`);
    await q.query(`DROP TABLE notice_section`);
    await q.query(`DROP FUNCTION notice_parts_immutable`);
    await q.query(`DROP TABLE notice`);
    await q.query(`DROP FUNCTION notice_published_immutable`);
    await q.query(`DROP TABLE tender_section`);
    await q.query(`DROP TABLE tender_project`);
    await q.query(`DROP TABLE tender_project_counter`);
  }
}
