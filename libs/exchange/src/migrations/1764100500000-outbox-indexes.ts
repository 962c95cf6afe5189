import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fewer index entries per outbox write. A row's two status changes (claimed: queued; then delivered) are
 * non-HOT updates, so each one adds an entry to every index whose predicate the new version meets: five and
 * six entries before this migration, four and four after it (and a new row four instead of six). Measured in
 * `npm run bench -- exchange`, where PostgreSQL was the largest consumer of CPU after the worker.
 * - `outbox_status_id_idx (status, id)` took an entry on every write. Each status has its own partial index
 *   now, and `dead`, the only one without, gets one (the operators' dead list, newest first). Delivered rows
 *   are nearly all rows, so their newest-first list walks the primary key.
 * - `outbox_delivered_project_idx` duplicated the unique (tender_project_code, sequence) index for
 *   reconciliation, which reads one project's rows and can filter them by status.
 * - `outbox_pending_due_idx` held every new row (a NULL `next_attempt_at`); the relay only asks it for the next
 *   retry, so it keeps the rows that have one.
 */
export class OutboxIndexes1764100500000 implements MigrationInterface {
  name = 'OutboxIndexes1764100500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX outbox_status_id_idx`);
    await q.query(`DROP INDEX outbox_delivered_project_idx`);
    await q.query(`DROP INDEX outbox_pending_due_idx`);
    await q.query(`CREATE INDEX outbox_pending_due_idx ON outbox (next_attempt_at) WHERE status = 'pending' AND next_attempt_at IS NOT NULL`);
    await q.query(`CREATE INDEX outbox_dead_idx ON outbox (id) WHERE status = 'dead'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX outbox_dead_idx`);
    await q.query(`DROP INDEX outbox_pending_due_idx`);
    await q.query(`CREATE INDEX outbox_pending_due_idx ON outbox (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX outbox_delivered_project_idx ON outbox (tender_project_code, sequence) WHERE status = 'delivered'`);
    await q.query(`CREATE INDEX outbox_status_id_idx ON outbox (status, id)`);
  }
}
