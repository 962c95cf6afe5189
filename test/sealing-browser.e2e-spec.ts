/**
 * The sealing library in a real browser (Debian's Chromium, headless, driven by playwright-core): the page
 * loads the committed browser build (libs/sealing/browser) from a local server, opens every container that
 * Node sealed (the shared test vectors), seals them again byte for byte, and seals a fresh file that it
 * uploads; the server checks the upload with the streaming inspector, and Node opens it.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { ContainerInspection, createInspector, fingerprintOf, inspect, open, OpeningSummary, parseKeyText } from '@app/sealing';
import type * as WebSealingModule from '../libs/sealing/src/web/index';

/** The browser build, as the test page exposes it on window.sealing. */
type WebSealing = typeof WebSealingModule;

const ROOT = resolve(__dirname, '..');
const BROWSER_BUILD = join(ROOT, 'libs', 'sealing', 'browser');
const VECTORS = join(ROOT, 'libs', 'sealing', 'test-vectors');

/** The test page loads the browser build as an ES module, as the portal will. */
const PAGE = `<!doctype html><meta charset="utf-8"><title>密封投标文件</title>
<script type="module">import * as sealing from '/sealing/web/index.js'; window.sealing = sealing;</script>`;

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.json': 'application/json', '.html': 'text/html; charset=utf-8' };

interface GoodVector {
  name: string;
  container: string;
  plaintext: string;
  key: string;
  salt: string;
  chunkSize: number;
  summary: OpeningSummary;
  fileName: string | null;
  /** False for a container written by hand around a summary the writer never produces (libs/sealing/README.md). */
  resealable: boolean;
  plaintextSha256: string;
  containerSha256: string;
  keyFingerprint: string;
}

interface Upload {
  bytes: Buffer;
  inspection: ContainerInspection | null;
  error: { code?: string } | null;
}

async function serveFile(res: ServerResponse, dir: string, relative: string): Promise<void> {
  const path = normalize(join(dir, relative));
  if (!path.startsWith(dir + '/')) {
    res.writeHead(403).end();
    return;
  }
  try {
    const body = await readFile(path);
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(body);
  } catch {
    res.writeHead(404).end();
  }
}

describe('sealed bids in the browser (Chromium, WebCrypto)', () => {
  let server: Server;
  let origin: string;
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;
  const uploads: Upload[] = [];
  const manifest = JSON.parse(readFileSync(join(VECTORS, 'vectors.json'), 'utf8')) as { good: GoodVector[] };

  /** The upload path of the platform in small: the request streams through the inspector into memory. */
  async function receiveUpload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const inspector = createInspector();
    const parts: Buffer[] = [];
    const upload: Upload = { bytes: Buffer.alloc(0), inspection: null, error: null };
    uploads.push(upload);
    try {
      await pipeline(
        req,
        inspector,
        new Writable({
          write(chunk: Buffer, _encoding, callback) {
            parts.push(chunk);
            callback();
          },
        }),
      );
      upload.inspection = await inspector.result;
      upload.bytes = Buffer.concat(parts);
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify(upload.inspection));
    } catch (error) {
      upload.error = error as { code?: string };
      res.writeHead(422, { 'content-type': 'application/json' }).end(JSON.stringify({ code: upload.error.code }));
    }
  }

  beforeAll(async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { CHROMIUM_PATH } = (await require('../scripts/services/chromium.js').ensure()) as { CHROMIUM_PATH: string };
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (req.method === 'POST' && url.pathname === '/upload') return void receiveUpload(req, res);
      if (url.pathname.startsWith('/sealing/')) return void serveFile(res, BROWSER_BUILD, url.pathname.slice('/sealing/'.length));
      if (url.pathname.startsWith('/vectors/')) return void serveFile(res, VECTORS, url.pathname.slice('/vectors/'.length));
      if (url.pathname === '/') return void res.writeHead(200, { 'content-type': TYPES['.html'] }).end(PAGE);
      res.writeHead(404).end();
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    userDataDir = await mkdtemp(join(tmpdir(), 'sealing-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => 'sealing' in window);
    expect(await page.evaluate(() => window.isSecureContext && typeof crypto.subtle?.encrypt === 'function')).toBe(true);
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await new Promise((done) => server?.close(done));
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
  });

  it('opens every container sealed by Node, streaming from fetch()', async () => {
    const opened = await page.evaluate(async (vectors) => {
      const sealing = (window as unknown as { sealing: WebSealing }).sealing;
      const hex = async (data: BufferSource) => sealing.toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', data)));
      const results = [];
      for (const vector of vectors) {
        const response = await fetch(`/vectors/${vector.container}`);
        const container = await sealing.openStream(response.body!, sealing.fromHex(vector.key)!);
        const plaintext = new Uint8Array(await new Response(container.plaintext).arrayBuffer());
        results.push({
          name: vector.name,
          summary: container.summary,
          fileName: container.fileName ?? null,
          keyFingerprint: container.info.keyFingerprint,
          plaintextSha256: await hex(plaintext),
          result: await container.result,
        });
      }
      return results;
    }, manifest.good);
    expect(opened.map((o) => o.name)).toEqual(manifest.good.map((v) => v.name));
    for (const [i, vector] of manifest.good.entries()) {
      expect(opened[i]).toMatchObject({
        summary: vector.summary,
        fileName: vector.fileName,
        keyFingerprint: vector.keyFingerprint,
        plaintextSha256: vector.plaintextSha256,
        result: { plaintextSha256: vector.plaintextSha256 },
      });
    }
  });

  it('seals each vector again to the very bytes Node wrote, from a file (hashed natively in one call), bytes in memory and a stream (hashed as it streams)', async () => {
    const resealable = manifest.good.filter((v) => v.resealable);
    const sealed = await page.evaluate(async (vectors) => {
      const sealing = (window as unknown as { sealing: WebSealing }).sealing;
      const out: Record<string, string[]> = {};
      for (const vector of vectors) {
        const plaintext = await (await fetch(`/vectors/${vector.plaintext}`)).blob();
        const bytes = new Uint8Array(await plaintext.arrayBuffer());
        out[vector.name] = [];
        for (const source of [plaintext, bytes, plaintext.stream()]) {
          const stream = sealing.sealStream(source, sealing.fromHex(vector.key)!, vector.summary, {
            chunkSize: vector.chunkSize,
            salt: sealing.fromHex(vector.salt)!,
            ...(vector.fileName ? { fileName: vector.fileName } : {}),
          });
          const container = await new Response(stream).arrayBuffer();
          out[vector.name].push(sealing.toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', container))));
        }
      }
      return out;
    }, resealable);
    expect(resealable.length).toBeGreaterThanOrEqual(5);
    for (const vector of resealable) expect(sealed[vector.name]).toEqual([vector.containerSha256, vector.containerSha256, vector.containerSha256]);
  });

  it('seals a fresh 3 MiB file with a new key; the upload passes the inspector and Node opens it', async () => {
    uploads.length = 0;
    const fromPage = await page.evaluate(async () => {
      const sealing = (window as unknown as { sealing: WebSealing }).sealing;
      const size = 3 * 1024 * 1024 + 5;
      // A file made in the page, delivered as a stream in 64 KiB pieces (as a File's stream() would).
      let produced = 0;
      let state = 0x12345678;
      const hashInput: Uint8Array<ArrayBuffer>[] = [];
      const file = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (produced >= size) return controller.close();
          const piece = new Uint8Array(Math.min(65536, size - produced));
          for (let i = 0; i < piece.length; i++) {
            state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
            piece[i] = state >>> 24;
          }
          produced += piece.length;
          hashInput.push(piece);
          controller.enqueue(piece);
        },
      });
      const key = sealing.generateKey();
      const summary = { price: '5200000.00', durationDays: 365, items: [{ name: '质量标准', value: '合格' }] };
      const sealed = sealing.sealStream(file, key, summary, { fileName: '投标文件.pdf' });
      const body = await new Response(sealed).blob();
      const response = await fetch('/upload', { method: 'POST', body });
      const plaintextSha256 = sealing.toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', await new Blob(hashInput).arrayBuffer())));
      return {
        status: response.status,
        receipt: await response.json(),
        keyFile: sealing.formatKeyFile(key),
        fingerprint: sealing.keyFingerprintHex(key),
        result: await sealed.result,
        plaintextSha256,
        summary,
      };
    });
    expect(fromPage.status).toBe(201);
    expect(uploads).toHaveLength(1);
    const [upload] = uploads;
    expect(upload.error).toBeNull();
    expect(fromPage.receipt).toEqual(upload.inspection);
    expect(upload.inspection).toMatchObject({ keyFingerprint: fromPage.fingerprint, chunkCount: 4, ciphertextSize: upload.bytes.length });
    expect(fromPage.result).toMatchObject({ plaintextSize: 3 * 1024 * 1024 + 5, plaintextSha256: fromPage.plaintextSha256 });

    const key = parseKeyText(fromPage.keyFile); // the key file the page offered for download
    expect(fingerprintOf(key)).toBe(fromPage.fingerprint);
    const opened = await open(upload.bytes, key);
    expect(opened.summary).toEqual(fromPage.summary);
    expect(opened.fileName).toBe('投标文件.pdf');
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256');
    for await (const piece of opened.plaintext) hash.update(piece as Buffer);
    expect(hash.digest('hex')).toBe(fromPage.plaintextSha256);
    expect((await opened.result).plaintextSha256).toBe(fromPage.plaintextSha256);
  }, 60_000);

  it('refuses in the browser with the same codes: wrong key, tampered, truncated, not a container', async () => {
    const codes = await page.evaluate(async (vectors) => {
      const sealing = (window as unknown as { sealing: WebSealing }).sealing;
      const three = vectors.find((v) => v.name === 'three-chunks')!;
      const other = vectors.find((v) => v.key !== three.key)!;
      const code = async (work: () => Promise<unknown>) => {
        try {
          await work();
          return 'no error';
        } catch (error) {
          return sealing.isSealingError(error) ? error.code : String(error);
        }
      };
      const openAll = async (name: string, key: string) => {
        const container = await sealing.openStream((await fetch(`/vectors/${name}`)).body!, sealing.fromHex(key)!);
        // read by hand: Response(stream).arrayBuffer() would replace the stream's error with "Failed to fetch"
        const reader = container.plaintext.getReader();
        while (!(await reader.read()).done);
      };
      return {
        wrongKey: await code(() => openAll('three-chunks.bidseal', other.key)),
        tampered: await code(() => openAll('tampered-chunk.bidseal', three.key)),
        truncated: await code(() => openAll('truncated.bidseal', three.key)),
        appended: await code(() => openAll('appended.bidseal', three.key)),
        pdf: await code(async () => sealing.inspectStream((await fetch('/vectors/not-a-container.pdf')).body!)),
        badPrice: await code(async () => sealing.sealStream(new Blob(['x']), sealing.generateKey(), { price: '1.234', durationDays: 1, items: [] })),
      };
    }, manifest.good);
    expect(codes).toEqual({
      wrongKey: 'WRONG_KEY',
      tampered: 'CONTAINER_TAMPERED',
      truncated: 'CONTAINER_TRUNCATED',
      appended: 'CONTAINER_MALFORMED',
      pdf: 'NOT_A_SEALED_CONTAINER',
      badPrice: 'INVALID_SUMMARY',
    });
  });

  it('the inspector refuses a plain file uploaded from the page', async () => {
    uploads.length = 0;
    const status = await page.evaluate(async () => (await fetch('/upload', { method: 'POST', body: new Blob(['%PDF-1.4\n%%EOF\n']) })).status);
    expect(status).toBe(422);
    expect(uploads[0].error?.code).toBe('NOT_A_SEALED_CONTAINER');
    await expect(inspect(Buffer.from('%PDF-1.4\n'))).rejects.toMatchObject({ code: 'NOT_A_SEALED_CONTAINER' });
  });
});
