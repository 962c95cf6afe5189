/**
 * Awards (libs/awards): publishing the result of a section with AWARDS_BENCH_BIDDERS (300) bidders — one change that
 * generates and signs 300 PDF notices, archives them (object store + document rows), writes the notice rows, the
 * audit entry naming every notice with its hash, the section's move, the public result notice and the outbox record.
 *
 * - Per notice: the publication's time / the bidders, as a ratio to generating and signing one PDF alone (pdfkit +
 *   SHA-256 + Ed25519, the same text) measured in the same run before and after (goal: ≤ 1.5).
 * - Memory: the API process's RSS growth while it publishes (the API runs in this process; goal: < 100 MiB).
 *
 *   npm run bench -- awards
 *
 * PostgreSQL: TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test); a database of its own is made
 * and dropped. The object store is the local-disk adapter of the embedded default.
 */
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ClockService } from '@app/core';
import { IdentityService } from '@app/identity';
import { ReceiptSigner } from '@app/bids';
import { AwardsService, renderNoticePdf, SIGNED_DOCUMENT_FORMAT } from '@app/awards';
import { createBidderOrganisations, createOpenedSection } from '../test/support/awards-fixture';
import { startTestApp } from '../test/support/test-app';

const MiB = 1024 * 1024;
const DAY = 86_400_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function run(): Promise<Record<string, number | string>> {
  const n = Number(process.env.AWARDS_BENCH_BIDDERS ?? 300);
  const t = await startTestApp();
  try {
    const ds = t.app.get(DataSource);
    const clock = t.app.get(ClockService);
    const awards = t.app.get(AwardsService);
    const signer = t.app.get(ReceiptSigner);
    const staff = await t.user('staff');
    const actor = await t.app.get(IdentityService).memberActor(staff.organisationId, 'staff');

    const orgs = await createBidderOrganisations(ds, n, '压测投标人');
    const start = clock.now();
    const s = await createOpenedSection(ds, {
      tendererOrgId: staff.organisationId,
      openedAt: new Date(start.getTime() - 3600_000),
      bidders: orgs.map((o, i) => ({ ...o, price: `${(5_000_000 + i * 1234.5).toFixed(2)}` })),
    });
    const report = await awards.upload(actor, s.sectionId, (await import('node:stream')).Readable.from([Buffer.from('%PDF-1.4\n%%EOF\n')]), '评标报告.pdf', 'application/pdf');
    await awards.recordEvaluation(actor, s.sectionId, {
      reportDocumentId: report.documentId,
      committee: ['甲', '乙', '丙', '丁', '戊'],
      candidates: s.bids.slice(0, 3).map((b, i) => ({ bidId: b.bidId, rank: i + 1, score: `${95 - i}.00`, reasons: '综合得分' })),
      unsuccessful: s.bids.slice(3).map((b) => ({ bidId: b.bidId, reason: '综合得分低于中标候选人' })),
    });
    await awards.publishPublicity(actor, s.sectionId, { end: new Date(start.getTime() + 4 * DAY), objectionMethod: '书面异议' });
    await clock.set(new Date(start.getTime() + 5 * DAY));
    await awards.decide(actor, s.sectionId, { rank: 1 });
    const section = await awards.section(s.sectionId);

    // The parts: one notice generated and signed alone (the same text as in the publication).
    const award = { winnerName: orgs[0].name, winnerPrice: s.bids[0].bidPrice!, winnerRank: 1, contractDueAt: new Date(clock.now().getTime() + 30 * DAY) } as never;
    const bid = { bidId: s.bids[5].bidId, bidderOrgId: orgs[5].organisationId, bidderCode: orgs[5].uscc, bidderName: orgs[5].name, opened: true, decryptionError: null, bidPrice: s.bids[5].bidPrice, durationDays: null };
    const one = async () => {
      const started = performance.now();
      const pdf = await renderNoticePdf(awards.noticeText(section, award, bid, 'result', `${section.code}-JG001`, '招标人', '综合得分低于中标候选人', clock.now()));
      const sha256 = createHash('sha256').update(pdf).digest('hex');
      signer.signPayload({ format: SIGNED_DOCUMENT_FORMAT, kind: 'result_notice', sha256, size: pdf.length, keyId: signer.keyId });
      return performance.now() - started;
    };
    for (let i = 0; i < 5; i++) await one(); // warm: the font read and parsed once, the JIT
    const before: number[] = [];
    for (let i = 0; i < 30; i++) before.push(await one());

    // The publication, with the RSS sampled while it runs.
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }, 20);
    const started = performance.now();
    const { notices } = await awards.publishResult(actor, s.sectionId);
    const total = performance.now() - started;
    clearInterval(sampler);
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);

    const after: number[] = [];
    for (let i = 0; i < 30; i++) after.push(await one());
    const parts = median([...before, ...after]);
    const perNotice = total / notices.length;
    const audit = (await ds.query(`SELECT jsonb_array_length(data->'notices') AS c FROM audit_entry WHERE action = 'award.notices' AND entity_id = $1`, [s.sectionId]))[0].c;
    const outbox = (await ds.query(`SELECT count(*)::int AS c FROM outbox WHERE tender_project_code = $1 AND dataset_code = 'GCJS_RESULT_NOTICE'`, [s.projectCode]))[0].c;
    const figures = {
      bidders: n,
      notices: notices.length,
      noticesInAudit: audit,
      outboxRecords: outbox,
      publishSeconds: total / 1000,
      perNoticeMs: perNotice,
      onePdfSignedAloneMs: parts,
      'perNotice/alone (goal ≤ 1.5)': perNotice / parts,
      'apiRssGrowthMiB (goal < 100)': (rssPeak - rssBefore) / MiB,
      pdfBytes: notices[0].size,
    };
    for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(32)} ${typeof v === 'number' ? +v.toFixed(3) : v}`);
    return figures;
  } finally {
    await t.close();
  }
}

if (require.main === module) void run();
