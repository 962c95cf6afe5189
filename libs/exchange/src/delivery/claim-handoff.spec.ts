import { ClaimHandoff, type SendableRow } from './claim-handoff';

const row = (id: string, body = `{"n":${id}}`): SendableRow => ({ id, body, status: 'pending', attempts: 0, serial_number: `S-${id}`, request_id: null });

describe('ClaimHandoff', () => {
  it('hands each claimed row over once; a second take (a retry) finds nothing and reads the row', () => {
    const handoff = new ClaimHandoff();
    handoff.offer([row('1'), row('2')], 1000);
    expect(handoff.take('1', 1001)).toEqual(row('1'));
    expect(handoff.take('1', 1002)).toBeUndefined();
    expect(handoff.take('3', 1002)).toBeUndefined();
    expect(handoff.size).toBe(1);
  });

  it('does not hand over a row older than the TTL, and drops old rows when new ones come', () => {
    const handoff = new ClaimHandoff({ ttlMs: 100 });
    handoff.offer([row('1'), row('2')], 1000);
    expect(handoff.take('1', 1101)).toBeUndefined();
    handoff.offer([row('3')], 1200); // row 2 has expired and goes
    expect(handoff.size).toBe(1);
    expect(handoff.take('3', 1250)).toEqual(row('3'));
  });

  it('holds no more rows, and no more body characters, than its limits; the rest are read as before', () => {
    const byRows = new ClaimHandoff({ maxRows: 2 });
    byRows.offer([row('1'), row('2'), row('3')], 0);
    expect([byRows.take('1', 0), byRows.take('2', 0), byRows.take('3', 0)].map((r) => r?.id)).toEqual(['1', '2', undefined]);

    const byChars = new ClaimHandoff({ maxChars: 10 });
    byChars.offer([row('a', '12345'), row('b', '123456'), row('c', '1')], 0);
    expect(byChars.take('a', 0)?.id).toBe('a');
    expect(byChars.take('b', 0)).toBeUndefined();
    // Taking frees room.
    byChars.offer([row('d', '1234567890')], 0);
    expect(byChars.take('d', 0)?.id).toBe('d');
  });

  it('a row claimed again (requeued) replaces the one held, with its new attempts and age', () => {
    const handoff = new ClaimHandoff({ ttlMs: 100 });
    handoff.offer([row('1')], 0);
    handoff.offer([{ ...row('1'), attempts: 3 }], 90);
    expect(handoff.size).toBe(1);
    expect(handoff.take('1', 150)).toMatchObject({ id: '1', attempts: 3 });
  });
});
