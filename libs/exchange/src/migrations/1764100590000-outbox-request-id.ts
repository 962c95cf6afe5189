import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The id of the request whose change wrote the record (or of the scheduled pass that did), so that one id
 * follows a change from the api's access log through the outbox to the worker's line for its delivery.
 */
export class OutboxRequestId1764100590000 implements MigrationInterface {
  name = 'OutboxRequestId1764100590000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ADD COLUMN request_id varchar(100)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox DROP COLUMN request_id`);
  }
}
