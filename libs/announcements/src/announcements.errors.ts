import { DomainError, Errors, formatShanghai } from '@app/core';
import type { RuleViolation } from './rules/announcement-rules';

/** One violation as a refusal lists it, and as the live checks of a draft show it (GET /rules/notice-checks). */
export function violationDetails(v: RuleViolation) {
  return {
    rule: v.rule,
    code: v.code,
    field: v.field,
    section: v.section ?? null,
    earliestAllowed: v.earliest ? formatShanghai(v.earliest.at) : null,
    ...(v.latest ? { latestAllowed: formatShanghai(v.latest.at) } : {}),
    provisional: v.earliest?.provisional ?? false,
    limit: v.limit ?? null,
    message: { zh: v.zh, en: v.en },
  };
}

/**
 * Every refusal of one request as the user sees it: 422, the first legal rule broken with the earliest (or
 * latest) date that would satisfy it, and `violations` listing every problem found, each with its own dates, so
 * that the first refusal is the whole list. Problems that are not a legal rule (tender documents missing, …)
 * come after the rules; when there is no rule, the first of them gives the code.
 */
export function ruleRefusal(violations: readonly RuleViolation[]): DomainError {
  const ordered = [...violations.filter((v) => v.rule), ...violations.filter((v) => !v.rule)];
  const first = ordered[0];
  const details = {
    field: first.field,
    ...(first.section ? { section: first.section } : {}),
    ...(first.earliest
      ? {
          earliestAllowed: formatShanghai(first.earliest.at),
          earliestDate: first.earliest.date,
          provisional: first.earliest.provisional,
          basis: first.earliest.basis,
        }
      : {}),
    ...(first.latest ? { latestAllowed: formatShanghai(first.latest.at) } : {}),
    ...(first.limit ? { limit: first.limit } : {}),
    violations: ordered.map(violationDetails),
  };
  return first.rule ? Errors.rule(first.rule, first.code, first.zh, first.en, details) : new DomainError(first.code, 422, first.zh, first.en, details);
}

/** The refusals of this module that are not a legal rule, each with a stable code. */
export const AnnouncementErrors = {
  projectNotFound: () => Errors.notFound('Tender project', '招标项目'),
  sectionNotFound: () => Errors.notFound('Section', '标段'),
  noticeNotFound: () => Errors.notFound('Notice', '公告'),
  attachmentNotFound: () => Errors.notFound('Attachment', '附件'),
  questionNotFound: () => Errors.notFound('Question', '问题'),
  notProjectStaff: () =>
    new DomainError('NOT_PROJECT_STAFF', 403, '只有本项目招标人或招标代理机构的工作人员可以操作', "Only staff of this project's tenderer or agency may do this"),
  /** R13: before 截止 who downloaded is for the tenderer's own staff and its agency's only. */
  downloadListSealed: (bidDeadline: Date) =>
    new DomainError(
      'DOWNLOAD_LIST_SEALED',
      403,
      `投标截止（${formatShanghai(bidDeadline)}）前，只有招标人及其招标代理机构的工作人员可以查看谁获取了招标文件`,
      `Before the bid deadline (${formatShanghai(bidDeadline)}) only staff of the tenderer and its agency may see who downloaded the tender documents`,
      { rule: 'R13', earliestAllowed: formatShanghai(bidDeadline) },
    ),
  organisationKind: (field: string, expected: string) =>
    new DomainError('ORGANISATION_KIND_INVALID', 422, `${field} 所指单位类型不符（应为 ${expected}）`, `${field} must be an organisation of kind ${expected}`, {
      field,
      expected,
    }),
  notDraft: (what: 'notice' | 'section') =>
    Errors.conflict(
      what === 'notice' ? 'NOTICE_NOT_DRAFT' : 'SECTION_NOT_DRAFT',
      what === 'notice' ? '已发布的公告不能修改，请发布补充/变更公告' : '标段已发布，不能直接修改，请发布补充/变更公告',
      what === 'notice'
        ? 'A published notice is never edited; publish a supplement that changes it'
        : 'A published section is changed through a supplement, not edited',
    ),
  projectPublished: () =>
    Errors.conflict('PROJECT_PUBLISHED', '项目已有公告发布，项目信息不能直接修改', 'The project has published notices; its details can no longer be edited'),
  sectionState: (section: string, status: string, expected: readonly string[]) =>
    Errors.conflict('SECTION_STATE_CONFLICT', `标段 ${section} 当前状态为 ${status}，不能执行此操作`, `Section ${section} is ${status}; this needs ${expected.join(' or ')}`, {
      section,
      status,
      expected,
    }),
  sectionSuspended: (section: string) =>
    Errors.conflict('SECTION_SUSPENDED', `标段 ${section} 已暂停，待异议处理或监督部门决定后继续`, `Section ${section} is suspended`, { section }),
  suspensionNotFound: () => Errors.notFound('Suspension', '暂停记录'),
  newBidDeadlineRequired: (section: string) =>
    new DomainError(
      'NEW_BID_DEADLINE_REQUIRED',
      422,
      `标段 ${section} 暂停后投标期限不足，补充公告须重新确定投标截止时间`,
      `Section ${section} lost bid time while suspended: the supplement must set a new bid deadline`,
      { rule: 'R5', section, field: 'newBidDeadline' },
    ),
  sectionsOfOtherProject: () =>
    new DomainError('SECTION_NOT_IN_PROJECT', 422, '所选标段不属于该项目', 'A section named does not belong to the project'),
  relatedNotice: (en: string, zh: string) => new DomainError('RELATED_NOTICE_INVALID', 422, zh, en),
  fieldRequired: (field: string, zh: string) =>
    new DomainError('FIELD_REQUIRED', 422, `${zh}必须填写`, `${field} is required for this notice`, { field }),
  fieldNotAllowed: (field: string, type: string) =>
    new DomainError('FIELD_NOT_ALLOWED', 422, `该类公告不使用字段 ${field}`, `${field} does not apply to a ${type} notice`, { field, type }),
  withdrawNotAllowed: (type: string) =>
    Errors.conflict(
      'NOTICE_WITHDRAW_NOT_ALLOWED',
      '此类公告不能撤回：请发布补充/变更公告或终止公告',
      `A ${type} notice cannot be withdrawn; publish a supplement or a termination instead`,
      { type },
    ),
  downloadClosed: (zh: string, en: string, details: Record<string, unknown>) => new DomainError('DOCUMENTS_NOT_AVAILABLE', 409, zh, en, details),
  notHolder: () =>
    new DomainError('NOT_DOCUMENT_HOLDER', 403, '只有已下载招标文件的投标人可以提问', 'Only bidders holding the tender documents may ask questions'),
  questionsClosed: () =>
    Errors.conflict('QUESTIONS_CLOSED', '投标截止后不再接受提问', 'Questions are closed after the bid deadline'),
  answerUnknown: (questionId: string) =>
    new DomainError('QUESTION_NOT_IN_SECTION', 422, '答复的问题不属于本公告的标段', 'An answered question is not about a section of this notice', { questionId }),
  answeredAlready: (questionId: string) => Errors.conflict('QUESTION_ANSWERED', '该问题已答复', 'The question has been answered', { questionId }),
  transitionRefused: (section: string, from: string, to: string, reason: string) =>
    Errors.conflict('SECTION_TRANSITION_REFUSED', `标段 ${section} 不能从 ${from} 变为 ${to}`, `Section ${section} cannot move from ${from} to ${to} (${reason})`, {
      section,
      from,
      to,
      reason,
    }),
};
