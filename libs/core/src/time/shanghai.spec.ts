import {
  addDays,
  atLocalTime,
  compareLocalDates,
  daysBetween,
  dayOfWeek,
  endOfLocalDay,
  formatShanghai,
  isLocalDate,
  localDate,
  startOfLocalDay,
  toLocalDate,
} from './shanghai';

describe('shanghai local dates', () => {
  it.each([
    ['2026-11-25T15:59:59.999Z', '2026-11-25'],
    ['2026-11-25T16:00:00.000Z', '2026-11-26'],
    ['2026-11-25T16:30:00.000Z', '2026-11-26'],
    ['2026-12-31T16:00:00.000Z', '2027-01-01'],
    ['2026-02-28T15:59:59.000Z', '2026-02-28'],
    ['2028-02-28T16:00:00.000Z', '2028-02-29'],
  ])('R1 instant %s is local date %s in Asia/Shanghai', (instant, expected) => {
    expect(toLocalDate(new Date(instant))).toBe(expected);
  });

  it('R1 agrees with the Intl Asia/Shanghai time zone on every hour of two years', () => {
    const intl = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', dateStyle: 'short' });
    for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2027, 0, 1); t += 3_600_000) {
      const instant = new Date(t);
      const expected = intl.format(instant);
      if (toLocalDate(instant) !== expected) {
        throw new Error(`${instant.toISOString()}: ${toLocalDate(instant)} but Intl says ${expected}`);
      }
    }
  });

  it('R1 start and end of a local day are 16:00 UTC the day before and 16:00 UTC on the day', () => {
    expect(startOfLocalDay(localDate('2026-11-26')).toISOString()).toBe('2026-11-25T16:00:00.000Z');
    expect(endOfLocalDay(localDate('2026-11-26')).toISOString()).toBe('2026-11-26T16:00:00.000Z');
    expect(endOfLocalDay(localDate('2026-12-31')).toISOString()).toBe('2026-12-31T16:00:00.000Z');
    // 24:00 of a day is the next day's 00:00.
    expect(toLocalDate(endOfLocalDay(localDate('2026-11-26')))).toBe('2026-11-27');
  });

  it('R1 formats instants as ISO 8601 with the +08:00 offset', () => {
    expect(formatShanghai(new Date('2026-11-25T01:30:00Z'))).toBe('2026-11-25T09:30:00+08:00');
    expect(formatShanghai(new Date('2026-11-25T16:30:00.250Z'))).toBe('2026-11-26T00:30:00+08:00');
    expect(formatShanghai(new Date('2026-11-25T16:30:00.250Z'), { milliseconds: true })).toBe(
      '2026-11-26T00:30:00.250+08:00',
    );
    // The formatted text parses back to the same instant.
    const instant = new Date('2026-06-30T23:59:59Z');
    expect(new Date(formatShanghai(instant)).getTime()).toBe(instant.getTime());
  });

  it('R1 a wall-clock time on a local day is the right instant', () => {
    expect(atLocalTime(localDate('2026-03-23'), 9, 30).toISOString()).toBe('2026-03-23T01:30:00.000Z');
    expect(atLocalTime(localDate('2026-03-23'), 0).toISOString()).toBe('2026-03-22T16:00:00.000Z');
    expect(() => atLocalTime(localDate('2026-03-23'), 24)).toThrow(RangeError);
  });

  it('adds and compares calendar days across month, year and leap-day ends', () => {
    expect(addDays(localDate('2026-02-28'), 1)).toBe('2026-03-01');
    expect(addDays(localDate('2028-02-28'), 1)).toBe('2028-02-29');
    expect(addDays(localDate('2026-12-31'), 1)).toBe('2027-01-01');
    expect(addDays(localDate('2026-01-01'), -1)).toBe('2025-12-31');
    expect(daysBetween(localDate('2026-02-14'), localDate('2026-03-06'))).toBe(20);
    expect(compareLocalDates(localDate('2026-02-14'), localDate('2026-03-06'))).toBeLessThan(0);
    expect(dayOfWeek(localDate('2026-02-14'))).toBe(6); // a Saturday
  });

  it.each(['2026-02-30', '2026-13-01', '2026-1-1', '26-01-01', '2026-01-01T00:00', '', '0025-01-01'])(
    'refuses %j as a local date',
    (text) => {
      expect(isLocalDate(text)).toBe(false);
      expect(() => localDate(text)).toThrow(RangeError);
    },
  );

  it('refuses an invalid instant', () => {
    expect(() => toLocalDate(new Date('nonsense'))).toThrow(RangeError);
  });
});
