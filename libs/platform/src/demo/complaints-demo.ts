import { INestApplicationContext, Logger } from '@nestjs/common';
import { Readable } from 'node:stream';
import { IdentityService } from '@app/identity';
import { Actor, atLocalTime, CalendarService, ClockService, earliestAllowed, formatShanghai, PlatformConfig, Role, toLocalDate } from '@app/core';
import { CreateProjectDto, NoticesService, ProjectsService, TenderDocumentsService } from '@app/announcements';
import { CasesService, FileComplaintDto, FileObjectionDto } from '@app/complaints';
import type { AnnouncementsDemoOrganisations } from './announcements-demo';

/** The demo organisations this seed needs: the announcements seed's and the supervising department. */
export interface ComplaintsDemoOrganisations extends AnnouncementsDemoOrganisations {
  supervisor: string;
}

export interface ComplaintsDemoResult {
  seeded: boolean;
  caseNumbers?: string[];
}

const CONSTRUCTION_NAME = '城区排水管网改造工程（异议投诉演示）';
const GOVERNMENT_NAME = '区政务服务中心办公设备采购（质疑投诉演示）';
const DAY = 86_400_000;

function demoPdf(title: string): Buffer {
  return Buffer.from(`%PDF-1.4\n% ${title}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`, 'utf8');
}

/**
 * Demo objections and complaints on the public case board (办件状态), in both procedures and every state: an open
 * construction objection that holds its section suspended (the agent answers it, 甲 follows it), a complaint
 * waiting for the supervisor's acceptance, a government 质疑 answered and the complaint after it decided, a 质疑
 * left unanswered past its limit (overdue), a complaint accepted with its clock stopped for an expert review, and a
 * rejected one. Everything happens at explicit past times (ClockService.runAt), never moving the shared clock.
 * Needs clock control; runs once.
 */
export async function seedComplaintsDemo(app: INestApplicationContext, _config: PlatformConfig, orgs: ComplaintsDemoOrganisations): Promise<ComplaintsDemoResult> {
  const logger = new Logger('Demo');
  const projects = app.get(ProjectsService);
  if (await projects.exists({ name: CONSTRUCTION_NAME })) return { seeded: false };
  const clock = app.get(ClockService);
  if (!clock.controllable) {
    logger.warn('demo objections and complaints need clock control (CLOCK_CONTROL=true): skipped');
    return { seeded: false };
  }
  const notices = app.get(NoticesService);
  const downloads = app.get(TenderDocumentsService);
  const cases = app.get(CasesService);
  const cal = app.get(CalendarService).calendar;
  const identity = app.get(IdentityService);
  const actorOf = (organisationId: string, role: Role): Promise<Actor> => identity.memberActor(organisationId, role);
  const agency = await actorOf(orgs.agency, 'staff');
  const supervisor = await actorOf(orgs.supervisor, 'supervisor');
  const [a, b, c, d] = await Promise.all([orgs.bidderA, orgs.bidderB, orgs.bidderC, orgs.bidderD].map((o) => actorOf(o, 'bidder')));
  const real = clock.now();
  const ago = (days: number, hour = 10) => atLocalTime(toLocalDate(new Date(real.getTime() - days * DAY)), hour);
  const at = <T>(when: Date, fn: () => Promise<T>) => clock.runAt(when, fn);
  const numbers: string[] = [];

  /** A published tender issued `issuedDaysAgo`, downloaded by every demo bidder; returns its section ids. */
  async function tender(name: string, procedureType: 'construction' | 'government', issuedDaysAgo: number, deadlineInDays: number, sections: string[]): Promise<string[]> {
    return at(ago(issuedDaysAgo, 9), async () => {
      const t0 = clock.now();
      const deadline = formatShanghai(atLocalTime(toLocalDate(new Date(real.getTime() + deadlineInDays * DAY)), 9, 30));
      const project = await projects.create(agency, {
        name,
        procedureType,
        regionCode: '210103',
        fundingSource: '财政资金',
        tendererOrgId: orgs.tenderer,
        sections: sections.map((s) => ({ name: s, estimatedPrice: '3000000.00', bidSecurity: '60000.00', bidDeadline: deadline })),
      } as CreateProjectDto);
      const ids = project.sections.map((s) => s.id);
      const draft = await notices.createDraft(agency, {
        projectId: project.id,
        type: 'tender',
        title: `${name}招标公告`,
        content: `一、项目概况\n${name}，资金来源为财政资金，现公开招标。\n二、异议与投诉\n对招标文件有异议的，请通过本平台提出。`,
        sectionIds: ids,
        documentsUntil: formatShanghai(atLocalTime(earliestAllowed(t0, 10, 'workingDays', cal).date, 17)),
      });
      const file = demoPdf(`${name} 招标文件`);
      await notices.attach(agency, draft.id, { kind: 'tender-document', name: '招标文件.pdf', stream: Readable.from([file]), declaredSize: file.length });
      const notice = await notices.publish(agency, draft.id);
      const documentId = notice.attachments.find((x) => x.kind === 'tender-document')!.documentId;
      for (const bidder of [a, b, c, d]) (await downloads.download(bidder, notice.id, documentId, 'demo-seed')).stream.resume();
      return ids;
    });
  }

  const objection = (sectionId: string, content: string, contactName: string): FileObjectionDto =>
    ({ sectionId, subject: 'tender_documents', content, contactName, contactPhone: '024-2288 0000' }) as FileObjectionDto;
  const complaint = (sectionId: string, subject: string, content: string, extra: Partial<FileComplaintDto> = {}): FileComplaintDto =>
    ({ sectionId, subject, departmentOrgId: orgs.supervisor, content, contactName: '法务 周女士', contactPhone: '024-2266 0000', ...extra }) as FileComplaintDto;

  // Government procurement: issued 25 days ago, 截止 in 10 days.
  const [gov] = await tender(GOVERNMENT_NAME, 'government', 25, 10, ['一包：台式计算机及显示器']);
  const answered = await at(ago(22), () => cases.fileObjection(b, objection(gov, '采购需求中“须为某品牌同系列产品”的要求具有排他性，请求修改。', '乙公司 钱经理')));
  await at(ago(18), () => cases.answerObjection(agency, answered.id, '经核查，该表述确有倾向性，已通过更正公告删除。', '质疑成立，已发布更正公告'));
  const decided = await at(ago(16), () => cases.fileComplaint(b, complaint(gov, 'tender_documents', '更正后的技术参数仍指向特定品牌，请求责令修改采购文件。', { priorObjectionId: answered.id })));
  await at(ago(15), () => cases.acceptComplaint(supervisor, decided.id, '材料齐全，予以受理'));
  await at(ago(5), () => cases.decideComplaint(supervisor, decided.id, '经审查，更正后的技术参数未指向特定品牌，投诉缺乏事实依据，驳回投诉。', '投诉缺乏事实依据，驳回'));
  const overdue = await at(ago(20), () => cases.fileObjection(c, objection(gov, '评分标准中“本地服务网点”分值过高，请求调整。', '丙公司 孙经理')));
  const paused = await at(ago(10), () => cases.fileComplaint(d, complaint(gov, 'other', '采购代理机构在发售文件时要求提供非必要材料。', { knownAt: formatShanghai(ago(12)) })));
  await at(ago(9), () => cases.acceptComplaint(supervisor, paused.id));
  await at(ago(6), () => cases.startPause(supervisor, paused.id, 'inspection', '委托第三方检测机构核查'));
  const rejected = await at(ago(8), () => cases.fileComplaint(c, complaint(gov, 'other', '对代理服务费收取标准有异议。', { knownAt: formatShanghai(ago(9)) })));
  await at(ago(7), () => cases.rejectComplaint(supervisor, rejected.id, '代理服务费不属于政府采购投诉处理范围，不予受理。', '不属于投诉处理范围，不予受理'));
  // accepted, and the procedure ordered suspended while it is decided (R35)
  const suspended = await at(ago(4), () => cases.fileComplaint(c, complaint(gov, 'other', '评审专家抽取时未回避与采购人存在利害关系的专家。', { knownAt: formatShanghai(ago(5)) })));
  await at(ago(3), () => cases.acceptComplaint(supervisor, suspended.id, '材料齐全，予以受理'));
  await at(ago(3, 11), () => cases.orderSuspension(supervisor, suspended.id, '核查专家回避情况期间暂停采购活动'));

  // Construction: issued 10 days ago, 截止 in 25 days; 甲's objection yesterday holds 一标段 suspended.
  const [s1, s2] = await tender(CONSTRUCTION_NAME, 'construction', 10, 25, ['一标段：主干管', '二标段：支管及检查井']);
  const open = await at(ago(1), () => cases.fileObjection(a, objection(s1, '招标文件要求的类似业绩年限与资格预审公告不一致，请求澄清。', '甲公司 投标专员 陈先生')));
  const waiting = await at(ago(1, 15), () => cases.fileComplaint(b, complaint(s2, 'other', '招标代理机构工作人员向部分潜在投标人透露已获取招标文件的单位名称。', { knownAt: formatShanghai(ago(3)) })));

  numbers.push(answered.caseNumber, decided.caseNumber, overdue.caseNumber, paused.caseNumber, rejected.caseNumber, suspended.caseNumber, open.caseNumber, waiting.caseNumber);
  logger.log(`demo objections and complaints ready: ${numbers.join(', ')} (GET /api/public/cases)`);
  return { seeded: true, caseNumbers: numbers };
}
