import {
  Anchor,
  citationZh,
  ComputedDate,
  daysBetween,
  DEFAULT_RULES,
  MinPeriodRule,
  ProcedureType,
  ruleEarliest,
  ruleLatest,
  ruleRatio,
  rulesFor,
  RulesTable,
  toLocalDate,
  WorkingDayCalendar,
} from '@app/core';
import { checkBidSecurity, checkConsultation, checkSupplement, checkTenderNotice, RuleViolation } from './announcement-rules';

/**
 * The legal figures of a notice being drafted, as the staff console shows them while a person types: the
 * earliest allowed dates, the bid security cap, how long a change may still come without a new 截止, and the
 * violations the publication would be refused with. Computed by the same plain functions (and the same rules
 * table and working-day calendar) that NoticePublicationService uses to refuse, so the form and the refusal
 * cannot disagree. No database, no clock: `publishAt` is given.
 */

export type DraftType = 'tender' | 'consultation' | 'supplement' | 'termination';

export interface NoticeFiguresInput {
  readonly procedure: ProcedureType;
  readonly type: DraftType;
  /** When the notice would be published (the platform's now, or a planned time). */
  readonly publishAt: Date;
  readonly documentsFrom?: Date | null;
  readonly documentsUntil?: Date | null;
  readonly noticePeriodEnd?: Date | null;
  readonly commentPeriodEnd?: Date | null;
  /** tender: the section's 截止 as typed; supplement: the section's current 截止. */
  readonly bidDeadline?: Date | null;
  /** supplement: when the section's documents were first issued (R5 for a new 截止). */
  readonly documentsIssuedAt?: Date | null;
  readonly estimatedPrice?: string | null;
  readonly bidSecurity?: string | null;
  readonly affectsBidPreparation?: boolean;
  readonly newBidDeadline?: Date | null;
  /** the section's code, for the messages */
  readonly section?: string;
}

export interface BidSecurityCap {
  readonly limit: string;
  readonly base: string;
  readonly maxRatio: string;
  /** 'estimatedPrice' (估算价) or 'budget' (预算金额) */
  readonly of: string;
  readonly source: string;
  /** the source as a Chinese reader cites it: 《招标投标法实施条例》第 26 条 */
  readonly sourceZh: string;
  /** the bid security typed is within the cap (null when none was typed) */
  readonly ok: boolean | null;
}

export interface SupplementFigures {
  /** The last day a change affecting bid preparation may be published without a new 截止 (R8). */
  readonly latestWithoutNewDeadline: ComputedDate;
  /** Calendar days from the publication day to that last day: 0 on the last day, negative once it passed. */
  readonly daysLeft: number;
  /** The earliest new 截止 if a change affecting bid preparation is published at publishAt (R8). */
  readonly earliestNewBidDeadline: ComputedDate;
  /** Whether a change affecting bid preparation published at publishAt needs a new 截止. */
  readonly needsNewBidDeadline: boolean;
}

export interface NoticeFigures {
  /** 招标文件开始发出: the later of the publication and documentsFrom. */
  readonly documentsIssuedAt: Date;
  /** R5: the earliest 截止 counted from the documents' issue. */
  readonly earliestBidDeadline: ComputedDate | null;
  /** R6: the earliest end of the documents' availability. */
  readonly earliestDocumentsUntil: ComputedDate | null;
  /** R7 (government): the earliest end of the notice period; null where the procedure has no R7. */
  readonly earliestNoticePeriodEnd: ComputedDate | null;
  /** R9: the cap on the bid security, once an estimated price (budget) is given. */
  readonly bidSecurity: BidSecurityCap | null;
  /** R8, for a supplement with the section's current 截止. */
  readonly supplement: SupplementFigures | null;
  /** Every rule the publication at publishAt would break with these values. */
  readonly violations: RuleViolation[];
}

/** The figures of a draft (see the module comment). Fields not given are left out of the checks, never guessed. */
export function noticeFigures(input: NoticeFiguresInput, cal: WorkingDayCalendar, table: RulesTable = DEFAULT_RULES): NoticeFigures {
  const rules = rulesFor(input.procedure, table);
  const issuedAt =
    input.type === 'supplement' && input.documentsIssuedAt
      ? input.documentsIssuedAt
      : input.documentsFrom && input.documentsFrom.getTime() > input.publishAt.getTime()
        ? input.documentsFrom
        : input.publishAt;
  const tendering = input.type === 'tender';
  const violations: RuleViolation[] = [];
  const code = input.section ?? '';

  let bidSecurity: BidSecurityCap | null = null;
  if (input.estimatedPrice && (tendering || input.bidSecurity)) {
    const security = input.bidSecurity || '0';
    const check = ruleRatio(rules.R9, security, input.estimatedPrice);
    bidSecurity = {
      limit: check.limit,
      base: check.base,
      maxRatio: rules.R9.maxRatio,
      of: rules.R9.of,
      source: rules.R9.source,
      sourceZh: citationZh(rules.R9.source),
      ok: input.bidSecurity ? check.ok : null,
    };
  }

  if (tendering) {
    if (input.documentsUntil && input.bidDeadline) {
      const full = checkTenderNotice(
        {
          procedure: input.procedure,
          publishAt: input.publishAt,
          documentsFrom: input.documentsFrom ?? null,
          documentsUntil: input.documentsUntil,
          noticePeriodEnd: input.noticePeriodEnd ?? null,
          sections: [{ code, bidDeadline: input.bidDeadline, estimatedPrice: input.estimatedPrice || '0', bidSecurity: input.bidSecurity || '0' }],
        },
        cal,
        table,
      );
      // without an estimated price R9 cannot be judged yet: leave it to the field that is still empty
      violations.push(...full.violations.filter((v) => v.rule !== 'R9' || (input.estimatedPrice && input.bidSecurity)));
    } else if (input.estimatedPrice && input.bidSecurity) {
      const r9 = checkBidSecurity(input.procedure, input.estimatedPrice, input.bidSecurity, code || undefined, table);
      if (r9) violations.push(r9);
    }
  }

  let supplement: SupplementFigures | null = null;
  if (input.type === 'supplement' && input.bidDeadline) {
    const latest = ruleLatest(rules.R8, input.bidDeadline, cal);
    const earliestNew = ruleEarliest(rules.R8, input.publishAt, cal);
    supplement = {
      latestWithoutNewDeadline: latest,
      daysLeft: daysBetween(toLocalDate(input.publishAt), latest.date),
      earliestNewBidDeadline: earliestNew,
      needsNewBidDeadline: input.bidDeadline.getTime() < earliestNew.at.getTime(),
    };
    violations.push(
      ...checkSupplement(
        {
          procedure: input.procedure,
          publishAt: input.publishAt,
          affectsBidPreparation: input.affectsBidPreparation ?? false,
          sections: [{ code, bidDeadline: input.bidDeadline, documentsIssuedAt: input.documentsIssuedAt ?? null }],
          newBidDeadline: input.newBidDeadline ?? null,
        },
        cal,
        table,
      ),
    );
  }

  if (input.type === 'consultation') {
    const v = checkConsultation(input.publishAt, input.commentPeriodEnd ?? null);
    if (v && input.commentPeriodEnd !== undefined) violations.push(v);
  }

  // each rule counts from its own anchor (R6 from the documents' issue for construction, from the notice for government)
  const anchors: Partial<Record<Anchor, Date>> = { tenderNoticePublished: input.publishAt, tenderDocumentsIssued: issuedAt, changePublished: input.publishAt };
  const earliest = (rule: MinPeriodRule | null): ComputedDate | null => {
    const from = rule ? anchors[rule.from] : undefined;
    return rule && from ? ruleEarliest(rule, from, cal) : null;
  };
  return {
    documentsIssuedAt: issuedAt,
    earliestBidDeadline: tendering || input.type === 'supplement' ? earliest(rules.R5) : null,
    earliestDocumentsUntil: tendering ? earliest(rules.R6) : null,
    earliestNoticePeriodEnd: tendering ? earliest(rules.R7) : null,
    bidSecurity,
    supplement,
    violations,
  };
}
