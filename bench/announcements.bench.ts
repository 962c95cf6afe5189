/**
 * Public notice reading at 100,000 notices (libs/announcements).
 *
 *   npx ts-node --transpile-only -r tsconfig-paths/register bench/announcements.bench.ts
 *
 * A fresh PostgreSQL database (the test server, name saying test), the API listening on loopback, 100,000
 * published notices inserted in bulk with SQL (titles and texts built from a vocabulary of project words, the
 * search vector made by the application's own bigram tokenizer). Then, through HTTP, sequentially:
 *  - keyword search (GET /public/notices?q=…) for several Chinese keywords of different frequency: p95 < 50 ms;
 *  - the newest page (GET /public/notices): p95 < 10 ms;
 * and EXPLAIN ANALYZE of the exact SQL the API runs, to show the indexes in use.
 * ANNOUNCEMENTS_BENCH_NOTICES sets the count (default 100000), ANNOUNCEMENTS_BENCH_REQUESTS the requests per
 * measurement (default 200).
 */
import { DataSource } from 'typeorm';
import { indexTokens } from '../libs/announcements/src/search/bigram-search';
import { PublicNoticesService, SEARCH_WINDOW } from '../libs/announcements/src/public/public-notices.service';
import { startTestApp, TestApp } from '../test/support/test-app';

const DISTRICTS = ['和平区', '沈河区', '大东区', '皇姑区', '铁西区', '苏家屯区', '浑南区', '沈北新区', '于洪区', '辽中区', '康平县', '法库县', '新民市'];
const PLACES = ['滨河路', '青年大街', '北陵公园', '长白岛', '中街', '五里河', '东陵路', '望花街道', '桃仙镇', '满融经济区', '沈抚新区', '南塔街'];
const OBJECTS = [
  '道路改造工程',
  '桥梁维修加固工程',
  '老旧小区改造工程',
  '雨污分流管网工程',
  '学校教学楼新建工程',
  '医院门诊楼装修工程',
  '公园绿化提升工程',
  '供热管网更新工程',
  '智慧停车系统',
  '政务云平台',
  '食堂设备',
  '办公家具',
  '消防设施维保',
  '路灯节能改造工程',
  '垃圾转运站建设工程',
];
const SERVICES = ['施工', '监理服务', '勘察设计', '设备采购', '运维服务', '造价咨询', '全过程咨询', '信息化建设', '物业服务'];
const KINDS: { type: string; suffix: string; weight: number }[] = [
  { type: 'tender', suffix: '招标公告', weight: 70 },
  { type: 'supplement', suffix: '变更公告', weight: 15 },
  { type: 'consultation', suffix: '征求意见公告', weight: 10 },
  { type: 'termination', suffix: '终止公告', weight: 5 },
];
const SENTENCES = [
  '本招标项目已由发展和改革委员会批准建设，项目业主为{t}，建设资金来自财政资金，项目出资比例为百分之百。',
  '招标范围：{o}的{s}，具体以招标文件和工程量清单为准。',
  '投标人须具备独立法人资格，具有相应资质，并在人员、设备、资金等方面具有相应的能力。',
  '本次招标不接受联合体投标。投标人须在本平台下载招标文件，无需另行报名。',
  '投标文件递交的截止时间为开标时间，投标人应在截止时间前通过本平台递交电子投标文件。',
  '逾期送达的投标文件，电子招标投标交易平台将予以拒收。',
  '本次招标公告同时在中国招标投标公共服务平台和省公共资源交易平台发布。',
  '项目所在地：{d}{p}。计划工期：三百六十五日历天。质量要求：合格。',
  '监督部门：市住房和城乡建设局。联系人及联系方式详见招标文件。',
];

/** A deterministic pseudo-random sequence, so that every run builds the same data. */
function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function measure(t: TestApp, path: string, requests: number): Promise<{ p50: number; p95: number; max: number; items: number }> {
  let items = 0;
  for (let i = 0; i < 20; i++) await (await t.fetch(path)).arrayBuffer(); // warm up connections, plans, caches
  const times: number[] = [];
  for (let i = 0; i < requests; i++) {
    const started = process.hrtime.bigint();
    const r = await t.fetch(path);
    const body = (await r.json()) as { items: unknown[] };
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (r.status !== 200) throw new Error(`${path}: ${r.status}`);
    items = body.items.length;
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), max: times[times.length - 1], items };
}

interface BenchProject {
  id: string;
  code: string;
  procedure: string;
  region: string;
  /** A tender notice of the project that supplements and terminations name. */
  root?: string;
}

async function insertNotices(ds: DataSource, count: number, projects: BenchProject[]): Promise<void> {
  for (const project of projects) {
    const [{ id }] = (await ds.query(
      `INSERT INTO notice (id, code, project_id, type, status, title, content, published_at, procedure_type, region_code, project_name,
                           search_vector, created_at, updated_at)
       VALUES (gen_random_uuid(), $1, $2, 'tender', 'published', '基准项目招标公告', '基准项目', '2024-01-01T00:00:00+08:00', $3, $4, '基准项目',
               array_to_tsvector($5::text[]), now(), now())
       RETURNING id`,
      [`${project.code}-N000`, project.id, project.procedure, project.region, indexTokens('基准项目招标公告')],
    )) as { id: string }[];
    project.root = id;
  }
  const r = rng(20261125);
  const start = Date.parse('2024-01-01T00:00:00+08:00');
  const span = Date.parse('2026-11-25T00:00:00+08:00') - start;
  const batch = 5000;
  for (let offset = 0; offset < count; offset += batch) {
    const cols: Record<string, unknown[]> = {
      code: [],
      project: [],
      type: [],
      status: [],
      title: [],
      content: [],
      published: [],
      procedure: [],
      region: [],
      projectName: [],
      tokens: [],
      related: [],
    };
    for (let i = offset; i < Math.min(count, offset + batch); i++) {
      const project = projects[i % projects.length];
      const d = pick(r, DISTRICTS);
      const p = pick(r, PLACES);
      const o = pick(r, OBJECTS);
      const s = pick(r, SERVICES);
      let roll = r() * 100;
      const kind = KINDS.find((k) => (roll -= k.weight) < 0) ?? KINDS[0];
      const projectName = `${d}${p}${o}${s}`;
      const title = `${projectName}${kind.suffix}`;
      const content = Array.from({ length: 4 + Math.floor(r() * 5) }, () =>
        pick(r, SENTENCES).replace('{t}', `${d}城市建设投资有限公司`).replace('{o}', `${p}${o}`).replace('{s}', s).replace('{d}', d).replace('{p}', p),
      ).join('\n');
      const code = `${project.code}-N${String(i).padStart(6, '0')}`;
      cols.code.push(code);
      cols.project.push(project.id);
      cols.type.push(kind.type);
      cols.status.push(r() < 0.9 ? 'published' : 'superseded');
      cols.title.push(title);
      cols.content.push(content);
      cols.published.push(new Date(start + Math.floor(r() * span)).toISOString());
      cols.procedure.push(project.procedure);
      cols.region.push(project.region);
      cols.projectName.push(projectName);
      cols.tokens.push(indexTokens(title, projectName, content, code).join(' '));
      cols.related.push(kind.type === 'supplement' || kind.type === 'termination' ? project.root : null);
    }
    await ds.query(
      `INSERT INTO notice (id, code, project_id, type, change_kind, status, title, content, related_notice_id, first_notice_id,
                           published_at, procedure_type, region_code, project_name, search_vector, created_at, updated_at)
       SELECT gen_random_uuid(), code, project, type, CASE WHEN type = 'supplement' THEN 'change' END, status, title, content,
              related, NULL, published, procedure, region, pname, array_to_tsvector(string_to_array(tokens, ' ')), published, published
         FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::text[], $9::text[], $10::text[],
                     $11::text[], $12::uuid[])
              AS u(code, project, type, status, title, content, published, procedure, region, pname, tokens, related)`,
      [
        cols.code,
        cols.project,
        cols.type,
        cols.status,
        cols.title,
        cols.content,
        cols.published,
        cols.procedure,
        cols.region,
        cols.projectName,
        cols.tokens,
        cols.related,
      ],
    );
  }
  await ds.query('VACUUM ANALYZE notice');
}

export async function run(): Promise<Record<string, number | string>> {
  const count = Number(process.env.ANNOUNCEMENTS_BENCH_NOTICES ?? 100_000);
  const requests = Number(process.env.ANNOUNCEMENTS_BENCH_REQUESTS ?? 200);
  const t = await startTestApp();
  try {
    const ds = t.app.get(DataSource);
    // A few real projects through the API (the notices refer to them), then the notices in bulk.
    const staff = await t.token(await t.user('staff'));
    const projects: BenchProject[] = [];
    const regions = ['210102', '210103', '210104', '210105', '210106', '210111', '210112', '210113', '210114', '210115'];
    for (let i = 0; i < 20; i++) {
      const procedure = i % 3 === 0 ? 'government' : 'construction';
      const r = await t.fetch('/api/projects', {
        method: 'POST',
        token: staff,
        json: {
          name: `基准项目 ${i + 1}`,
          procedureType: procedure,
          regionCode: regions[i % regions.length],
          fundingSource: '财政资金',
          sections: [{ name: '一标段', estimatedPrice: '1000000.00', bidSecurity: '20000.00', bidDeadline: '2027-06-30T09:30:00+08:00' }],
        },
      });
      if (r.status !== 201) throw new Error(`project: ${r.status} ${await r.text()}`);
      const p = (await r.json()) as { id: string; code: string };
      projects.push({ id: p.id, code: p.code, procedure, region: regions[i % regions.length] });
    }
    const insertStarted = Date.now();
    await insertNotices(ds, count, projects);
    const insertSeconds = (Date.now() - insertStarted) / 1000;
    const [{ n }] = (await ds.query(`SELECT count(*)::int AS n FROM notice WHERE status <> 'draft'`)) as { n: number }[];
    console.log(`${n} notices inserted and analysed in ${insertSeconds.toFixed(1)} s`);

    const keywords = process.env.ANNOUNCEMENTS_BENCH_KEYWORDS?.split(',') ?? ['监理', '桥梁', '食堂设备', '道路工程', '信息化', '沈北', '终止', '长白岛医院'];
    const figures: Record<string, number | string> = { notices: n, requestsPerMeasurement: requests };
    let worstSearchP95 = 0;
    for (const kw of keywords) {
      const [{ matches }] = (await ds.query(
        `SELECT count(*)::int AS matches FROM notice WHERE status <> 'draft' AND (title LIKE $1 OR project_name LIKE $1 OR content LIKE $1)`,
        [`%${kw}%`],
      )) as { matches: number }[];
      const m = await measure(t, `/api/public/notices?q=${encodeURIComponent(kw)}`, requests);
      console.log(`search ${kw.padEnd(6, '　')} matches ${String(matches).padStart(6)}  p50 ${m.p50.toFixed(2)} ms  p95 ${m.p95.toFixed(2)} ms  max ${m.max.toFixed(2)} ms`);
      figures[`searchP95Ms_${kw}`] = Number(m.p95.toFixed(2));
      figures[`searchMatches_${kw}`] = matches;
      worstSearchP95 = Math.max(worstSearchP95, m.p95);
    }
    const filtered = await measure(t, `/api/public/notices?q=${encodeURIComponent('监理')}&procedure=construction&region=210100`, requests);
    console.log(`search 监理 + procedure + region  p50 ${filtered.p50.toFixed(2)} ms  p95 ${filtered.p95.toFixed(2)} ms`);
    const newest = await measure(t, '/api/public/notices', requests);
    console.log(`newest page  p50 ${newest.p50.toFixed(2)} ms  p95 ${newest.p95.toFixed(2)} ms  max ${newest.max.toFixed(2)} ms  (${newest.items} items)`);

    // the plans of exactly what the API runs
    const service = t.app.get(PublicNoticesService);
    const explain = async (label: string, sql: string, params: unknown[]) => {
      const plan = (await ds.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params)) as { 'QUERY PLAN': string }[];
      console.log(`\n--- EXPLAIN ANALYZE: ${label}\n${plan.map((l) => l['QUERY PLAN']).join('\n')}`);
    };
    await explain('newest page', service.listQuery({}).sql, service.listQuery({}).params);
    for (const [label, q] of [
      ['监理 (2 characters: one bigram, frequent)', '监理'],
      ['食堂设备 (4 characters: bigrams ANDed and an ILIKE recheck, frequent)', '食堂设备'],
      ['长白岛医院 (5 characters, rare)', '长白岛医院'],
    ] as const) {
      const query = service.listQuery({ q });
      await explain(`keyword ${label}, step 1: the newest ${SEARCH_WINDOW} notices`, query.windowSql!, query.windowParams);
      await explain(`keyword ${label}, step 2 (run when step 1 does not fill the page): every match from the bigram index`, query.sql, query.params);
    }

    Object.assign(figures, {
      insertSeconds: Number(insertSeconds.toFixed(1)),
      searchP95WorstMs: Number(worstSearchP95.toFixed(2)),
      searchP95TargetMs: 50,
      searchWithFiltersP95Ms: Number(filtered.p95.toFixed(2)),
      newestPageP50Ms: Number(newest.p50.toFixed(2)),
      newestPageP95Ms: Number(newest.p95.toFixed(2)),
      newestPageP95TargetMs: 10,
      verdict: worstSearchP95 < 50 && newest.p95 < 10 ? 'pass' : 'FAIL',
    });
    return figures;
  } finally {
    if (process.env.ANNOUNCEMENTS_BENCH_KEEP_DB) {
      console.log(`kept the database: ${(t.config.database as { url: string }).url}`);
      await t.app.close();
    } else {
      await t.close();
    }
  }
}

if (require.main === module) {
  run()
    .then((figures) => {
      console.log(figures);
      process.exit(figures.verdict === 'pass' ? 0 : 1);
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
