import { DataSource } from 'typeorm';
import { PublicNoticesService, SEARCH_WINDOW } from '@app/announcements/public/public-notices.service';
import { bucketOf, indexTokens, keywordTerms, matchesNaively, searchTextOf } from '@app/announcements/search/gram-search';
import { json } from './support/announcements-fixture';
import { startTestApp, TestApp } from './support/test-app';
import { seededRandom } from './support/random';

/**
 * Keyword search is exact (docs/search.md): over a generated corpus spread over many weeks, every keyword — drawn
 * from the notices' own texts (1 to 20 characters), combinations that match nothing, parts of codes — pages
 * through exactly the notices a naive scan of the search text finds, newest first, by cursor, with and without
 * filters, through both steps (the newest notices read row by row, then the index week by week). On PostgreSQL
 * and on the embedded PGlite.
 */

interface Row {
  id: string;
  search_text: string;
  type: string;
  procedure_type: string;
  region_code: string;
  published_at: Date;
}


const WORDS = ['道路', '改造', '工程', '监理', '服务', '食堂', '设备', '采购', '招标', '公告', '桥梁', '维修', '绿化', 'E21', '2026', '-', '（', '）', '，', 'Pdf', '００１', '%', '_'];

async function seedCorpus(t: TestApp, count: number, seed: number): Promise<void> {
  const ds = t.app.get(DataSource);
  const staff = await t.token(await t.user('staff'));
  const projects: { id: string; code: string; procedure: string; region: string }[] = [];
  for (const [procedure, region] of [
    ['construction', '210102'],
    ['government', '210203'],
    ['construction', '210300'],
  ]) {
    const p = await json<{ id: string; code: string }>(
      await t.fetch('/api/projects', {
        method: 'POST',
        token: staff,
        json: {
          name: `检索项目${projects.length + 1}`,
          procedureType: procedure,
          regionCode: region,
          fundingSource: '财政资金',
          sections: [{ name: '一标段', estimatedPrice: '1000000.00', bidSecurity: '20000.00', bidDeadline: '2027-06-30T09:30:00+08:00' }],
        },
      }),
      201,
    );
    projects.push({ id: p.id, code: p.code, procedure, region });
  }
  const r = seededRandom(seed);
  const pick = <T>(l: readonly T[]) => l[Math.floor(r() * l.length)];
  const field = () => Array.from({ length: 2 + Math.floor(r() * 10) }, () => pick(WORDS)).join(r() < 0.1 ? ' ' : '');
  const start = Date.parse('2026-06-01T00:00:00+08:00');
  for (let i = 0; i < count; i++) {
    const project = projects[i % projects.length];
    const title = field();
    const content = `${field()}\n${field()}`;
    const code = `${project.code}-S${String(i).padStart(4, '0')}`;
    const at = new Date(start + Math.floor(r() * 150 * 86400_000)); // about 21 weeks
    const text = searchTextOf(title, '检索项目', code, `${field()}.pdf`, content);
    await ds.query(
      `INSERT INTO notice (id, code, project_id, type, status, title, content, published_at, procedure_type, region_code, project_name,
                           search_text, search_vector, created_at, updated_at)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9, '检索项目', $10, array_to_tsvector($11::text[]), $7, $7)`,
      [code, project.id, r() < 0.8 ? 'tender' : 'consultation', r() < 0.9 ? 'published' : 'superseded', title, content, at, project.procedure, project.region, text, indexTokens(text, bucketOf(at))],
    );
  }
}

function keywordsOf(rows: Row[], seed: number, count: number): string[] {
  const r = seededRandom(seed);
  const pick = <T>(l: readonly T[]) => l[Math.floor(r() * l.length)];
  const out = new Set<string>(['监理', '桥', '-s00', 'e21-2026', '%', '道路 服务', '监理食堂绿化']);
  while (out.size < count) {
    const chars = Array.from(pick(rows).search_text);
    const length = 1 + Math.floor(r() * 20);
    const at = Math.floor(r() * Math.max(1, chars.length - length));
    out.add(chars.slice(at, at + length).join(''));
    out.add(Array.from({ length: 2 + Math.floor(r() * 3) }, () => pick(WORDS)).join(''));
  }
  return [...out].slice(0, count);
}

const FILTERS: { query: string; keep: (r: Row) => boolean }[] = [
  { query: '', keep: () => true },
  { query: '&procedure=construction&region=210100&type=tender', keep: (r) => r.procedure_type === 'construction' && r.region_code.startsWith('2101') && r.type === 'tender' },
  { query: '&from=2026-07-01&to=2026-09-15', keep: (r) => r.published_at >= new Date('2026-07-01T00:00:00+08:00') && r.published_at < new Date('2026-09-16T00:00:00+08:00') },
];

async function expectExact(t: TestApp, keywords: string[], windows: number[]): Promise<number> {
  const all = (await t.app
    .get(DataSource)
    .query(`SELECT id, search_text, type, procedure_type, region_code, published_at FROM notice WHERE status <> 'draft' ORDER BY published_at DESC, id DESC`)) as Row[];
  const service = t.app.get(PublicNoticesService);
  let compared = 0;
  try {
    for (const window of windows) {
      service.searchWindow = window;
      for (const keyword of keywords) {
        for (const filter of FILTERS) {
          const terms = keywordTerms(keyword);
          const expected = all.filter((r) => filter.keep(r) && matchesNaively(r.search_text, terms)).map((r) => r.id);
          const seen: string[] = [];
          let cursor: string | null = null;
          do {
            const page: { items: { id: string }[]; nextCursor: string | null } = await json(
              await t.fetch(`/api/public/notices?limit=9&q=${encodeURIComponent(keyword)}${filter.query}${cursor ? `&cursor=${cursor}` : ''}`),
              200,
            );
            seen.push(...page.items.map((i) => i.id));
            cursor = page.nextCursor;
          } while (cursor && seen.length <= all.length);
          expect([window, keyword, filter.query, seen]).toEqual([window, keyword, filter.query, expected]);
          compared += expected.length;
        }
      }
    }
  } finally {
    service.searchWindow = SEARCH_WINDOW;
  }
  return compared;
}

describe('keyword search is exact (PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await seedCorpus(t, 240, 18);
  }, 120_000);
  afterAll(() => t?.close());

  it('finds exactly what a naive scan finds, newest first, by cursor, with and without filters, through both steps', async () => {
    const rows = (await t.app.get(DataSource).query(`SELECT search_text FROM notice WHERE search_text IS NOT NULL`)) as Row[];
    const compared = await expectExact(t, keywordsOf(rows, 5, 40), [4, SEARCH_WINDOW]);
    expect(compared).toBeGreaterThan(1000);
  }, 300_000);
});

describe('keyword search is exact (PGlite)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ embedded: true });
    await seedCorpus(t, 80, 19);
  }, 180_000);
  afterAll(() => t?.close());

  it('finds exactly what a naive scan finds on the embedded database too (slower: no parallelism, one connection)', async () => {
    expect(t.config.database.kind).toBe('pglite');
    const rows = (await t.app.get(DataSource).query(`SELECT search_text FROM notice WHERE search_text IS NOT NULL`)) as Row[];
    const compared = await expectExact(t, keywordsOf(rows, 6, 16), [3]);
    expect(compared).toBeGreaterThan(100);
  }, 300_000);
});
