/// <reference types="jest" />
import { mergeByDue } from './merge-by-due';

const row = (key: string, at: string) => ({ key, at });

describe('mergeByDue (the staff dashboard: notice dates and award time limits in one list)', () => {
  it('merges complete lists by date, whatever their offsets', () => {
    const merged = mergeByDue([
      { rows: [row('n1', '2026-12-10T17:00:00+08:00'), row('n2', '2026-12-28T09:30:00+08:00')], cursor: null },
      { rows: [row('a1', '2026-11-24T00:00:00+08:00'), row('a2', '2026-12-10T08:00:00Z')], cursor: null },
    ]);
    expect(merged.map((r) => r.key)).toEqual(['a1', 'a2', 'n1', 'n2']); // 08:00Z is 16:00 in Beijing, before 17:00
  });

  it('stops at the earliest last date of a list with more pages, so nothing on the server is skipped', () => {
    const notices = { rows: [row('n1', '2026-12-01T09:00:00+08:00'), row('n2', '2026-12-05T09:00:00+08:00')], cursor: 'more' };
    const awards = { rows: [row('a1', '2026-12-03T00:00:00+08:00'), row('a2', '2026-12-20T00:00:00+08:00')], cursor: null };
    expect(mergeByDue([notices, awards]).map((r) => r.key)).toEqual(['n1', 'a1', 'n2']);
    // the next page of the notices brings what lies between
    const more = { rows: [...notices.rows, row('n3', '2026-12-08T09:00:00+08:00')], cursor: null };
    expect(mergeByDue([more, awards]).map((r) => r.key)).toEqual(['n1', 'a1', 'n2', 'n3', 'a2']);
  });

  it('orders rows due at the same instant by their key, and an empty list with more pages does not hide the others', () => {
    const same = '2026-12-08T00:00:00+08:00';
    expect(mergeByDue([{ rows: [row('b', same), row('a', same)], cursor: null }, { rows: [], cursor: 'x' }]).map((r) => r.key)).toEqual(['a', 'b']);
  });
});
