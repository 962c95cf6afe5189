import { RecordStore, type NewRecord } from './record-store';

const record = (n: number, body = `{"n":${n}}`): NewRecord => ({
  serialNumber: `S-${n}`,
  bodySha256: `hash-of-${body}`,
  datasetCode: 'GCJS_NOTICE',
  platformCode: 'E2104000001',
  tenderProjectCode: 'TP-1',
  sequence: n,
  dataTimestamp: '2026-11-25T09:30:00.000+08:00',
  receiveTime: new Date(Date.UTC(2026, 10, 25, 1, 30, 0, n)),
  body,
});

describe('RecordStore (embedded PGlite)', () => {
  let store: RecordStore;

  beforeAll(async () => {
    store = await RecordStore.open({ dataDir: 'memory://', schema: 'provincial_sim' });
  }, 60_000);

  afterAll(async () => {
    await store.close();
  });

  it('lists in arrival order by the numeric id, also past 9 → 10 (not by its text)', async () => {
    for (let n = 1; n <= 12; n++) expect((await store.insert(record(n))).kind).toBe('stored');
    const all = await store.list({ tenderProjectCode: 'TP-1' }, { limit: 50 });
    expect(all.items.map((i) => i.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const newest = await store.list({ tenderProjectCode: 'TP-1' }, { limit: 3, order: 'desc' });
    expect(newest.items.map((i) => i.sequence)).toEqual([12, 11, 10]);
    const next = await store.list({ tenderProjectCode: 'TP-1' }, { limit: 3, order: 'desc', cursor: newest.nextCursor! });
    expect(next.items.map((i) => i.sequence)).toEqual([9, 8, 7]);
  });

  it('stores records inserted at the same moment together, each answered as if alone', async () => {
    const outcomes = await Promise.all([
      store.insert(record(100)),
      store.insert(record(100)), // the same again in the same batch: a duplicate of the first
      store.insert(record(101)),
      store.insert(record(101, '{"other":true}')), // the same serialNumber, another body: a conflict
      store.insert(record(1)), // stored by the test above: a duplicate with its first receiveTime
    ]);
    expect(outcomes.map((o) => o.kind)).toEqual(['stored', 'duplicate', 'stored', 'conflict', 'duplicate']);
    expect(outcomes[1].receiveTime.getTime()).toBe(outcomes[0].receiveTime.getTime());
    expect(outcomes[4].receiveTime.getTime()).toBe(record(1).receiveTime.getTime());
  });
});
