import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor, ApiProblems, CurrentActor, Public, Roles } from '@app/core';
import { decodeFileName, uploadBody } from '@app/documents';
import { BidListItemDto, KeyHandoverDto, ObjectionViewDto, OpeningDto, OwnBidDto, OwnBidPageDto } from './bids-views.dto';
import { BidErrors } from './bids.errors';
import { AnswerDto, HandOverKeyDto, ObjectionDto, OwnBidsQueryDto } from './bids.dto';
import { BID_SECURITY_FORMS } from './domain/bid-security';
import { BidKeysService } from './opening/bid-keys.service';
import { BidOpeningService } from './opening/bid-opening.service';
import { BidSubmissionService } from './submission/bid-submission.service';
import { bidListItem } from './submission/bid-views';

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The bidder's name for the file, percent-encoded UTF-8; invalid encoding is refused (UPLOAD_FILE_NAME_INVALID). */
function fileNameHeader(req: Request): string | undefined {
  const raw = header(req, 'x-bid-file-name');
  return raw ? decodeFileName(raw) : undefined;
}

@ApiTags('bids 投标')
@Controller()
export class BidsController {
  constructor(
    private readonly submission: BidSubmissionService,
    private readonly opening: BidOpeningService,
    private readonly keys: BidKeysService,
  ) {}

  @Roles('bidder')
  @Put('sections/:id/bids')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Submit or replace the sealed bid (递交/替换投标文件): the raw container as the body; answers the signed receipt (回执)',
    description:
      'Body: the container made by `bid-seal seal` (application/octet-stream, streamed; chunked or with Content-Length). ' +
      'Refused: not a sealed container (R14), the body completing at or after 截止 by the server clock (R15), no tender documents held. ' +
      'A second submission replaces the first (a new version); only the latest before 截止 counts.',
  })
  @ApiConsumes('application/octet-stream')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiHeader({ name: 'X-Bid-Security-Amount', required: false, description: '投标保证金金额 (yuan), e.g. 20000.00' })
  @ApiHeader({ name: 'X-Bid-Security-Form', required: false, description: `投标保证金形式: ${Object.keys(BID_SECURITY_FORMS).join(', ')}` })
  @ApiHeader({ name: 'X-Bid-File-Name', required: false, description: 'the container file name, percent-encoded UTF-8' })
  @ApiCreatedResponse({ type: OwnBidDto, description: 'the bid with its signed receipt (回执)' })
  @ApiProblems({
    400: ['BAD_REQUEST', 'BID_SECURITY_AMOUNT_INVALID', 'BID_SECURITY_FORM_INVALID', 'UPLOAD_FILE_NAME_INVALID', 'UPLOAD_INCOMPLETE', 'UPLOAD_SIZE_MISMATCH', 'UPLOAD_EMPTY'],
    403: ['TENDER_DOCUMENTS_NOT_HELD'],
    404: ['NOT_FOUND'],
    409: ['SECTION_NOT_ACCEPTING_BIDS', 'SECTION_SUSPENDED'],
    413: ['PAYLOAD_TOO_LARGE', 'UPLOAD_TOO_LARGE'],
    415: ['BID_CONTENT_TYPE', 'UPLOAD_TYPE_NOT_ALLOWED'],
    422: ['BID_DEADLINE_PASSED', 'BID_NOT_SEALED', 'BID_SECURITY_INSUFFICIENT', 'BID_SECURITY_REQUIRED'],
  })
  async submit(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) sectionId: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    // every refusal below, before the body or part way through it, is answered (then the connection is drained or closed)
    const body = uploadBody(req, res);
    const type = (header(req, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/octet-stream') throw BidErrors.contentType();
    const length = header(req, 'content-length');
    const fileName = fileNameHeader(req);
    return await this.submission.submit(actor, sectionId, {
      body,
      declaredSize: length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined,
      securityAmount: header(req, 'x-bid-security-amount'),
      securityForm: header(req, 'x-bid-security-form'),
      fileName,
    });
  }

  @Roles('bidder')
  @Delete('sections/:id/bids/mine')
  @ApiOperation({ summary: 'Withdraw the bid (撤回投标文件) before 截止; answers the signed withdrawal receipt' })
  @ApiOkResponse({ type: OwnBidDto, description: 'the withdrawn bid with its signed withdrawal receipt' })
  @ApiProblems({ 400: ['BAD_REQUEST'], 404: ['NOT_FOUND', 'NO_BID_TO_WITHDRAW'], 409: ['SECTION_NOT_ACCEPTING_BIDS', 'SECTION_SUSPENDED'], 422: ['BID_DEADLINE_PASSED'] })
  withdraw(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) sectionId: string): Promise<OwnBidDto> {
    return this.submission.withdraw(actor, sectionId);
  }

  @Roles('bidder')
  @Get('sections/:id/bids/mine')
  @ApiOperation({ summary: "The bidder's own bids in the section, every version, with their receipts" })
  @ApiOkResponse({ type: [OwnBidDto] })
  @ApiProblems({ 400: ['BAD_REQUEST'], 404: ['NOT_FOUND'] })
  mine(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) sectionId: string): Promise<OwnBidDto[]> {
    return this.submission.mine(actor, sectionId);
  }

  @Roles('bidder')
  @Get('bids/mine')
  @ApiOperation({ summary: "The bidder's own bids in every section, newest first" })
  @ApiOkResponse({ type: OwnBidPageDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED', 'BAD_CURSOR'] })
  mineEverywhere(@CurrentActor() actor: Actor, @Query() query: OwnBidsQueryDto): Promise<OwnBidPageDto> {
    return this.submission.mineEverywhere(actor, query);
  }

  @Roles('staff', 'supervisor')
  @Get('sections/:id/bids')
  @ApiOperation({ summary: "The section's bids, from 截止 on (the project's staff, supervisors); before 截止: BIDS_SEALED for everyone (R16)" })
  @ApiOkResponse({ type: [BidListItemDto] })
  @ApiProblems({ 400: ['BAD_REQUEST'], 403: ['BIDS_SEALED', 'NOT_SECTION_STAFF'], 404: ['NOT_FOUND'] })
  async list(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) sectionId: string): Promise<BidListItemDto[]> {
    return (await this.opening.listBids(actor, sectionId)).map(bidListItem);
  }

  @Roles('bidder')
  @Post('sections/:id/bids/mine/key')
  @HttpCode(200)
  @ApiOperation({ summary: 'Hand over the bid key at the opening (提交解密密钥, R18): the platform decrypts and reads out the sealed summary' })
  @ApiOkResponse({ type: KeyHandoverDto })
  @ApiProblems({
    400: ['VALIDATION_FAILED', 'INVALID_KEY'],
    404: ['NOT_FOUND', 'NO_BID_IN_OPENING'],
    409: ['OPENING_NOT_IN_PROGRESS', 'BID_ALREADY_DECRYPTED', 'BID_DECRYPTION_FINAL'],
    422: ['DECRYPTION_WINDOW_ENDED'],
  })
  handOverKey(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) sectionId: string, @Body() dto: HandOverKeyDto): Promise<KeyHandoverDto> {
    return this.keys.handOverKey(actor, sectionId, dto.key);
  }

  @Public()
  @Get('sections/:id/opening')
  @ApiOperation({ summary: 'The opening as it stands (开标): from 截止 on, public; before it BIDS_SEALED (R16)' })
  @ApiOkResponse({ type: OpeningDto })
  @ApiProblems({ 400: ['BAD_REQUEST'], 403: ['BIDS_SEALED'], 404: ['NOT_FOUND'] })
  view(@Param('id', ParseUUIDPipe) sectionId: string): Promise<OpeningDto> {
    return this.opening.view(sectionId);
  }

  @Public()
  @Get('public/sections/:id/opening-record')
  @ApiOperation({ summary: 'The published opening record (开标记录): the archived canonical JSON, its SHA-256 in X-Content-SHA256 (R18, R37)' })
  @ApiProduces('application/json')
  @ApiOkResponse({
    description: 'the archived canonical JSON of the opening record, byte for byte (its SHA-256 in X-Content-SHA256 and the ETag)',
    schema: { type: 'object', additionalProperties: true },
  })
  @ApiProblems({ 400: ['BAD_REQUEST'], 404: ['NOT_FOUND', 'OPENING_RECORD_NOT_PUBLISHED'] })
  async record(@Param('id', ParseUUIDPipe) sectionId: string, @Res() res: Response): Promise<void> {
    const record = await this.opening.publishedRecord(sectionId);
    res.setHeader('X-Content-SHA256', record.sha256);
    res.setHeader('ETag', `"${record.sha256}"`);
    res.setHeader('Last-Modified', record.publishedAt.toUTCString());
    res.type('application/json; charset=utf-8').send(Buffer.from(record.text, 'utf8'));
  }

  @Roles('bidder')
  @Post('sections/:id/opening/objections')
  @ApiOperation({ summary: 'Raise an objection at the opening (开标异议, R19): bidders of this opening, while it is held' })
  @ApiCreatedResponse({ type: ObjectionViewDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED'], 404: ['NOT_FOUND', 'NO_BID_IN_OPENING'], 409: ['OPENING_NOT_IN_PROGRESS', 'OPENING_OBJECTION_NOT_ALLOWED'] })
  raiseObjection(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) sectionId: string, @Body() dto: ObjectionDto): Promise<ObjectionViewDto> {
    return this.opening.raiseObjection(actor, sectionId, dto.text);
  }

  @Roles('staff')
  @Post('sections/:id/opening/objections/:objectionId/answer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Answer an objection on the spot (当场答复, R19): the project staff' })
  @ApiOkResponse({ type: ObjectionViewDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED'], 403: ['NOT_SECTION_STAFF'], 404: ['NOT_FOUND', 'OBJECTION_NOT_FOUND'], 409: ['OBJECTION_ALREADY_ANSWERED'] })
  answerObjection(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) sectionId: string,
    @Param('objectionId', ParseUUIDPipe) objectionId: string,
    @Body() dto: AnswerDto,
  ): Promise<ObjectionViewDto> {
    return this.opening.answerObjection(actor, sectionId, objectionId, dto.answer);
  }
}
