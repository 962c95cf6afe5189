/**
 * Public notice search at 10,000, 100,000 and 300,000 notices (libs/announcements, docs/search.md).
 *
 *   npm run bench -- announcements
 *
 * A fresh PostgreSQL database (the test server, name saying test), the API listening on loopback, notices
 * inserted in bulk with SQL (titles and texts built from a vocabulary of project words, the search text and
 * vector made by the application's own code), the GIN index rebuilt after each load. At each size, through HTTP:
 *  - keywords drawn (seeded) from the notices' own texts: substrings of 2–6 characters, and 1 character;
 *  - common procurement phrases;
 *  - no-match keywords made of very common words side by side, and the worst kind for the index: chains of
 *    trigrams that each occur in the notices while the whole never does (found by walking the trigrams);
 *  - Latin letters and digits (parts of notice codes), and 20-character keywords;
 *  - the same keywords with filters (procedure + region + type);
 * p50/p95/max per group and size, the worst keyword, the growth of p95 from 10,000 to 300,000 (goal: p95 < 50 ms
 * at every size, worst keyword included, and flat), the newest page, and EXPLAIN ANALYZE of the steps the API ran.
 * ANNOUNCEMENTS_BENCH_SIZES sets the sizes (default 10000,100000,300000), ANNOUNCEMENTS_BENCH_REPEAT the requests per
 * keyword (default 3, after one warm-up).
 */
import { DataSource } from 'typeorm';
import { PublicNoticesService } from '../libs/announcements/src/public/public-notices.service';
import { bucketOf, indexTokens, normalise, searchTextOf } from '../libs/announcements/src/search/gram-search';
import { startTestApp, TestApp } from '../test/support/test-app';
import { seededRandom } from '../test/support/random';

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


function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}


interface Timing {
  group: string;
  keyword: string;
  filtered: boolean;
  ms: number[];
  /** The same search called in process (no HTTP, no JSON): the database work. */
  svc: number[];
  /** Shared buffers (8 kB pages) the search's statements touched: its work, whatever the machine's load. */
  pages: number;
  items: number;
}

export interface BenchProject {
  id: string;
  code: string;
  procedure: string;
  region: string;
  /** A tender notice of the project that supplements and terminations name. */
  root?: string;
}

const START = Date.parse('2024-01-01T00:00:00+08:00');
const SPAN = Date.parse('2026-11-25T00:00:00+08:00') - START;

/** Notices number `from` to `to - 1`, inserted in batches; texts of the first few thousand are kept in `sample`. */
/** Inserts notices number `from` to `to` (excluded), spread over the projects, with SQL in batches. */
export async function insertNotices(ds: DataSource, r: () => number, from: number, to: number, projects: BenchProject[], sample: string[]): Promise<void> {
  const batch = 5000;
  for (let offset = from; offset < to; offset += batch) {
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
      text: [],
      tokens: [],
      related: [],
    };
    for (let i = offset; i < Math.min(to, offset + batch); i++) {
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
      const published = new Date(START + Math.floor(r() * SPAN));
      const text = searchTextOf(title, projectName, code, `${code.slice(0, -7)}-001`, `${projectName}招标文件.pdf`, content);
      if (sample.length < 3000) sample.push(text);
      cols.code.push(code);
      cols.project.push(project.id);
      cols.type.push(kind.type);
      cols.status.push(r() < 0.9 ? 'published' : 'superseded');
      cols.title.push(title);
      cols.content.push(content);
      cols.published.push(published.toISOString());
      cols.procedure.push(project.procedure);
      cols.region.push(project.region);
      cols.projectName.push(projectName);
      cols.text.push(text);
      cols.tokens.push(indexTokens(text, bucketOf(published)));
      cols.related.push(kind.type === 'supplement' || kind.type === 'termination' ? project.root : null);
    }
    await ds.query(
      `INSERT INTO notice (id, code, project_id, type, change_kind, status, title, content, related_notice_id, first_notice_id,
                           published_at, procedure_type, region_code, project_name, search_text, search_vector, created_at, updated_at)
       SELECT gen_random_uuid(), code, project, type, CASE WHEN type = 'supplement' THEN 'change' END, status, title, content,
              related, NULL, published, procedure, region, pname, text, array_to_tsvector(string_to_array(tokens, E'\\x01')), published, published
         FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::text[], $9::text[], $10::text[],
                     $11::text[], $12::text[], $13::uuid[])
              AS u(code, project, type, status, title, content, published, procedure, region, pname, text, tokens, related)`,
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
        cols.text,
        (cols.tokens as string[][]).map((t) => t.join('\x01')),
        cols.related,
      ],
    );
  }
}

/** Keywords: drawn from the texts, common phrases, no-match combinations, trigram chains that match nothing, codes. */
function keywordGroups(r: () => number, sample: string[], codes: string[]): Record<string, string[]> {
  const substrings = (min: number, max: number, count: number) => {
    const out = new Set<string>();
    while (out.size < count) {
      const text = Array.from(pick(r, sample));
      const length = min + Math.floor(r() * (max - min + 1));
      const at = Math.floor(r() * (text.length - length));
      const kw = text.slice(at, at + length).join('');
      if (!/\s/u.test(kw) && /[\p{L}\p{N}]/u.test(kw)) out.add(kw);
    }
    return [...out];
  };
  // trigram chains: every trigram occurs in the notices, the whole keyword is checked to match none later
  const next = new Map<string, string[]>();
  for (const text of sample.slice(0, 1000))
    for (const run of text.split(/\s+/u)) {
      const c = Array.from(run);
      for (let i = 0; i + 2 < c.length; i++) {
        const key = c[i] + c[i + 1];
        const list = next.get(key) ?? [];
        if (!list.includes(c[i + 2])) list.push(c[i + 2]);
        next.set(key, list);
      }
    }
  const starts = [...next.keys()];
  const chains = new Set<string>();
  for (let tries = 0; chains.size < 120 && tries < 20000; tries++) {
    let kw = pick(r, starts);
    const length = 5 + Math.floor(r() * 8);
    while (Array.from(kw).length < length) {
      const c = Array.from(kw);
      const options = next.get(c[c.length - 2] + c[c.length - 1]);
      if (!options) break;
      kw += pick(r, options);
    }
    if (Array.from(kw).length >= 5 && !sample.some((t) => t.includes(kw))) chains.add(kw);
  }
  const common = ['招标', '监理', '工程', '公告', '施工', '设备', '服务', '采购', '道路', '改造', '资金', '平台', '投标人', '招标文件', '监理服务', '食堂设备', '道路改造工程', '财政资金', '联合体投标', '工程量清单'];
  const words = ['监理', '食堂', '道路', '桥梁', '施工', '设备', '招标', '公告', '资金', '学校', '医院', '平台', '物业', '造价', '消防', '绿化'];
  const combos: string[] = [];
  for (const a of words) for (const b of words) if (a !== b) combos.push(a + b);
  const noMatch = combos.filter((k) => !sample.some((t) => t.includes(k))).filter(() => r() < 0.25);
  return {
    'substring 2-6': substrings(2, 6, 150),
    '1 character': substrings(1, 1, 20),
    common: common,
    'no match (common words)': noMatch.slice(0, 40),
    'no match (trigram chains)': [...chains].slice(0, 40),
    'latin/digits': [...codes.slice(0, 10).map((c) => c.slice(-10, -3)), 'n0001', '2026', 'e2', 'pdf', '-001'],
    '20 characters': substrings(20, 20, 10),
  };
}

/** The shared buffers the last search's statements touched (EXPLAIN ANALYZE BUFFERS of each, summed). */
async function pagesOfLastSearch(t: TestApp): Promise<number> {
  const ds = t.app.get(DataSource);
  let pages = 0;
  for (const step of t.app.get(PublicNoticesService).lastSearchSteps) {
    const [row] = (await ds.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${step.sql}`, step.params)) as { 'QUERY PLAN': unknown }[];
    const plan = (typeof row['QUERY PLAN'] === 'string' ? JSON.parse(row['QUERY PLAN']) : row['QUERY PLAN']) as {
      Plan: { 'Shared Hit Blocks': number; 'Shared Read Blocks': number };
    }[];
    pages += plan[0].Plan['Shared Hit Blocks'] + plan[0].Plan['Shared Read Blocks'];
  }
  return pages;
}

async function timeKeyword(t: TestApp, path: string, repeat: number): Promise<{ ms: number[]; svc: number[]; pages: number; items: number }> {
  await (await t.fetch(path)).arrayBuffer(); // warm-up
  const service = t.app.get(PublicNoticesService);
  const query = Object.fromEntries(new URL(path, 'http://x').searchParams);
  const svc: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const started = process.hrtime.bigint();
    await service.list(query);
    svc.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const pages = query.q ? await pagesOfLastSearch(t) : 0;
  const ms: number[] = [];
  let items = 0;
  for (let i = 0; i < repeat; i++) {
    const started = process.hrtime.bigint();
    const r = await t.fetch(path);
    const body = (await r.json()) as { items: unknown[] };
    ms.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (r.status !== 200) throw new Error(`${path}: ${r.status}`);
    items = body.items.length;
  }
  return { ms, svc, pages, items };
}

function stats(ms: number[]): { p50: number; p95: number; max: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1] };
}

const FILTERS = '&procedure=construction&region=210100&type=tender';

/**
 * Twenty projects made through the API (a staff account's POST /api/projects), each with its first tender notice
 * (the one supplements refer to) inserted with SQL: what `insertNotices` spreads its notices over.
 */
export async function benchProjects(t: TestApp): Promise<BenchProject[]> {
  const ds = t.app.get(DataSource);
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
  for (const project of projects) {
    const text = searchTextOf('基准项目招标公告', '基准项目', `${project.code}-N000`, '基准项目');
    const [{ id }] = (await ds.query(
      `INSERT INTO notice (id, code, project_id, type, status, title, content, published_at, procedure_type, region_code, project_name,
                           search_text, search_vector, created_at, updated_at)
       VALUES (gen_random_uuid(), $1, $2, 'tender', 'published', '基准项目招标公告', '基准项目', '2024-01-01T00:00:00+08:00', $3, $4, '基准项目',
               $5, array_to_tsvector($6::text[]), now(), now())
       RETURNING id`,
      [`${project.code}-N000`, project.id, project.procedure, project.region, text, indexTokens(text, bucketOf('2024-01-01T00:00:00+08:00'))],
    )) as { id: string }[];
    project.root = id;
  }
  return projects;
}

export async function run(): Promise<Record<string, number | string>> {
  const sizes = (process.env.ANNOUNCEMENTS_BENCH_SIZES ?? '10000,100000,300000').split(',').map(Number);
  const repeat = Number(process.env.ANNOUNCEMENTS_BENCH_REPEAT ?? 3);
  const t = await startTestApp();
  const figures: Record<string, number | string> = {};
  try {
    const ds = t.app.get(DataSource);
    const service = t.app.get(PublicNoticesService);
    const projects = await benchProjects(t);

    const r = seededRandom(20261125);
    const sample: string[] = [];
    let groups: Record<string, string[]> | null = null;
    const bySize: Record<number, Timing[]> = {};
    let loaded = 0;
    for (const size of sizes) {
      const started = Date.now();
      await ds.query('DROP INDEX IF EXISTS notice_search_idx');
      await insertNotices(ds, r, loaded, size, projects, sample);
      loaded = size;
      await ds.query(`SET maintenance_work_mem = '512MB'`);
      await ds.query('CREATE INDEX notice_search_idx ON notice USING gin (search_vector)');
      await ds.query('VACUUM ANALYZE notice');
      console.log(`\n${size} notices loaded and indexed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      const codes = ((await ds.query(`SELECT code FROM notice ORDER BY random() LIMIT 10`)) as { code: string }[]).map((c) => normalise(c.code));
      groups ??= keywordGroups(seededRandom(7), sample, codes);

      // no-match groups must match nothing at this size either (naive count over the search text)
      for (const g of ['no match (common words)', 'no match (trigram chains)']) {
        const [{ hits }] = (await ds.query(`SELECT count(*)::int AS hits FROM notice WHERE search_text LIKE ANY($1::text[])`, [
          groups[g].map((k) => `%${k}%`),
        ])) as { hits: number }[];
        if (hits) console.log(`  (${g}: ${hits} notices match some keyword of the group at ${size})`);
      }

      const timings: Timing[] = [];
      for (const [group, keywords] of Object.entries(groups)) {
        for (const kw of keywords) {
          const path = `/api/public/notices?q=${encodeURIComponent(kw)}`;
          const plain = await timeKeyword(t, path, repeat);
          timings.push({ group, keyword: kw, filtered: false, ...plain });
          if (group !== 'substring 2-6' || timings.length % 3 === 0) {
            const filtered = await timeKeyword(t, path + FILTERS, repeat);
            timings.push({ group, keyword: kw, filtered: true, ...filtered });
          }
        }
      }
      bySize[size] = timings;
      const newest = await timeKeyword(t, '/api/public/notices', 50);
      const ns = stats(newest.ms);
      figures[`newestPageP95Ms_${size}`] = Number(ns.p95.toFixed(2));

      console.log(`size ${size}: group                         filters   n    p50 ms   p95 ms   max ms  in-process p95 ms  pages p95   worst keyword (HTTP)`);
      for (const group of [...Object.keys(groups), 'all']) {
        for (const filtered of [false, true]) {
          const rows = timings.filter((x) => (group === 'all' || x.group === group) && x.filtered === filtered);
          if (!rows.length) continue;
          const st = stats(rows.flatMap((x) => x.ms));
          const sv = stats(rows.flatMap((x) => x.svc));
          const pg = stats(rows.map((x) => x.pages));
          const worst = rows.reduce((a, b) => (Math.max(...b.ms) > Math.max(...a.ms) ? b : a));
          console.log(
            `  ${group.padEnd(28)} ${filtered ? 'yes' : 'no '}  ${String(rows.length).padStart(5)}  ${st.p50.toFixed(2).padStart(7)}  ${st.p95.toFixed(2).padStart(7)}  ${st.max.toFixed(2).padStart(7)}  ${sv.p95.toFixed(2).padStart(9)}  ${String(pg.p95).padStart(14)}   ${worst.keyword} (${worst.items} items)`,
          );
          figures[`p95Ms_${size}_${group}${filtered ? '+filters' : ''}`] = Number(st.p95.toFixed(2));
        }
      }
      const all = stats(timings.flatMap((x) => x.ms));
      figures[`p95Ms_${size}`] = Number(all.p95.toFixed(2));
      figures[`inProcessP95Ms_${size}`] = Number(stats(timings.flatMap((x) => x.svc)).p95.toFixed(2));
      figures[`pagesP95_${size}`] = stats(timings.map((x) => x.pages)).p95;
      // the baseline measured in the same run: the newest page, which does no keyword work at all
      figures[`p95VsNewestPage_${size}`] = Number((all.p95 / ns.p95).toFixed(2));
      figures[`maxMs_${size}`] = Number(all.max.toFixed(2));
      console.log(`  newest page (no keyword, the baseline)       p50 ${ns.p50.toFixed(2)} ms  p95 ${ns.p95.toFixed(2)} ms; search p95 / newest page p95 ×${(all.p95 / ns.p95).toFixed(2)}`);

      // the plans of the steps the API ran, for a no-match keyword and a rare one
      if (size === sizes[sizes.length - 1]) {
        for (const [label, kw] of [
          ['no match (trigram chain)', groups['no match (trigram chains)'][0] ?? '监理食堂'],
          ['no match (common words)', groups['no match (common words)'][0] ?? '监理食堂'],
          ['1 character', groups['1 character'][0]],
        ] as const) {
          await t.fetch(`/api/public/notices?q=${encodeURIComponent(kw)}`);
          for (const step of service.lastSearchSteps.slice(0, 3)) {
            const plan = (await ds.query(`EXPLAIN (ANALYZE, BUFFERS) ${step.sql}`, step.params)) as { 'QUERY PLAN': string }[];
            console.log(`\n--- EXPLAIN ANALYZE: ${label} «${kw}», ${step.label}\n${plan.map((l) => l['QUERY PLAN']).join('\n')}`);
          }
        }
      }
    }

    const first = sizes[0];
    const last = sizes[sizes.length - 1];
    console.log(`\np95 at ${sizes.join(' / ')} notices and its growth from ${first} to ${last}:`);
    for (const group of [...Object.keys(groups!), 'all']) {
      for (const filtered of [false, true]) {
        const p = (size: number, key: 'ms' | 'svc' | 'pages') => {
          const rows = bySize[size].filter((x) => (group === 'all' || x.group === group) && x.filtered === filtered);
          return rows.length ? stats(rows.flatMap((x) => x[key])).p95 : NaN;
        };
        if (Number.isNaN(p(first, 'ms'))) continue;
        const ratio = p(last, 'ms') / p(first, 'ms');
        const svcRatio = p(last, 'svc') / p(first, 'svc');
        console.log(
          `  ${group.padEnd(28)} ${filtered ? 'filters' : '       '}  HTTP ${sizes.map((s) => p(s, 'ms').toFixed(2).padStart(7)).join(' ')} ms ×${ratio.toFixed(2)}   in process ${sizes.map((s) => p(s, 'svc').toFixed(2).padStart(7)).join(' ')} ms ×${svcRatio.toFixed(2)}   pages ${sizes.map((s) => String(p(s, 'pages')).padStart(6)).join(' ')} ×${(p(last, 'pages') / p(first, 'pages')).toFixed(2)}`,
        );
        if (group === 'all') {
          figures[`p95Growth_${first}_to_${last}${filtered ? '+filters' : ''}`] = Number(ratio.toFixed(2));
          figures[`inProcessP95Growth_${first}_to_${last}${filtered ? '+filters' : ''}`] = Number(svcRatio.toFixed(2));
          figures[`pagesP95Growth_${first}_to_${last}${filtered ? '+filters' : ''}`] = Number((p(last, 'pages') / p(first, 'pages')).toFixed(2));
        }
      }
    }
    const worstP95 = Math.max(...sizes.map((s) => figures[`p95Ms_${s}`] as number));
    Object.assign(figures, {
      searchP95WorstMs: worstP95,
      searchP95TargetMs: 50,
      // the search's goal: p95 < 50 ms at every size; the newest page's own goal (p95 < 10 ms) is set at 100,000 notices
      verdict: worstP95 < 50 && sizes.filter((s) => s <= 100_000).every((s) => (figures[`newestPageP95Ms_${s}`] as number) < 10) ? 'pass' : 'FAIL',
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
