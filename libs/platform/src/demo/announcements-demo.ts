import { INestApplicationContext, Logger } from '@nestjs/common';
import { Readable } from 'node:stream';
import { IdentityService } from '@app/identity';
import { Actor, atLocalTime, CalendarService, ClockService, earliestAllowed, formatShanghai, PlatformConfig, Role } from '@app/core';
import { CreateProjectDto } from '@app/announcements';
import { CommentsService } from '@app/announcements';
import { TenderDocumentsService } from '@app/announcements';
import { NoticeOutput, NoticesService } from '@app/announcements';
import { ProjectOutput, ProjectsService } from '@app/announcements';
import { QuestionsService } from '@app/announcements';

/** The demo organisations this seed needs (ids from libs/platform/src/demo/demo-seed.ts). */
export interface AnnouncementsDemoOrganisations {
  tenderer: string;
  agency: string;
  bidderA: string;
  bidderB: string;
  bidderC: string;
  bidderD: string;
}

export interface AnnouncementsDemoResult {
  seeded: boolean;
  projects: string[];
}

const DEMO_MARK = '（演示）';

/** A small well-formed PDF standing in for a real tender document. */
function demoPdf(title: string): Buffer {
  return Buffer.from(
    `%PDF-1.4\n% ${title}\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n` +
      `trailer << /Root 1 0 R >>\n%%EOF\n`,
    'utf8',
  );
}

/**
 * Demo projects and notices in every state, relative to the platform clock so that every figure of docs/rules.md is
 * met: a construction tender with downloads, a question and the clarification that answers it (the first notice
 * superseded); a two-section tender; a government consultation with comments and a tender draft; a terminated
 * government tender (refund due date recorded, holders notified); a withdrawn consultation; a draft project.
 * Runs once: a tenderer that already has projects is left alone.
 */
export async function seedAnnouncementsDemo(
  app: INestApplicationContext,
  config: PlatformConfig,
  orgs: AnnouncementsDemoOrganisations,
): Promise<AnnouncementsDemoResult> {
  const logger = new Logger('Demo');
  if (await app.get(ProjectsService).exists({ tendererOrgId: orgs.tenderer })) return { seeded: false, projects: [] };

  const projects = app.get(ProjectsService);
  const notices = app.get(NoticesService);
  const downloads = app.get(TenderDocumentsService);
  const questions = app.get(QuestionsService);
  const comments = app.get(CommentsService);
  const cal = app.get(CalendarService).calendar;
  const now = app.get(ClockService).now();

  const identity = app.get(IdentityService);
  const actorOf = (organisationId: string, role: Role): Promise<Actor> => identity.memberActor(organisationId, role);
  const tenderer = await actorOf(orgs.tenderer, 'staff');
  const agency = await actorOf(orgs.agency, 'staff');
  const bidders = await Promise.all([orgs.bidderA, orgs.bidderB, orgs.bidderC, orgs.bidderD].map((o) => actorOf(o, 'bidder')));

  // Dates that satisfy R5–R8 from now: documents for 10 working days, 截止 five weeks out at 09:30.
  const documentsUntil = formatShanghai(atLocalTime(earliestAllowed(now, 10, 'workingDays', cal).date, 17));
  const bidDeadline = formatShanghai(atLocalTime(earliestAllowed(now, 35, 'days', cal).date, 9, 30));
  const commentEnd = formatShanghai(atLocalTime(earliestAllowed(now, 7, 'days', cal).date, 17));

  const register = (actor: Actor, dto: Omit<CreateProjectDto, 'fundingSource' | 'regionCode'> & Partial<CreateProjectDto>): Promise<ProjectOutput> =>
    projects.create(actor, { regionCode: '210100', fundingSource: '财政资金', ...dto } as CreateProjectDto);
  const section = (name: string, estimatedPrice: string, bidSecurity: string) => ({ name, estimatedPrice, bidSecurity, bidDeadline });
  const attach = async (actor: Actor, notice: NoticeOutput, kind: 'tender-document' | 'attachment', name: string) => {
    const bytes = demoPdf(name);
    await notices.attach(actor, notice.id, { kind, name, stream: Readable.from([bytes]), declaredSize: bytes.length });
  };
  const tender = async (actor: Actor, project: ProjectOutput, title: string, content: string, publish = true): Promise<NoticeOutput> => {
    const draft = await notices.createDraft(actor, {
      projectId: project.id,
      type: 'tender',
      title,
      content,
      sectionIds: project.sections.map((s) => s.id),
      documentsUntil,
    });
    await attach(actor, draft, 'tender-document', `${project.name.replace(DEMO_MARK, '')}招标文件.pdf`);
    await attach(actor, draft, 'attachment', '工程量清单说明.pdf');
    return publish ? notices.publish(actor, draft.id) : draft;
  };
  const download = async (bidder: Actor, notice: NoticeOutput) => {
    const doc = notice.attachments.find((a) => a.kind === 'tender-document')!;
    const { stream } = await downloads.download(bidder, notice.id, doc.documentId, 'demo-seed');
    stream.resume(); // the bytes are not needed; the download is logged
  };

  // 1. Construction: tender with downloads, a question, the clarification that answers it.
  const road = await register(agency, {
    name: `沈阳市浑南区某某道路工程监理服务${DEMO_MARK}`,
    procedureType: 'construction',
    regionCode: '210112',
    tendererOrgId: orgs.tenderer,
    sections: [section('监理服务', '3600000.00', '72000.00')],
  });
  const roadNotice = await tender(
    agency,
    road,
    `沈阳市浑南区某某道路工程监理服务招标公告${DEMO_MARK}`,
    '一、招标条件\n本招标项目某某道路工程已批准建设，招标人为沈阳市城市建设投资集团有限公司，项目已具备招标条件，现对该项目的监理服务进行公开招标。\n' +
      '二、项目概况与招标范围\n道路全长 3.2 公里，监理服务期自开工至缺陷责任期满。\n三、投标人资格要求\n具备工程监理综合资质或市政公用工程专业甲级资质。',
  );
  for (const b of bidders.slice(0, 3)) await download(b, roadNotice);
  const question = await questions.ask(bidders[0], road.sections[0].id, '总监理工程师是否须为本单位注册人员？');
  const clarification = await notices.createDraft(agency, {
    projectId: road.id,
    type: 'supplement',
    changeKind: 'clarification',
    relatedNoticeId: roadNotice.id,
    title: `沈阳市浑南区某某道路工程监理服务澄清公告（一）${DEMO_MARK}`,
    content: '问：总监理工程师是否须为本单位注册人员？\n答：须为投标人本单位注册的监理工程师，并提供社保证明。',
    answers: [{ questionId: question.id, answer: '须为投标人本单位注册的监理工程师，并提供社保证明。' }],
  });
  await notices.publish(agency, clarification.id);

  // 2. Construction: two sections, tendering.
  const bridge = await register(tenderer, {
    name: `滨河路桥梁改造工程${DEMO_MARK}`,
    procedureType: 'construction',
    agencyOrgId: orgs.agency,
    sections: [section('一标段：主桥', '12500000.00', '250000.00'), section('二标段：引道及附属', '4800000.00', '96000.00')],
  });
  const bridgeNotice = await tender(
    tenderer,
    bridge,
    `滨河路桥梁改造工程施工招标公告${DEMO_MARK}`,
    '一、招标条件\n滨河路桥梁改造工程已由市发展和改革委员会批准建设，资金来源为财政资金。\n二、招标范围\n一标段：主桥拆除与新建；二标段：引道及附属工程。',
  );
  await download(bidders[3], bridgeNotice);

  // 3. Government: consultation with comments, and the tender notice still a draft.
  const canteen = await register(agency, {
    name: `市第一中学食堂设备采购${DEMO_MARK}`,
    procedureType: 'government',
    regionCode: '210102',
    tendererOrgId: orgs.tenderer,
    sections: [section('食堂厨房设备', '980000.00', '19600.00')],
  });
  const consultation = await notices.createDraft(agency, {
    projectId: canteen.id,
    type: 'consultation',
    title: `市第一中学食堂设备采购需求征求意见公告${DEMO_MARK}`,
    content: '现就本项目采购需求（技术参数、商务要求）公开征求意见，请于意见征询期内通过平台提交。',
    sectionIds: canteen.sections.map((s) => s.id),
    commentPeriodEnd: commentEnd,
  });
  await attach(agency, consultation, 'attachment', '采购需求（征求意见稿）.pdf');
  await notices.publish(agency, consultation.id);
  await comments.comment(bidders[1], consultation.id, '建议将蒸箱容量参数由“≥ 24 盘”调整为“≥ 20 盘”，以扩大竞争。');
  await comments.comment(bidders[2], consultation.id, '建议明确售后服务响应时间的起算点。');
  await tender(agency, canteen, `市第一中学食堂设备采购公开招标公告${DEMO_MARK}`, '一、项目基本情况\n采购内容：食堂厨房设备一批。预算金额：98 万元。', false);

  // 4. Government: published, then terminated (R10: holders notified, refund due date recorded).
  const renovation = await register(tenderer, {
    name: `老旧小区改造设计服务${DEMO_MARK}`,
    procedureType: 'government',
    sections: [section('设计服务', '1500000.00', '30000.00')],
  });
  const renovationNotice = await tender(tenderer, renovation, `老旧小区改造设计服务公开招标公告${DEMO_MARK}`, '一、项目基本情况\n采购内容：老旧小区改造方案及施工图设计。');
  await download(bidders[1], renovationNotice);
  const termination = await notices.createDraft(tenderer, {
    projectId: renovation.id,
    type: 'termination',
    relatedNoticeId: renovationNotice.id,
    title: `老旧小区改造设计服务终止公告${DEMO_MARK}`,
    content: '因采购需求发生重大变化，本项目终止采购。已获取采购文件的供应商，保证金将于规定期限内退还。',
  });
  await notices.publish(tenderer, termination.id);

  // 5. A withdrawn consultation.
  const parking = await register(agency, {
    name: `智慧停车系统建设${DEMO_MARK}`,
    procedureType: 'government',
    tendererOrgId: orgs.tenderer,
    sections: [section('停车管理平台', '2600000.00', '52000.00')],
  });
  const parkingConsultation = await notices.createDraft(agency, {
    projectId: parking.id,
    type: 'consultation',
    title: `智慧停车系统建设采购需求征求意见公告${DEMO_MARK}`,
    content: '现就智慧停车系统采购需求公开征求意见。',
    sectionIds: parking.sections.map((s) => s.id),
    commentPeriodEnd: commentEnd,
  });
  await notices.publish(agency, parkingConsultation.id);
  await notices.withdraw(agency, parkingConsultation.id, '采购需求调整，重新征求意见');

  // 6. A project still being prepared.
  const park = await register(tenderer, {
    name: `城市公园绿化提升工程${DEMO_MARK}`,
    procedureType: 'construction',
    sections: [section('绿化施工', '5200000.00', '100000.00')],
  });
  await tender(tenderer, park, `城市公园绿化提升工程施工招标公告${DEMO_MARK}`, '一、招标条件\n（草稿）', false);

  const codes = [road, bridge, canteen, renovation, parking, park].map((p) => p.code);
  logger.log(`demo tender projects ready: ${codes.join(', ')} (platform ${config.platformCode})`);
  return { seeded: true, projects: codes };
}
