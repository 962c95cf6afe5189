import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Pool } from 'pg';
import { MicroBatch } from '@app/core';
import { type SequenceIsland } from './sequence-gaps';

type Row = Record<string, unknown>;

/** The part of `pg.Pool` and PGlite the store needs: both answer `query(sql, params)` with `{ rows }`. */
interface SqlClient {
  readonly kind: 'postgres' | 'pglite';
  query<T extends Row>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  /** Runs the schema statements once, even when several receivers start on one database at the same time. */
  migrate(statements: string[], lockKey: string): Promise<void>;
  close(): Promise<void>;
}

class PostgresClient implements SqlClient {
  readonly kind = 'postgres' as const;
  constructor(private readonly pool: Pool) {}

  async query<T extends Row>(sql: string, params: unknown[] = []) {
    return this.pool.query<T>(sql, params);
  }

  async migrate(statements: string[], lockKey: string) {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // Concurrent CREATE … IF NOT EXISTS can still collide on the catalog: serialize on an advisory lock.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lockKey]);
      for (const sql of statements) await client.query(sql);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  close() {
    return this.pool.end();
  }
}

/** PGlite runs one statement at a time; the store needs no multi-statement transaction. */
class PgliteClient implements SqlClient {
  readonly kind = 'pglite' as const;
  constructor(private readonly db: PGlite) {}

  async query<T extends Row>(sql: string, params: unknown[] = []) {
    const result = await this.db.query<T>(sql, params);
    return { rows: result.rows };
  }

  async migrate(statements: string[]) {
    for (const sql of statements) await this.db.exec(sql);
  }

  close() {
    return this.db.close();
  }
}

export interface NewRecord {
  serialNumber: string;
  bodySha256: string;
  datasetCode: string;
  platformCode: string;
  tenderProjectCode: string;
  sequence: number;
  dataTimestamp: string;
  receiveTime: Date;
  body: string;
}

export interface StoredRecord {
  id: string;
  serialNumber: string;
  bodySha256: string;
  datasetCode: string;
  platformCode: string;
  tenderProjectCode: string;
  sequence: number;
  dataTimestamp: Date;
  receiveTime: Date;
  body: string;
}

export type InsertOutcome =
  | { kind: 'stored'; receiveTime: Date }
  | { kind: 'duplicate'; receiveTime: Date }
  | { kind: 'conflict'; receiveTime: Date };

export interface RecordFilter {
  datasetCode?: string;
  tenderProjectCode?: string;
  serialNumber?: string;
}

export interface RecordPage {
  items: StoredRecord[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The receiver's records, in PostgreSQL (schema `provincial_sim` by default, so it can share the platform's
 * database) or in embedded PGlite. Deduplication rests on the unique serial_number: INSERT … ON CONFLICT DO
 * NOTHING, then the first row's body hash decides duplicate or conflict, so concurrent identical requests store
 * one row on either engine.
 */
export class RecordStore {
  private readonly table: string;

  private constructor(
    private readonly sql: SqlClient,
    private readonly schema: string,
  ) {
    this.table = `"${schema}".records`;
  }

  get engine(): 'postgres' | 'pglite' {
    return this.sql.kind;
  }

  /** PostgreSQL when databaseUrl is given, else PGlite in dataDir (a folder, or `memory://`). */
  static async open(options: { databaseUrl?: string; dataDir: string; schema: string }): Promise<RecordStore> {
    if (!SCHEMA_NAME.test(options.schema)) {
      throw new Error(`schema must be a lower-case SQL identifier, got "${options.schema}"`);
    }
    let client: SqlClient;
    if (options.databaseUrl) {
      const pool = new Pool({ connectionString: options.databaseUrl, max: 10 });
      // An idle client that loses its connection must not crash the process; the next query reconnects.
      pool.on('error', () => undefined);
      client = new PostgresClient(pool);
    } else if (options.dataDir.startsWith('memory://')) {
      client = new PgliteClient(await PGlite.create(options.dataDir));
    } else {
      const dir = resolve(options.dataDir);
      mkdirSync(dir, { recursive: true });
      client = new PgliteClient(await PGlite.create(dir));
    }
    const store = new RecordStore(client, options.schema);
    try {
      await client.migrate(store.schemaStatements(), `provincial-sim:${options.schema}`);
    } catch (error) {
      await client.close().catch(() => undefined);
      throw error;
    }
    return store;
  }

  private schemaStatements(): string[] {
    const s = `"${this.schema}"`;
    return [
      `CREATE SCHEMA IF NOT EXISTS ${s}`,
      `CREATE TABLE IF NOT EXISTS ${this.table} (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        serial_number text NOT NULL,
        body_sha256 text NOT NULL,
        dataset_code text NOT NULL,
        platform_code text NOT NULL,
        tender_project_code text NOT NULL,
        sequence integer NOT NULL,
        data_timestamp timestamptz NOT NULL,
        receive_time timestamptz NOT NULL,
        body text NOT NULL,
        CONSTRAINT records_serial_number_key UNIQUE (serial_number)
      )`,
      `CREATE INDEX IF NOT EXISTS records_project_sequence_idx ON ${this.table} (tender_project_code, sequence)`,
      `CREATE INDEX IF NOT EXISTS records_project_id_idx ON ${this.table} (tender_project_code, id)`,
      `CREATE INDEX IF NOT EXISTS records_dataset_id_idx ON ${this.table} (dataset_code, id)`,
    ];
  }

  /**
   * Stores the record unless its serialNumber was seen: then the same body hash is a duplicate, another a
   * conflict. The records of concurrent requests are stored together, in one statement and one commit
   * (MicroBatch, one statement at a time: group commit); each request still waits for its own row, so an
   * answer is never given before its record is committed.
   */
  insert(record: NewRecord): Promise<InsertOutcome> {
    return this.inserts.call(record);
  }

  private readonly inserts = new MicroBatch<NewRecord, InsertOutcome>((records) => this.insertMany(records), {
    maxRunning: 1,
    // One statement carries at most about 8 MiB of bodies (a body may be up to PROVINCIAL_SIM_MAX_BODY_BYTES).
    weigh: (r) => r.body.length,
    maxWeight: 8 * 1024 * 1024,
  });

  private async insertMany(records: NewRecord[]): Promise<InsertOutcome[]> {
    const outcomes = new Array<InsertOutcome | undefined>(records.length);
    // A reset between the two statements could remove a first row; then simply try again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const open = records.map((_, i) => i).filter((i) => outcomes[i] === undefined);
      if (open.length === 0) break;
      // One row per serialNumber in the statement: a second request of the same serialNumber in this batch is
      // decided against the row the first one stores (or found), as it would be one moment later.
      const leaders = new Map<string, number>();
      for (const i of open) if (!leaders.has(records[i].serialNumber)) leaders.set(records[i].serialNumber, i);
      const batch = [...leaders.values()].map((i) => records[i]);
      // One row of parameters per record (not unnest over arrays: an array literal would escape every quote
      // of every JSON body, and PostgreSQL would parse it back).
      const params: unknown[] = [];
      const values = batch.map((r) => {
        const at = params.length;
        params.push(r.serialNumber, r.bodySha256, r.datasetCode, r.platformCode, r.tenderProjectCode, r.sequence, r.dataTimestamp, r.receiveTime, r.body);
        return `($${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}, $${at + 5}, $${at + 6}::int, $${at + 7}::timestamptz, $${at + 8}::timestamptz, $${at + 9})`;
      });
      const inserted = await this.sql.query<{ serial_number: string; receive_time: Date }>(
        `INSERT INTO ${this.table}
           (serial_number, body_sha256, dataset_code, platform_code, tender_project_code, sequence, data_timestamp, receive_time, body)
         VALUES ${values.join(', ')}
         ON CONFLICT (serial_number) DO NOTHING
         RETURNING serial_number, receive_time`,
        params,
      );
      const stored = new Map(inserted.rows.map((r) => [r.serial_number, r.receive_time]));
      for (const [serial, i] of leaders) {
        const receiveTime = stored.get(serial);
        if (receiveTime !== undefined) outcomes[i] = { kind: 'stored', receiveTime };
      }
      const undecided = open.filter((i) => outcomes[i] === undefined);
      if (undecided.length === 0) break;
      const serials = [...new Set(undecided.map((i) => records[i].serialNumber))];
      const first = await this.sql.query<{ serial_number: string; body_sha256: string; receive_time: Date }>(
        `SELECT serial_number, body_sha256, receive_time FROM ${this.table} WHERE serial_number = ANY($1::text[])`,
        [serials],
      );
      const rows = new Map(first.rows.map((r) => [r.serial_number, r]));
      for (const i of undecided) {
        const row = rows.get(records[i].serialNumber);
        if (row) {
          outcomes[i] = { kind: row.body_sha256 === records[i].bodySha256 ? 'duplicate' : 'conflict', receiveTime: row.receive_time };
        }
      }
    }
    return outcomes.map((outcome, i) => {
      if (outcome === undefined) throw new Error(`could not store or find serialNumber ${records[i].serialNumber}`);
      return outcome;
    });
  }

  /** How many records of the tender project arrived, and the runs of consecutive sequences among them. */
  async projectSequences(tenderProjectCode: string): Promise<{ received: number; islands: SequenceIsland[] }> {
    const count = await this.sql.query<{ received: number }>(
      `SELECT count(*)::int AS received FROM ${this.table} WHERE tender_project_code = $1`,
      [tenderProjectCode],
    );
    const islands = await this.sql.query<{ first: number; last: number }>(
      `SELECT min(sequence)::int AS first, max(sequence)::int AS last
         FROM (SELECT sequence, sequence - row_number() OVER (ORDER BY sequence) AS grp
                 FROM (SELECT DISTINCT sequence FROM ${this.table} WHERE tender_project_code = $1) AS d) AS t
        GROUP BY grp
        ORDER BY first`,
      [tenderProjectCode],
    );
    return { received: count.rows[0].received, islands: islands.rows };
  }

  /** A page of records in arrival order (`asc`) or newest first (`desc`). */
  async list(filter: RecordFilter, page: { limit: number; cursor?: string; order?: 'asc' | 'desc' }): Promise<RecordPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (condition: string, value: unknown) => {
      params.push(value);
      where.push(condition.replace('?', `$${params.length}`));
    };
    const desc = page.order === 'desc';
    if (filter.datasetCode) add('dataset_code = ?', filter.datasetCode);
    if (filter.tenderProjectCode) add('tender_project_code = ?', filter.tenderProjectCode);
    if (filter.serialNumber) add('serial_number = ?', filter.serialNumber);
    if (page.cursor) add(desc ? 'id < ?' : 'id > ?', page.cursor);
    params.push(page.limit + 1);
    const rows = await this.sql.query<Row>(
      `SELECT id::text AS record_id, serial_number, body_sha256, dataset_code, platform_code, tender_project_code, sequence,
              data_timestamp, receive_time, body
         FROM ${this.table}
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY id ${desc ? 'DESC' : 'ASC'}
        LIMIT $${params.length}`,
      params,
    );
    const items = rows.rows.slice(0, page.limit).map((r) => ({
      id: r.record_id as string,
      serialNumber: r.serial_number as string,
      bodySha256: r.body_sha256 as string,
      datasetCode: r.dataset_code as string,
      platformCode: r.platform_code as string,
      tenderProjectCode: r.tender_project_code as string,
      sequence: r.sequence as number,
      dataTimestamp: r.data_timestamp as Date,
      receiveTime: r.receive_time as Date,
      body: r.body as string,
    }));
    const nextCursor = rows.rows.length > page.limit ? items[items.length - 1].id : null;
    return { items, nextCursor };
  }

  async countsByDataset(): Promise<Record<string, number>> {
    const rows = await this.sql.query<{ dataset_code: string; n: number }>(
      `SELECT dataset_code, count(*)::int AS n FROM ${this.table} GROUP BY dataset_code ORDER BY dataset_code`,
    );
    return Object.fromEntries(rows.rows.map((r) => [r.dataset_code, r.n]));
  }

  async clear(): Promise<void> {
    await this.sql.query(`DELETE FROM ${this.table}`);
  }

  close(): Promise<void> {
    return this.sql.close();
  }
}
