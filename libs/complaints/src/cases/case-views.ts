import { apiTime, formatShanghai, PauseInterval, remainingWorkingDays, WorkingDayCalendar } from '@app/core';
import type { ComplaintRecord } from '@app/exchange';
import type { BoardCaseDto, RemainingDto } from '../dto/case.dto';
import { CasePause, CaseStatus, CLOSED_STATUSES, ComplaintCase } from './case.entity';

/** Pure views of a case: what the public board shows, and the GCJS_COMPLAINT record sent upstream. */

export const STATUS_LABEL: Record<CaseStatus, string> = {
  submitted: '待受理',
  accepted: '处理中',
  rejected: '不予受理',
  answered: '已答复',
  decided: '已办结',
};

export function kindLabel(c: Pick<ComplaintCase, 'kind' | 'procedureType'>): string {
  if (c.kind === 'complaint') return '投诉';
  return c.procedureType === 'government' ? '质疑' : '异议';
}

export function isClosed(status: CaseStatus): boolean {
  return CLOSED_STATUSES.includes(status);
}

export function pauseIntervals(pauses: readonly Pick<CasePause, 'fromAt' | 'toAt'>[]): PauseInterval[] {
  return pauses.map((p) => ({ from: p.fromAt, to: p.toAt }));
}

/** 剩余时间, live on the official calendar, standing still while a pause lasts (R32's excluded time). */
export function remainingOf(c: ComplaintCase, pauses: readonly CasePause[], now: Date, cal: WorkingDayCalendar): RemainingDto | null {
  if (isClosed(c.status)) return null;
  const r = remainingWorkingDays(now, c.promisedBy, cal, pauseIntervals(pauses));
  return {
    workingDays: r.workingDays,
    overdue: r.overdue,
    overdueWorkingDays: r.overdueWorkingDays,
    paused: r.paused,
    due: formatShanghai(r.due),
    provisional: r.provisional,
    basis: r.basis,
  };
}

/** The public line of the board: no person, no contact, no attachment, no answer text. */
export function boardView(c: ComplaintCase, remaining: RemainingDto | null): BoardCaseDto {
  return {
    caseNumber: c.caseNumber,
    kind: c.kind,
    kindLabel: kindLabel(c),
    subject: c.subject,
    procedureType: c.procedureType,
    sectionCode: c.sectionCode,
    projectName: c.projectName,
    departmentName: c.departmentName,
    acceptedAt: apiTime(c.acceptedAt),
    promisedBy: apiTime(c.promisedBy),
    promiseRule: c.promiseRule,
    remaining,
    overdue: remaining ? remaining.overdue : c.closedLate === true,
    status: c.status,
    statusLabel: STATUS_LABEL[c.status],
    closedAt: apiTime(c.closedAt),
    resultSummary: isClosed(c.status) ? c.resultSummary : null,
  };
}

/** GCJS_COMPLAINT (docs/provincial-api.md) for a step of the case; `step` and the extra fields are allowed upstream. */
export function complaintRecord(
  c: ComplaintCase,
  step: string,
  extra: { paused?: boolean; sectionSuspended?: boolean } = {},
): ComplaintRecord & Record<string, unknown> {
  return {
    caseNumber: c.caseNumber,
    kind: c.kind,
    bidSectionCode: c.sectionCode,
    status: c.status,
    acceptedAt: c.acceptedAt ? formatShanghai(c.acceptedAt) : null,
    promisedBy: formatShanghai(c.promisedBy),
    decidedAt: c.closedAt ? formatShanghai(c.closedAt) : null,
    resultSummary: isClosed(c.status) ? c.resultSummary : null,
    step,
    subject: c.subject,
    procedureType: c.procedureType,
    departmentName: c.departmentName,
    filedAt: formatShanghai(c.filedAt),
    paused: extra.paused ?? false,
    sectionSuspended: extra.sectionSuspended ?? false,
  };
}
