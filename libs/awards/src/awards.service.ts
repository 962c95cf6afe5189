import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  Actor,
  apiTime,
  CalendarService,
  ChangeContext,
  ChangeService,
  ClockService,
  formatShanghai,
  parseYuan,
  PLATFORM_CONFIG,
  PlatformConfig,
  toLocalDate,
  yuanForNotice,
  yuanWithSeparators,
} from '@app/core';
import { DocumentsService } from '@app/documents';
import { IdentityService } from '@app/identity';
import { OutboxService } from '@app/exchange';
import { NoticesService, SectionsService, SectionWithProject } from '@app/announcements';
import { BidOpeningService, OpenedBid, ReceiptSigner } from '@app/bids';
import { AwardErrors } from './awards.errors';
import { AWARD_DOCUMENT_PURPOSE, AWARD_NOTICE_PURPOSE } from './awards.purposes';
import {
  checkEvaluation,
  checkPublicity,
  checkResultAnnouncement,
  contractDue,
  isOverdue,
  noticeAddressees,
  supervisorReportDue,
} from './domain/award-rules';
import { Award } from './entities/award.entity';
import { AwardEvaluation, EvaluationCandidate, EvaluationOther } from './entities/award-evaluation.entity';
import { AwardNotice } from './entities/award-notice.entity';
import { AwardPublicity } from './entities/award-publicity.entity';
import { NoticeText, renderNoticePdf } from './notices/notice-pdf';
import { SIGNED_DOCUMENT_FORMAT, SignedDocumentPayload } from './notices/signed-document';

export interface EvaluationInput {
  reportDocumentId: string;
  /** When the tenderer received the report (default: now). */
  reportedAt?: Date;
  committee: string[];
  candidates: { bidId: string; rank: number; score: string; reasons: string; bidPrice?: string }[];
  unsuccessful: { bidId: string; reason: string }[];
}

export interface PublicityInput {
  /** Default: now (the publication). */
  start?: Date;
  end: Date;
  objectionMethod: string;
}

export interface OverdueItem {
  sectionId: string;
  bidSectionCode: string;
  item: 'contract' | 'supervisor_report';
  rule: 'R24' | 'R25';
  dueAt: Date;
  basis: string | null;
  winnerName: string;
}

const NOT_OPENED_REASON = '投标文件解密失败，未进入评审';

/**
 * The award (定标) of a section after its opening (docs/design.md "Lifecycles"): the evaluation result (R20), the
 * candidate publicity for construction (R21, R22), the decision, the result announcement (R23) with the signed notices
 * to every bidder (R26), and the contract and supervisor report deadlines (R24, R25). The section moves only through
 * SectionsService, in the same transaction as these rows, their audit entries and the outbox records.
 */
@Injectable()
export class AwardsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly change: ChangeService,
    private readonly clock: ClockService,
    private readonly calendar: CalendarService,
    private readonly sections: SectionsService,
    private readonly notices: NoticesService,
    private readonly opening: BidOpeningService,
    private readonly documents: DocumentsService,
    private readonly identity: IdentityService,
    private readonly outbox: OutboxService,
    private readonly signer: ReceiptSigner,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  // ——— documents (the evaluation report, the contract, the supervisor report) ———

  async upload(actor: Actor, sectionId: string, body: Readable, originalName: string, declaredType?: string) {
    const section = await this.section(sectionId);
    assertStaff(actor, section);
    const doc = await this.documents.store(AWARD_DOCUMENT_PURPOSE, body, {
      originalName,
      declaredType,
      createdBy: actor.accountId,
      uploaderOrgId: actor.organisationId,
    });
    await this.change.run(actor, (ctx) =>
      ctx.audit({ action: 'award.document', entityType: 'document', entityId: doc.id, data: { sectionId, code: section.code, name: doc.originalName, sha256: doc.sha256, size: doc.size } }),
    );
    return { documentId: doc.id, name: doc.originalName, sha256: doc.sha256, size: doc.size };
  }

  // ——— 1. the evaluation result (R20) ———

  async recordEvaluation(actor: Actor, sectionId: string, input: EvaluationInput): Promise<AwardEvaluation> {
    return this.change.run(actor, async (ctx) => {
      const section = await this.sections.lock(ctx.manager, sectionId);
      assertStaff(actor, section);
      if (!['opened', 'evaluated', 'publicity'].includes(section.status)) throw AwardErrors.wrongState(section.code, section.status, ['opened', 'evaluated', 'publicity']);
      if (await ctx.manager.findOne(Award, { where: { sectionId } })) throw AwardErrors.correctionClosed();
      const bids = await this.opening.biddersAtOpening(sectionId, ctx.manager);
      if (!bids) throw AwardErrors.openingNotClosed();
      const reasons = new Map(input.unsuccessful.map((u) => [u.bidId, u.reason]));
      checkEvaluation(section.project.procedureType, bids, input.candidates, reasons);
      const reportedAt = input.reportedAt ?? ctx.at;
      if (reportedAt.getTime() > ctx.at.getTime()) throw AwardErrors.reportedInFuture();
      const report = await this.documents.findById(input.reportDocumentId, ctx.manager).catch(() => null);
      if (!report || report.purpose !== AWARD_DOCUMENT_PURPOSE) throw AwardErrors.reportDocument();

      const byId = new Map(bids.map((b) => [b.bidId, b]));
      const candidates: EvaluationCandidate[] = [...input.candidates]
        .sort((a, b) => a.rank - b.rank)
        .map((c) => {
          const bid = byId.get(c.bidId)!;
          return { rank: c.rank, bidId: bid.bidId, bidderOrgId: bid.bidderOrgId, bidderCode: bid.bidderCode, bidderName: bid.bidderName, bidPrice: bid.bidPrice!, score: c.score, reasons: c.reasons.trim() };
        });
      const chosen = new Set(candidates.map((c) => c.bidId));
      const others: EvaluationOther[] = bids
        .filter((b) => !chosen.has(b.bidId))
        .map((b) => ({
          bidId: b.bidId,
          bidderOrgId: b.bidderOrgId,
          bidderCode: b.bidderCode,
          bidderName: b.bidderName,
          bidPrice: b.bidPrice,
          reason: reasons.get(b.bidId)?.trim() || NOT_OPENED_REASON,
        }));

      const previous = await ctx.manager.findOne(AwardEvaluation, { where: { sectionId, status: In(['draft', 'published']) } });
      const version = previous ? previous.version + 1 : 1;
      if (previous) await ctx.manager.update(AwardEvaluation, { id: previous.id }, { status: 'superseded', supersededAt: ctx.at });
      const evaluation: AwardEvaluation = Object.assign(new AwardEvaluation(), {
        id: randomUUID(),
        sectionId,
        version,
        status: 'draft',
        reportDocumentId: report.id,
        reportSha256: report.sha256,
        reportName: report.originalName,
        reportedAt,
        committee: input.committee.map((n) => n.trim()),
        candidates,
        others,
        recordedAt: ctx.at,
        recordedBy: actor.accountId,
        supersededAt: null,
      });
      await ctx.manager.insert(AwardEvaluation, evaluation);
      if (section.status === 'opened') {
        await this.sections.transition(ctx.manager, sectionId, 'opened', 'evaluated', actor, { at: ctx.at, evaluationReportedAt: reportedAt, reason: '评标结果录入 evaluation recorded' });
      } else {
        await this.sections.recordDates(ctx.manager, sectionId, actor, { at: ctx.at, evaluationReportedAt: reportedAt, reason: `评标结果更正 evaluation corrected (version ${version})` });
      }
      await ctx.audit({
        action: previous ? 'award.evaluation_correct' : 'award.evaluation',
        entityType: 'award_evaluation',
        entityId: evaluation.id,
        data: {
          sectionId,
          code: section.code,
          version,
          reportSha256: report.sha256,
          reportedAt: reportedAt.toISOString(),
          committee: evaluation.committee,
          candidates: candidates.map((c) => ({ rank: c.rank, bidderCode: c.bidderCode, bidPrice: c.bidPrice, score: c.score })),
          unsuccessful: others.map((o) => ({ bidderCode: o.bidderCode, reason: o.reason })),
          ...(previous ? { replaces: previous.id, replacedStatus: previous.status } : {}),
        },
      });
      return evaluation;
    });
  }

  // ——— 2. construction: the candidate publicity (R21, R22) ———

  async publishPublicity(actor: Actor, sectionId: string, input: PublicityInput): Promise<AwardPublicity> {
    return this.change.run(actor, async (ctx) => {
      const section = await this.sections.lock(ctx.manager, sectionId);
      assertStaff(actor, section);
      if (section.project.procedureType !== 'construction') throw AwardErrors.wrongProcedure(section.project.procedureType);
      if (section.suspended) throw AwardErrors.suspended(section.code);
      const evaluation = await ctx.manager.findOne(AwardEvaluation, { where: { sectionId, status: 'draft' } });
      if (!evaluation || !['evaluated', 'publicity'].includes(section.status)) throw AwardErrors.wrongState(section.code, section.status, ['evaluated (a new evaluation result)']);
      const start = input.start ?? ctx.at;
      if (start.getTime() < ctx.at.getTime()) throw AwardErrors.inFuture('start');
      checkPublicity('construction', evaluation.reportedAt, ctx.at, start, input.end, this.calendar.calendar);

      const previous = await ctx.manager.findOne(AwardPublicity, { where: { sectionId, status: 'published' } });
      if (previous) await ctx.manager.update(AwardPublicity, { id: previous.id }, { status: 'superseded', supersededAt: ctx.at });
      const count = await ctx.manager.count(AwardPublicity, { where: { sectionId } });
      const publicity: AwardPublicity = Object.assign(new AwardPublicity(), {
        id: randomUUID(),
        sectionId,
        evaluationId: evaluation.id,
        number: count + 1,
        status: 'published',
        publishedAt: ctx.at,
        startAt: start,
        endAt: input.end,
        objectionMethod: input.objectionMethod.trim(),
        candidates: evaluation.candidates,
        others: evaluation.others,
        supersededAt: null,
      });
      await ctx.manager.insert(AwardPublicity, publicity);
      await ctx.manager.update(AwardEvaluation, { id: evaluation.id }, { status: 'published' });
      const dates = { at: ctx.at, publicityStart: start, publicityEnd: input.end };
      if (section.status === 'evaluated') {
        await this.sections.transition(ctx.manager, sectionId, 'evaluated', 'publicity', actor, { ...dates, reason: '中标候选人公示 candidate publicity published (R21, R22)' });
      } else {
        await this.sections.recordDates(ctx.manager, sectionId, actor, { ...dates, reason: `更正后重新公示 publicity ${publicity.number} after a correction` });
      }
      await this.notices.publishAwardNotice(ctx, {
        sectionId,
        type: 'candidate_publicity',
        title: `${section.project.name}${section.name}中标候选人公示${publicity.number > 1 ? `（第${publicity.number}次）` : ''}`,
        content: publicityText(section, publicity),
      });
      await this.outbox.append(ctx.manager, {
        tenderProjectCode: section.project.code,
        datasetCode: 'GCJS_WIN_CANDIDATE',
        record: {
          bidSectionCode: section.code,
          publicityStart: formatShanghai(start),
          publicityEnd: formatShanghai(input.end),
          objectionMethod: publicity.objectionMethod,
          candidates: publicity.candidates.map((c) => ({ rank: c.rank, bidderName: c.bidderName, bidderCode: c.bidderCode, bidPrice: c.bidPrice, score: c.score })),
        },
        at: ctx.at,
      });
      await ctx.audit({
        action: 'award.publicity',
        entityType: 'award_publicity',
        entityId: publicity.id,
        data: { sectionId, code: section.code, number: publicity.number, start: start.toISOString(), end: input.end.toISOString(), evaluationVersion: evaluation.version, ...(previous ? { supersedes: previous.id } : {}) },
      });
      return publicity;
    });
  }

  // ——— 3. the decision: construction confirms after the publicity, government decides after the evaluation ———

  async decide(actor: Actor, sectionId: string, input: { rank: number; reason?: string }): Promise<Award> {
    return this.change.run(actor, async (ctx) => {
      const section = await this.sections.lock(ctx.manager, sectionId);
      assertStaff(actor, section);
      if (await ctx.manager.findOne(Award, { where: { sectionId } })) throw AwardErrors.alreadyDecided();
      const construction = section.project.procedureType === 'construction';
      const expected = construction ? 'publicity' : 'evaluated';
      if (section.status !== expected) throw AwardErrors.wrongState(section.code, section.status, [expected]);
      if (section.suspended) throw AwardErrors.suspended(section.code);
      let evaluation: AwardEvaluation | null;
      if (construction) {
        if (!section.publicityEnd || ctx.at.getTime() < section.publicityEnd.getTime()) throw AwardErrors.publicityNotEnded(section.publicityEnd ?? ctx.at);
        evaluation = await ctx.manager.findOne(AwardEvaluation, { where: { sectionId, status: In(['draft', 'published']) } });
        if (!evaluation || evaluation.status !== 'published') throw AwardErrors.publicityPending();
      } else {
        evaluation = await ctx.manager.findOne(AwardEvaluation, { where: { sectionId, status: 'draft' } });
        if (!evaluation) throw AwardErrors.wrongState(section.code, section.status, ['evaluated']);
      }
      const candidate = evaluation.candidates.find((c) => c.rank === input.rank);
      if (!candidate) throw AwardErrors.rankUnknown(input.rank);
      const reason = input.reason?.trim() || null;
      if (input.rank !== 1 && !reason) throw AwardErrors.rankReasonRequired(input.rank);
      const award: Award = Object.assign(new Award(), {
        sectionId,
        tendererOrgId: section.project.tendererOrgId,
        agencyOrgId: section.project.agencyOrgId,
        evaluationId: evaluation.id,
        winnerBidId: candidate.bidId,
        winnerOrgId: candidate.bidderOrgId,
        winnerCode: candidate.bidderCode,
        winnerName: candidate.bidderName,
        winnerPrice: candidate.bidPrice,
        winnerRank: candidate.rank,
        rankReason: reason,
        decidedAt: ctx.at,
        decidedBy: actor.accountId,
        resultPublishedAt: null,
        resultDisplayUntil: null,
        contractDueAt: null,
        contractDueBasis: null,
        reportDueAt: null,
        reportDueBasis: null,
        contractSignedAt: null,
        contractAmount: null,
        contractDocumentId: null,
        contractSha256: null,
        reportSubmittedAt: null,
        reportDocumentId: null,
        contractOverdueAt: null,
        reportOverdueAt: null,
      });
      await ctx.manager.insert(Award, award);
      await ctx.audit({
        action: 'award.decide',
        entityType: 'award',
        entityId: sectionId,
        data: { code: section.code, rank: candidate.rank, winnerCode: candidate.bidderCode, winnerName: candidate.bidderName, bidPrice: candidate.bidPrice, ...(reason ? { reason } : {}) },
      });
      return award;
    });
  }

  // ——— 4. the result announcement (R23) with the notices (R26) ———

  async publishResult(actor: Actor, sectionId: string, input: { displayUntil?: Date } = {}): Promise<{ award: Award; notices: AwardNotice[] }> {
    return this.change.run(actor, async (ctx) => {
      const section = await this.sections.lock(ctx.manager, sectionId);
      assertStaff(actor, section);
      const award = await ctx.manager.findOne(Award, { where: { sectionId }, lock: { mode: 'pessimistic_write' } });
      if (!award) throw AwardErrors.noDecision();
      const procedure = section.project.procedureType;
      const from = procedure === 'construction' ? 'publicity' : 'evaluated';
      if (award.resultPublishedAt || section.status !== from) throw AwardErrors.wrongState(section.code, section.status, [from]);
      if (section.suspended) throw AwardErrors.suspended(section.code);
      const cal = this.calendar.calendar;
      const displayUntil = checkResultAnnouncement(procedure, award.decidedAt, ctx.at, input.displayUntil, cal);
      const bids = await this.opening.biddersAtOpening(sectionId, ctx.manager);
      if (!bids) throw AwardErrors.openingNotClosed();

      await this.sections.transition(ctx.manager, sectionId, from, 'awarded', actor, {
        at: ctx.at,
        resultAnnouncedAt: ctx.at,
        awardedAt: ctx.at,
        reason: '中标结果公告，发出中标通知书 result announced, award notice issued (R23, R26)',
      });
      const contract = contractDue(procedure, ctx.at, cal);
      const report = supervisorReportDue(procedure, ctx.at, cal);
      const patch: Partial<Award> = {
        resultPublishedAt: ctx.at,
        resultDisplayUntil: displayUntil,
        contractDueAt: contract.at,
        contractDueBasis: contract.basis.slice(0, 500),
        reportDueAt: report?.at ?? null,
        reportDueBasis: report?.basis.slice(0, 500) ?? null,
      };
      await ctx.manager.update(Award, { sectionId }, patch);
      await ctx.manager.update(AwardEvaluation, { id: award.evaluationId }, { status: 'published' });
      Object.assign(award, patch);
      await this.notices.publishAwardNotice(ctx, {
        sectionId,
        type: 'result',
        title: `${section.project.name}${section.name}${procedure === 'construction' ? '中标' : '成交'}结果公告`,
        content: resultText(section, award, displayUntil),
      });
      const notices = await this.issueNotices(ctx, section, award, bids);
      await this.outbox.append(ctx.manager, {
        tenderProjectCode: section.project.code,
        datasetCode: 'GCJS_RESULT_NOTICE',
        record: { bidSectionCode: section.code, winnerName: award.winnerName, winnerCode: award.winnerCode, bidAmount: award.winnerPrice, noticeTime: formatShanghai(ctx.at) },
        at: ctx.at,
      });
      await ctx.audit({
        action: 'award.result',
        entityType: 'award',
        entityId: sectionId,
        data: {
          code: section.code,
          winnerCode: award.winnerCode,
          bidAmount: award.winnerPrice,
          displayUntil: displayUntil?.toISOString() ?? null,
          contractDueAt: contract.at.toISOString(),
          reportDueAt: report?.at.toISOString() ?? null,
          notices: notices.length,
        },
      });
      return { award, notices };
    });
  }

  /** R26: one signed PDF per bidder that counted at the opening, archived with its SHA-256. */
  private async issueNotices(ctx: ChangeContext, section: SectionWithProject, award: Award, bids: OpenedBid[]): Promise<AwardNotice[]> {
    const evaluation = await ctx.manager.findOneOrFail(AwardEvaluation, { where: { id: award.evaluationId } });
    const orgs = await this.identity.organisationsById([section.project.tendererOrgId], ctx.manager);
    const issuer = orgs.get(section.project.tendererOrgId)?.name ?? section.project.name;
    const reasonOf = new Map<string, string>([
      ...evaluation.others.map((o) => [o.bidId, o.reason] as [string, string]),
      ...evaluation.candidates.map((c) => [c.bidId, `中标候选人第${c.rank}名，未被确定为中标人`] as [string, string]),
    ]);
    const byId = new Map(bids.map((b) => [b.bidId, b]));
    const notices: AwardNotice[] = [];
    let resultNo = 0;
    for (const addressee of noticeAddressees(award.winnerBidId, bids)) {
      const bid = byId.get(addressee.bidId)!;
      const number = addressee.kind === 'award' ? `${section.code}-ZB` : `${section.code}-JG${String(++resultNo).padStart(3, '0')}`;
      const pdf = await renderNoticePdf(this.noticeText(section, award, bid, addressee.kind, number, issuer, reasonOf.get(bid.bidId) ?? '', ctx.at));
      notices.push(await this.archiveNotice(ctx, section, bid, addressee.kind, number, pdf));
    }
    // the rows in one statement per 500 and one audit entry naming every notice with its hash
    for (let i = 0; i < notices.length; i += 500) await ctx.manager.insert(AwardNotice, notices.slice(i, i + 500));
    await ctx.audit({
      action: 'award.notices',
      entityType: 'award',
      entityId: section.id,
      data: { code: section.code, notices: notices.map((n) => ({ id: n.id, kind: n.kind, number: n.number, bidderCode: n.bidderCode, sha256: n.sha256, size: n.size })) },
    });
    return notices;
  }

  /** Stores one notice PDF (a document row in the caller's transaction) and signs its hash; the caller inserts the row. */
  private async archiveNotice(ctx: ChangeContext, section: SectionWithProject, bid: OpenedBid, kind: 'award' | 'result', number: string, pdf: Buffer): Promise<AwardNotice> {
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    const doc = await this.documents.store(AWARD_NOTICE_PURPOSE, Readable.from([pdf]), {
      originalName: `${kind === 'award' ? '中标通知书' : '中标结果通知书'}-${number}.pdf`,
      declaredType: 'application/pdf',
      declaredSize: pdf.length,
      createdBy: ctx.actor.accountId,
      uploaderOrgId: ctx.actor.organisationId,
      manager: ctx.manager,
    });
    if (doc.sha256 !== sha256) throw new Error(`notice ${number}: stored SHA-256 differs from the generated PDF's`);
    const payload: SignedDocumentPayload = {
      format: SIGNED_DOCUMENT_FORMAT,
      kind: kind === 'award' ? 'award_notice' : 'result_notice',
      platformCode: this.config.platformCode,
      documentNumber: number,
      bidSectionCode: section.code,
      sectionId: section.id,
      bidderCode: bid.bidderCode,
      bidderName: bid.bidderName,
      issuedAt: ctx.at.toISOString(),
      sha256,
      size: pdf.length,
      keyId: this.signer.keyId,
    };
    const signed = this.signer.signPayload(payload);
    const notice: AwardNotice = Object.assign(new AwardNotice(), {
      id: randomUUID(),
      sectionId: section.id,
      kind,
      number,
      bidId: bid.bidId,
      bidderOrgId: bid.bidderOrgId,
      bidderCode: bid.bidderCode,
      bidderName: bid.bidderName,
      documentId: doc.id,
      sha256,
      size: pdf.length,
      payload: signed.payload,
      signature: signed.signature,
      keyId: signed.keyId,
      issuedAt: ctx.at,
    });
    return notice;
  }

  noticeText(section: SectionWithProject, award: Award, bid: OpenedBid, kind: 'award' | 'result', number: string, issuer: string, reason: string, at: Date): NoticeText {
    const day = toLocalDate(at);
    const [y, m, d] = day.split('-');
    const issuedOn = `${y}年${Number(m)}月${Number(d)}日`;
    const where = `${section.project.name}（${section.name}，标段编号 ${section.code}）`;
    const due = award.contractDueAt ? toLocalDate(new Date(award.contractDueAt.getTime() - 1)) : '';
    const footer = `本通知书由电子招投标交易平台签发并以平台公布的密钥签名（Ed25519，密钥编号 ${this.signer.keyId.slice(0, 16)}…）。任何人可将本文件提交至 /api/public/documents/verify 核验。`;
    if (kind === 'award') {
      return {
        title: '中标通知书',
        number,
        addressee: bid.bidderName,
        addresseeCode: bid.bidderCode,
        paragraphs: [
          `你单位参加的${where}投标，经评标委员会评审${section.project.procedureType === 'construction' ? '并经中标候选人公示' : ''}，确定你单位为中标人。`,
          `请你单位自本通知书发出之日起30日内（${due}前），按照招标文件和你单位的投标文件与招标人订立书面合同。`,
        ],
        facts: [
          ['中标价', yuanForNotice(award.winnerPrice)],
          ['中标候选人排序', `第${award.winnerRank}名`],
          ['招标项目编号', section.project.code],
        ],
        issuer,
        issuedOn,
        issuedAt: at,
        footer,
      };
    }
    return {
      title: '中标结果通知书',
      number,
      addressee: bid.bidderName,
      addresseeCode: bid.bidderCode,
      paragraphs: [`你单位参加的${where}投标，经评审，你单位未中标。`, `未中标理由：${reason || '—'}`, `中标人为 ${award.winnerName}，中标价 ${yuanForNotice(award.winnerPrice)}。感谢你单位的参与。`],
      facts: [
        ['你单位投标报价', bid.bidPrice ? yuanForNotice(bid.bidPrice) : '未解密'],
        ['招标项目编号', section.project.code],
      ],
      issuer,
      issuedOn,
      issuedAt: at,
      footer,
    };
  }

  // ——— 5. after the award: the contract (R24) and the supervisor report (R25) ———

  async recordContract(actor: Actor, sectionId: string, input: { signedAt: Date; amount: string; documentId: string }): Promise<Award> {
    return this.change.run(actor, async (ctx) => {
      const section = await this.sections.lock(ctx.manager, sectionId);
      assertStaff(actor, section);
      const award = await ctx.manager.findOne(Award, { where: { sectionId } });
      if (!award || section.status !== 'awarded' || !award.resultPublishedAt) throw AwardErrors.wrongState(section.code, section.status, ['awarded']);
      if (input.signedAt.getTime() > ctx.at.getTime()) throw AwardErrors.inFuture('signedAt');
      if (input.signedAt.getTime() < award.resultPublishedAt.getTime()) throw AwardErrors.contractBeforeAward();
      try {
        parseYuan(input.amount);
      } catch {
        throw AwardErrors.amount();
      }
      const doc = await this.documents.findById(input.documentId, ctx.manager).catch(() => null);
      if (!doc || doc.purpose !== AWARD_DOCUMENT_PURPOSE) throw AwardErrors.reportDocument();
      const late = isOverdue(award.contractDueAt!, input.signedAt);
      const patch: Partial<Award> = { contractSignedAt: input.signedAt, contractAmount: input.amount, contractDocumentId: doc.id, contractSha256: doc.sha256 };
      await ctx.manager.update(Award, { sectionId }, patch);
      await this.sections.transition(ctx.manager, sectionId, 'awarded', 'contracted', actor, { at: ctx.at, reason: `合同签订 contract signed${late ? ' (late, R24)' : ''}` });
      await ctx.audit({
        action: 'award.contract',
        entityType: 'award',
        entityId: sectionId,
        data: { code: section.code, signedAt: input.signedAt.toISOString(), amount: input.amount, sha256: doc.sha256, dueAt: award.contractDueAt!.toISOString(), late },
      });
      return Object.assign(award, patch);
    });
  }

  async recordSupervisorReport(actor: Actor, sectionId: string, input: { submittedAt: Date; documentId?: string }): Promise<Award> {
    return this.change.run(actor, async (ctx) => {
      const section = await this.sections.lock(ctx.manager, sectionId);
      assertStaff(actor, section);
      if (section.project.procedureType !== 'construction') throw AwardErrors.reportNotApplicable();
      const award = await ctx.manager.findOne(Award, { where: { sectionId } });
      if (!award || !award.resultPublishedAt) throw AwardErrors.wrongState(section.code, section.status, ['awarded', 'contracted']);
      if (input.submittedAt.getTime() > ctx.at.getTime()) throw AwardErrors.inFuture('submittedAt');
      let documentId: string | null = null;
      if (input.documentId) {
        const doc = await this.documents.findById(input.documentId, ctx.manager).catch(() => null);
        if (!doc || doc.purpose !== AWARD_DOCUMENT_PURPOSE) throw AwardErrors.reportDocument();
        documentId = doc.id;
      }
      const late = isOverdue(award.reportDueAt!, input.submittedAt);
      await ctx.manager.update(Award, { sectionId }, { reportSubmittedAt: input.submittedAt, reportDocumentId: documentId });
      await ctx.audit({
        action: 'award.supervisor_report',
        entityType: 'award',
        entityId: sectionId,
        data: { code: section.code, submittedAt: input.submittedAt.toISOString(), dueAt: award.reportDueAt!.toISOString(), late },
      });
      return Object.assign(award, { reportSubmittedAt: input.submittedAt, reportDocumentId: documentId });
    });
  }

  /** Contracts (R24) and supervisor reports (R25) past their time limit with nothing recorded, for staff or a supervisor. */
  async overdue(actor: Actor, now: Date = this.clock.now()): Promise<OverdueItem[]> {
    const params: unknown[] = [now];
    let scope = '';
    if (actor.role === 'staff') {
      params.push(actor.organisationId);
      scope = `AND (a.tenderer_org_id = $2 OR a.agency_org_id = $2)`;
    }
    const rows = (await this.dataSource.query(
      `SELECT a.section_id, 'contract' AS item, a.contract_due_at AS due_at, a.contract_due_basis AS basis, a.winner_name FROM award a
        WHERE a.contract_signed_at IS NULL AND a.contract_due_at <= $1 ${scope}
       UNION ALL
       SELECT a.section_id, 'supervisor_report', a.report_due_at, a.report_due_basis, a.winner_name FROM award a
        WHERE a.report_submitted_at IS NULL AND a.report_due_at IS NOT NULL AND a.report_due_at <= $1 ${scope}
       ORDER BY due_at, section_id LIMIT 500`,
      params,
    )) as { section_id: string; item: 'contract' | 'supervisor_report'; due_at: Date; basis: string | null; winner_name: string }[];
    const out: OverdueItem[] = [];
    for (const r of rows) {
      const section = await this.sections.get(r.section_id);
      out.push({
        sectionId: r.section_id,
        bidSectionCode: section.code,
        item: r.item,
        rule: r.item === 'contract' ? 'R24' : 'R25',
        dueAt: new Date(r.due_at),
        basis: r.basis,
        winnerName: r.winner_name,
      });
    }
    return out;
  }

  // ——— reading ———

  async section(sectionId: string): Promise<SectionWithProject> {
    return this.sections.get(sectionId).catch(() => {
      throw AwardErrors.sectionNotFound();
    });
  }

  async view(actor: Actor, sectionId: string) {
    const section = await this.section(sectionId);
    if (actor.role !== 'supervisor') assertStaff(actor, section);
    const m = this.dataSource.manager;
    const evaluations = await m.find(AwardEvaluation, { where: { sectionId }, order: { version: 'DESC' } });
    const publicities = await m.find(AwardPublicity, { where: { sectionId }, order: { number: 'DESC' } });
    const award = await m.findOne(Award, { where: { sectionId } });
    const notices = await m.find(AwardNotice, { where: { sectionId }, order: { number: 'ASC' } });
    return { section, evaluations, publicities, award, notices };
  }

  async publicities(sectionId: string): Promise<{ section: SectionWithProject; publicities: AwardPublicity[] }> {
    const section = await this.section(sectionId);
    const publicities = await this.dataSource.manager.find(AwardPublicity, { where: { sectionId }, order: { number: 'DESC' } });
    return { section, publicities };
  }

  async publicResult(sectionId: string): Promise<{ section: SectionWithProject; award: Award } | null> {
    const section = await this.section(sectionId);
    const award = await this.dataSource.manager.findOne(Award, { where: { sectionId } });
    if (!award?.resultPublishedAt) return null;
    return { section, award };
  }

  /** The bidder's own notices (R26: each bidder sees only its own). */
  async myNotices(actor: Actor): Promise<AwardNotice[]> {
    if (actor.role !== 'bidder' || !actor.organisationId) return [];
    return this.dataSource.manager.find(AwardNotice, { where: { bidderOrgId: actor.organisationId }, order: { issuedAt: 'DESC', number: 'ASC' }, take: 200 });
  }

  /** A notice for its addressee, the section's staff or a supervisor; anyone else is told it does not exist. */
  async notice(actor: Actor, noticeId: string): Promise<AwardNotice> {
    const notice = await this.dataSource.manager.findOne(AwardNotice, { where: { id: noticeId } });
    if (!notice) throw AwardErrors.noticeNotFound();
    if (actor.role === 'bidder' && actor.organisationId === notice.bidderOrgId) return notice;
    if (actor.role === 'supervisor') return notice;
    if (actor.role === 'staff') {
      const section = await this.section(notice.sectionId);
      if (isStaffOf(actor, section)) return notice;
    }
    throw AwardErrors.noticeNotFound();
  }

  async noticePdf(actor: Actor, noticeId: string): Promise<{ notice: AwardNotice; stream: Readable }> {
    const notice = await this.notice(actor, noticeId);
    const doc = await this.documents.findById(notice.documentId);
    return { notice, stream: await this.documents.open(doc) };
  }

  /**
   * Checks a document anyone holds (no account): its SHA-256 against the signed payload given with it, or, without
   * one, against the notices on record; the signature against the published key.
   */
  async verify(bytes: Buffer, given?: { payload: string; signature: string }) {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    let payload: string;
    let signature: string;
    if (given) {
      payload = given.payload;
      signature = given.signature;
    } else {
      const found = await this.dataSource.manager.findOne(AwardNotice, { where: { sha256 } });
      if (!found) return { valid: false, reason: 'not_on_record' as const, sha256, keyId: this.signer.keyId, document: null };
      payload = found.payload;
      signature = found.signature;
    }
    const check = this.signer.verify(payload, signature);
    if (!check.valid) return { valid: false, reason: check.reason ?? 'signature_mismatch', sha256, keyId: this.signer.keyId, document: null };
    const signed = check.receipt as unknown as SignedDocumentPayload;
    if (signed.format !== SIGNED_DOCUMENT_FORMAT) return { valid: false, reason: 'not_a_document_signature' as const, sha256, keyId: this.signer.keyId, document: null };
    if (signed.sha256 !== sha256 || signed.size !== bytes.length) return { valid: false, reason: 'hash_mismatch' as const, sha256, keyId: this.signer.keyId, document: null };
    return { valid: true, reason: null, sha256, keyId: this.signer.keyId, document: signed };
  }

  async noticesOfSection(sectionId: string, manager: EntityManager = this.dataSource.manager): Promise<AwardNotice[]> {
    return manager.find(AwardNotice, { where: { sectionId }, order: { number: 'ASC' } });
  }

  /** When the result announcement is shown until, for the API. */
  static displayUntil(award: Award): string | null {
    return apiTime(award.resultDisplayUntil);
  }
}

function publicityText(section: SectionWithProject, p: AwardPublicity): string {
  const lines = [
    `项目：${section.project.name}（${section.project.code}）`,
    `标段：${section.name}（${section.code}）`,
    `公示期：${formatShanghai(p.startAt)} 至 ${formatShanghai(p.endAt)}`,
    '中标候选人：',
    ...p.candidates.map((c) => `第${c.rank}名 ${c.bidderName}，投标报价 ${yuanWithSeparators(c.bidPrice)} 元，评审得分 ${c.score}`),
    '其他投标人：',
    ...p.others.map((o) => `${o.bidderName}：${o.reason}`),
    `异议方式：${p.objectionMethod}（公示期内提出）`,
  ];
  return lines.join('\n');
}

function resultText(section: SectionWithProject, a: Award, displayUntil: Date | null): string {
  return [
    `项目：${section.project.name}（${section.project.code}）`,
    `标段：${section.name}（${section.code}）`,
    `中标人：${a.winnerName}（${a.winnerCode}）`,
    `中标金额：${yuanForNotice(a.winnerPrice)}`,
    ...(displayUntil ? [`公告期限至：${formatShanghai(displayUntil)}`] : []),
  ].join('\n');
}

export function isStaffOf(actor: Actor, section: SectionWithProject): boolean {
  return (
    actor.role === 'staff' &&
    !!actor.organisationId &&
    (actor.organisationId === section.project.tendererOrgId || actor.organisationId === section.project.agencyOrgId)
  );
}

function assertStaff(actor: Actor, section: SectionWithProject): void {
  if (!isStaffOf(actor, section)) throw AwardErrors.notStaff();
}
