/**
 * The web portal: how much JavaScript a first visit downloads (issue: ≤ 250 KB gzip for the home page and a
 * notice page; the public part is code-split from the workspaces), and sealing in the page against
 * crypto.subtle AES-GCM alone over the same bytes (goal ≥ 0.5).
 *
 * The portal is built (`npm run build:web`) and served from dist/web by a small static server with the same
 * history fallback as the api; Debian's Chromium opens the pages cold and every JavaScript response is counted,
 * raw and gzipped (level 9, as a compressing proxy would send it). The API answers 404 here: the code a page
 * loads does not depend on its data.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

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

export async function run(): Promise<Record<string, number | string>> {
  execFileSync('npm', ['run', 'build:web'], { cwd: ROOT, stdio: 'inherit' });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { CHROMIUM_PATH } = (await require('../scripts/services/chromium.js').ensure()) as { CHROMIUM_PATH: string };
  const server = await serve();
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  const out: Record<string, number | string> = {};
  try {
    for (const [name, path] of [
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
      // a file (Blob) is hashed by WebCrypto in one call beside the encryption; a stream, piece by piece in JavaScript
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
      await sealOnce('file');
      await sealOnce('stream');
      await aesOnce();
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
      return { fileMs: median(file), streamMs: median(stream), aesMs: median(aes), fileRatio: median(fileRatio), streamRatio: median(streamRatio), size };
    });
    const mib = figures.size / 1024 / 1024;
    out['browser AES-GCM alone MiB/s'] = +(mib / (figures.aesMs / 1000)).toFixed(1);
    out['browser seal, file MiB/s'] = +(mib / (figures.fileMs / 1000)).toFixed(1);
    out['browser seal, file / AES-GCM alone (goal ≥ 0.5)'] = figures.fileRatio;
    out['browser seal, stream MiB/s'] = +(mib / (figures.streamMs / 1000)).toFixed(1);
    out['browser seal, stream / AES-GCM alone'] = figures.streamRatio;
  } finally {
    await browser.close();
    await new Promise((done) => server.close(done));
  }
  for (const [k, v] of Object.entries(out)) console.log(`${k.padEnd(48)} ${typeof v === 'number' ? +v.toFixed(3) : v}`);
  return out;
}
