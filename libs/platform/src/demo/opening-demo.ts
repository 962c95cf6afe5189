import { INestApplicationContext, Logger } from '@nestjs/common';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ClockService, PlatformConfig } from '@app/core';
import { ProjectsService } from '@app/announcements';
import { keyFileText, newKey, OpeningSummary } from '@app/sealing';
import { BidKeysService, BidOpeningService, BidSubmissionService } from '@app/bids';
import type { AnnouncementsDemoOrganisations } from './announcements-demo';
import { demoParties, demoPdf, publishDemoTender, sealed } from './demo-tender';

export interface OpeningDemoResult {
  seeded: boolean;
  /** The section whose decryption window runs from the start of the platform. */
  sectionId?: string;
  decryptionWindowEnd?: string;
  /** The key file of the bidder that has not handed its key over yet. */
  pendingKeyFile?: string;
}

const PROJECT_NAME = '沿河排水管网改造工程（开标控制台演示）';
const DAY = 86_400_000;

const SUMMARIES: OpeningSummary[] = [
  { price: '3215000.00', durationDays: 120, items: [{ name: '项目经理', value: '刘洋' }] },
  { price: '3188600.00', durationDays: 115, items: [{ name: '项目经理', value: '陈晨' }] },
  { price: '3302000.00', durationDays: 125, items: [{ name: '项目经理', value: '杨帆' }] },
  { price: '3240500.00', durationDays: 118, items: [{ name: '项目经理', value: '黄磊' }] },
];

/**
 * Demo of the staff's opening console: a section whose 截止 passed a moment before the start, its opening in the
 * decryption window (R18, the next hour): 甲 and 乙 have handed over their keys (their prices read out), 丙 has
 * raised an objection on the spot that the staff has not answered yet (R19), 丁 has not handed over its key (its
 * key file is in the data folder for the demo bidder-d). After the window the opening closes by itself.
 *
 * Records the past at explicit times (ClockService.runAt) and needs clock control. Runs once.
 */
export async function seedOpeningDemo(app: INestApplicationContext, config: PlatformConfig, orgs: AnnouncementsDemoOrganisations): Promise<OpeningDemoResult> {
  const logger = new Logger('Demo');
  if (await app.get(ProjectsService).exists({ name: PROJECT_NAME })) return { seeded: false };
  const clock = app.get(ClockService);
  if (!clock.controllable) {
    logger.warn('demo opening console needs clock control (CLOCK_CONTROL=true): skipped');
    return { seeded: false };
  }
  const submission = app.get(BidSubmissionService);
  const opening = app.get(BidOpeningService);
  const keys = app.get(BidKeysService);
  const parties = await demoParties(app, orgs);
  const { bidders } = parties;

  const real = clock.now();
  // 截止 a minute before now (to the minute): the opening starts now and its window runs for the next hour
  const deadline = new Date(Math.floor((real.getTime() - 60_000) / 60_000) * 60_000);
  const [sectionId] = await publishDemoTender(app, parties, orgs.tenderer, new Date(real.getTime() - 40 * DAY), {
    name: PROJECT_NAME,
    regionCode: '210106',
    sections: [{ name: '一标段：沿河主干管（开标中）', estimatedPrice: '3400000.00', bidSecurity: '60000.00', bidDeadline: deadline }],
    scope: '沿河主干管改造。',
    documentName: '排水管网改造工程招标文件.pdf',
  });

  const bidKeys: Uint8Array[] = [];
  await clock.runAt(new Date(real.getTime() - 2 * DAY), async () => {
    for (const [i, bidder] of bidders.entries()) {
      const key = newKey();
      bidKeys.push(key);
      const container = await sealed(demoPdf(`${bidder.username ?? ''} 投标文件`), key, SUMMARIES[i]);
      await submission.submit(bidder, sectionId, { body: Readable.from([container]), declaredSize: container.length, securityAmount: '60000.00', securityForm: 'insurance', fileName: '投标文件.pdf.bidseal' });
    }
  });

  await opening.open(sectionId);
  for (let i = 0; i < 2; i++) await keys.handOverKey(bidders[i], sectionId, Buffer.from(bidKeys[i]).toString('hex'));
  await opening.raiseObjection(bidders[2], sectionId, '我公司的投标文件递交时间在回执上显示为北京时间，请确认开标一览表上的时间一致。');
  const folder = join(config.dataDir, 'demo-bid-keys');
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const pendingKeyFile = join(folder, `${bidders[3].username ?? 'bidder-d'}-开标控制台演示.key`);
  writeFileSync(pendingKeyFile, keyFileText(bidKeys[3]), { mode: 0o600 });
  const view = await opening.view(sectionId);
  logger.log(`demo opening console ready: a section in its decryption window until ${view.decryptionWindowEnd ?? ''}; the pending key in ${pendingKeyFile}`);
  return { seeded: true, sectionId, decryptionWindowEnd: view.decryptionWindowEnd ?? undefined, pendingKeyFile };
}
