import {
  addDays,
  ComputedDate,
  daysBetween,
  periodEnd,
  ProcedureRules,
  ruleDeadline,
  ruleLatest,
  toLocalDate,
  WorkingDayCalendar,
} from '@app/core';
import type { CaseSubject } from '../cases/case.entity';

/**
 * The windows and limits of objections and complaints (R27–R32), as pure functions of the section's dates, the
 * rules table and the working-day calendar. A window is [from, until): a filing at `until` or later is late, one
 * before `from` is early (the matter is not there yet). Each answer says which rule it comes from and how it was
 * counted (`basis`), for the refusal and the board.
 */

export interface SectionDates {
  documentsIssuedAt: Date | null;
  bidDeadline: Date;
  openingTime: Date;
  decryptionWindowEnd: Date | null;
  publicityStart: Date | null;
  publicityEnd: Date | null;
  resultAnnouncedAt: Date | null;
}

export interface CaseWindow {
  rule: 'R19' | 'R27' | 'R28' | 'R30';
  /** null: the matter has not happened yet (no publicity, no result): the window is not open. */
  from: Date | null;
  until: Date | null;
  basis: string;
  provisional: boolean;
}

function window(rule: CaseWindow['rule'], from: Date | null, until: ComputedDate | Date | null, basis: string): CaseWindow {
  if (until === null || until instanceof Date) return { rule, from, until, basis, provisional: false };
  return { rule, from, until: until.at, basis: `${basis}; ${until.basis}`, provisional: until.provisional };
}

/**
 * The window of an objection (异议/质疑) about `subject`:
 * - tender documents: construction R27 "at least 10 days before 截止" (from the issue of the documents to the
 *   latest day); government R27 "within 7 working days of knowing", knowing = obtaining the documents (94号令 art. 10);
 * - the opening: construction at the opening itself (R19, until the decryption window ends); government within the
 *   R27 figure (7 working days) of the opening (94号令 art. 10, 采购过程);
 * - the evaluation result: construction R28 during the candidate publicity; government R28 within 7 working days
 *   of the end of the result announcement (R23's display period).
 */
export function objectionWindow(
  subject: CaseSubject,
  section: SectionDates,
  rules: ProcedureRules,
  procedure: 'construction' | 'government',
  cal: WorkingDayCalendar,
  knownAt: Date | null,
): CaseWindow {
  if (subject === 'tender_documents') {
    const issued = section.documentsIssuedAt;
    if (rules.R27.kind === 'minPeriod') {
      return window('R27', issued, ruleLatest(rules.R27, section.bidDeadline, cal), 'from the issue of the tender documents');
    }
    const from = knownAt ?? issued;
    if (!from) return window('R27', null, null, 'the tender documents are not issued yet');
    return window('R27', from, ruleDeadline(rules.R27, from, cal), 'from obtaining the tender documents (知道之日)');
  }
  if (subject === 'opening') {
    if (procedure === 'construction') {
      const end = section.decryptionWindowEnd ?? section.openingTime;
      return window('R19', section.openingTime, end, 'at the opening, until its decryption window ends (开标现场)');
    }
    const r27 = rules.R27;
    if (r27.kind !== 'withinPeriod') throw new Error('R27 of the government procedure is a within-period');
    return window('R27', section.openingTime, ruleDeadline(r27, section.openingTime, cal), 'from the opening (采购过程)');
  }
  if (subject === 'evaluation_result') {
    if (rules.R28.kind === 'duringPeriod') {
      if (!section.publicityStart || !section.publicityEnd) return window('R28', null, null, 'no candidate publicity yet');
      return window('R28', section.publicityStart, section.publicityEnd, 'during the candidate publicity (中标候选人公示期)');
    }
    if (!section.resultAnnouncedAt) return window('R28', null, null, 'no result announcement yet');
    const display = rules.R23?.minDisplay;
    const announcementEnd = display ? periodEnd(section.resultAnnouncedAt, display.n, display.unit, cal).at : section.resultAnnouncedAt;
    // the period counts from the day the announcement ends (24:00 of it belongs to that day)
    return window('R28', section.resultAnnouncedAt, ruleDeadline(rules.R28, new Date(announcementEnd.getTime() - 1), cal), `from the end of the result announcement ${toLocalDate(new Date(announcementEnd.getTime() - 1))}`);
  }
  return window('R27', null, null, 'an objection is about the tender documents, the opening or the evaluation result');
}

/** R29: the answer to an objection is due (and, in construction, the procedure suspended until then). */
export function answerDue(rules: ProcedureRules, filedAt: Date, cal: WorkingDayCalendar): ComputedDate {
  return ruleDeadline(rules.R29, filedAt, cal);
}

export interface PriorObjection {
  filedAt: Date;
  answeredAt: Date | null;
  /** Its R29 due instant. */
  answerDue: Date;
}

/**
 * R30: the window of a complaint. Construction: within 10 days of knowing, the days spent in the required prior
 * objection not counted (from the day it was raised to the day it was answered, or its answer was due). Government:
 * within 15 working days after the prior objection's answer period ended; without a prior objection (a matter that
 * needs none) within 15 working days of knowing.
 */
export function complaintWindow(
  rules: ProcedureRules,
  knownAt: Date,
  prior: PriorObjection | null,
  cal: WorkingDayCalendar,
): CaseWindow {
  const r30 = rules.R30;
  if (r30.from === 'objectionAnswerDue' && prior) {
    return window('R30', prior.filedAt, ruleDeadline(r30, new Date(prior.answerDue.getTime() - 1), cal), `after the prior objection's answer period (ends ${toLocalDate(new Date(prior.answerDue.getTime() - 1))})`);
  }
  if (!prior) return window('R30', knownAt, ruleDeadline(r30, knownAt, cal), 'from knowing (知道之日)');
  const end = prior.answeredAt ?? prior.answerDue;
  const excluded = Math.max(0, daysBetween(toLocalDate(prior.filedAt), toLocalDate(end)));
  const shifted = new Date(knownAt.getTime() + excluded * 86_400_000);
  const due = ruleDeadline(r30, shifted, cal);
  return window(
    'R30',
    knownAt,
    due,
    `from knowing ${toLocalDate(knownAt)}, ${excluded} days in the prior objection not counted (${toLocalDate(prior.filedAt)}–${toLocalDate(end)}), counted as from ${addDays(toLocalDate(knownAt), excluded)}`,
  );
}

/** R31: the decision whether to accept a complaint is due. */
export function acceptanceDue(rules: ProcedureRules, filedAt: Date, cal: WorkingDayCalendar): ComputedDate {
  return ruleDeadline(rules.R31, filedAt, cal);
}

/** R32: the decision on a complaint is due (from acceptance in construction, from receipt in government). */
export function decisionDue(rules: ProcedureRules, filedAt: Date, acceptedAt: Date, cal: WorkingDayCalendar): ComputedDate {
  return ruleDeadline(rules.R32, rules.R32.from === 'complaintAccepted' ? acceptedAt : filedAt, cal);
}

/** Where an instant stands against a window. */
export function placeInWindow(at: Date, w: CaseWindow): 'early' | 'inside' | 'late' {
  if (w.from === null || at.getTime() < w.from.getTime()) return 'early';
  if (w.until !== null && at.getTime() >= w.until.getTime()) return 'late';
  return 'inside';
}
