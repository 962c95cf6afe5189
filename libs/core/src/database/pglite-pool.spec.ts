import { PGlite } from '@electric-sql/pglite';
import { DataSource } from 'typeorm';
import { createPgliteDriver } from './pglite-pool';

describe('the embedded PGlite DataSource', () => {
  let ds: DataSource;
  beforeAll(async () => {
    const db = await PGlite.create();
    ds = new DataSource({ type: 'postgres', driver: createPgliteDriver(db), installExtensions: false } as never);
    await ds.initialize();
    await ds.query('CREATE TABLE item (id int PRIMARY KEY, owner text NOT NULL)');
  }, 60_000);
  afterAll(() => ds?.destroy());

  it('runs one transaction at a time: a rollback never erases a concurrent transaction’s committed rows', async () => {
    let releaseFirst!: () => void;
    const firstMayFinish = new Promise<void>((r) => (releaseFirst = r));
    const order: string[] = [];

    const failing = ds
      .transaction(async (m) => {
        order.push('A begins');
        await m.query(`INSERT INTO item VALUES (1, 'A')`);
        await firstMayFinish;
        throw new Error('A rolls back');
      })
      .catch((e: Error) => e.message);
    // B starts while A is open; on a shared session its rows would be undone by A's ROLLBACK.
    await new Promise((r) => setTimeout(r, 20));
    const committing = ds.transaction(async (m) => {
      order.push('B begins');
      await m.query(`INSERT INTO item VALUES (2, 'B'), (3, 'B')`);
    });
    await new Promise((r) => setTimeout(r, 20));
    releaseFirst();

    expect(await failing).toBe('A rolls back');
    await committing;
    expect(order).toEqual(['A begins', 'B begins']);
    const rows: { id: number; owner: string }[] = await ds.query('SELECT id, owner FROM item ORDER BY id');
    expect(rows).toEqual([
      { id: 2, owner: 'B' },
      { id: 3, owner: 'B' },
    ]);
  });

  it('serves plain queries between transactions and reports affected rows', async () => {
    const [, affected] = await ds.query(`UPDATE item SET owner = 'C' WHERE owner = 'B'`);
    expect(affected).toBe(2);
  });
});
