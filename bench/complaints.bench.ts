/**
 * The public case status board (办件状态) and the reply statistics at 10,000 cases (libs/complaints).
 *
 *   npm run bench -- complaints
 *
 * A fresh PostgreSQL database (the test server), the API on loopback, 10,000 cases of a year inserted in bulk with
 * SQL (a third open, a tenth of those with a stopped clock; five departments; both kinds and procedures). Then:
 *  - through HTTP: the first page of the board and a filtered page (open cases of one department), remaining
 *    working days computed live on the official calendar: p95 < 50 ms each;
 *  - in process, alternating rounds: the same board query with and without the working-day computation, the
 *    ratio being the cost of computing 剩余时间 live (goal ≤ 1.5×);
 *  - through HTTP: the year's reply statistics over all 10,000 cases: p95 < 200 ms.
 * COMPLAINTS_BENCH_CASES sets the count (default 10000), COMPLAINTS_BENCH_REQUESTS the requests per measurement
 * (default 200).
 */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CasesService } from '../libs/complaints/src/cases/cases.service';
import { startTestApp } from '../test/support/test-app';
import { httpPercentiles, percentile, timed } from './support/timing';
import { seededRandom } from '../test/support/random';

async function insertCases(ds: DataSource, count: number, departments: string[]): Promise<void> {
  const r = seededRandom(20261207);
  const start = Date.parse('2026-01-01T00:00:00+08:00');
  const span = Date.parse('2026-12-07T00:00:00+08:00') - start;
  const DAY = 86_400_000;
  const batch = 2000;
  for (let offset = 0; offset < count; offset += batch) {
    const c: Record<string, unknown[]> = { id: [], num: [], kind: [], proc: [], dep: [], filed: [], promised: [], rule: [], status: [], closed: [], late: [], summary: [] };
    const pauses: { caseId: string; from: string; to: string | null }[] = [];
    for (let i = offset; i < Math.min(count, offset + batch); i++) {
      const id = randomUUID();
      const kind = r() < 0.6 ? 'objection' : 'complaint';
      const proc = r() < 0.5 ? 'construction' : 'government';
      const open = i % 3 === 0;
      // open cases are recent (their limits still running or just past); closed ones anywhere in the year
      const filed = open ? Date.parse('2026-12-07T00:00:00+08:00') - Math.floor(r() * 40 * DAY) : start + Math.floor(r() * span);
      const promised = filed + (kind === 'objection' ? 10 : 45) * DAY;
      const status = open ? (kind === 'objection' ? 'accepted' : r() < 0.5 ? 'submitted' : 'accepted') : kind === 'objection' ? 'answered' : r() < 0.2 ? 'rejected' : 'decided';
      const closed = open ? null : filed + Math.floor(r() * 50 * DAY);
      c.id.push(id);
      c.num.push(`${kind === 'objection' ? 'YY' : 'TS'}-2026-B${String(i).padStart(6, '0')}`);
      c.kind.push(kind);
      c.proc.push(proc);
      c.dep.push(departments[i % departments.length]);
      c.filed.push(new Date(filed).toISOString());
      c.promised.push(new Date(promised).toISOString());
      c.rule.push(kind === 'objection' ? 'R29' : status === 'submitted' ? 'R31' : 'R32');
      c.status.push(status);
      c.closed.push(closed ? new Date(closed).toISOString() : null);
      c.late.push(closed ? closed > promised : null);
      c.summary.push(closed ? '答复完毕' : null);
      if (open && r() < 0.1) pauses.push({ caseId: id, from: new Date(filed + 2 * DAY).toISOString(), to: r() < 0.5 ? null : new Date(filed + 6 * DAY).toISOString() });
    }
    await ds.query(
      `INSERT INTO complaint_case (id, case_number, kind, procedure_type, subject, section_id, section_code, project_code, project_name,
                                   tenderer_org_id, complainant_org_id, complainant_org_name, contact_name, contact_phone,
                                   department_org_id, department_name, content, filed_at, accepted_at, promised_by, promise_rule, status,
                                   result_summary, closed_at, closed_late)
       SELECT id, num, kind, proc, 'other', gen_random_uuid(), 'E2104000001-2026-B0001-001', 'E2104000001-2026-B0001', '基准项目',
              gen_random_uuid(), gen_random_uuid(), '基准投标人', '联系人', '13800000000',
              dep, '基准监督部门 ' || right(dep::text, 4), '基准内容', filed, filed, promised, rule, status, summary, closed, late
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::timestamptz[], $7::timestamptz[], $8::text[], $9::text[],
                     $10::timestamptz[], $11::boolean[], $12::text[])
              AS u(id, num, kind, proc, dep, filed, promised, rule, status, closed, late, summary)`,
      [c.id, c.num, c.kind, c.proc, c.dep, c.filed, c.promised, c.rule, c.status, c.closed, c.late, c.summary],
    );
    if (pauses.length) {
      await ds.query(
        `INSERT INTO complaint_pause (case_id, kind, reason, from_at, to_at)
         SELECT id, 'inspection', '专家评审', f, t FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[]) AS u(id, f, t)`,
        [pauses.map((p) => p.caseId), pauses.map((p) => p.from), pauses.map((p) => p.to)],
      );
    }
  }
  await ds.query('VACUUM ANALYZE complaint_case');
  await ds.query('VACUUM ANALYZE complaint_pause');
}

export async function run(): Promise<Record<string, number | string>> {
  const count = Number(process.env.COMPLAINTS_BENCH_CASES ?? 10_000);
  const requests = Number(process.env.COMPLAINTS_BENCH_REQUESTS ?? 200);
  const t = await startTestApp();
  try {
    const ds = t.app.get(DataSource);
    const departments = Array.from({ length: 5 }, () => randomUUID());
    const loaded = Date.now();
    await insertCases(ds, count, departments);
    console.log(`${count} cases inserted in ${((Date.now() - loaded) / 1000).toFixed(1)} s`);

    const first = await httpPercentiles(t, '/api/public/cases', requests);
    const filteredPath = `/api/public/cases?status=open&departmentOrgId=${departments[0]}`;
    const filtered = await httpPercentiles(t, filteredPath, requests);
    const stats = await httpPercentiles(t, '/api/public/case-statistics?from=2026-01-01T00:00:00%2B08:00&to=2027-01-01T00:00:00%2B08:00', Math.min(requests, 100));

    // the cost of 剩余时间 alone: the same service call with and without it, alternating rounds
    const cases = t.app.get(CasesService);
    const q = { status: 'open', departmentOrgId: departments[0] };
    for (let i = 0; i < 30; i++) {
      await cases.board(q, true);
      await cases.board(q, false);
    }
    const live: number[] = [];
    const plain: number[] = [];
    for (let round = 0; round < 10; round++) {
      live.push(...(await timed(Math.ceil(requests / 10), () => cases.board(q, true))));
      plain.push(...(await timed(Math.ceil(requests / 10), () => cases.board(q, false))));
    }
    live.sort((a, b) => a - b);
    plain.sort((a, b) => a - b);

    // the statistics against the plain counts of the same cases (no working days, no overdue judgement), alternating
    const from = new Date('2026-01-01T00:00:00+08:00');
    const to = new Date('2027-01-01T00:00:00+08:00');
    const counts = () =>
      ds.query(
        `SELECT department_org_id, count(*)::int, count(closed_at)::int, count(*) FILTER (WHERE NOT closed_late)::int
           FROM complaint_case WHERE filed_at >= $1 AND filed_at < $2 GROUP BY department_org_id`,
        [from, to],
      );
    const full: number[] = [];
    const bare: number[] = [];
    for (let round = 0; round < 10; round++) {
      full.push(...(await timed(5, () => cases.statistics({ from, to }))));
      bare.push(...(await timed(5, counts)));
    }
    full.sort((a, b) => a - b);
    bare.sort((a, b) => a - b);
    const figures = {
      cases: count,
      'board first page p95 ms (goal < 50)': first.p95,
      'board first page p50 ms': first.p50,
      'board filtered page p95 ms (goal < 50)': filtered.p95,
      'board live p95 / without working days p95 (goal <= 1.5)': percentile(live, 95) / percentile(plain, 95),
      'board live p50 / without working days p50': percentile(live, 50) / percentile(plain, 50),
      'board without working days p95 ms (in process)': percentile(plain, 95),
      'statistics year p95 ms (goal < 200)': stats.p95,
      'statistics year p50 ms': stats.p50,
      'statistics p50 / plain counts p50 (in process)': percentile(full, 50) / percentile(bare, 50),
      'statistics plain counts p50 ms (in process)': percentile(bare, 50),
    };
    for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(60)} ${+Number(v).toFixed(3)}`);
    return figures;
  } finally {
    await t.close();
  }
}

if (require.main === module) void run();
