import { defaultWorkingDayCalendar } from '../time/default-calendars';
import { atLocalTime, localDate } from '../time/shanghai';
import { ruleDeadline, ruleLatest, ruleMinimum, ruleRatio } from './rule-periods';
import {
  DEFAULT_RULES,
  ProcedureType,
  Rule,
  RULE_IDS,
  RuleId,
  RulesConfigError,
  rulesFor,
  withOverrides,
} from './rules-table';

/** One line per rule, to compare with the tables of docs/rules.md. */
function summary(rule: Rule | null): string {
  if (rule === null) return '—';
  switch (rule.kind) {
    case 'minPeriod':
      return `≥ ${rule.n} ${rule.unit} ${rule.from} → ${rule.to}`;
    case 'withinPeriod':
      return (
        `within ${rule.n} ${rule.unit} of ${rule.from}` +
        (rule.excludes.length ? ` excluding ${rule.excludes.join('+')}` : '') +
        (rule.suspendsProcedure ? ', suspends' : '')
      );
    case 'duringPeriod':
      return `during ${rule.from} → ${rule.to}`;
    case 'publication':
      return `within ${rule.within.n} ${rule.within.unit} of ${rule.within.from}, shown ≥ ${rule.minDisplay.n} ${rule.minDisplay.unit}`;
    case 'maxRatio':
      return `≤ ${rule.maxRatio} of ${rule.of}`;
    case 'minCount':
    case 'maxCount':
      return `${rule.kind === 'minCount' ? '≥' : '≤'} ${rule.n} ${rule.counts}${rule.ranked ? ', ranked' : ''}`;
    case 'duration':
      return `${rule.minutes} minutes`;
  }
}

const EXPECTED: [RuleId, string, string][] = [
  ['R5', '≥ 20 days tenderDocumentsIssued → bidDeadline', '≥ 20 days tenderDocumentsIssued → bidDeadline'],
  ['R6', '≥ 5 days tenderDocumentsIssued → tenderDocumentsAvailableUntil', '≥ 5 workingDays tenderNoticePublished → tenderDocumentsAvailableUntil'],
  ['R7', '—', '≥ 5 workingDays tenderNoticePublished → tenderNoticeEnd'],
  ['R8', '≥ 15 days changePublished → bidDeadline', '≥ 15 days changePublished → bidDeadline'],
  ['R9', '≤ 0.02 of estimatedPrice', '≤ 0.02 of budget'],
  ['R10', '—', 'within 5 workingDays of terminationPublished'],
  ['R17', '≥ 3 bids', '≥ 3 bids'],
  ['R18', '60 minutes', '60 minutes'],
  ['R20', '≤ 3 candidates, ranked', '—'],
  ['R21', 'within 3 days of evaluationReportReceived', '—'],
  ['R22', '≥ 3 days candidatePublicityStart → candidatePublicityEnd', '—'],
  ['R23', '—', 'within 2 workingDays of awardDecision, shown ≥ 1 workingDays'],
  ['R24', 'within 30 days of awardNotice', 'within 30 days of awardNotice'],
  ['R25', 'within 15 days of awardDecision', '—'],
  ['R27', '≥ 10 days objectionRaised → bidDeadline', 'within 7 workingDays of knowledge'],
  ['R28', 'during candidatePublicityStart → candidatePublicityEnd', 'within 7 workingDays of resultAnnouncementEnd'],
  ['R29', 'within 3 days of objectionReceived, suspends', 'within 7 workingDays of objectionReceived'],
  ['R30', 'within 10 days of knowledge excluding priorObjection', 'within 15 workingDays of objectionAnswerDue'],
  ['R31', 'within 3 workingDays of complaintReceived', 'within 5 workingDays of complaintReceived'],
  ['R32', 'within 30 workingDays of complaintAccepted excluding inspection', 'within 30 workingDays of complaintReceived excluding inspection+correction'],
];

describe('rules table', () => {
  it.each(EXPECTED)('%s has the figures of docs/rules.md (construction: %s; government: %s)', (id, construction, government) => {
    expect(summary(DEFAULT_RULES.construction[id])).toBe(construction);
    expect(summary(DEFAULT_RULES.government[id])).toBe(government);
  });

  it('covers every rule id of the table, and only those', () => {
    expect(EXPECTED.map(([id]) => id)).toEqual(RULE_IDS);
    expect(Object.keys(DEFAULT_RULES.construction).sort()).toEqual([...RULE_IDS].sort());
    expect(Object.keys(DEFAULT_RULES.government).sort()).toEqual([...RULE_IDS].sort());
  });

  it.each<ProcedureType>(['construction', 'government'])(
    'every %s rule names its id, its legal source and a Chinese and an English label',
    (procedure) => {
      for (const id of RULE_IDS) {
        const rule = rulesFor(procedure)[id];
        if (rule === null) continue;
        expect(rule.id).toBe(id);
        expect(rule.source).toMatch(/法|令|条例|办法/);
        expect(rule.label.zh).toMatch(/[\u4e00-\u9fff]/);
        expect(rule.label.en).toMatch(/^[\x20-\x7e]+$/);
      }
    },
  );

  it('R9 the ratio is a decimal string, never a float', () => {
    expect(typeof DEFAULT_RULES.construction.R9.maxRatio).toBe('string');
    expect(typeof DEFAULT_RULES.government.R9.maxRatio).toBe('string');
  });

  it('cannot be changed in place', () => {
    expect(Object.isFrozen(DEFAULT_RULES.construction.R5)).toBe(true);
    expect(() => {
      (DEFAULT_RULES.construction.R5 as { n: number }).n = 1;
    }).toThrow(TypeError);
    expect(DEFAULT_RULES.construction.R5.n).toBe(20);
  });

  it('refuses an unknown procedure type', () => {
    expect(() => rulesFor('utilities' as ProcedureType)).toThrow('unknown procedure type "utilities"');
  });
});

describe('withOverrides', () => {
  it('R5 R9 R18 a province sets stricter figures from configuration; the defaults stay as they were', () => {
    const table = withOverrides({
      construction: { R5: { n: 25, source: '某省招标投标条例 第二十条' }, R9: { maxRatio: '0.015' } },
      government: { R18: { minutes: 30 }, R23: { minDisplay: { n: 2 } } },
    });
    expect(table.construction.R5).toMatchObject({ n: 25, unit: 'days', source: '某省招标投标条例 第二十条' });
    expect(table.construction.R9.maxRatio).toBe('0.015');
    expect(table.government.R18.minutes).toBe(30);
    expect(table.construction.R18.minutes).toBe(60);
    expect(table.government.R23).toMatchObject({
      within: { n: 2, unit: 'workingDays', from: 'awardDecision' },
      minDisplay: { n: 2, unit: 'workingDays' },
    });
    expect(Object.isFrozen(table.construction.R5)).toBe(true);
    expect(DEFAULT_RULES.construction.R5.n).toBe(20);
    expect(DEFAULT_RULES.construction.R9.maxRatio).toBe('0.02');
  });

  it('R6 a unit can be changed to working days', () => {
    expect(withOverrides({ construction: { R6: { unit: 'workingDays' } } }).construction.R6).toMatchObject({
      n: 5,
      unit: 'workingDays',
    });
  });

  const refused: [string, unknown, string][] = [
    ['an unknown procedure type', { utilities: {} }, 'unknown procedure type "utilities"'],
    ['an unknown rule id', { construction: { R99: { n: 1 } } }, 'construction.R99: unknown rule id'],
    ['R7 for construction, where it does not apply', { construction: { R7: { n: 5 } } }, 'construction.R7: R7 does not apply to construction procedures'],
    ['a fractional period', { construction: { R5: { n: 20.5 } } }, 'construction.R5.n: 20.5 must be a whole number'],
    ['a period of zero', { government: { R29: { n: 0 } } }, 'government.R29.n: 0 must be a whole number'],
    ['a period as a string', { government: { R29: { n: '7' } } }, 'government.R29.n: "7" must be a whole number'],
    ['an unknown unit', { government: { R6: { unit: 'weeks' } } }, 'government.R6.unit: "weeks" must be one of days, workingDays'],
    ['a ratio as a float', { construction: { R9: { maxRatio: 0.02 } } }, 'construction.R9.maxRatio: 0.02 must be a decimal string such as "0.02", not a number'],
    ['a ratio above 1', { construction: { R9: { maxRatio: '1.5' } } }, 'construction.R9.maxRatio: "1.5" must be a decimal ratio above 0 and at most 1'],
    ['a ratio as a percentage', { construction: { R9: { maxRatio: '2%' } } }, 'construction.R9.maxRatio: "2%" must be a decimal ratio'],
    ['a changed anchor', { construction: { R24: { from: 'awardDecision' } } }, 'construction.R24.from: cannot be configured for a withinPeriod rule'],
    ['a changed kind', { construction: { R5: { kind: 'withinPeriod' } } }, 'construction.R5.kind: cannot be configured'],
    ['a figure of another kind of rule', { construction: { R17: { minutes: 5 } } }, 'construction.R17.minutes: cannot be configured for a minCount rule'],
    ['a decryption window of a day and more', { government: { R18: { minutes: 1441 } } }, 'government.R18.minutes: 1441 must be a whole number of minutes'],
    ['a rule that is not an object', { construction: { R5: 25 } }, 'construction.R5: must be an object of figures'],
  ];

  it.each(refused)('refuses %s', (_title, overrides, message) => {
    let error: unknown;
    try {
      withOverrides(overrides);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RulesConfigError);
    expect((error as RulesConfigError).problems.some((problem) => problem.startsWith(message))).toBe(true);
  });

  it('lists every problem at once', () => {
    expect(() =>
      withOverrides({ construction: { R5: { n: -1, unit: 'hours' } }, government: { R99: {} } }),
    ).toThrow(/R5\.n: -1[\s\S]*R5\.unit: "hours"[\s\S]*government\.R99: unknown rule id/);
  });
});

describe('rules applied to dates', () => {
  const cal = defaultWorkingDayCalendar();
  const at = (date: string, hour = 10) => atLocalTime(localDate(date), hour);

  it('R24 contract deadline from the award notice, moved past National Day, citing its source', () => {
    const due = ruleDeadline(DEFAULT_RULES.construction.R24, at('2026-09-01'), cal);
    expect(due.date).toBe('2026-10-08'); // 10-01 is a holiday
    expect(due.basis).toMatch(/^R24 \(招标投标法 art\. 46\): 30 days after 2026-09-01/);
  });

  it('R31 government accepts a complaint within 5 working days, construction within 3', () => {
    expect(ruleDeadline(DEFAULT_RULES.government.R31, at('2026-09-28'), cal).date).toBe('2026-10-10');
    expect(ruleDeadline(DEFAULT_RULES.construction.R31, at('2026-09-28'), cal).date).toBe('2026-10-08');
  });

  it('R5 a bid deadline 19 days after the documents is refused with the earliest allowed date', () => {
    const check = ruleMinimum(DEFAULT_RULES.government.R5, at('2026-03-04'), at('2026-03-23', 9), cal);
    expect(check.ok).toBe(false);
    expect(check.earliest.date).toBe('2026-03-24');
    expect(check.earliest.basis).toMatch(/^R5 \(政府采购法 art\. 35\)/);
  });

  it('R8 the last day for a change 15 days before the bid deadline', () => {
    expect(ruleLatest(DEFAULT_RULES.construction.R8, at('2026-03-24', 9), cal).date).toBe('2026-03-09');
  });

  it('R9 bid security against a stricter provincial ratio', () => {
    const strict = withOverrides({ construction: { R9: { maxRatio: '0.015' } } });
    expect(ruleRatio(DEFAULT_RULES.construction.R9, '20000.00', '1000000.00').ok).toBe(true);
    expect(ruleRatio(strict.construction.R9, '20000.00', '1000000.00')).toMatchObject({ ok: false, limit: '15000.00' });
  });
});
