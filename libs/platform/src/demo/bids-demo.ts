import { INestApplicationContext, Logger } from '@nestjs/common';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { atLocalTime, ClockService, formatShanghai, PlatformConfig, toLocalDate } from '@app/core';
import { ProjectsService } from '@app/announcements';
import type { AnnouncementsDemoOrganisations } from './announcements-demo';
import { keyFileText, newKey, OpeningSummary } from '@app/sealing';
import { demoParties, demoPdf, publishDemoTender, sealed } from './demo-tender';
import { BidKeysService } from '@app/bids';
import { BidOpeningService } from '@app/bids';
import { BidSubmissionService } from '@app/bids';

/** The demo organisations this seed needs: the same as the announcements seed's (libs/platform/src/demo/demo-seed.ts). */
export type BidsDemoOrganisations = AnnouncementsDemoOrganisations;

export interface BidsDemoResult {
  seeded: boolean;
  /** The section that was opened (its record published) and the one that opens at its 截止. */
  openedSectionId?: string;
  readySectionId?: string;
  readyBidDeadline?: string;
  /** Folder with the bidders' key files for the section still to open (hand them over at its opening). */
  keysFolder?: string;
}

const PROJECT_NAME = '市政道路照明改造工程（开标演示）';
const DAY = 86_400_000;

const SUMMARIES: OpeningSummary[] = [
  { price: '4315000.00', durationDays: 150, items: [{ name: '质量标准', value: '合格' }, { name: '项目经理', value: '王建国' }] },
  { price: '4268800.50', durationDays: 140, items: [{ name: '质量标准', value: '合格' }, { name: '项目经理', value: '李明' }] },
  { price: '4399000.00', durationDays: 160, items: [{ name: '质量标准', value: '优良' }, { name: '项目经理', value: '赵磊' }] },
  { price: '4190000.00', durationDays: 155, items: [{ name: '质量标准', value: '合格' }, { name: '项目经理', value: '孙强' }] },
];

/**
 * Demo bids: a project with two sections, four bidders each (sealed bids with receipts), one section opened
 * (keys handed over, an objection answered at the opening, the record published) and one that opens by
 * itself at its 截止, 15 minutes after the first start, with the bidders' key files in the data folder.
 *
 * A tender spans weeks of legal periods (R5), so the seed publishes and bids at explicit times in the past
 * (ClockService.runAt: only the seed's own calls see them; the shared clock and live requests do not move).
 * It needs clock control (never in production). Runs once.
 */
export async function seedBidsDemo(app: INestApplicationContext, config: PlatformConfig, orgs: BidsDemoOrganisations): Promise<BidsDemoResult> {
  const logger = new Logger('Demo');
  if (await app.get(ProjectsService).exists({ name: PROJECT_NAME })) return { seeded: false };
  const clock = app.get(ClockService);
  if (!clock.controllable) {
    logger.warn('demo bids need clock control (CLOCK_CONTROL=true): skipped');
    return { seeded: false };
  }
  const submission = app.get(BidSubmissionService);
  const opening = app.get(BidOpeningService);
  const keys = app.get(BidKeysService);
  const parties = await demoParties(app, orgs);
  const { agency, bidders } = parties;

  const real = clock.now();
  const openedDeadline = atLocalTime(toLocalDate(new Date(real.getTime() - DAY)), 9, 30);
  const readyDeadline = new Date(Math.ceil((real.getTime() + 15 * 60_000) / 60_000) * 60_000);
  const bidKeys: Uint8Array[][] = [[], []];
  // Forty-five days ago: the project is registered, the tender notice published, the documents downloaded.
  const sectionIds = await publishDemoTender(app, parties, orgs.tenderer, new Date(real.getTime() - 45 * DAY), {
    name: PROJECT_NAME,
    regionCode: '210102',
    sections: [
      { name: '一标段：主干道照明（已开标）', estimatedPrice: '4500000.00', bidSecurity: '90000.00', bidDeadline: openedDeadline },
      { name: '二标段：支路照明（待开标）', estimatedPrice: '2600000.00', bidSecurity: '52000.00', bidDeadline: readyDeadline },
    ],
    scope: '一标段：主干道照明改造；二标段：支路照明改造。',
    documentName: '照明改造工程招标文件.pdf',
  });

  // Three days ago: every bidder seals and submits a bid to both sections.
  await clock.runAt(new Date(real.getTime() - 3 * DAY), async () => {
    for (const [s, sectionId] of sectionIds.entries()) {
      for (const [i, bidder] of bidders.entries()) {
        const key = newKey();
        bidKeys[s].push(key);
        const container = await sealed(demoPdf(`${bidder.username ?? ''} 投标文件`), key, SUMMARIES[i]);
        await submission.submit(bidder, sectionId, {
          body: Readable.from([container]),
          declaredSize: container.length,
          securityAmount: s === 0 ? '90000.00' : '52000.00',
          securityForm: i % 2 === 0 ? 'bank_guarantee' : 'insurance',
          fileName: '投标文件.pdf.bidseal',
        });
      }
    }
  });

  // Now: the first section's 截止 has passed. It opens, the bidders hand over their keys, 丁 objects on the spot.
  const [openedId, readyId] = sectionIds;
  await opening.open(openedId);
  for (let i = 0; i < 3; i++) await keys.handOverKey(bidders[i], openedId, Buffer.from(bidKeys[0][i]).toString('hex'));
  const objection = await opening.raiseObjection(bidders[3], openedId, '乙公司报价中的小数位与开标一览表不一致，请核实。');
  await opening.answerObjection(agency, openedId, objection.id, '经当场核对，乙公司开标一览表报价为 4268800.50 元，与唱标一致，异议不成立。');
  await keys.handOverKey(bidders[3], openedId, Buffer.from(bidKeys[0][3]).toString('hex'));

  // The second section opens by itself at its 截止; its keys are in the data folder for the demo bidders.
  const keysFolder = join(config.dataDir, 'demo-bid-keys');
  mkdirSync(keysFolder, { recursive: true, mode: 0o700 });
  for (const [i, bidder] of bidders.entries()) {
    writeFileSync(join(keysFolder, `${bidder.username}-二标段.key`), keyFileText(bidKeys[1][i]), { mode: 0o600 });
  }
  logger.log(`demo bids ready: one section opened, one opens at ${formatShanghai(readyDeadline)}; bidder key files in ${keysFolder}`);
  return { seeded: true, openedSectionId: openedId, readySectionId: readyId, readyBidDeadline: readyDeadline.toISOString(), keysFolder };
}
