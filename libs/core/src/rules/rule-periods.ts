import { ratioCheck, RatioCheck } from '../money';
import {
  ComputedDate,
  earliestAllowed,
  latestAllowed,
  MinimumCheck,
  periodEnd,
  satisfiesMinimum,
} from '../time/periods';
import { WorkingDayCalendar } from '../time/working-day-calendar';
import { MaxRatioRule, MinPeriodRule, RuleInfo, WithinPeriodRule } from './rules-table';

/**
 * The rules table applied with the counting of R1–R4: each answer's basis starts with the rule id and its
 * source, so that a refusal or a deadline shown to a user says which rule it comes from.
 */

function cite(rule: RuleInfo, computed: ComputedDate): ComputedDate {
  return { ...computed, basis: `${rule.id} (${rule.source}): ${computed.basis}` };
}

/** The end of a "within N days of …" period (e.g. R24: contract within 30 days of the award notice). */
export function ruleDeadline(rule: WithinPeriodRule, start: Date, cal: WorkingDayCalendar): ComputedDate {
  return cite(rule, periodEnd(start, rule.n, rule.unit, cal));
}

/** The earliest allowed instant of the later event of a minimum period (e.g. R5: the earliest 截止). */
export function ruleEarliest(rule: MinPeriodRule, from: Date, cal: WorkingDayCalendar): ComputedDate {
  return cite(rule, earliestAllowed(from, rule.n, rule.unit, cal));
}

/** The last day for the earlier event of a minimum period (e.g. R8: the last day for a change before 截止). */
export function ruleLatest(rule: MinPeriodRule, to: Date, cal: WorkingDayCalendar): ComputedDate {
  return cite(rule, latestAllowed(to, rule.n, rule.unit, cal));
}

/** Whether two events are far enough apart (e.g. R5: documents issued → 截止 at least 20 days). */
export function ruleMinimum(rule: MinPeriodRule, from: Date, to: Date, cal: WorkingDayCalendar): MinimumCheck {
  const check = satisfiesMinimum(from, to, rule.n, rule.unit, cal);
  return { ok: check.ok, earliest: cite(rule, check.earliest) };
}

/** R9: amount ≤ maxRatio × base, exactly (base is the estimated price or the budget, as `rule.of` says). */
export function ruleRatio(rule: MaxRatioRule, amount: string, base: string): RatioCheck {
  return ratioCheck(amount, base, rule.maxRatio);
}
