import { apiTime, DomainError, Errors } from '@app/core';
import type { CaseWindow } from './rules/case-windows';

const RULE_ZH: Record<CaseWindow['rule'], string> = {
  R19: '对开标有异议的，应当在开标现场提出',
  R27: '对招标（采购）文件的异议（质疑）应在规定期限内提出',
  R28: '对评标（采购）结果的异议（质疑）应在规定期限内提出',
  R30: '投诉应在规定期限内提出',
};

/** The refusals of the complaints module, each with a stable code; a window's refusal names its rule and dates. */
export const ComplaintErrors = {
  caseNotFound: () => Errors.notFound('Case', '办件'),
  attachmentNotFound: () => Errors.notFound('Attachment of the case', '办件附件'),
  outsideWindow: (w: CaseWindow, place: 'early' | 'late', kind: 'objection' | 'complaint') =>
    new DomainError(
      kind === 'objection' ? 'OBJECTION_OUTSIDE_WINDOW' : 'COMPLAINT_OUTSIDE_WINDOW',
      422,
      `${RULE_ZH[w.rule]}：${place === 'early' ? '期限尚未开始' : '已超过期限'}（${w.from ? apiTime(w.from) : '—'} 至 ${w.until ? apiTime(w.until) : '—'}）`,
      `${kind === 'objection' ? 'The objection' : 'The complaint'} is ${place === 'early' ? 'too early: its window has not opened' : 'too late: its window has closed'} (${w.rule})`,
      { rule: w.rule, windowFrom: apiTime(w.from), windowUntil: apiTime(w.until), position: place, provisional: w.provisional, basis: w.basis },
    ),
  priorObjectionRequired: (subject: string) =>
    new DomainError(
      'PRIOR_OBJECTION_REQUIRED',
      422,
      '就招标文件、开标、评标结果投诉的，应当先向招标人提出异议（质疑）',
      'A complaint about the tender documents, the opening or the evaluation result needs a prior objection to the tenderer',
      { rule: 'R33', subject },
    ),
  priorObjectionPending: (answerDue: Date) =>
    new DomainError(
      'PRIOR_OBJECTION_PENDING',
      422,
      '异议（质疑）尚在答复期内，答复或答复期满后方可投诉',
      'The prior objection is still within its answer period: complain after the answer or once the period has ended',
      { rule: 'R33', answerDue: apiTime(answerDue) },
    ),
  knownAtRequired: () =>
    new DomainError('KNOWN_AT_REQUIRED', 422, '请填写知道或者应当知道其权益受到损害之日', 'Give the day you knew (or should have known) of the matter', {
      rule: 'R30',
      field: 'knownAt',
    }),
  knownAtInFuture: () => new DomainError('KNOWN_AT_IN_FUTURE', 422, '知道之日不能晚于现在', 'The day of knowing cannot be in the future', { field: 'knownAt' }),
  notDepartment: () =>
    new DomainError('NOT_SUPERVISING_DEPARTMENT', 422, '投诉须向行政监督部门提出', 'A complaint goes to a supervising department', { field: 'departmentOrgId' }),
  notParty: () => new DomainError('NOT_CASE_PARTY', 403, '仅当事人和监督部门可查看或处理本办件', 'Only the parties and the supervising department may see or act on this case', { rule: 'R34' }),
  notProjectStaff: () =>
    new DomainError('NOT_PROJECT_STAFF', 403, '仅本项目招标人或代理机构可通过平台答复异议', 'Only the staff of this project answer the objection, on the platform', { rule: 'R34' }),
  notDepartmentStaff: () =>
    new DomainError('NOT_CASE_DEPARTMENT', 403, '仅受理该投诉的监督部门可处理', 'Only the supervising department the complaint went to may act on it', { rule: 'R34' }),
  wrongStatus: (status: string, expected: readonly string[]) =>
    Errors.conflict('CASE_STATE', `办件当前状态（${status}）不允许此操作`, `The case is ${status}; this needs ${expected.join(' or ')}`, { status, expected }),
  wrongKind: (kind: string) => Errors.conflict('CASE_KIND', '该办件类型不允许此操作', `Not possible on a case of kind ${kind}`, { kind }),
  pauseNotExcluded: (kind: string, allowed: readonly string[]) =>
    new DomainError('PAUSE_NOT_EXCLUDED', 422, '法律未规定该期间不计入处理期限', 'The law does not exclude this time from the limit', {
      rule: 'R32',
      kind,
      allowed,
    }),
  pauseOpen: () => Errors.conflict('CASE_PAUSE_OPEN', '该办件已处于暂停计时状态', 'The case clock is already stopped'),
  noPause: () => Errors.conflict('CASE_NO_PAUSE', '该办件未暂停计时', 'The case clock is not stopped'),
  alreadySuspended: () => Errors.conflict('CASE_ALREADY_SUSPENDED', '已责令暂停', 'A suspension is already ordered for this case', { rule: 'R35' }),
  notSuspended: () => Errors.conflict('CASE_NOT_SUSPENDED', '未责令暂停', 'No suspension is ordered for this case', { rule: 'R35' }),
  badPeriod: () => new DomainError('BAD_PERIOD', 400, '统计期间无效', 'The period is not valid', { field: 'from/to' }),
};
