import { startTestApp, TestApp } from './support/test-app';

const calendar2027 = {
  year: 2027,
  source: '测试用 2027 年节假日安排',
  holidays: [
    { name: '元旦', from: '2027-01-01', to: '2027-01-03', days: 3 },
    { name: '春节', from: '2027-02-05', to: '2027-02-12', days: 8 },
  ],
  makeUpWorkdays: ['2027-02-13'],
};

describe('R3 holiday calendars as data, loaded by an administrator', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.token(await t.user('admin'));
    // the platform date is 2026-11-25 or later: 2027 has no official calendar bundled
    await t.fetch('/api/admin/clock', { method: 'POST', token: admin, json: { at: '2026-11-25T02:00:00.000Z' } });
  }, 60_000);
  afterAll(() => t?.close());

  it('R3 warns administrators while next year is provisional, and stops once it is loaded', async () => {
    const before = (await (await t.fetch('/api/admin/calendars', { token: admin })).json()) as { loadedYears: number[]; warnings: { year: number }[] };
    expect(before.loadedYears).toEqual([2025, 2026]);
    expect(before.warnings.map((w) => w.year)).toEqual([2027]);
    const me = (await (await t.fetch('/api/me', { token: admin })).json()) as { warnings: { year: number; zh: string }[] };
    expect(me.warnings[0].zh).toContain('2027');

    const put = await t.fetch('/api/admin/calendars/2027', { method: 'PUT', token: admin, json: calendar2027 });
    expect(put.status).toBe(200);
    const after = (await (await t.fetch('/api/admin/calendars', { token: admin })).json()) as { loadedYears: number[]; warnings: unknown[] };
    expect(after.loadedYears).toEqual([2025, 2026, 2027]);
    expect(after.warnings).toEqual([]);
  });

  it('R3 refuses a calendar file with a make-up day that is not a weekend, naming the problem', async () => {
    const bad = { ...calendar2027, makeUpWorkdays: ['2027-02-10'] };
    const r = await t.fetch('/api/admin/calendars/2027', { method: 'PUT', token: admin, json: bad });
    expect(r.status).toBe(422);
    const body = (await r.json()) as { code: string; problems: string[]; faults: { code: string; where: string; zh: string; en: string }[] };
    expect(body.code).toBe('HOLIDAY_CALENDAR_INVALID');
    expect(body.problems.join('\n')).toContain('2027-02-10');
    // each fault with its stable code, in Chinese and English
    expect(body.faults).toContainEqual({
      code: 'CALENDAR_MAKEUP_NOT_WEEKEND',
      where: 'makeUpWorkdays[0]',
      zh: '第 1 个调休上班日 2027-02-10 是星期三，本来就是工作日：调休上班日须为星期六或星期日',
      en: 'makeUpWorkdays[0]: 2027-02-10 is not a Saturday or Sunday, so it is a working day already',
    });
  });

  it('R3 refuses a file for another year than the address says', async () => {
    const r = await t.fetch('/api/admin/calendars/2028', { method: 'PUT', token: admin, json: calendar2027 });
    expect(r.status).toBe(422);
    expect(((await r.json()) as { code: string }).code).toBe('HOLIDAY_CALENDAR_YEAR_MISMATCH');
  });

  it('R3 a non-administrator cannot load a calendar', async () => {
    const staff = await t.token(await t.user('staff'));
    expect((await t.fetch('/api/admin/calendars/2027', { method: 'PUT', token: staff, json: calendar2027 })).status).toBe(403);
  });
});
