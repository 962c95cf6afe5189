import { parseRatio } from '../money';
import { PERIOD_UNITS, PeriodUnit } from '../time/period-unit';

/**
 * The rules table of docs/rules.md: every legal figure the platform checks or computes, keyed by procedure type, so
 * that a province's stricter figures can be set from configuration (`withOverrides`) without changing code.
 * "Days" are calendar days unless the unit is 'workingDays'; counting follows R1–R4 (libs/core/src/time).
 */

/** 工程建设项目招标投标 | 政府采购 */
export type ProcedureType = 'construction' | 'government';
export const PROCEDURE_TYPES: readonly ProcedureType[] = ['construction', 'government'];

/** The events a period runs from or to. */
export type Anchor =
  | 'tenderNoticePublished' // 招标公告发布
  | 'tenderNoticeEnd' // 公告期限届满
  | 'tenderDocumentsIssued' // 招标文件开始发出
  | 'tenderDocumentsAvailableUntil' // 招标文件发售/提供期限届满
  | 'changePublished' // 澄清或者修改发出 (补充/变更公告)
  | 'bidDeadline' // 投标截止
  | 'terminationPublished' // 终止公告发布
  | 'evaluationReportReceived' // 收到评标报告
  | 'candidatePublicityStart' // 中标候选人公示开始
  | 'candidatePublicityEnd' // 中标候选人公示结束
  | 'awardDecision' // 确定中标人（成交供应商）
  | 'resultAnnouncementEnd' // 中标结果公告期限届满
  | 'awardNotice' // 中标通知书发出
  | 'knowledge' // 知道或者应当知道（其权益受到损害）之日
  | 'objectionRaised' // 提出异议/质疑
  | 'objectionReceived' // 收到异议/质疑
  | 'objectionAnswerDue' // 答复期满
  | 'complaintReceived' // 收到投诉
  | 'complaintAccepted'; // 受理投诉

export const ANCHORS: readonly Anchor[] = [
  'tenderNoticePublished',
  'tenderNoticeEnd',
  'tenderDocumentsIssued',
  'tenderDocumentsAvailableUntil',
  'changePublished',
  'bidDeadline',
  'terminationPublished',
  'evaluationReportReceived',
  'candidatePublicityStart',
  'candidatePublicityEnd',
  'awardDecision',
  'resultAnnouncementEnd',
  'awardNotice',
  'knowledge',
  'objectionRaised',
  'objectionReceived',
  'objectionAnswerDue',
  'complaintReceived',
  'complaintAccepted',
];

/** Time the law says is not counted in a period. */
export type ExcludedTime =
  | 'priorObjection' // 异议答复期间 (实施条例 art. 60)
  | 'inspection' // 检验、检测、鉴定、专家评审所需时间
  | 'correction'; // 投诉人补正材料所需时间 (94号令 art. 28)

export interface RuleInfo {
  readonly id: RuleId;
  /** The legal article, e.g. '招标投标法 art. 24'; a province's override names its own regulation. */
  readonly source: string;
  readonly label: { readonly zh: string; readonly en: string };
}

export interface PeriodFigure {
  readonly n: number;
  readonly unit: PeriodUnit;
}

/** "At least N days between `from` and `to`" (R4: N itself is enough). Check with satisfiesMinimum. */
export interface MinPeriodRule extends RuleInfo, PeriodFigure {
  readonly kind: 'minPeriod';
  readonly from: Anchor;
  readonly to: Anchor;
}

/** "Within N days of `from`": the period ends at 24:00 of its last day (R2). Compute with periodEnd. */
export interface WithinPeriodRule extends RuleInfo, PeriodFigure {
  readonly kind: 'withinPeriod';
  readonly from: Anchor;
  /** Times not counted in the period (the board pauses during them). */
  readonly excludes: readonly ExcludedTime[];
  /** The procedure is suspended until the act is done (实施条例 art. 22, 54: until the objection is answered). */
  readonly suspendsProcedure: boolean;
}

/** "During the period from `from` to `to`". */
export interface DuringPeriodRule extends RuleInfo {
  readonly kind: 'duringPeriod';
  readonly from: Anchor;
  readonly to: Anchor;
}

/** Publish within a period, then keep it shown for at least a period (R23). */
export interface PublicationRule extends RuleInfo {
  readonly kind: 'publication';
  readonly within: PeriodFigure & { readonly from: Anchor };
  readonly minDisplay: PeriodFigure;
}

/** amount ≤ maxRatio × the `of` amount (decimal string, never a float). */
export interface MaxRatioRule extends RuleInfo {
  readonly kind: 'maxRatio';
  readonly maxRatio: string;
  readonly of: 'estimatedPrice' | 'budget'; // 估算价 | 预算金额
}

export interface CountRule extends RuleInfo {
  readonly kind: 'minCount' | 'maxCount';
  readonly n: number;
  readonly counts: 'bids' | 'candidates';
  /** Candidates are ranked (R20). */
  readonly ranked?: boolean;
}

/** A length of time in minutes (R18's decryption window, a local figure). */
export interface DurationRule extends RuleInfo {
  readonly kind: 'duration';
  readonly minutes: number;
}

export type Rule =
  | MinPeriodRule
  | WithinPeriodRule
  | DuringPeriodRule
  | PublicationRule
  | MaxRatioRule
  | CountRule
  | DurationRule;

/** The figures of one procedure type; null where a rule does not apply to it (docs/rules.md "—"). */
export interface ProcedureRules {
  readonly R5: MinPeriodRule;
  readonly R6: MinPeriodRule;
  readonly R7: MinPeriodRule | null;
  readonly R8: MinPeriodRule;
  readonly R9: MaxRatioRule;
  readonly R10: WithinPeriodRule | null;
  readonly R17: CountRule;
  readonly R18: DurationRule;
  readonly R20: CountRule | null;
  readonly R21: WithinPeriodRule | null;
  readonly R22: MinPeriodRule | null;
  readonly R23: PublicationRule | null;
  readonly R24: WithinPeriodRule;
  readonly R25: WithinPeriodRule | null;
  readonly R27: MinPeriodRule | WithinPeriodRule;
  readonly R28: DuringPeriodRule | WithinPeriodRule;
  readonly R29: WithinPeriodRule;
  readonly R30: WithinPeriodRule;
  readonly R31: WithinPeriodRule;
  readonly R32: WithinPeriodRule;
}

export type RuleId = keyof ProcedureRules;
export type RulesTable = { readonly [P in ProcedureType]: ProcedureRules };

export const RULE_IDS: readonly RuleId[] = [
  'R5', 'R6', 'R7', 'R8', 'R9', 'R10', 'R17', 'R18', 'R20', 'R21', 'R22', 'R23', 'R24', 'R25',
  'R27', 'R28', 'R29', 'R30', 'R31', 'R32',
];

const label = (zh: string, en: string) => ({ zh, en });

function within(
  id: RuleId,
  n: number,
  unit: PeriodUnit,
  from: Anchor,
  source: string,
  zh: string,
  en: string,
  extra: { excludes?: ExcludedTime[]; suspendsProcedure?: boolean } = {},
): WithinPeriodRule {
  return {
    id,
    kind: 'withinPeriod',
    n,
    unit,
    from,
    excludes: extra.excludes ?? [],
    suspendsProcedure: extra.suspendsProcedure ?? false,
    source,
    label: label(zh, en),
  };
}

function minPeriod(
  id: RuleId,
  n: number,
  unit: PeriodUnit,
  from: Anchor,
  to: Anchor,
  source: string,
  zh: string,
  en: string,
): MinPeriodRule {
  return { id, kind: 'minPeriod', n, unit, from, to, source, label: label(zh, en) };
}

const R18_DECRYPTION_WINDOW: DurationRule = {
  id: 'R18',
  kind: 'duration',
  minutes: 60,
  source: '电子招标投标办法（20号令）第二十九条至第三十一条；时长为本平台配置',
  label: label('开标解密时限', 'decryption window at opening'),
};

const CONSTRUCTION: ProcedureRules = {
  R5: minPeriod('R5', 20, 'days', 'tenderDocumentsIssued', 'bidDeadline', '招标投标法 art. 24',
    '招标文件开始发出之日至投标截止之日不少于20日', 'at least 20 days from issuing tender documents to the bid deadline'),
  R6: minPeriod('R6', 5, 'days', 'tenderDocumentsIssued', 'tenderDocumentsAvailableUntil', '招标投标法实施条例 art. 16',
    '招标文件发售期不少于5日', 'tender documents available for at least 5 days'),
  R7: null,
  R8: minPeriod('R8', 15, 'days', 'changePublished', 'bidDeadline', '招标投标法 art. 23',
    '影响投标文件编制的澄清或修改应在投标截止时间至少15日前发出，不足15日的顺延截止时间',
    'a clarification or change affecting bid preparation at least 15 days before the bid deadline, otherwise the deadline moves'),
  R9: { id: 'R9', kind: 'maxRatio', maxRatio: '0.02', of: 'estimatedPrice', source: '招标投标法实施条例 art. 26',
    label: label('投标保证金不得超过招标项目估算价的2%', 'bid security at most 2% of the estimated price') },
  R10: null,
  R17: { id: 'R17', kind: 'minCount', n: 3, counts: 'bids', source: '招标投标法实施条例 art. 44',
    label: label('投标人少于3个的，不得开标', 'fewer than 3 bids: no opening, the section fails') },
  R18: R18_DECRYPTION_WINDOW,
  R20: { id: 'R20', kind: 'maxCount', n: 3, counts: 'candidates', ranked: true, source: '招标投标法实施条例 art. 53–54',
    label: label('中标候选人不超过3个，并标明排序', 'at most 3 award candidates, ranked') },
  R21: within('R21', 3, 'days', 'evaluationReportReceived', '招标投标法实施条例 art. 54',
    '自收到评标报告之日起3日内公示中标候选人', 'publish the candidates within 3 days of receiving the evaluation report'),
  R22: minPeriod('R22', 3, 'days', 'candidatePublicityStart', 'candidatePublicityEnd', '招标投标法实施条例 art. 54',
    '中标候选人公示期不得少于3日', 'candidate publicity for at least 3 days'),
  R23: null,
  R24: within('R24', 30, 'days', 'awardNotice', '招标投标法 art. 46',
    '自中标通知书发出之日起30日内订立书面合同', 'sign the contract within 30 days of the award notice'),
  R25: within('R25', 15, 'days', 'awardDecision', '招标投标法 art. 47',
    '自确定中标人之日起15日内向有关行政监督部门提交书面报告', 'report to the supervising department within 15 days of the award'),
  R27: minPeriod('R27', 10, 'days', 'objectionRaised', 'bidDeadline', '招标投标法实施条例 art. 22',
    '对招标文件有异议的，应当在投标截止时间10日前提出', 'objections to the tender documents at least 10 days before the bid deadline'),
  R28: { id: 'R28', kind: 'duringPeriod', from: 'candidatePublicityStart', to: 'candidatePublicityEnd',
    source: '招标投标法实施条例 art. 54',
    label: label('对评标结果有异议的，应当在中标候选人公示期间提出', 'objections to the evaluation result during the candidate publicity') },
  R29: within('R29', 3, 'days', 'objectionReceived', '招标投标法实施条例 art. 22, 54',
    '自收到异议之日起3日内作出答复；作出答复前暂停招标投标活动',
    'answer an objection within 3 days of receiving it; the procedure is suspended meanwhile',
    { suspendsProcedure: true }),
  R30: within('R30', 10, 'days', 'knowledge', '招标投标法实施条例 art. 60',
    '自知道或者应当知道之日起10日内投诉；异议答复期间不计算在内',
    'complain within 10 days of knowing; time in a required prior objection not counted',
    { excludes: ['priorObjection'] }),
  R31: within('R31', 3, 'workingDays', 'complaintReceived', '招标投标法实施条例 art. 61',
    '收到投诉之日起3个工作日内决定是否受理', 'decide whether to accept a complaint within 3 working days of receiving it'),
  R32: within('R32', 30, 'workingDays', 'complaintAccepted', '招标投标法实施条例 art. 62',
    '自受理投诉之日起30个工作日内作出书面处理决定；检验、检测、鉴定、专家评审所需时间不计算在内',
    'decide on a complaint within 30 working days of accepting it; inspection and expert review time not counted',
    { excludes: ['inspection'] }),
};

const GOVERNMENT: ProcedureRules = {
  R5: minPeriod('R5', 20, 'days', 'tenderDocumentsIssued', 'bidDeadline', '政府采购法 art. 35',
    '自招标文件开始发出之日起至投标人提交投标文件截止之日止，不得少于20日',
    'at least 20 days from issuing tender documents to the bid deadline'),
  R6: minPeriod('R6', 5, 'workingDays', 'tenderNoticePublished', 'tenderDocumentsAvailableUntil', '财政部令第87号 art. 18',
    '招标文件提供期限自招标公告发布之日起不得少于5个工作日',
    'tender documents available for at least 5 working days from the notice'),
  R7: minPeriod('R7', 5, 'workingDays', 'tenderNoticePublished', 'tenderNoticeEnd', '财政部令第87号 art. 16',
    '招标公告的公告期限为5个工作日', 'tender notice shown for 5 working days'),
  R8: minPeriod('R8', 15, 'days', 'changePublished', 'bidDeadline', '财政部令第87号 art. 27',
    '影响投标文件编制的澄清或修改应在投标截止时间至少15日前发出，不足15日的顺延截止时间',
    'a clarification or change affecting bid preparation at least 15 days before the bid deadline, otherwise the deadline moves'),
  R9: { id: 'R9', kind: 'maxRatio', maxRatio: '0.02', of: 'budget', source: '政府采购法实施条例 art. 33',
    label: label('投标保证金不得超过采购项目预算金额的2%', 'bid security at most 2% of the budget') },
  R10: within('R10', 5, 'workingDays', 'terminationPublished', '财政部令第87号 art. 29',
    '终止采购活动后5个工作日内退还招标文件费用和投标保证金及其孳息',
    'refund document fees and bid securities within 5 working days of the termination'),
  R17: { id: 'R17', kind: 'minCount', n: 3, counts: 'bids', source: '财政部令第87号 art. 41',
    label: label('投标人不足3家的，不得开标', 'fewer than 3 bids: no opening, the section fails') },
  R18: R18_DECRYPTION_WINDOW,
  R20: null,
  R21: null,
  R22: null,
  R23: { id: 'R23', kind: 'publication', within: { n: 2, unit: 'workingDays', from: 'awardDecision' },
    minDisplay: { n: 1, unit: 'workingDays' }, source: '财政部令第87号 art. 69',
    label: label('自中标人确定之日起2个工作日内公告中标结果，公告期限为1个工作日',
      'announce the result within 2 working days of the decision; shown for at least 1 working day') },
  R24: within('R24', 30, 'days', 'awardNotice', '财政部令第87号 art. 71',
    '自中标通知书发出之日起30日内签订政府采购合同', 'sign the contract within 30 days of the award notice'),
  R25: null,
  R27: within('R27', 7, 'workingDays', 'knowledge', '财政部令第94号 art. 10',
    '对采购文件提出质疑的，自知道或者应知其权益受到损害之日起7个工作日内提出',
    'objection to the tender documents within 7 working days of knowing'),
  R28: within('R28', 7, 'workingDays', 'resultAnnouncementEnd', '财政部令第94号 art. 10',
    '对采购结果提出质疑的，自中标结果公告期限届满之日起7个工作日内提出',
    'objection to the result within 7 working days of the end of the result announcement'),
  R29: within('R29', 7, 'workingDays', 'objectionReceived', '财政部令第94号 art. 13',
    '收到质疑函后7个工作日内作出答复', 'answer an objection within 7 working days of receiving it'),
  R30: within('R30', 15, 'workingDays', 'objectionAnswerDue', '财政部令第94号 art. 17',
    '答复期满后15个工作日内提起投诉', 'complain within 15 working days after the answer period ends'),
  R31: within('R31', 5, 'workingDays', 'complaintReceived', '财政部令第94号 art. 21',
    '收到投诉书后5个工作日内进行审查，决定是否受理', 'decide whether to accept a complaint within 5 working days of receiving it'),
  R32: within('R32', 30, 'workingDays', 'complaintReceived', '财政部令第94号 art. 26, 28',
    '自收到投诉之日起30个工作日内作出处理决定；检验、检测、鉴定、专家评审及补正材料所需时间不计算在内',
    'decide on a complaint within 30 working days of receiving it; inspection, expert review and correction time not counted',
    { excludes: ['inspection', 'correction'] }),
};

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** The figures of docs/rules.md, as the national law sets them. */
export const DEFAULT_RULES: RulesTable = deepFreeze({ construction: CONSTRUCTION, government: GOVERNMENT });

/** The rules of one procedure type. */
export function rulesFor(procedure: ProcedureType, table: RulesTable = DEFAULT_RULES): ProcedureRules {
  const rules = table[procedure];
  if (!rules) throw new RangeError(`unknown procedure type "${String(procedure)}"`);
  return rules;
}

/** A configuration the rules table refuses; `problems` names each fault. */
export class RulesConfigError extends Error {
  readonly code = 'RULES_CONFIG_INVALID';

  constructor(readonly problems: readonly string[]) {
    super(`Invalid rules configuration:\n- ${problems.join('\n- ')}`);
    this.name = 'RulesConfigError';
  }
}

/**
 * The figures a configuration may change, for example a province's stricter figures:
 * `{ "construction": { "R5": { "n": 25 }, "R9": { "maxRatio": "0.015" } }, "government": { "R18": { "minutes": 30 } } }`.
 * What a rule is (its kind, its anchors, what it is a ratio of) is not configurable.
 */
export type RulesOverrides = {
  readonly [P in ProcedureType]?: { readonly [K in RuleId]?: RuleOverride };
};

export interface RuleOverride {
  readonly n?: number;
  readonly unit?: PeriodUnit;
  readonly maxRatio?: string;
  readonly minutes?: number;
  readonly within?: Partial<PeriodFigure>;
  readonly minDisplay?: Partial<PeriodFigure>;
  readonly source?: string;
  readonly label?: { readonly zh?: string; readonly en?: string };
}

const EDITABLE: Record<Rule['kind'], readonly string[]> = {
  minPeriod: ['n', 'unit'],
  withinPeriod: ['n', 'unit'],
  duringPeriod: [],
  publication: ['within', 'minDisplay'],
  maxRatio: ['maxRatio'],
  minCount: ['n'],
  maxCount: ['n'],
  duration: ['minutes'],
};

const MAX_PERIOD = 3650;
const MAX_MINUTES = 24 * 60;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A new rules table with configured figures replacing the defaults, validated: only known procedure types and
 * rule ids, only the figures of a rule (n and unit of a period, a ratio as a decimal string between 0 and 1,
 * minutes, a count), each of the right type; a rule that does not apply to a procedure cannot be configured for
 * it. Throws a RulesConfigError listing every problem. `overrides` is typically parsed JSON (RulesOverrides).
 */
export function withOverrides(overrides: unknown, base: RulesTable = DEFAULT_RULES): RulesTable {
  const problems: string[] = [];
  if (!isRecord(overrides)) throw new RulesConfigError(['the rules overrides must be an object keyed by procedure type']);

  const result: Record<ProcedureType, Record<string, Rule | null>> = {
    construction: { ...base.construction },
    government: { ...base.government },
  };

  for (const [procedure, rules] of Object.entries(overrides)) {
    if (!PROCEDURE_TYPES.includes(procedure as ProcedureType)) {
      problems.push(`unknown procedure type "${procedure}" (expected ${PROCEDURE_TYPES.join(' or ')})`);
      continue;
    }
    if (!isRecord(rules)) {
      problems.push(`${procedure}: must be an object keyed by rule id`);
      continue;
    }
    for (const [id, override] of Object.entries(rules)) {
      const where = `${procedure}.${id}`;
      if (!RULE_IDS.includes(id as RuleId)) {
        problems.push(`${where}: unknown rule id (configurable: ${RULE_IDS.join(', ')})`);
        continue;
      }
      const current = result[procedure as ProcedureType][id];
      if (current === null || current === undefined) {
        problems.push(`${where}: ${id} does not apply to ${procedure} procedures`);
        continue;
      }
      if (!isRecord(override)) {
        problems.push(`${where}: must be an object of figures`);
        continue;
      }
      const updated = applyOverride(current, override, where, problems);
      if (updated) result[procedure as ProcedureType][id] = updated;
    }
  }

  if (problems.length > 0) throw new RulesConfigError(problems);
  return deepFreeze(result as unknown as RulesTable);
}

function applyOverride(rule: Rule, override: Record<string, unknown>, where: string, problems: string[]): Rule | null {
  const before = problems.length;
  const allowed = [...EDITABLE[rule.kind], 'source', 'label'];
  const updated: Record<string, unknown> = { ...rule };
  for (const [key, value] of Object.entries(override)) {
    if (!allowed.includes(key)) {
      problems.push(`${where}.${key}: cannot be configured for a ${rule.kind} rule (configurable: ${allowed.join(', ')})`);
      continue;
    }
    switch (key) {
      case 'n':
        if (checkCount(value, `${where}.n`, problems)) updated.n = value;
        break;
      case 'unit':
        if (checkUnit(value, `${where}.unit`, problems)) updated.unit = value;
        break;
      case 'maxRatio':
        if (checkRatio(value, `${where}.maxRatio`, problems)) updated.maxRatio = value;
        break;
      case 'minutes':
        if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_MINUTES) {
          updated.minutes = value;
        } else {
          problems.push(`${where}.minutes: ${JSON.stringify(value)} must be a whole number of minutes, 1 to ${MAX_MINUTES}`);
        }
        break;
      case 'within':
      case 'minDisplay': {
        const figure = checkFigure(value, `${where}.${key}`, problems);
        if (figure) updated[key] = { ...(rule as PublicationRule)[key], ...figure };
        break;
      }
      case 'source':
        if (typeof value === 'string' && value.trim() !== '') updated.source = value.trim();
        else problems.push(`${where}.source: must name the regulation the figure comes from`);
        break;
      case 'label':
        if (isRecord(value) && Object.entries(value).every(([k, v]) => ['zh', 'en'].includes(k) && typeof v === 'string' && v.trim() !== '')) {
          updated.label = { ...rule.label, ...value };
        } else {
          problems.push(`${where}.label: must be {zh?, en?} with non-empty strings`);
        }
        break;
    }
  }
  return problems.length === before ? (updated as unknown as Rule) : null;
}

function checkCount(value: unknown, where: string, problems: string[]): boolean {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_PERIOD) return true;
  problems.push(`${where}: ${JSON.stringify(value)} must be a whole number from 1 to ${MAX_PERIOD}`);
  return false;
}

function checkUnit(value: unknown, where: string, problems: string[]): boolean {
  if (PERIOD_UNITS.includes(value as PeriodUnit)) return true;
  problems.push(`${where}: ${JSON.stringify(value)} must be one of ${PERIOD_UNITS.join(', ')}`);
  return false;
}

function checkRatio(value: unknown, where: string, problems: string[]): boolean {
  if (typeof value !== 'string') {
    problems.push(`${where}: ${JSON.stringify(value)} must be a decimal string such as "0.02", not a ${typeof value}`);
    return false;
  }
  try {
    const ratio = parseRatio(value);
    if (ratio.numerator > 0n && ratio.numerator <= ratio.denominator) return true;
  } catch {
    // reported below
  }
  problems.push(`${where}: "${value}" must be a decimal ratio above 0 and at most 1, such as "0.02"`);
  return false;
}

function checkFigure(value: unknown, where: string, problems: string[]): Partial<PeriodFigure> | null {
  if (!isRecord(value)) {
    problems.push(`${where}: must be {n?, unit?}`);
    return null;
  }
  const before = problems.length;
  for (const key of Object.keys(value)) {
    if (key !== 'n' && key !== 'unit') problems.push(`${where}.${key}: cannot be configured (configurable: n, unit)`);
  }
  if ('n' in value) checkCount(value.n, `${where}.n`, problems);
  if ('unit' in value) checkUnit(value.unit, `${where}.unit`, problems);
  if (problems.length > before) return null;
  return value as Partial<PeriodFigure>;
}
