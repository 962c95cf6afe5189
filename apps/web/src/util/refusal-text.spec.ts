/// <reference types="jest" />
import { beijing, refusalText, toBeijingLocal } from './refusal-text';

describe('refusal texts and Beijing times in the staff forms', () => {
  it('adds the instant that would pass, in Beijing time, to the message (R21–R23 latest, R22 earliest, R22 publicity end, R33 answer due)', () => {
    expect(refusalText('应自收到评标报告之日起3日内公示中标候选人', { latestAllowed: '2026-12-31T16:00:00.000Z' })).toBe(
      '应自收到评标报告之日起3日内公示中标候选人（须在 2027-01-01 00:00 或之前）',
    );
    expect(refusalText('中标候选人公示期不得少于3日', { earliestAllowed: '2026-12-31T00:00:00+08:00' })).toBe('中标候选人公示期不得少于3日（可设为 2026-12-31 00:00 或之后）');
    expect(refusalText('公示期未结束', { publicityEnd: '2027-01-04T17:00:00+08:00' })).toBe('公示期未结束（公示期至 2027-01-04 17:00）');
    expect(refusalText('异议尚在答复期内', { answerDue: '2027-01-01T00:00:00+08:00' })).toBe('异议尚在答复期内（答复期限至 2027-01-01 00:00）');
  });

  it('leaves a message without a date, or with a date that is not a string, as it is', () => {
    expect(refusalText('金额格式不正确', {})).toBe('金额格式不正确');
    expect(refusalText('金额格式不正确', { earliestAllowed: 5 })).toBe('金额格式不正确');
  });

  it('reads a datetime-local value as Beijing time and writes an instant back as one, whatever the computer’s zone', () => {
    expect(beijing('2026-12-10T17:00')).toBe('2026-12-10T17:00:00+08:00');
    expect(beijing('2026-12-10T17:00:30')).toBe('2026-12-10T17:00:30+08:00');
    expect(toBeijingLocal('2026-12-10T09:00:00Z')).toBe('2026-12-10T17:00');
    expect(toBeijingLocal(beijing('2027-01-01T00:00'))).toBe('2027-01-01T00:00');
  });
});
