import { INestApplicationContext, Logger } from '@nestjs/common';
import { Readable } from 'node:stream';
import { atLocalTime, ClockService, toLocalDate } from '@app/core';
import { ProjectsService } from '@app/announcements';
import { newKey, OpeningSummary } from '@app/sealing';
import { BidKeysService, BidOpeningService, BidSubmissionService } from '@app/bids';
import { AwardsService } from '@app/awards';
import type { AnnouncementsDemoOrganisations } from './announcements-demo';
import { demoParties, demoPdf, publishDemoTender, sealed } from './demo-tender';

export interface AwardsDemoResult {
  seeded: boolean;
  /** The section whose candidate publicity runs now (objections open) and the one awarded with its notices. */
  publicitySectionId?: string;
  awardedSectionId?: string;
}

const PROJECT_NAME = '城市绿道景观提升工程（定标演示）';
const DAY = 86_400_000;

const SUMMARIES: OpeningSummary[] = [
  { price: '7820000.00', durationDays: 200, items: [{ name: '项目经理', value: '周建华' }] },
  { price: '7655300.80', durationDays: 190, items: [{ name: '项目经理', value: '吴磊' }] },
  { price: '7990000.00', durationDays: 210, items: [{ name: '项目经理', value: '郑强' }] },
  { price: '7702500.00', durationDays: 195, items: [{ name: '项目经理', value: '冯涛' }] },
];

/**
 * Demo awards: a construction project with two sections, four bidders each, both opened. Section 1 went through the
 * evaluation, the candidate publicity, the decision and the result weeks ago: its award and result notices are issued
 * (each demo bidder sees its own; anyone can verify them), its contract is due and its supervisor report overdue
 * (R25, in the overdue list). Section 2 was evaluated yesterday and its candidate publicity runs now (objections open).
 *
 * Like the bids seed it records the past at explicit times (ClockService.runAt) and needs clock control. Runs once.
 */
export async function seedAwardsDemo(app: INestApplicationContext, orgs: AnnouncementsDemoOrganisations): Promise<AwardsDemoResult> {
  const logger = new Logger('Demo');
  if (await app.get(ProjectsService).exists({ name: PROJECT_NAME })) return { seeded: false };
  const clock = app.get(ClockService);
  if (!clock.controllable) {
    logger.warn('demo awards need clock control (CLOCK_CONTROL=true): skipped');
    return { seeded: false };
  }
  const submission = app.get(BidSubmissionService);
  const opening = app.get(BidOpeningService);
  const keys = app.get(BidKeysService);
  const awards = app.get(AwardsService);
  const parties = await demoParties(app, orgs);
  const { agency, bidders } = parties;

  const real = clock.now();
  const dayAt = (daysAgo: number, h: number, m = 0) => atLocalTime(toLocalDate(new Date(real.getTime() - daysAgo * DAY)), h, m);
  const deadlines = [dayAt(30, 9, 30), dayAt(2, 9, 30)];

  const sectionIds = await publishDemoTender(app, parties, orgs.tenderer, dayAt(70, 9), {
    name: PROJECT_NAME,
    regionCode: '210104',
    sections: [
      { name: '一标段：浑河段绿道（已定标）', estimatedPrice: '8000000.00', bidSecurity: '160000.00', bidDeadline: deadlines[0] },
      { name: '二标段：北运河段绿道（公示中）', estimatedPrice: '8200000.00', bidSecurity: '160000.00', bidDeadline: deadlines[1] },
    ],
    scope: '一标段：浑河段绿道；二标段：北运河段绿道。',
    documentName: '绿道景观提升工程招标文件.pdf',
  });

  const bidKeys: Uint8Array[][] = [[], []];
  await clock.runAt(dayAt(33, 10), async () => {
    for (const [s, sectionId] of sectionIds.entries()) {
      for (const [i, bidder] of bidders.entries()) {
        const key = newKey();
        bidKeys[s].push(key);
        const container = await sealed(demoPdf(`${bidder.username ?? ''} 投标文件`), key, SUMMARIES[(i + s) % SUMMARIES.length]);
        await submission.submit(bidder, sectionId, { body: Readable.from([container]), declaredSize: container.length, securityAmount: '160000.00', securityForm: 'insurance', fileName: '投标文件.pdf.bidseal' });
      }
    }
  });

  // Each section opens at its 截止 and every bidder hands over its key (the opening closes when all are settled).
  for (const [s, sectionId] of sectionIds.entries()) {
    await clock.runAt(new Date(deadlines[s].getTime() + 60_000), async () => {
      await opening.open(sectionId);
      for (const [i, bidder] of bidders.entries()) await keys.handOverKey(bidder, sectionId, Buffer.from(bidKeys[s][i]).toString('hex'));
    });
  }

  const evaluate = async (sectionId: string) => {
    const report = await awards.upload(agency, sectionId, Readable.from([demoPdf('评标报告')]), '评标报告.pdf', 'application/pdf');
    const bids = (await opening.biddersAtOpening(sectionId))!;
    const ranked = [...bids].sort((a, b) => Number(a.bidPrice) - Number(b.bidPrice));
    return awards.recordEvaluation(agency, sectionId, {
      reportDocumentId: report.documentId,
      committee: ['张明（评标委员会主任）', '李华', '王芳', '赵军', '钱伟'],
      candidates: ranked.slice(0, 3).map((b, i) => ({ bidId: b.bidId, rank: i + 1, score: ['94.20', '91.60', '89.30'][i], reasons: ['技术标与商务标综合得分第一', '综合得分第二', '综合得分第三'][i] })),
      unsuccessful: ranked.slice(3).map((b) => ({ bidId: b.bidId, reason: '综合得分低于中标候选人' })),
    });
  };

  // Section 1: evaluated, published, confirmed and announced weeks ago: the notices are issued.
  const [awardedId, publicityId] = sectionIds;
  await clock.runAt(dayAt(29, 10), () => evaluate(awardedId));
  await clock.runAt(dayAt(29, 15), () =>
    awards.publishPublicity(agency, awardedId, { end: dayAt(25, 17), objectionMethod: '对评标结果有异议的，应在公示期内以书面形式向招标人提出（联系电话 024-00000000）。' }),
  );
  await clock.runAt(dayAt(24, 17, 30), () => awards.decide(agency, awardedId, { rank: 1 }));
  await clock.runAt(dayAt(24, 18), () => awards.publishResult(agency, awardedId));

  // Section 2: evaluated yesterday, its candidate publicity runs now.
  await clock.runAt(dayAt(1, 10), () => evaluate(publicityId));
  await clock.runAt(dayAt(1, 14), () =>
    awards.publishPublicity(agency, publicityId, { end: dayAt(-3, 17), objectionMethod: '对评标结果有异议的，应在公示期内以书面形式向招标人提出（联系电话 024-00000000）。' }),
  );
  logger.log('demo awards ready: one section awarded with its notices, one in candidate publicity');
  return { seeded: true, publicitySectionId: publicityId, awardedSectionId: awardedId };
}
