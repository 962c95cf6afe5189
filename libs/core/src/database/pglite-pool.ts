import { EventEmitter } from 'node:events';
import type { PGlite } from '@electric-sql/pglite';

/**
 * A `pg`-compatible pool over one PGlite instance for TypeORM's postgres driver.
 *
 * PGlite is a single session. The `typeorm-pglite` driver hands that one session to every TypeORM
 * connection, so concurrent transactions interleave on it: one transaction's ROLLBACK then undoes another's
 * committed work (measured here). This pool hands the session to one TypeORM query runner at a time: a
 * second `connect` waits until the first runner releases it, so transactions run one after another.
 * Code inside a transaction must use only that transaction's manager (as it must on PostgreSQL too);
 * a query through another runner from inside a transaction would wait for ever, which the warning names.
 */
export function createPgliteDriver(db: PGlite): { Pool: new () => EventEmitter } {
  class Client extends EventEmitter {
    async query(sql: string, params?: unknown[]) {
      if (params && params.length) {
        const r = await db.query<Record<string, unknown>>(sql, params);
        return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length, command: command(sql), fields: r.fields };
      }
      const results = await db.exec(sql);
      const last = results[results.length - 1] ?? { rows: [], affectedRows: 0, fields: [] };
      return { rows: last.rows, rowCount: last.affectedRows ?? last.rows.length, command: command(sql), fields: last.fields };
    }
  }

  const queue: (() => void)[] = [];
  let busy = false;
  const client = new Client();

  const release = () => {
    const next = queue.shift();
    if (next) next();
    else busy = false;
  };

  class SerialPool extends EventEmitter {
    totalCount = 1;
    get idleCount() {
      return busy ? 0 : 1;
    }
    get waitingCount() {
      return queue.length;
    }

    connect(callback?: (err: Error | null, client: Client | null, done: (err?: unknown) => void) => void) {
      const grant = () => {
        let released = false;
        const done = () => {
          if (released) return;
          released = true;
          release();
        };
        if (callback) callback(null, client, done);
        return { client, done };
      };
      if (!busy) {
        busy = true;
        const g = grant();
        return Promise.resolve(Object.assign(g.client, { release: g.done }));
      }
      return new Promise<Client>((resolve) => {
        const started = Date.now();
        const warn = setTimeout(
          () => console.warn(`PGlite: a query has waited ${Math.round((Date.now() - started) / 1000)} s for the single session; is a query running outside its transaction's manager?`),
          30_000,
        );
        warn.unref();
        queue.push(() => {
          clearTimeout(warn);
          const g = grant();
          resolve(Object.assign(g.client, { release: g.done }));
        });
      });
    }

    async query(sql: string, params?: unknown[]) {
      const c = await this.connect();
      try {
        return await c.query(sql, params);
      } finally {
        (c as unknown as { release: () => void }).release();
      }
    }

    end(cb?: (err: Error | null) => void) {
      db.close().then(
        () => cb?.(null),
        (e: Error) => cb?.(e),
      );
    }
  }
  return { Pool: SerialPool };
}

function command(sql: string): string {
  const m = /^\s*(\w+)/.exec(sql);
  return m ? m[1].toUpperCase() : '';
}
