/**
 * The disclosure statistics (libs/platform StatisticsService, GET /api/public/statistics) over a busy year.
 *
 *   npm run bench -- statistics
 *
 * A fresh PostgreSQL database (the test server), the API on loopback; inserted in bulk with SQL (generate_series),
 * spread over 2026 in Beijing time: 10,000 projects with one section each, 100,000 published notices of every
 * type, 1,000,000 tender-document downloads, 50,000 bids (a tenth of them replaced) and 10,000 openings (a fifth
 * failed, 流标). Then:
 *  - through HTTP: the year's statistics (2026-01-01 to 2026-12-31), JSON and CSV: p95 < 300 ms;
 *  - in process, alternating rounds: StatisticsService.report against a plain count(*) of the same period over
 *    the same four tables (no months, no types), the ratio being the cost of the month-by-month figures;
 *  - the plans: every query a report runs is captured and run again under EXPLAIN (ANALYZE, BUFFERS), printed,
 *    and each module's count checked to be an index-only scan.
 * STATISTICS_BENCH_SCALE scales every count (default 1), STATISTICS_BENCH_REQUESTS the requests per measurement
 * (default 60).
 */
import { loadavg } from 'node:os';
import { DataSource } from 'typeorm';
import { StatisticsService } from '../libs/platform/src/statistics/statistics.service';
import { startTestApp } from '../test/support/test-app';
import { httpPercentiles, percentile, timed } from './support/timing';

/** An instant in 2026 (Beijing time) spread by `i` of `n` over the year, as SQL. */
const spread = (i: string, n: number) => `timestamptz '2026-01-01 00:00:00+08' + (${i}::float8 / ${n}) * interval '365 days'`;

async function load(ds: DataSource, scale: number, tenderer: string, bidders: string[]): Promise<void> {
  const projects = Math.round(10_000 * scale);
  const notices = Math.round(100_000 * scale);
  const downloads = Math.round(1_000_000 * scale);
  const bids = Math.round(50_000 * scale);
  const perSection = Math.ceil(bids / projects);
  if (perSection > bidders.length) throw new Error('too few bidders for the bids per section');
  // ids derived from numbers, so that rows can refer to each other without a lookup
  const id = (kind: string, n: string) => `md5('${kind}' || ${n})::uuid`;
  const step = async (what: string, sql: string, params: unknown[] = []) => {
    const started = Date.now();
    await ds.query(sql, params);
    console.log(`  ${what.padEnd(40)} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };
  await step(
    `${projects} projects`,
    `INSERT INTO tender_project (id, code, name, procedure_type, region_code, tenderer_org_id, funding_source, section_count, created_at, updated_at)
     SELECT ${id('p', 'p')}, 'E2104000001-2026-S' || lpad(p::text, 6, '0'), '统计基准项目' || p, CASE WHEN p % 2 = 0 THEN 'construction' ELSE 'government' END,
            '210100', $1, '财政资金', 1, ${spread('p', projects)}, ${spread('p', projects)}
       FROM generate_series(0, ${projects - 1}) p`,
    [tenderer],
  );
  await step(
    `${projects} sections`,
    `INSERT INTO tender_section (id, project_id, code, number, name, estimated_price, bid_security, bid_deadline, opening_time, documents_issued_at, status, created_at, updated_at)
     SELECT ${id('s', 'p')}, ${id('p', 'p')}, 'E2104000001-2026-S' || lpad(p::text, 6, '0') || '-001', 1, '第1标段', 1000000, 20000,
            ${spread('p', projects)} + interval '25 days', ${spread('p', projects)} + interval '25 days', ${spread('p', projects)},
            CASE WHEN p % 5 = 0 THEN 'failed' ELSE 'opened' END, ${spread('p', projects)}, ${spread('p', projects)}
       FROM generate_series(0, ${projects - 1}) p`,
  );
  // per project: a tender notice first, then the other types (supplements and terminations name the tender notice)
  const types = ['tender', 'supplement', 'consultation', 'supplement', 'candidate_publicity', 'result', 'supplement', 'termination', 'supplement', 'result'];
  await step(
    `${notices} notices`,
    `INSERT INTO notice (id, code, project_id, type, status, title, content, related_notice_id, first_notice_id, published_at, procedure_type, region_code, project_name, created_at, updated_at)
     SELECT ${id('n', 'n')}, 'E2104000001-2026-S' || lpad((n % ${projects})::text, 6, '0') || '-N' || lpad((n / ${projects})::text, 3, '0'),
            ${id('p', `(n % ${projects})`)}, ($1::text[])[(n / ${projects}) % 10 + 1], 'published', '统计基准公告' || n, '正文',
            CASE WHEN ($1::text[])[(n / ${projects}) % 10 + 1] IN ('supplement', 'termination') THEN ${id('n', `(n % ${projects})`)} END,
            ${id('n', `(n % ${projects})`)}, ${spread('n', notices)}, 'construction', '210100', '统计基准项目', ${spread('n', notices)}, ${spread('n', notices)}
       FROM generate_series(0, ${notices - 1}) n ORDER BY n / ${projects}`,
    [types],
  );
  await step(
    `${projects + bids} documents`,
    `INSERT INTO document (id, object_key, purpose, original_name, content_type, size, sha256, created_at)
     SELECT ${id('d', 'd')}, 'bench/statistics/' || d, CASE WHEN d < ${projects} THEN 'tender-document' ELSE 'bid' END, 'file.pdf', 'application/pdf', 1000,
            md5('d' || d) || md5('e' || d), now()
       FROM generate_series(0, ${projects + bids - 1}) d`,
  );
  await step(
    `${downloads} downloads`,
    `INSERT INTO document_download (id, project_id, notice_id, document_id, organisation_id, account_id, role, ip, user_agent, at)
     SELECT ${id('dl', 'i')}, ${id('p', `(i % ${projects})`)}, ${id('n', `(i % ${projects})`)}, ${id('d', `(i % ${projects})`)},
            ($1::uuid[])[i % ${bidders.length} + 1], ${id('a', `(i % ${bidders.length})`)}, 'bidder', '127.0.0.1', 'bench', ${spread('i', downloads)}
       FROM generate_series(0, ${downloads - 1}) i`,
    [bidders],
  );
  // bid i: section i / perSection, bidder i % perSection; every tenth an earlier version replaced by a later one
  await step(
    `${bids} bids`,
    `INSERT INTO bid (id, section_id, bidder_org_id, bidder_code, bidder_name, version, status, receipt_number, received_at, document_id, sha256, size,
                      key_fingerprint, chunk_size, security_amount, security_form, receipt_payload, receipt_signature, receipt_key_id, submitted_by)
     SELECT ${id('b', 'i')}, ${id('s', `(i / ${perSection})`)}, ($1::uuid[])[i % ${perSection} + 1], '91210100MA0000000X', '基准投标人',
            CASE WHEN i % 10 = 9 THEN 2 ELSE 1 END, CASE WHEN i % 10 = 9 THEN 'received' ELSE 'decrypted' END,
            'R-BENCH-' || i, ${spread('i', bids)}, ${id('d', `(${projects} + i)`)}, md5('b' || i) || md5('c' || i), 1000,
            md5('k' || i) || md5('l' || i), 65536, 20000, 'insurance', '{}', 'x', repeat('0', 64), ${id('a', '0')}
       FROM generate_series(0, ${bids - 1}) i`,
    [bidders],
  );
  await step(
    'replaced versions of a tenth of the bids',
    `UPDATE bid SET version = 1, status = 'replaced' WHERE version = 2 AND bidder_org_id = $1`,
    [bidders[bidders.length - 1]],
  );
  await step(
    `${projects} openings`,
    `INSERT INTO bid_opening (section_id, status, bid_open_time, started_at, bid_count, decryption_window_end, failure_reason, closed_at, close_reason, record_text, record_sha256, published_at)
     SELECT ${id('s', 'p')}, CASE WHEN p % 5 = 0 THEN 'failed' ELSE 'closed' END, ${spread('p', projects)} + interval '25 days', ${spread('p', projects)} + interval '25 days',
            ${perSection}, NULL, CASE WHEN p % 5 = 0 THEN 'R17_TOO_FEW_BIDS' END, ${spread('p', projects)} + interval '25 days', 'all_settled', '{}', repeat('0', 64),
            ${spread('p', projects)} + interval '25 days'
       FROM generate_series(0, ${projects - 1}) p`,
  );
  for (const table of ['tender_project', 'tender_section', 'notice', 'document', 'document_download', 'bid', 'bid_opening']) await ds.query(`VACUUM ANALYZE ${table}`);
}

/** Runs `fn` and returns every query it sent through the DataSource, with its parameters. */
async function captured(ds: DataSource, fn: () => Promise<unknown>): Promise<{ sql: string; params: unknown[] }[]> {
  const seen: { sql: string; params: unknown[] }[] = [];
  const original = ds.query.bind(ds);
  ds.query = ((sql: string, params?: unknown[]) => {
    // only what the statistics send (a background job may query meanwhile)
    if (/WITH ORDINALITY AS m|complaint_case/.test(sql)) seen.push({ sql, params: params ?? [] });
    return original(sql, params);
  }) as typeof ds.query;
  try {
    await fn();
  } finally {
    ds.query = original;
  }
  return seen;
}

export async function run(): Promise<Record<string, number | string>> {
  const scale = Number(process.env.STATISTICS_BENCH_SCALE ?? 1);
  const requests = Number(process.env.STATISTICS_BENCH_REQUESTS ?? 60);
  const t = await startTestApp();
  try {
    const ds = t.app.get(DataSource);
    const tenderer = (await t.user('staff')).organisationId;
    const bidders: string[] = [];
    for (let i = 0; i < 5; i++) bidders.push((await t.user('bidder')).organisationId);
    const loaded = Date.now();
    await load(ds, scale, tenderer, bidders);
    console.log(`loaded in ${((Date.now() - loaded) / 1000).toFixed(1)} s`);

    const year = 'from=2026-01-01&to=2026-12-31';
    const stats = t.app.get(StatisticsService);
    const report = await stats.report({ from: '2026-01-01', to: '2026-12-31' });
    console.log(
      `the year: ${report.notices.all.total} notices, ${report.documentsDownloaded.total} downloads, ${report.bidsReceived.total} bids ` +
        `(${report.bidsStanding.total} standing), ${report.sectionsOpened.total} sections opened, ${report.sectionsFailed.total} failed`,
    );

    // the plans of every query a year's report runs, printed; and how each module's count reads its table, for
    // the year (nearly every row: the planner may rightly prefer a plain scan of a small table) and for one month
    const counted = ['notice', 'document_download', 'bid', 'bid_opening'];
    const plans = async (from: string, to: string, print: boolean): Promise<number> => {
      let indexOnly = 0;
      for (const q of await captured(ds, () => stats.report({ from, to }))) {
        const plan = ((await ds.query(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, q.params)) as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']).join('\n');
        const table = /FROM (\w+)(?: c)? WHERE/.exec(q.sql)?.[1] ?? '?';
        if (print) console.log(`\n--- ${table}: ${q.sql.replace(/\s+/g, ' ').slice(0, 160)}\n${plan}`);
        if (!counted.includes(table)) continue;
        const scan = /(Index Only Scan|Index Scan|Bitmap Heap Scan|Seq Scan)[^(]*/.exec(plan)?.[0].trim() ?? '?';
        console.log(`${from}..${to} ${table.padEnd(18)} ${scan}`);
        if (/^Index Only Scan/.test(scan) && !/Seq Scan/.test(plan)) indexOnly += 1;
      }
      return indexOnly;
    };
    const indexOnlyYear = await plans('2026-01-01', '2026-12-31', true);
    const indexOnlyMonth = await plans('2026-06-01', '2026-06-30', false);
    console.log('');

    const json = await httpPercentiles(t, `/api/public/statistics?${year}`, requests, 5);
    const csv = await httpPercentiles(t, `/api/public/statistics.csv?${year}`, requests, 5);

    // the report against a plain count of the same period over the same tables, alternating rounds
    const from = new Date('2026-01-01T00:00:00+08:00');
    const to = new Date('2027-01-01T00:00:00+08:00');
    const plain = () =>
      ds.query(
        `SELECT (SELECT count(*) FROM notice WHERE published_at >= $1 AND published_at < $2) AS notices,
                (SELECT count(*) FROM document_download WHERE at >= $1 AND at < $2) AS downloads,
                (SELECT count(*) FROM bid WHERE received_at >= $1 AND received_at < $2) AS bids,
                (SELECT count(*) FROM bid_opening WHERE bid_open_time >= $1 AND bid_open_time < $2) AS openings`,
        [from, to],
      );
    const full: number[] = [];
    const bare: number[] = [];
    for (let round = 0; round < 10; round++) {
      full.push(...(await timed(Math.ceil(requests / 20), () => stats.report({ from: '2026-01-01', to: '2026-12-31' }))));
      bare.push(...(await timed(Math.ceil(requests / 20), plain)));
    }
    full.sort((a, b) => a - b);
    bare.sort((a, b) => a - b);
    const figures = {
      scale,
      'load average (1 min) at the end': loadavg()[0],
      'statistics year JSON p95 ms (goal < 300)': json.p95,
      'statistics year JSON p50 ms': json.p50,
      'statistics year CSV p95 ms (goal < 300)': csv.p95,
      'report p50 / plain counts p50 (in process)': percentile(full, 50) / percentile(bare, 50),
      'report p95 / plain counts p95 (in process)': percentile(full, 95) / percentile(bare, 95),
      'plain counts p50 ms (in process)': percentile(bare, 50),
      'module counts as index-only scans, a year (of 4)': indexOnlyYear,
      'module counts as index-only scans, a month (of 4)': indexOnlyMonth,
    };
    for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(60)} ${+Number(v).toFixed(3)}`);
    return figures;
  } finally {
    await t.close();
  }
}

if (require.main === module) void run();
