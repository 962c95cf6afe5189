import { INestApplicationContext } from '@nestjs/common';
import { Readable } from 'node:stream';
import { IdentityService } from '@app/identity';
import { Actor, atLocalTime, CalendarService, ClockService, earliestAllowed, formatShanghai } from '@app/core';
import { CreateProjectDto, NoticesService, ProjectsService, TenderDocumentsService } from '@app/announcements';
import { OpeningSummary, seal } from '@app/sealing';
import type { AnnouncementsDemoOrganisations } from './announcements-demo';

/** A small stand-in for a PDF (a real tender document or bid is a PDF or OFD of any size). */
export function demoPdf(title: string): Buffer {
  return Buffer.from(`%PDF-1.4\n% ${title}（演示）\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`, 'utf8');
}

/** A bid file sealed with its key and opening summary (libs/sealing), in memory. */
export async function sealed(file: Buffer, key: Uint8Array, summary: OpeningSummary): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of seal(file, key, summary, { fileName: '投标文件.pdf' })) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

/** The agency's staff member and the four demo bidders, as the seeds act for them. */
export async function demoParties(app: INestApplicationContext, orgs: AnnouncementsDemoOrganisations): Promise<{ agency: Actor; bidders: Actor[] }> {
  const identity = app.get(IdentityService);
  const agency = await identity.memberActor(orgs.agency, 'staff');
  const bidders = await Promise.all([orgs.bidderA, orgs.bidderB, orgs.bidderC, orgs.bidderD].map((o) => identity.memberActor(o, 'bidder')));
  return { agency, bidders };
}

/**
 * At `at` (ClockService.runAt): the agency registers a construction project for the demo tenderer, publishes its
 * tender notice with the tender documents (available for 10 working days) and every bidder downloads them.
 * Answers the sections' ids.
 */
export async function publishDemoTender(
  app: INestApplicationContext,
  parties: { agency: Actor; bidders: Actor[] },
  tendererOrgId: string,
  at: Date,
  input: { name: string; regionCode: string; sections: { name: string; estimatedPrice: string; bidSecurity: string; bidDeadline: Date }[]; scope: string; documentName: string },
): Promise<string[]> {
  const clock = app.get(ClockService);
  const cal = app.get(CalendarService).calendar;
  const notices = app.get(NoticesService);
  const { agency, bidders } = parties;
  return clock.runAt(at, async () => {
    const t0 = clock.now();
    const project = await app.get(ProjectsService).create(agency, {
      name: input.name,
      procedureType: 'construction',
      regionCode: input.regionCode,
      fundingSource: '财政资金',
      tendererOrgId,
      sections: input.sections.map((s) => ({ ...s, bidDeadline: formatShanghai(s.bidDeadline) })),
    } as CreateProjectDto);
    const ids = project.sections.map((s) => s.id);
    const draft = await notices.createDraft(agency, {
      projectId: project.id,
      type: 'tender',
      title: `${input.name}施工招标公告`,
      content: `一、招标条件\n本项目已批准建设，资金来源为财政资金，现进行公开招标。\n二、招标范围\n${input.scope}`,
      sectionIds: ids,
      documentsUntil: formatShanghai(atLocalTime(earliestAllowed(t0, 10, 'workingDays', cal).date, 17)),
    });
    const file = demoPdf('招标文件');
    await notices.attach(agency, draft.id, { kind: 'tender-document', name: input.documentName, stream: Readable.from([file]), declaredSize: file.length });
    const notice = await notices.publish(agency, draft.id);
    const documentId = notice.attachments.find((a) => a.kind === 'tender-document')!.documentId;
    const downloads = app.get(TenderDocumentsService);
    for (const bidder of bidders) (await downloads.download(bidder, notice.id, documentId, 'demo-seed')).stream.resume();
    return ids;
  });
}
