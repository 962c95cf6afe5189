import {
  Anchor,
  citationZh,
  ComputedDate,
  DEFAULT_RULES,
  formatShanghai,
  MinPeriodRule,
  toLocalDate,
  periodEnd,
  ProcedureType,
  ruleDeadline,
  ruleMinimum,
  ruleRatio,
  rulesFor,
  RulesTable,
  WorkingDayCalendar,
  yuanWithSeparators,
} from '@app/core';

/**
 * The announcement rules of docs/rules.md (R5–R11) as plain functions over the rules table and the working-day
 * calendar: no database, no clock. The services call them when a notice is published; the unit tests call them
 * with fixed dates.
 */

export type AnnouncementRuleId = 'R5' | 'R6' | 'R7' | 'R8' | 'R9' | 'R10' | 'R11' | 'R17';

/** One broken rule: the stable code, the message, the field to change and the value that would satisfy it. */
export interface RuleViolation {
  /** The legal rule broken; null for a refusal that is not a legal figure (tender documents missing, …). */
  readonly rule: AnnouncementRuleId | null;
  readonly code: string;
  readonly zh: string;
  readonly en: string;
  /** The input to change (`bidDeadline`, `documentsUntil`, `noticePeriodEnd`, `newBidDeadline`, `bidSecurity`, …). */
  readonly field: string;
  /** The section (标段) code the violation is about, when it is about one. */
  readonly section?: string;
  /**
   * The earliest instant the field may take: 00:00 Asia/Shanghai of the earliest day for period rules, the
   * instant itself for rules about one instant. Every refusal that a later date would lift carries it.
   */
  readonly earliest?: ComputedDate;
  /** The latest instant the field may take, for a refusal that an earlier date would lift. */
  readonly latest?: ComputedDate;
  /** R9: the largest bid security allowed. */
  readonly limit?: string;
  /** The legal source of the figure (or a province's override). */
  readonly source?: string;
}

export interface SectionFigures {
  readonly code: string;
  readonly bidDeadline: Date;
  readonly estimatedPrice: string;
  readonly bidSecurity: string;
}

const CODES: Record<string, { code: string; field: string }> = {
  R5: { code: 'BID_DEADLINE_TOO_EARLY', field: 'bidDeadline' },
  R6: { code: 'DOCUMENTS_PERIOD_TOO_SHORT', field: 'documentsUntil' },
  R7: { code: 'NOTICE_PERIOD_TOO_SHORT', field: 'noticePeriodEnd' },
};

/** An instant as a ComputedDate (no period counted, so never provisional). */
export function instantAllowed(at: Date, basis: string): ComputedDate {
  return { at, date: toLocalDate(at), provisional: false, provisionalYears: [], basis };
}

/** What a minimum-period rule says when it is not met, in the user's words. */
function minPeriodViolation(rule: MinPeriodRule, earliest: ComputedDate, field: string, code: string, section?: string): RuleViolation {
  const day = earliest.date;
  const provisional = earliest.provisional ? '（按暂定节假日计算）' : '';
  const provisionalEn = earliest.provisional ? ' (provisional holiday calendar)' : '';
  return {
    rule: rule.id as AnnouncementRuleId,
    code,
    zh: `${rule.label.zh}（${citationZh(rule.source)}）：${section ? `标段 ${section} 的` : ''}${fieldZh(field)}最早可为 ${day}${provisional}`,
    en: `${rule.label.en} (${rule.source}): ${section ? `section ${section}: ` : ''}${field} can be ${day} at the earliest${provisionalEn}`,
    field,
    section,
    earliest,
    source: rule.source,
  };
}

function fieldZh(field: string): string {
  switch (field) {
    case 'bidDeadline':
      return '投标截止时间';
    case 'newBidDeadline':
      return '新的投标截止时间';
    case 'documentsUntil':
      return '招标文件获取截止时间';
    case 'noticePeriodEnd':
      return '公告期限届满时间';
    default:
      return field;
  }
}

/** "At least N (working) days between two anchors": null when met, or when an anchor does not apply. */
function checkMinPeriod(
  rule: MinPeriodRule | null,
  anchors: Partial<Record<Anchor, Date>>,
  cal: WorkingDayCalendar,
  field: string,
  code: string,
  section?: string,
): RuleViolation | null {
  if (!rule) return null;
  const from = anchors[rule.from];
  const to = anchors[rule.to];
  if (!from || !to) return null;
  const check = ruleMinimum(rule, from, to, cal);
  return check.ok ? null : minPeriodViolation(rule, check.earliest, field, code, section);
}

/** R9: bid security (投标保证金) at most 2% of the estimated price (construction) or the budget (government). */
export function checkBidSecurity(
  procedure: ProcedureType,
  estimatedPrice: string,
  bidSecurity: string,
  section?: string,
  table: RulesTable = DEFAULT_RULES,
): RuleViolation | null {
  const rule = rulesFor(procedure, table).R9;
  const check = ruleRatio(rule, bidSecurity, estimatedPrice);
  if (check.ok) return null;
  const base = rule.of === 'budget' ? { zh: '预算金额', en: 'budget' } : { zh: '估算价', en: 'estimated price' };
  return {
    rule: 'R9',
    code: 'BID_SECURITY_TOO_HIGH',
    zh: `${rule.label.zh}（${citationZh(rule.source)}）：${section ? `标段 ${section} ` : ''}${base.zh} ${yuanWithSeparators(check.base)} 元，保证金最多 ${yuanWithSeparators(check.limit)} 元`,
    en: `${rule.label.en} (${rule.source}): ${section ? `section ${section}: ` : ''}${base.en} ${check.base} yuan allows at most ${check.limit} yuan`,
    field: 'bidSecurity',
    section,
    limit: check.limit,
    source: rule.source,
  };
}

const OPENING_AT_DEADLINE_SOURCE = '招标投标法 art. 34';

/** R17: the opening happens at 截止 (招标投标法 art. 34). */
export function checkOpeningTime(bidDeadline: Date, openingTime: Date, section?: string): RuleViolation | null {
  if (openingTime.getTime() === bidDeadline.getTime()) return null;
  return {
    rule: 'R17',
    code: 'OPENING_TIME_NOT_AT_DEADLINE',
    zh: `开标应当在投标截止时间公开进行（${citationZh(OPENING_AT_DEADLINE_SOURCE)}）：开标时间须为 ${formatShanghai(bidDeadline)}`,
    en: `The opening happens at the bid deadline (${OPENING_AT_DEADLINE_SOURCE}): the opening time must be ${formatShanghai(bidDeadline)}`,
    field: 'openingTime',
    section,
    earliest: instantAllowed(bidDeadline, 'the opening time is the bid deadline itself'),
    source: OPENING_AT_DEADLINE_SOURCE,
  };
}

export interface TenderNoticeInput {
  readonly procedure: ProcedureType;
  /** When the notice is published (the platform time of the publish). */
  readonly publishAt: Date;
  /** When the tender documents start being available; null or earlier than publishAt means at publication. */
  readonly documentsFrom: Date | null;
  /** 招标文件获取截止时间 */
  readonly documentsUntil: Date;
  /** 公告期限届满 (R7, government); null: the end of the R7 period is taken. */
  readonly noticePeriodEnd: Date | null;
  readonly sections: readonly SectionFigures[];
}

export interface TenderNoticeCheck {
  readonly violations: RuleViolation[];
  /** 招标文件开始发出: the later of the publication and documentsFrom. */
  readonly documentsIssuedAt: Date;
  /** The notice period end to record (the given one, or the R7 period's end for government procurement). */
  readonly noticePeriodEnd: Date | null;
}

/** Every figure a tender notice (招标公告) must meet when it is published: R5, R6, R7, R9 and R17. */
export function checkTenderNotice(input: TenderNoticeInput, cal: WorkingDayCalendar, table: RulesTable = DEFAULT_RULES): TenderNoticeCheck {
  const rules = rulesFor(input.procedure, table);
  const issuedAt =
    input.documentsFrom && input.documentsFrom.getTime() > input.publishAt.getTime() ? input.documentsFrom : input.publishAt;
  const noticePeriodEnd = input.noticePeriodEnd ?? (rules.R7 ? periodEnd(input.publishAt, rules.R7.n, rules.R7.unit, cal).at : null);
  const common: Partial<Record<Anchor, Date>> = {
    tenderNoticePublished: input.publishAt,
    tenderDocumentsIssued: issuedAt,
    tenderDocumentsAvailableUntil: input.documentsUntil,
    ...(noticePeriodEnd ? { tenderNoticeEnd: noticePeriodEnd } : {}),
  };
  const violations: RuleViolation[] = [];
  const push = (v: RuleViolation | null) => {
    if (v) violations.push(v);
  };
  for (const section of input.sections) {
    push(checkMinPeriod(rules.R5, { ...common, bidDeadline: section.bidDeadline }, cal, CODES.R5.field, CODES.R5.code, section.code));
  }
  push(checkMinPeriod(rules.R6, common, cal, CODES.R6.field, CODES.R6.code));
  push(checkMinPeriod(rules.R7, common, cal, CODES.R7.field, CODES.R7.code));
  for (const section of input.sections) {
    push(checkBidSecurity(input.procedure, section.estimatedPrice, section.bidSecurity, section.code, table));
  }
  return { violations, documentsIssuedAt: issuedAt, noticePeriodEnd };
}

export interface SupplementInput {
  readonly procedure: ProcedureType;
  readonly publishAt: Date;
  /** Whether the clarification or change affects the preparation of bids (影响投标文件编制). */
  readonly affectsBidPreparation: boolean;
  /** The sections it changes, with their current 截止 and when their documents were first issued. */
  readonly sections: readonly { code: string; bidDeadline: Date; documentsIssuedAt: Date | null }[];
  /** The new 截止 it carries, if any. */
  readonly newBidDeadline: Date | null;
}

/**
 * R8: a clarification or change that affects bid preparation is published at least 15 days before 截止,
 * otherwise it must carry a new 截止 at least 15 days after it. A new 截止 also keeps R5 from the first issue
 * of the documents.
 */
export function checkSupplement(input: SupplementInput, cal: WorkingDayCalendar, table: RulesTable = DEFAULT_RULES): RuleViolation[] {
  const rules = rulesFor(input.procedure, table);
  const violations: RuleViolation[] = [];
  for (const section of input.sections) {
    const deadline = input.newBidDeadline ?? section.bidDeadline;
    if (input.affectsBidPreparation) {
      const check = ruleMinimum(rules.R8, input.publishAt, deadline, cal);
      if (!check.ok) {
        const code = input.newBidDeadline ? 'NEW_BID_DEADLINE_TOO_EARLY' : 'CHANGE_NEEDS_NEW_BID_DEADLINE';
        violations.push(minPeriodViolation(rules.R8, check.earliest, 'newBidDeadline', code, section.code));
        // no `continue`: a new 截止 may break R5 as well, and the first refusal lists every rule broken
      }
    }
    if (input.newBidDeadline && section.documentsIssuedAt) {
      const v = checkMinPeriod(
        rules.R5,
        { tenderDocumentsIssued: section.documentsIssuedAt, bidDeadline: input.newBidDeadline },
        cal,
        'newBidDeadline',
        CODES.R5.code,
        section.code,
      );
      if (v) violations.push(v);
    }
    if (input.newBidDeadline && input.newBidDeadline.getTime() <= input.publishAt.getTime()) {
      violations.push({
        rule: 'R8',
        code: 'NEW_BID_DEADLINE_IN_PAST',
        zh: '新的投标截止时间必须晚于公告发布时间',
        en: 'The new bid deadline must be later than the publication',
        field: 'newBidDeadline',
        section: section.code,
        earliest: instantAllowed(new Date(input.publishAt.getTime() + 1000), 'one second after the publication'),
      });
    }
  }
  return violations;
}

/** R11: a consultation notice (征求意见公告) has a comment period that ends after its publication. */
export function checkConsultation(publishAt: Date, commentPeriodEnd: Date | null): RuleViolation | null {
  if (commentPeriodEnd && commentPeriodEnd.getTime() > publishAt.getTime()) return null;
  return {
    rule: 'R11',
    code: 'COMMENT_PERIOD_INVALID',
    zh: `征求意见公告须设定意见征询期，且截止时间晚于发布时间（${formatShanghai(publishAt)}）`,
    en: `A consultation notice needs a comment period that ends after its publication (${formatShanghai(publishAt)})`,
    field: 'commentPeriodEnd',
    earliest: instantAllowed(new Date(publishAt.getTime() + 1000), 'one second after the publication'),
  };
}

/** R11: comments are accepted while the comment period runs; it ends at commentPeriodEnd. */
export function checkComment(now: Date, commentPeriodEnd: Date): RuleViolation | null {
  if (now.getTime() < commentPeriodEnd.getTime()) return null;
  return {
    rule: 'R11',
    code: 'COMMENT_PERIOD_ENDED',
    zh: `意见征询期已于 ${formatShanghai(commentPeriodEnd)} 结束`,
    en: `The comment period ended at ${formatShanghai(commentPeriodEnd)}`,
    field: 'commentPeriodEnd',
    latest: instantAllowed(commentPeriodEnd, 'the end of the comment period'),
  };
}

/**
 * R10: after a termination, document fees and bid securities are refunded; government procurement fixes the
 * time limit (5 working days, 87号令 art. 29), construction none. Null when the procedure sets no limit.
 */
export function refundDue(
  procedure: ProcedureType,
  terminationPublishedAt: Date,
  cal: WorkingDayCalendar,
  table: RulesTable = DEFAULT_RULES,
): ComputedDate | null {
  const rule = rulesFor(procedure, table).R10;
  return rule ? ruleDeadline(rule, terminationPublishedAt, cal) : null;
}
