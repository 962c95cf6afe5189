import type { InjectionKey, Ref } from 'vue';
import type { components } from '@/api/schema';
import { ApiProblem, problemFrom } from '@/api/client';
import { formatDateTime } from '@/util/format';

/** What the staff console's pages share: the API's types, the names of states and types, Beijing time in inputs. */
type Schemas = components['schemas'];
export type Project = Schemas['ProjectDto'];
export type Section = Schemas['SectionDto'];
export type Notice = Schemas['NoticeDto'];
export type NoticeChecks = Schemas['NoticeChecksDto'];
export type RuleViolation = Schemas['RuleViolationDto'];
export type Deadline = Schemas['DeadlineDto'];

/**
 * What a page's refusals refuse, for FieldRefusalNote's '…被拒绝：': 发布 (the default: a notice, a clarification),
 * 登记 (a project), 保存 (a section added to a project). A page provides it; its forms' notes inject it.
 */
export const REFUSED_ACTION: InjectionKey<Readonly<Ref<string>>> = Symbol('refused-action');

export const PROCEDURE_LABELS: Record<string, string> = { construction: '工程建设', government: '政府采购' };

export { SECTION_STATUS } from '@/util/section-status';

export const NOTICE_TYPES: Record<string, string> = {
  tender: '招标公告',
  consultation: '征求意见公告',
  supplement: '补充/变更/澄清公告',
  termination: '终止公告',
  candidate_publicity: '中标候选人公示',
  result: '结果公告',
};

export const NOTICE_STATUS: Record<string, string> = { draft: '草稿', published: '已发布', superseded: '已被变更', withdrawn: '已撤回' };

/**
 * What a refusal code means for the person drafting, shown beside the field with the API's own message. The
 * figures (days, dates, limits) always come from the API; this only says what to do about it.
 */
export const REFUSAL_HELP: Record<string, string> = {
  BID_DEADLINE_TOO_EARLY: '自招标文件开始发出之日起至投标截止之日止不得少于法定天数；请把投标截止时间改到所示日期或之后。',
  DOCUMENTS_PERIOD_TOO_SHORT: '招标文件的发售（获取）期不得少于法定天数；请延长获取截止时间。',
  NOTICE_PERIOD_TOO_SHORT: '政府采购公告期限不得少于 5 个工作日；请延长公告期限。',
  BID_SECURITY_TOO_HIGH: '投标保证金不得超过估算价（预算金额）的 2%；请降低保证金或核对估算价。',
  DOCUMENTS_UNTIL_AFTER_DEADLINE: '招标文件获取截止不能晚于投标截止时间。',
  TENDER_DOCUMENTS_MISSING: '招标公告发布前须上传招标文件。',
  CHANGE_NEEDS_NEW_BID_DEADLINE: '影响投标文件编制的澄清或修改，距投标截止不足 15 日时，须顺延投标截止时间；请填写新的投标截止时间。',
  NEW_BID_DEADLINE_TOO_EARLY: '新的投标截止时间须在本公告发布 15 日之后。',
  NEW_BID_DEADLINE_IN_PAST: '新的投标截止时间必须晚于发布时间。',
  COMMENT_PERIOD_INVALID: '征求意见公告须设定晚于发布时间的意见征询截止时间。',
  FIELD_REQUIRED: '该项为必填项。',
  SECTION_STATE_CONFLICT: '标段当前状态不允许此操作。',
  BID_DEADLINE_PASSED: '标段已过投标截止时间，不能再发布补充公告。',
};

/** An instant as a datetime-local input shows it, in Beijing time whatever the computer's zone: '2026-12-21T09:30'. */
export function toInput(iso: string | null | undefined): string {
  return iso ? formatDateTime(iso).replace(' ', 'T') : '';
}

/** A datetime-local input's value, read as Beijing time: '2026-12-21T09:30' → '2026-12-21T09:30:00+08:00'. */
export function fromInput(local: string): string | undefined {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local) ? `${local}:00+08:00` : undefined;
}

/** Money as typed, if it is an amount the API takes. */
export function moneyOrUndefined(text: string): string | undefined {
  const t = text.trim().replace(/,/g, '');
  return /^\d{1,13}(\.\d{1,2})?$/.test(t) ? t : undefined;
}

/** A refusal's body as the platform sends it for a rule: the field to change, the dates and every violation. */
export interface RefusalBody {
  code?: string;
  message?: { zh?: string; en?: string };
  rule?: string;
  field?: string;
  section?: string;
  earliestAllowed?: string;
  limit?: string;
  errors?: { field: string; messages: string[] }[];
  violations?: { rule: string | null; code: string; field: string; section: string | null; earliestAllowed: string | null; limit: string | null; message: { zh: string; en: string } }[];
}

/** An API refusal that keeps its body, so that each violation can be shown beside its own field. */
export class StaffRefusal extends ApiProblem {
  constructor(
    status: number,
    readonly body: RefusalBody,
  ) {
    const p = problemFrom(status, body);
    super(p.status, p.code, p.zh, p.fieldErrors);
  }

  /** field → what to show beside it: the API's Chinese message, the refusal code and what it means. */
  byField(): Record<string, FieldRefusal> {
    const out: Record<string, FieldRefusal> = {};
    const put = (field: string, r: FieldRefusal) => {
      const key = field.replace(/^sections\[\d+\]\./, '');
      out[key] ??= r;
    };
    for (const v of this.body.violations ?? []) {
      put(v.field, { code: v.code, rule: v.rule, message: v.message.zh, earliestAllowed: v.earliestAllowed, help: REFUSAL_HELP[v.code] ?? '' });
    }
    if (!this.body.violations && this.body.field) {
      put(this.body.field, { code: this.code, rule: this.body.rule ?? null, message: this.zh, earliestAllowed: this.body.earliestAllowed ?? null, help: REFUSAL_HELP[this.code] ?? '' });
    }
    for (const f of this.fieldErrors) put(f.field, { code: this.code, rule: null, message: f.message, earliestAllowed: null, help: '' });
    return out;
  }
}

export interface FieldRefusal {
  code: string;
  rule: string | null;
  message: string;
  earliestAllowed: string | null;
  help: string;
}

/** The answer's body, or a StaffRefusal keeping the refusal's details. */
export async function attempt<T>(call: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new StaffRefusal(response.status, (error && typeof error === 'object' ? error : {}) as RefusalBody);
  return data as T;
}

/** One row of the staff dashboard's deadlines: a date of the section's notice or an award-stage time limit. */
export interface DashboardRow {
  key: string;
  at: string;
  label: string;
  rule: string | null;
  overdue: boolean;
  link: string;
  sectionCode: string;
  sectionName: string;
  sectionStatus: string;
  projectId: string;
  projectName: string;
  winnerName: string | null;
}
