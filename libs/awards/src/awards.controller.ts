import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor, AnyRole, ApiProblems, apiTime, CalendarService, CurrentActor, DomainError, Public, RateLimited, Roles } from '@app/core';
import { contentDisposition, streamedUpload } from '@app/documents';
import {
  AwardDeadlinePageResponse,
  AwardDeadlinesQueryDto,
  AwardViewResponse,
  ContractDto,
  DecisionDto,
  DecisionResponse,
  EvaluationDto,
  EvaluationResponse,
  NoticeResponse,
  OverdueItemResponse,
  PublicityDto,
  PublicityHistoryResponse,
  PublicPublicityResponse,
  PublicResultResponse,
  PublishResultResponse,
  ResultDto,
  SupervisorReportDto,
  UploadedDocumentResponse,
  UploadQueryDto,
  VerifyDocumentDto,
  VerifyDocumentResponse,
} from './awards.dto';
import { AwardsService } from './awards.service';
import { AwardDeadlinesService } from './staff/award-deadlines.service';
import { decisionView, evaluationView, noticeView, publicityView, publicResultView } from './awards.views';

@ApiTags('awards 定标')
@Controller()
export class AwardsController {
  constructor(
    private readonly awards: AwardsService,
    private readonly calendar: CalendarService,
    private readonly deadlines: AwardDeadlinesService,
  ) {}

  @Roles('staff')
  @Post('sections/:id/award-documents')
  @HttpCode(201)
  @ApiConsumes('application/octet-stream', 'application/pdf')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOperation({ summary: 'Upload the evaluation report, the signed contract or the supervisor report: the raw bytes as the body, ?name=评标报告.pdf (archived with its SHA-256, R37)' })
  @ApiCreatedResponse({ type: UploadedDocumentResponse })
  upload(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: UploadQueryDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UploadedDocumentResponse> {
    // every refusal, before the body or part way through it, is answered (libs/documents README); the name is
    // decoded strictly from the raw query
    const upload = streamedUpload(req, res);
    return this.awards.upload(actor, id, upload.body, upload.name ?? q.name, upload.declaredType);
  }

  @Roles('staff')
  @Post('sections/:id/evaluation')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Record (or correct) the evaluation result: report, committee, up to 3 ranked candidates from the opened bids with the opening price (R20), every other bid with its reason',
    description: 'Before publication a correction replaces the draft; after the candidate publicity it needs a new publicity (R21).',
  })
  @ApiCreatedResponse({ type: EvaluationResponse })
  async evaluate(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: EvaluationDto): Promise<EvaluationResponse> {
    const e = await this.awards.recordEvaluation(actor, id, { ...dto, reportedAt: dto.reportedAt ? new Date(dto.reportedAt) : undefined });
    const section = await this.awards.section(id);
    return evaluationView(e, section.project.procedureType, this.calendar.calendar);
  }

  @Roles('staff')
  @Post('sections/:id/candidate-publicity')
  @HttpCode(201)
  @ApiOperation({ summary: 'Publish the candidate publicity (中标候选人公示, construction): within 3 days of the report (R21), at least 3 days long (R22)' })
  @ApiCreatedResponse({ type: PublicPublicityResponse })
  async publicity(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: PublicityDto): Promise<PublicPublicityResponse> {
    const p = await this.awards.publishPublicity(actor, id, { start: dto.start ? new Date(dto.start) : undefined, end: new Date(dto.end), objectionMethod: dto.objectionMethod });
    return publicityView(p, await this.awards.section(id));
  }

  @Roles('staff')
  @Post('sections/:id/award/decision')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Confirm the winner: construction after the publicity ended with nothing pending, government after the evaluation; rank 1, or another rank with a reason',
    description: 'Refused while the section is suspended (SECTION_SUSPENDED) or the publicity runs (CANDIDATE_PUBLICITY_NOT_ENDED, R22).',
  })
  @ApiCreatedResponse({ type: DecisionResponse })
  async decide(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: DecisionDto): Promise<DecisionResponse> {
    const award = await this.awards.decide(actor, id, dto);
    const section = await this.awards.section(id);
    return decisionView(award, section.project.procedureType, this.calendar.calendar);
  }

  @Roles('staff')
  @Post('sections/:id/award/result')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Publish the result (中标/成交结果公告; government within 2 working days of the decision, shown ≥ 1 working day, R23): issues the signed award notice to the winner and a result notice to every other bidder (R26)',
  })
  @ApiCreatedResponse({ type: PublishResultResponse })
  async result(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ResultDto): Promise<PublishResultResponse> {
    const { award, notices } = await this.awards.publishResult(actor, id, { displayUntil: dto.displayUntil ? new Date(dto.displayUntil) : undefined });
    const section = await this.awards.section(id);
    return { award: decisionView(award, section.project.procedureType, this.calendar.calendar), notices: notices.map(noticeView) };
  }

  @Roles('staff')
  @Post('sections/:id/contract')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record the signed contract (date, amount, document): due within 30 days of the award notice (R24); a late one is recorded and flagged' })
  @ApiCreatedResponse({ type: DecisionResponse })
  async contract(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ContractDto): Promise<DecisionResponse> {
    const award = await this.awards.recordContract(actor, id, { signedAt: new Date(dto.signedAt), amount: dto.amount, documentId: dto.documentId });
    const section = await this.awards.section(id);
    return decisionView(award, section.project.procedureType, this.calendar.calendar);
  }

  @Roles('staff')
  @Post('sections/:id/supervisor-report')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record the written report to the supervising department (construction, within 15 days of the award, R25)' })
  @ApiCreatedResponse({ type: DecisionResponse })
  async supervisorReport(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: SupervisorReportDto): Promise<DecisionResponse> {
    const award = await this.awards.recordSupervisorReport(actor, id, { submittedAt: new Date(dto.submittedAt), documentId: dto.documentId });
    const section = await this.awards.section(id);
    return decisionView(award, section.project.procedureType, this.calendar.calendar);
  }

  @Roles('staff', 'supervisor')
  @Get('sections/:id/award')
  @ApiOperation({ summary: "The section's award as it stands: evaluation (with its versions), publicities, decision, deadlines, notices" })
  @ApiOkResponse({ type: AwardViewResponse })
  async view(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<AwardViewResponse> {
    const { section, evaluations, publicities, award, notices } = await this.awards.view(actor, id);
    const cal = this.calendar.calendar;
    const procedure = section.project.procedureType;
    const current = evaluations.find((e) => e.status !== 'superseded') ?? null;
    return {
      sectionId: section.id,
      bidSectionCode: section.code,
      procedureType: procedure,
      sectionStatus: section.status,
      suspended: section.suspended,
      evaluation: current ? evaluationView(current, procedure, cal) : null,
      evaluationHistory: evaluations.map((e) => evaluationView(e, procedure, cal)),
      publicities: publicities.map((p) => publicityView(p, section)),
      award: award ? decisionView(award, procedure, cal) : null,
      notices: notices.map(noticeView),
    };
  }

  @Roles('staff', 'supervisor')
  @Get('awards/overdue')
  @ApiOperation({ summary: 'Contracts (R24) and supervisor reports (R25) past their time limit with nothing recorded: for staff their own sections, for supervisors all' })
  @ApiOkResponse({ type: [OverdueItemResponse] })
  async overdue(@CurrentActor() actor: Actor): Promise<OverdueItemResponse[]> {
    const items = await this.awards.overdue(actor);
    return items.map((i) => ({ ...i, dueAt: apiTime(i.dueAt) }));
  }

  @Roles('staff')
  @Get('staff/award-deadlines')
  @ApiOperation({
    summary:
      "The award time limits still open on the caller's organisation's sections, due first: candidate publicity to publish (R21), result to announce (R23), contract (R24), report to the supervising department (R25) — upcoming and overdue, each flagged",
    description: 'The same page and cursor as GET /staff/deadlines (whose list has the end of the candidate publicity, R22).',
  })
  @ApiOkResponse({ type: AwardDeadlinePageResponse })
  @ApiProblems({ 400: ['VALIDATION_FAILED', 'BAD_CURSOR'] })
  awardDeadlines(@CurrentActor() actor: Actor, @Query() q: AwardDeadlinesQueryDto): Promise<AwardDeadlinePageResponse> {
    return this.deadlines.list(actor, { cursor: q.cursor, limit: q.limit ? Number(q.limit) : undefined });
  }

  @AnyRole()
  @Get('awards/notices/mine')
  @ApiOperation({ summary: "The bidder's own award and result notices (R26): each bidder sees only its own" })
  @ApiOkResponse({ type: [NoticeResponse] })
  async mine(@CurrentActor() actor: Actor): Promise<NoticeResponse[]> {
    return (await this.awards.myNotices(actor)).map(noticeView);
  }

  @AnyRole()
  @Get('awards/notices/:noticeId')
  @ApiOperation({ summary: 'A notice with its signed payload: for its addressee, the section staff and supervisors (others: 404)' })
  @ApiOkResponse({ type: NoticeResponse })
  async notice(@CurrentActor() actor: Actor, @Param('noticeId', ParseUUIDPipe) noticeId: string): Promise<NoticeResponse> {
    return noticeView(await this.awards.notice(actor, noticeId));
  }

  @AnyRole()
  @Get('awards/notices/:noticeId/pdf')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'The notice PDF (the archived bytes; X-Content-SHA256 names their hash)' })
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async pdf(@CurrentActor() actor: Actor, @Param('noticeId', ParseUUIDPipe) noticeId: string, @Res() res: Response): Promise<void> {
    const { notice, stream } = await this.awards.noticePdf(actor, noticeId);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Length', String(notice.size));
    res.setHeader('X-Content-SHA256', notice.sha256);
    res.setHeader('Content-Disposition', contentDisposition(`${notice.kind === 'award' ? '中标通知书' : '中标结果通知书'}-${notice.number}.pdf`));
    res.setHeader('Cache-Control', 'private, no-store');
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }
}

@ApiTags('public 公开')
@Controller('public')
export class PublicAwardsController {
  constructor(private readonly awards: AwardsService) {}

  @Public()
  @Get('sections/:id/candidate-publicity')
  @ApiOperation({ summary: 'The candidate publicity (中标候选人公示): rank, name, price, score, the other bidders\' results, how and until when to object; with its history' })
  @ApiOkResponse({ type: PublicityHistoryResponse })
  async publicity(@Param('id', ParseUUIDPipe) id: string): Promise<PublicityHistoryResponse> {
    const { section, publicities } = await this.awards.publicities(id);
    const history = publicities.map((p) => publicityView(p, section));
    return { sectionId: section.id, bidSectionCode: section.code, current: history.find((p) => p.status === 'published') ?? null, history };
  }

  @Public()
  @Get('sections/:id/result')
  @ApiOperation({ summary: 'The result announcement (中标/成交结果公告)' })
  @ApiOkResponse({ type: PublicResultResponse })
  async result(@Param('id', ParseUUIDPipe) id: string): Promise<PublicResultResponse> {
    const found = await this.awards.publicResult(id);
    if (!found) throw new DomainError('RESULT_NOT_PUBLISHED', 404, '中标结果尚未公告', 'The result has not been announced');
    return publicResultView(found.section, found.award);
  }

  @Public()
  @RateLimited('search')
  @Post('documents/verify')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Check a notice PDF without an account: its SHA-256 against the signed payload (given, or the one on record) and the signature against the published key (GET /api/public/receipt-key)',
  })
  @ApiOkResponse({ type: VerifyDocumentResponse })
  async verify(@Body() dto: VerifyDocumentDto): Promise<VerifyDocumentResponse> {
    const bytes = Buffer.from(dto.document, 'base64');
    const given = dto.payload !== undefined && dto.signature !== undefined ? { payload: dto.payload, signature: dto.signature } : undefined;
    const r = await this.awards.verify(bytes, given);
    return {
      valid: r.valid,
      reason: r.reason,
      sha256: r.sha256,
      keyId: r.keyId,
      document: r.document
        ? {
            format: r.document.format,
            kind: r.document.kind,
            documentNumber: r.document.documentNumber,
            bidSectionCode: r.document.bidSectionCode,
            bidderName: r.document.bidderName,
            bidderCode: r.document.bidderCode,
            issuedAt: r.document.issuedAt,
            sha256: r.document.sha256,
            size: r.document.size,
          }
        : null,
    };
  }
}
