import { DomainError, LocalDate } from '@app/core';
import { latestEndOf, statisticsPeriod, yearToDate } from './statistics-period';

function refusal(fn: () => unknown): { code: string; zh: string; en: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, zh: e.zh, en: e.en };
    throw e;
  }
  throw new Error('not refused');
}

describe('statisticsPeriod', () => {
  it('cuts a year into its twelve months, each starting at 00:00 Beijing time', () => {
    const p = statisticsPeriod('2026-01-01', '2026-12-31');
    expect(p.months.map((m) => m.month)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12']);
    expect(p.months[1]).toEqual({ month: '2026-02', from: '2026-02-01', to: '2026-02-28' });
    expect(p.boundaries).toHaveLength(13);
    expect(p.boundaries[0].toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(p.boundaries[1].toISOString()).toBe('2026-01-31T16:00:00.000Z');
    expect(p.boundaries[12].toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('clips the first and the last month to the period, across a year end', () => {
    const p = statisticsPeriod('2025-11-15', '2026-01-10');
    expect(p.months).toEqual([
      { month: '2025-11', from: '2025-11-15', to: '2025-11-30' },
      { month: '2025-12', from: '2025-12-01', to: '2025-12-31' },
      { month: '2026-01', from: '2026-01-01', to: '2026-01-10' },
    ]);
    expect(p.boundaries.map((b) => b.toISOString())).toEqual([
      '2025-11-14T16:00:00.000Z',
      '2025-11-30T16:00:00.000Z',
      '2025-12-31T16:00:00.000Z',
      '2026-01-10T16:00:00.000Z',
    ]);
  });

  it('takes a single day', () => {
    const p = statisticsPeriod('2024-02-29', '2024-02-29');
    expect(p.months).toEqual([{ month: '2024-02', from: '2024-02-29', to: '2024-02-29' }]);
    expect(p.boundaries[1].getTime() - p.boundaries[0].getTime()).toBe(86_400_000);
  });

  it('takes five years to the day and refuses one day more', () => {
    expect(statisticsPeriod('2022-01-01', '2026-12-31').months).toHaveLength(60);
    const r = refusal(() => statisticsPeriod('2022-01-01', '2027-01-01'));
    expect(r.code).toBe('STATISTICS_PERIOD_TOO_LONG');
    expect(r.zh).toContain('不得超过 5 年');
    expect(r.en).toContain('5 years');
    expect(latestEndOf('2024-02-29' as LocalDate)).toBe('2029-02-27');
  });

  it('refuses a period that ends before it starts', () => {
    const r = refusal(() => statisticsPeriod('2026-03-01', '2026-02-28'));
    expect(r.code).toBe('STATISTICS_PERIOD_REVERSED');
    expect(r.zh).toContain('晚于结束日期');
    expect(r.en).toContain('after it ends');
  });

  it('refuses what is not a calendar date', () => {
    expect(refusal(() => statisticsPeriod('2026-02-30', '2026-03-01')).code).toBe('BAD_DATE');
    expect(refusal(() => statisticsPeriod('2026-01-01', '2026/03/01')).code).toBe('BAD_DATE');
  });

  it('defaults to this year so far', () => {
    expect(yearToDate('2026-12-07' as LocalDate)).toEqual({ from: '2026-01-01', to: '2026-12-07' });
  });
});
