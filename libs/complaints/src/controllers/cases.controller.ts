import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { contentDisposition, streamedUpload } from '@app/documents';
import { Actor, ApiProblems, CurrentActor, Public, Roles } from '@app/core';
import { CasesService } from '../cases/cases.service';
import type { PauseKind } from '../cases/case.entity';
import {
  AttachmentNameDto,
  BoardPageDto,
  BoardQueryDto,
  CaseDetailDto,
  CaseListDto,
  CloseCaseDto,
  DepartmentDto,
  FileComplaintDto,
  FileObjectionDto,
  NoteDto,
  PauseDto,
  PublicCaseDto,
  ReasonDto,
  StatisticsDto,
  StatisticsQueryDto,
} from '../dto/case.dto';

@ApiTags('objections 异议/质疑')
@Controller('objections')
export class ObjectionsController {
  constructor(private readonly cases: CasesService) {}

  @Roles('bidder')
  @Post()
  @ApiOperation({ summary: 'Raise an objection (异议/质疑) inside its window (R27, R28; the opening R19); suspends the section where R29 says so' })
  @ApiCreatedResponse({ type: CaseDetailDto })
  file(@CurrentActor() actor: Actor, @Body() dto: FileObjectionDto): Promise<CaseDetailDto> {
    return this.cases.fileObjection(actor, dto);
  }

  @Roles('staff')
  @Post(':id/answer')
  @HttpCode(200)
  @ApiOperation({ summary: "Answer an objection (R29), through the platform (R34): the project's staff; releases the section" })
  @ApiOkResponse({ type: CaseDetailDto })
  answer(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CloseCaseDto): Promise<CaseDetailDto> {
    return this.cases.answerObjection(actor, id, dto.text, dto.resultSummary);
  }
}

@ApiTags('complaints 投诉')
@Controller('complaints')
export class ComplaintsController {
  constructor(private readonly cases: CasesService) {}

  @Roles('bidder')
  @Post()
  @ApiOperation({ summary: 'Complain to a supervising department inside the window (R30); a prior objection where R33 requires one' })
  @ApiCreatedResponse({ type: CaseDetailDto })
  file(@CurrentActor() actor: Actor, @Body() dto: FileComplaintDto): Promise<CaseDetailDto> {
    return this.cases.fileComplaint(actor, dto);
  }

  @Roles('supervisor')
  @Post(':id/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'Accept the complaint (R31); the decision is then due (R32)' })
  @ApiOkResponse({ type: CaseDetailDto })
  accept(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: NoteDto): Promise<CaseDetailDto> {
    return this.cases.acceptComplaint(actor, id, dto.note);
  }

  @Roles('supervisor')
  @Post(':id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject the complaint (R31), with reasons and a public summary' })
  @ApiOkResponse({ type: CaseDetailDto })
  reject(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CloseCaseDto): Promise<CaseDetailDto> {
    return this.cases.rejectComplaint(actor, id, dto.text, dto.resultSummary);
  }

  @Roles('supervisor')
  @Post(':id/decide')
  @HttpCode(200)
  @ApiOperation({ summary: 'Decide the complaint (R32); lifts the ordered suspension' })
  @ApiOkResponse({ type: CaseDetailDto })
  decide(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CloseCaseDto): Promise<CaseDetailDto> {
    return this.cases.decideComplaint(actor, id, dto.text, dto.resultSummary);
  }

  @Roles('supervisor')
  @Post(':id/pause')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop the clock for time the law excludes (R32: inspection, expert review; government also correction)' })
  @ApiOkResponse({ type: CaseDetailDto })
  pause(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: PauseDto): Promise<CaseDetailDto> {
    return this.cases.startPause(actor, id, dto.kind as PauseKind, dto.reason);
  }

  @Roles('supervisor')
  @Post(':id/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Start the clock again' })
  @ApiOkResponse({ type: CaseDetailDto })
  resume(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: NoteDto): Promise<CaseDetailDto> {
    return this.cases.endPause(actor, id, dto.note);
  }

  @Roles('supervisor')
  @Post(':id/suspension')
  @HttpCode(200)
  @ApiOperation({ summary: 'Order the procedure suspended while deciding (R35)' })
  @ApiOkResponse({ type: CaseDetailDto })
  suspend(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ReasonDto): Promise<CaseDetailDto> {
    return this.cases.orderSuspension(actor, id, dto.reason);
  }

  @Roles('supervisor')
  @Post(':id/suspension/lift')
  @HttpCode(200)
  @ApiOperation({ summary: 'Lift the ordered suspension (R35)' })
  @ApiOkResponse({ type: CaseDetailDto })
  lift(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: NoteDto): Promise<CaseDetailDto> {
    return this.cases.liftSuspension(actor, id, dto.note);
  }
}

@ApiTags('cases 办件')
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Roles('bidder', 'staff', 'supervisor')
  @Get()
  @ApiOperation({ summary: "The cases I am party to: a bidder's own, a project staff's, a supervisor's department's (and every objection)" })
  @ApiOkResponse({ type: CaseListDto })
  mine(@CurrentActor() actor: Actor, @Query() q: BoardQueryDto): Promise<CaseListDto> {
    return this.cases.listMine(actor, q);
  }

  @Roles('bidder', 'staff', 'supervisor')
  @Get(':id')
  @ApiOperation({ summary: 'Every step of a case, with names, contacts and files: the parties and the supervisor only' })
  @ApiOkResponse({ type: CaseDetailDto })
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<CaseDetailDto> {
    return this.cases.detail(actor, id);
  }

  @Roles('bidder', 'staff', 'supervisor')
  @Post(':id/attachments')
  @ApiConsumes('application/octet-stream')
  @ApiOperation({ summary: 'Add a file to a case (the raw bytes as the body, ?name=证据.pdf): the parties and the department' })
  @ApiCreatedResponse({ type: CaseDetailDto })
  attach(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: AttachmentNameDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseDetailDto> {
    // every refusal, before the body or part way through it, is answered (libs/documents README); the name is
    // decoded strictly from the raw query
    const upload = streamedUpload(req, res);
    return this.cases.attach(actor, id, { name: upload.name ?? q.name, stream: upload.body, declaredSize: upload.declaredSize, declaredType: upload.declaredType });
  }

  @Roles('bidder', 'staff', 'supervisor')
  @Get(':id/attachments/:documentId')
  @ApiProduces('application/octet-stream')
  @ApiOperation({ summary: "A file of a case, as stored (X-Content-SHA256 names its hash): the parties and the supervising department only" })
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiProblems({ 403: ['NOT_CASE_PARTY'], 404: ['NOT_FOUND'] })
  async attachment(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('documentId', ParseUUIDPipe) documentId: string,
    @Res() res: Response,
  ): Promise<void> {
    const { file, contentType, stream } = await this.cases.attachmentFile(actor, id, documentId);
    res.setHeader('Content-Type', contentType);
    res.setHeader('Content-Length', String(file.size));
    res.setHeader('X-Content-SHA256', file.sha256);
    res.setHeader('Content-Disposition', contentDisposition(file.name));
    res.setHeader('Cache-Control', 'private, no-store');
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }
}

@ApiTags('case board 办件状态')
@Controller('public')
export class CaseBoardController {
  constructor(private readonly cases: CasesService) {}

  @Public()
  @Get('cases')
  @ApiOperation({ summary: 'The public case status board (办件状态): remaining working days live, no names, contacts or files' })
  @ApiOkResponse({ type: BoardPageDto })
  board(@Query() q: BoardQueryDto): Promise<BoardPageDto> {
    return this.cases.board(q);
  }

  @Public()
  @Get('cases/:caseNumber')
  @ApiOperation({ summary: 'One case as the public sees it, with its public steps' })
  @ApiOkResponse({ type: PublicCaseDto })
  one(@Param('caseNumber') caseNumber: string): Promise<PublicCaseDto> {
    return this.cases.publicCase(caseNumber);
  }

  @Public()
  @Get('complaint-departments')
  @ApiOperation({ summary: 'The supervising departments (行政监督部门) a complaint can be addressed to (R30): id and name' })
  @ApiOkResponse({ type: [DepartmentDto] })
  departments(): Promise<DepartmentDto[]> {
    return this.cases.departments();
  }

  @Public()
  @Get('case-statistics')
  @ApiOperation({ summary: 'Reply statistics per department for a period (annual disclosure report): received, replied, within the limit, rates, average working days' })
  @ApiOkResponse({ type: StatisticsDto })
  statistics(@Query() q: StatisticsQueryDto): Promise<StatisticsDto> {
    return this.cases.statistics({ departmentOrgId: q.departmentOrgId, from: new Date(q.from), to: new Date(q.to) });
  }
}
