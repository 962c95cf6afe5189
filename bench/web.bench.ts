/**
 * The web portal: how much JavaScript a first visit downloads (issue: ≤ 250 KB gzip for the home page and a
 * notice page; the public part is code-split from the workspaces), and sealing in the page against
 * crypto.subtle AES-GCM alone over the same bytes (goal ≥ 0.5).
 *
 * The portal is built (`npm run build:web`) and served from dist/web by a small static server with the same
 * history fallback as the api; Debian's Chromium opens the pages cold and every JavaScript response is counted,
 * raw and gzipped (level 9, as a compressing proxy would send it). The API answers 404 here: the code a page
 * loads does not depend on its data.
 *
 * A notice page opened cold (issue: p95 < 1 s with 100,000 notices in the database): the API itself serves the
 * portal (startTestApp on a fresh PostgreSQL database), and each visit opens a new browser context (empty cache,
 * no connection kept) at /notices/<id> of a notice drawn at random, timed from the navigation until the notice's
 * title is on the screen. WEB_BENCH_VISITS (40) visits with the 20 notices of the projects alone (the baseline,
 * same run), then again after WEB_BENCH_NOTICES (100,000) notices are inserted (SQL in bulk, as the announcements
 * bench does, and indexed); printed: p50 / p95 / max of each and the ratio of the two p95s.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Browser, chromium } from 'playwright-core';
import { DataSource } from 'typeorm';
import { startTestApp } from '../test/support/test-app';
import { seededRandom } from '../test/support/random';
import { benchProjects, insertNotices } from './announcements.bench';

/** The browser build of libs/sealing, as the page sees it. */
interface WebSealing {
  sealStream(src: Blob, key: Uint8Array, summary: object, options?: object): ReadableStream<Uint8Array> & { result: Promise<unknown> };
  generateKey(): Uint8Array;
}

const ROOT = resolve(__dirname, '..');
const WEB = join(ROOT, 'dist', 'web');
const SEALING = join(ROOT, 'libs', 'sealing', 'browser');
const BUDGET_GZIP = 250 * 1024;
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html; charset=utf-8' };

function serve(): Promise<Server> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path.startsWith('/api/')) return void res.writeHead(404, { 'content-type': 'application/problem+json' }).end('{"code":"NOT_FOUND"}');
    const [dir, rel] = path.startsWith('/sealing/') ? [SEALING, path.slice('/sealing/'.length)] : [WEB, path.slice(1)];
    const file = normalize(join(dir, rel));
    const send = (f: string) =>
      readFile(f).then(
        (body) => res.writeHead(200, { 'content-type': TYPES[extname(f)] ?? 'application/octet-stream' }).end(body),
        () => (f.endsWith('index.html') ? res.writeHead(404).end() : send(join(WEB, 'index.html'))),
      );
    void send(file.startsWith(dir) && extname(file) ? file : join(WEB, 'index.html'));
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Cold visits to notice pages served by the API, at the projects' 20 notices and then at WEB_BENCH_NOTICES. */
async function coldNoticePages(browser: Browser): Promise<Record<string, number | string>> {
  const visits = Number(process.env.WEB_BENCH_VISITS ?? 40);
  const notices = Number(process.env.WEB_BENCH_NOTICES ?? 100_000);
  const t = await startTestApp();
  const out: Record<string, number | string> = {};
  try {
    const ds = t.app.get(DataSource);
    const projects = await benchProjects(t);
    const pick = seededRandom(20261207);
    const visit = async (id: string): Promise<number> => {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        const started = performance.now();
        await page.goto(`${t.url}/notices/${id}`, { waitUntil: 'commit' });
        await page.locator('article.notice h1').waitFor({ state: 'visible', timeout: 30_000 });
        return performance.now() - started;
      } finally {
        await context.close();
      }
    };
    const round = async (label: string) => {
      const ids = ((await ds.query(`SELECT id FROM notice WHERE status = 'published' ORDER BY id`)) as { id: string }[]).map((r) => r.id);
      const drawn = Array.from({ length: visits }, () => ids[Math.floor(pick() * ids.length)]);
      for (const id of drawn.slice(0, 3)) await visit(id); // warm-up: the API's first requests, Chromium's first contexts
      const ms: number[] = [];
      for (const id of drawn) ms.push(await visit(id));
      ms.sort((a, b) => a - b);
      out[`cold notice page, ${label}: p50 / p95 / max ms`] = [50, 95].map((p) => percentile(ms, p).toFixed(0)).concat(ms[ms.length - 1].toFixed(0)).join(' / ');
      return percentile(ms, 95);
    };
    const small = await round(`${projects.length} notices (baseline)`);
    const started = Date.now();
    await ds.query('DROP INDEX IF EXISTS notice_search_idx');
    await insertNotices(ds, seededRandom(20261125), 0, notices, projects, []);
    await ds.query(`SET maintenance_work_mem = '512MB'`);
    await ds.query('CREATE INDEX notice_search_idx ON notice USING gin (search_vector)');
    await ds.query('VACUUM ANALYZE notice');
    const [{ n }] = (await ds.query(`SELECT count(*)::int AS n FROM notice`)) as { n: number }[];
    console.log(`${n} notices loaded and indexed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const large = await round(`${n} notices`);
    out[`cold notice page at ${n} notices: p95 s (goal < 1)`] = large / 1000;
    out[`cold notice page: p95 at ${n} notices / p95 at ${projects.length}`] = large / small;
  } finally {
    await t.close();
  }
  return out;
}

export async function run(): Promise<Record<string, number | string>> {
  execFileSync('npm', ['run', 'build:web'], { cwd: ROOT, stdio: 'inherit' });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { CHROMIUM_PATH } = (await require('../scripts/services/chromium.js').ensure()) as { CHROMIUM_PATH: string };
  const server = await serve();
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  const out: Record<string, number | string> = {};
  try {
    // WEB_BENCH_ONLY=cold: the cold notice pages alone
    if (process.env.WEB_BENCH_ONLY === 'cold') return Object.assign(out, await coldNoticePages(browser));
    // WEB_BENCH_ONLY=sealing: the sealing in the page alone
    for (const [name, path] of process.env.WEB_BENCH_ONLY === 'sealing' ? [] : [
      ['home', '/'],
      ['notice page', '/notices/00000000-0000-4000-8000-000000000001'],
      ['notice list', '/notices'],
      ['bid page (workspace)', '/bidder/sections/00000000-0000-4000-8000-000000000001'],
    ]) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const scripts = new Map<string, Buffer>();
      const pending: Promise<unknown>[] = [];
      page.on('response', (r) => {
        if (/\.m?js(\?|$)/.test(new URL(r.url()).pathname)) pending.push(r.body().then((b) => scripts.set(r.url(), b), () => undefined));
      });
      // the workspace needs a session: give it one so that the route loads rather than redirecting to login
      if (name.startsWith('bid')) await context.addInitScript(() => sessionStorage.setItem('etendering.session', JSON.stringify({ accessToken: 'x', refreshToken: 'y' })));
      await page.goto(origin + path, { waitUntil: 'networkidle' });
      await Promise.all(pending);
      const raw = [...scripts.values()].reduce((n, b) => n + b.length, 0);
      const gz = [...scripts.values()].reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0);
      out[`${name}: JS files`] = scripts.size;
      out[`${name}: JS raw KB`] = +(raw / 1024).toFixed(1);
      out[`${name}: JS gzip KB`] = +(gz / 1024).toFixed(1);
      if (name === 'home' || name === 'notice page') out[`${name}: JS gzip / 250 KB budget (goal ≤ 1)`] = gz / BUDGET_GZIP;
      await context.close();
    }
    // WEB_BENCH_ONLY=size: what the pages download alone
    if (process.env.WEB_BENCH_ONLY === 'size') return out;

    // sealing in the page against AES-GCM alone, the same 64 MiB, from a file and from a stream, paired rounds
    const page = await browser.newPage();
    await page.goto(`${origin}/`);
    await page.addScriptTag({ type: 'module', content: "import * as sealing from '/sealing/web/index.js'; window.sealing = sealing;" });
    await page.waitForFunction(() => 'sealing' in window);
    const figures = await page.evaluate(async () => {
      const sealing = (window as unknown as { sealing: WebSealing }).sealing;
      const size = 64 * 1024 * 1024;
      const bytes = new Uint8Array(size);
      for (let i = 0; i < size; i += 65536) crypto.getRandomValues(bytes.subarray(i, i + 65536));
      const blob = new Blob([bytes]);
      const summary = { price: '1234567.89', durationDays: 180, items: [] };
      // a file (Blob) is hashed by WebCrypto's digest in one call; a stream piece by piece in WebAssembly beside the encryption
      const sealOnce = async (from: 'file' | 'stream') => {
        const t0 = performance.now();
        const sealed = sealing.sealStream(from === 'file' ? blob : blob.stream(), sealing.generateKey(), summary);
        const reader = sealed.getReader();
        for (;;) if ((await reader.read()).done) break;
        await sealed.result;
        return performance.now() - t0;
      };
      const aesOnce = async () => {
        const key = await crypto.subtle.importKey('raw', crypto.getRandomValues(new Uint8Array(32)), 'AES-GCM', false, ['encrypt']);
        const t0 = performance.now();
        const chunk = 1024 * 1024;
        for (let i = 0; i < size; i += chunk) {
          await crypto.subtle.encrypt({ name: 'AES-GCM', iv: crypto.getRandomValues(new Uint8Array(12)) }, key, bytes.subarray(i, i + chunk));
        }
        return performance.now() - t0;
      };
      // why the ratio is what it is: WebCrypto's digest alone, and the digest and AES-GCM started together
      // (Chromium runs a page's WebCrypto calls on one sequence: together they take about the sum of both)
      const digestOnce = async () => {
        const t0 = performance.now();
        await crypto.subtle.digest('SHA-256', bytes);
        return performance.now() - t0;
      };
      // reading the Blob whole, as the file seal does before its digest (a Blob's bytes live in the browser process)
      const readOnce = async () => {
        const t0 = performance.now();
        await blob.arrayBuffer();
        return performance.now() - t0;
      };
      const togetherOnce = async () => {
        const t0 = performance.now();
        await Promise.all([aesOnce(), digestOnce()]);
        return performance.now() - t0;
      };
      await sealOnce('file');
      await sealOnce('stream');
      await aesOnce();
      const digest: number[] = [];
      const together: number[] = [];
      const read: number[] = [];
      for (let r = 0; r < 3; r++) {
        read.push(await readOnce());
        digest.push(await digestOnce());
        together.push(await togetherOnce());
      }
      const file: number[] = [];
      const stream: number[] = [];
      const fileRatio: number[] = [];
      const streamRatio: number[] = [];
      const aes: number[] = [];
      // alternating rounds, each seal paired with the AES-GCM round next to it, so load hits both sides alike
      for (let r = 0; r < 5; r++) {
        const a = await aesOnce();
        const f = await sealOnce('file');
        const st = await sealOnce('stream');
        aes.push(a);
        file.push(f);
        stream.push(st);
        fileRatio.push(a / f);
        streamRatio.push(a / st);
      }
      const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
      return { fileMs: median(file), streamMs: median(stream), aesMs: median(aes), fileRatio: median(fileRatio), streamRatio: median(streamRatio), digestMs: median(digest), togetherMs: median(together), readMs: median(read), size };
    });
    const mib = figures.size / 1024 / 1024;
    out['browser AES-GCM alone MiB/s'] = +(mib / (figures.aesMs / 1000)).toFixed(1);
    out['browser SHA-256 alone (WebCrypto digest, one call) MiB/s'] = +(mib / (figures.digestMs / 1000)).toFixed(1);
    out['browser reading the file whole (Blob.arrayBuffer) MiB/s'] = +(mib / (figures.readMs / 1000)).toFixed(1);
    out['browser AES-GCM and digest started together: ms / (AES ms + digest ms)'] = +(figures.togetherMs / (figures.aesMs + figures.digestMs)).toFixed(3);
    out['browser seal, file MiB/s'] = +(mib / (figures.fileMs / 1000)).toFixed(1);
    out['browser seal, file / AES-GCM alone (goal ≥ 0.5)'] = figures.fileRatio;
    out['browser seal, stream MiB/s'] = +(mib / (figures.streamMs / 1000)).toFixed(1);
    out['browser seal, stream / AES-GCM alone'] = figures.streamRatio;

    if (process.env.WEB_BENCH_ONLY !== 'sealing') Object.assign(out, await coldNoticePages(browser));
  } finally {
    await browser.close();
    await new Promise((done) => server.close(done));
  }
  for (const [k, v] of Object.entries(out)) console.log(`${k.padEnd(48)} ${typeof v === 'number' ? +v.toFixed(3) : v}`);
  return out;
}
