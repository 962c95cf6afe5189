import { apiTime, ComputedDate, DomainError, Errors } from '@app/core';

/** What a date refusal carries: the instant that would pass and how it was counted (R1–R4). */
function dateDetails(key: 'earliestAllowed' | 'latestAllowed', computed: ComputedDate): Record<string, unknown> {
  return { [key]: apiTime(computed.at), date: computed.date, basis: computed.basis, provisional: computed.provisional };
}

/** The refusals of the awards module, each with a stable code (and the rule id where a legal rule is broken). */
export const AwardErrors = {
  sectionNotFound: () => Errors.notFound('Section', '标段'),
  noticeNotFound: () => Errors.notFound('Notice', '通知书'),
  wrongState: (code: string, status: string, expected: readonly string[]) =>
    new DomainError('AWARD_WRONG_STATE', 409, `标段 ${code} 当前状态（${status}）不允许此操作`, `Section ${code} is ${status}; this needs ${expected.join(' or ')}`, {
      sectionStatus: status,
      expected,
    }),
  wrongProcedure: (procedure: string) =>
    new DomainError('AWARD_WRONG_PROCEDURE', 409, '该操作不适用于本项目的交易类型', `This step does not apply to a ${procedure} procedure`, { procedureType: procedure }),
  suspended: (code: string) =>
    new DomainError('SECTION_SUSPENDED', 409, `标段 ${code} 已暂停（异议或投诉处理中），不能结束公示或确定中标人`, `Section ${code} is suspended (an objection or complaint is pending): the publicity cannot end and no winner can be confirmed`),
  openingNotClosed: () =>
    new DomainError('OPENING_NOT_CLOSED', 409, '开标尚未结束，不能录入评标结果', 'The opening has not closed: no evaluation can be recorded yet'),
  tooManyCandidates: (n: number, max: number) =>
    Errors.rule('R20', 'TOO_MANY_CANDIDATES', `中标候选人不超过${max}个（实际 ${n} 个）`, `At most ${max} award candidates (${n} given)`, { max, given: n }),
  noCandidates: () => new DomainError('NO_CANDIDATES', 422, '至少需要1个中标候选人', 'At least one candidate is needed'),
  ranksNotConsecutive: (ranks: number[]) =>
    Errors.rule('R20', 'CANDIDATE_RANKS_INVALID', '中标候选人须按 1、2、3 依次排序，不得重复', 'Candidates must be ranked 1, 2, 3 … without gaps or repeats', { ranks }),
  notOpenedBid: (bidId: string) =>
    new DomainError('CANDIDATE_NOT_OPENED_BID', 422, '中标候选人只能从开标时已解密的投标中产生', 'A candidate must be a bid that was opened and decrypted at the opening', { bidId }),
  duplicateBid: (bidId: string) => new DomainError('EVALUATION_DUPLICATE_BID', 422, '同一投标不能出现两次', 'A bid appears twice in the evaluation', { bidId }),
  unknownBid: (bidId: string) => new DomainError('EVALUATION_UNKNOWN_BID', 422, '该投标不属于本标段开标时的有效投标', 'The bid is not one that counted at this section\'s opening', { bidId }),
  priceDiffers: (bidId: string, given: string, read: string | null) =>
    new DomainError('PRICE_DIFFERS_FROM_OPENING', 422, '报价须与开标记录唱出的报价一致，不得另行录入', 'The price must be the one read out at the opening, never retyped', {
      bidId,
      given,
      readOut: read,
    }),
  reasonMissing: (bidIds: string[]) =>
    new DomainError('EVALUATION_INCOMPLETE', 422, '未入选候选人的每一投标都须写明不中标理由', 'Every bid that is not a candidate needs a reason', { bidIds }),
  reportDocument: () =>
    new DomainError('EVALUATION_REPORT_INVALID', 422, '评标报告须为本标段已上传的文件', 'The evaluation report must be a document uploaded for this section'),
  reportedInFuture: () => new DomainError('EVALUATION_REPORTED_IN_FUTURE', 422, '收到评标报告的时间不能晚于当前时间', 'The report cannot be received in the future'),
  correctionClosed: () =>
    new DomainError('EVALUATION_CORRECTION_CLOSED', 409, '已确定中标人，评标结果不能再更正', 'The winner is decided: the evaluation can no longer be corrected'),
  publicityTooLate: (latest: ComputedDate) =>
    Errors.rule('R21', 'CANDIDATE_PUBLICITY_TOO_LATE', `应自收到评标报告之日起3日内公示中标候选人，最迟 ${latest.date}`, `Publish the candidates within 3 days of the evaluation report: by ${latest.date}`, dateDetails('latestAllowed', latest)),
  publicityTooShort: (earliest: ComputedDate) =>
    Errors.rule('R22', 'CANDIDATE_PUBLICITY_TOO_SHORT', `中标候选人公示期不得少于3日，结束时间最早为 ${earliest.date}`, `The candidate publicity runs at least 3 days: it can end ${earliest.date} at the earliest`, dateDetails('earliestAllowed', earliest)),
  publicityNotEnded: (end: Date) =>
    Errors.rule('R22', 'CANDIDATE_PUBLICITY_NOT_ENDED', '公示期未结束，不能确定中标人', 'The candidate publicity has not ended: no winner can be confirmed yet', { publicityEnd: apiTime(end) }),
  publicityPending: () =>
    Errors.rule('R21', 'CANDIDATE_PUBLICITY_REQUIRED', '更正后的评标结果须重新公示后才能确定中标人', 'A corrected evaluation must be published again before the winner is confirmed'),
  rankReasonRequired: (rank: number) =>
    new DomainError('WINNER_REASON_REQUIRED', 422, '确定排名第一以外的中标候选人为中标人须记录理由', `Confirming rank ${rank} instead of rank 1 needs a recorded reason`, { rank }),
  rankUnknown: (rank: number) => new DomainError('WINNER_RANK_UNKNOWN', 422, `没有排名第 ${rank} 的中标候选人`, `There is no candidate ranked ${rank}`, { rank }),
  noDecision: () => new DomainError('AWARD_NOT_DECIDED', 409, '尚未确定中标人', 'No winner has been decided yet'),
  alreadyDecided: () => new DomainError('AWARD_ALREADY_DECIDED', 409, '中标人已确定', 'The winner is already decided'),
  resultTooLate: (latest: ComputedDate) =>
    Errors.rule('R23', 'RESULT_ANNOUNCEMENT_TOO_LATE', `应自确定中标人之日起2个工作日内公告中标结果，最迟 ${latest.date}`, `Announce the result within 2 working days of the decision: by ${latest.date}`, dateDetails('latestAllowed', latest)),
  resultTooShort: (earliest: ComputedDate) =>
    Errors.rule('R23', 'RESULT_ANNOUNCEMENT_TOO_SHORT', `中标结果公告期限为1个工作日，结束时间最早为 ${earliest.date}`, `The result is shown at least 1 working day: it can end ${earliest.date} at the earliest`, dateDetails('earliestAllowed', earliest)),
  contractBeforeAward: () => new DomainError('CONTRACT_BEFORE_AWARD', 422, '合同签订日期不能早于中标通知书发出', 'The contract cannot be signed before the award notice'),
  inFuture: (field: string) => new DomainError('DATE_IN_FUTURE', 422, '日期不能晚于当前时间', `${field} cannot be in the future`, { field }),
  amount: () => new DomainError('AMOUNT_INVALID', 422, '金额格式不正确（元，两位小数）', 'The amount must be yuan with two decimals'),
  notStaff: () => new DomainError('NOT_SECTION_STAFF', 403, '仅本项目的招标人或代理机构可以操作', "Only the section's tenderer or agency may do this"),
  reportNotApplicable: () => Errors.rule('R25', 'SUPERVISOR_REPORT_NOT_APPLICABLE', '政府采购项目无需向行政监督部门提交书面报告', 'No supervisor report for a government procurement'),
};
