import { apiTime, DomainError, Errors } from '@app/core';

/**
 * The refusals of the bids module, each with a stable code. None of them depends on another organisation's
 * bids: before 截止 a refusal says the same thing whether or not anyone else has bid (R16).
 */
export const BidErrors = {
  /** The same refusal as the announcements module's, for a section that does not exist or is not published. */
  sectionNotFound: () => Errors.notFound('Section', '标段'),
  sectionSuspended: () =>
    new DomainError('SECTION_SUSPENDED', 409, '该标段已暂停，暂不接受投标', 'The section is suspended and takes no bids meanwhile'),
  notAcceptingBids: (status: string) =>
    new DomainError('SECTION_NOT_ACCEPTING_BIDS', 409, '该标段当前不接受投标', 'The section does not accept bids now', { sectionStatus: status }),
  deadlinePassed: (bidDeadline: Date) =>
    new DomainError(
      'BID_DEADLINE_PASSED',
      422,
      '已过投标截止时间，投标文件不予接收（以平台服务器时间为准）',
      'The bid deadline has passed; the bid is not accepted (the platform server time counts)',
      { rule: 'R15', bidDeadline: apiTime(bidDeadline) },
    ),
  notSealed: (sealingCode: string, detail: string) =>
    new DomainError(
      'BID_NOT_SEALED',
      422,
      '投标文件未加密或不是有效的加密投标文件，不予接收',
      'The bid is not a valid sealed container and is refused',
      { rule: 'R14', sealingCode, reason: detail },
    ),
  contentType: () =>
    new DomainError(
      'BID_CONTENT_TYPE',
      415,
      '投标文件须以 application/octet-stream 原始字节流上传',
      'Upload the sealed bid as a raw application/octet-stream body',
    ),
  documentsNotHeld: () =>
    new DomainError(
      'TENDER_DOCUMENTS_NOT_HELD',
      403,
      '贵单位尚未获取本标段的招标文件，不能投标',
      'Your organisation has not obtained the tender documents of this section and cannot bid',
    ),
  security: (code: string, zh: string, en: string, details?: Record<string, unknown>) => new DomainError(code, 422, zh, en, details),
  sealed: () =>
    new DomainError(
      'BIDS_SEALED',
      403,
      '投标截止前，任何人不得查看投标情况',
      'Nobody may see anything about the bids before the bid deadline',
      { rule: 'R16' },
    ),
  noBidToWithdraw: () =>
    new DomainError('NO_BID_TO_WITHDRAW', 404, '贵单位在本标段没有可撤回的投标文件', 'Your organisation has no bid in this section to withdraw'),
  openingNotInProgress: (status: string) =>
    new DomainError('OPENING_NOT_IN_PROGRESS', 409, '该标段不在开标解密阶段', 'The section is not being opened now', { openingStatus: status }),
  windowEnded: (end: Date) =>
    new DomainError('DECRYPTION_WINDOW_ENDED', 422, '解密时限已过', 'The decryption window has ended', { rule: 'R18', decryptionWindowEnd: apiTime(end) }),
  noBidInOpening: () =>
    new DomainError('NO_BID_IN_OPENING', 404, '贵单位在本标段没有参加开标的投标文件', 'Your organisation has no bid in this opening'),
  alreadyDecrypted: () => new DomainError('BID_ALREADY_DECRYPTED', 409, '投标文件已解密', 'The bid has already been decrypted'),
  decryptionFinal: () =>
    new DomainError(
      'BID_DECRYPTION_FINAL',
      409,
      '投标文件已损坏，无法解密',
      'The stored bid is damaged and cannot be decrypted with any key',
      { rule: 'R18' },
    ),
  invalidKey: (detail: string) => new DomainError('INVALID_KEY', 400, '密钥格式不正确', 'The key is not valid', { reason: detail }),
  recordNotPublished: () =>
    new DomainError('OPENING_RECORD_NOT_PUBLISHED', 404, '开标记录尚未公布', 'The opening record has not been published'),
  objectionNotAllowed: () =>
    new DomainError(
      'OPENING_OBJECTION_NOT_ALLOWED',
      409,
      '只有参加开标的投标人可在开标期间提出异议',
      'Only bidders of this opening may raise an objection, while the opening is held',
      { rule: 'R19' },
    ),
  objectionNotFound: () => new DomainError('OBJECTION_NOT_FOUND', 404, '异议不存在', 'The objection does not exist'),
  objectionAnswered: () => new DomainError('OBJECTION_ALREADY_ANSWERED', 409, '该异议已答复', 'The objection has already been answered'),
  notSectionStaff: () =>
    new DomainError('NOT_SECTION_STAFF', 403, '仅本项目招标人或代理机构可执行此操作', 'Only the staff of this project may do this'),
};
