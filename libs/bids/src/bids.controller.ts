import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor, CurrentActor, Public, Roles } from '@app/core';
import { decodeFileName, uploadBody } from '@app/documents';
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
  async submit(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) sectionId: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    // every refusal below, before the body or part way through it, is answered and then closes the connection
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
  withdraw(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) sectionId: string) {
    return this.submission.withdraw(actor, sectionId);
  }

  @Roles('bidder')
  @Get('sections/:id/bids/mine')
  @ApiOperation({ summary: "The bidder's own bids in the section, every version, with their receipts" })
  mine(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) sectionId: string) {
    return this.submission.mine(actor, sectionId);
  }

  @Roles('bidder')
  @Get('bids/mine')
  @ApiOperation({ summary: "The bidder's own bids in every section, newest first" })
  mineEverywhere(@CurrentActor() actor: Actor, @Query() query: OwnBidsQueryDto) {
    return this.submission.mineEverywhere(actor, query);
  }

  @Roles('staff', 'supervisor')
  @Get('sections/:id/bids')
  @ApiOperation({ summary: "The section's bids, from 截止 on (the project's staff, supervisors); before 截止: BIDS_SEALED for everyone (R16)" })
  async list(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) sectionId: string) {
    return (await this.opening.listBids(actor, sectionId)).map(bidListItem);
  }

  @Roles('bidder')
  @Post('sections/:id/bids/mine/key')
  @HttpCode(200)
  @ApiOperation({ summary: 'Hand over the bid key at the opening (提交解密密钥, R18): the platform decrypts and reads out the sealed summary' })
  handOverKey(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) sectionId: string, @Body() dto: HandOverKeyDto) {
    return this.keys.handOverKey(actor, sectionId, dto.key);
  }

  @Public()
  @Get('sections/:id/opening')
  @ApiOperation({ summary: 'The opening as it stands (开标): from 截止 on, public; before it BIDS_SEALED (R16)' })
  view(@Param('id', ParseUUIDPipe) sectionId: string) {
    return this.opening.view(sectionId);
  }

  @Public()
  @Get('public/sections/:id/opening-record')
  @ApiOperation({ summary: 'The published opening record (开标记录): the archived canonical JSON, its SHA-256 in X-Content-SHA256 (R18, R37)' })
  async record(@Param('id', ParseUUIDPipe) sectionId: string, @Res() res: Response) {
    const record = await this.opening.publishedRecord(sectionId);
    res.setHeader('X-Content-SHA256', record.sha256);
    res.setHeader('ETag', `"${record.sha256}"`);
    res.setHeader('Last-Modified', record.publishedAt.toUTCString());
    res.type('application/json; charset=utf-8').send(Buffer.from(record.text, 'utf8'));
  }

  @Roles('bidder')
  @Post('sections/:id/opening/objections')
  @ApiOperation({ summary: 'Raise an objection at the opening (开标异议, R19): bidders of this opening, while it is held' })
  raiseObjection(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) sectionId: string, @Body() dto: ObjectionDto) {
    return this.opening.raiseObjection(actor, sectionId, dto.text);
  }

  @Roles('staff')
  @Post('sections/:id/opening/objections/:objectionId/answer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Answer an objection on the spot (当场答复, R19): the project staff' })
  answerObjection(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) sectionId: string,
    @Param('objectionId', ParseUUIDPipe) objectionId: string,
    @Body() dto: AnswerDto,
  ) {
    return this.opening.answerObjection(actor, sectionId, objectionId, dto.answer);
  }
}
