import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeHttpError } from './provincial.client';
import { HttpExchange, HttpTimeoutError, MAX_ANSWER_BYTES } from './http-exchange';

type Handler = (req: IncomingMessage, body: Buffer, res: ServerResponse) => void;

describe('HttpExchange', () => {
  let server: Server;
  let base: string;
  let handler: Handler;
  let connections: number;
  let http: HttpExchange;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => handler(req, Buffer.concat(chunks), res));
    });
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    connections = 0;
    http = new HttpExchange(4);
  });

  afterEach(() => http.close());

  it('sends the exact bytes with the given headers and returns status, lower-case headers and body', async () => {
    let seen: { method?: string; url?: string; headers?: IncomingMessage['headers']; body?: Buffer } = {};
    handler = (req, body, res) => {
      seen = { method: req.method, url: req.url, headers: req.headers, body };
      res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '7' });
      res.end('{"success":false,"msg":"限流"}');
    };
    const body = Buffer.from('{"记录":"招标公告"}', 'utf8');
    const answer = await http.send('POST', `${base}/v1/exchange/records?x=1`, { 'Content-Type': 'application/json; charset=utf-8', 'X-Signature': 'abc' }, body, 5000);
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe('/v1/exchange/records?x=1');
    expect(seen.headers?.['x-signature']).toBe('abc');
    expect(seen.headers?.['content-length']).toBe(String(body.length));
    expect(seen.body?.equals(body)).toBe(true);
    expect(answer).toEqual({ status: 429, headers: expect.objectContaining({ 'retry-after': '7' }), body: '{"success":false,"msg":"限流"}' });
  });

  it('keeps its connections for the next requests (keep-alive)', async () => {
    handler = (_req, _body, res) => res.end('ok');
    for (let i = 0; i < 20; i++) expect((await http.send('GET', `${base}/`, {}, undefined, 5000)).body).toBe('ok');
    // (undici may open a second connection while the first one finishes its answer)
    expect(connections).toBeLessThanOrEqual(2);
  });

  it('times out the whole exchange, also an answer whose body never completes', async () => {
    handler = (_req, _body, res) => {
      res.writeHead(200, { 'Content-Length': '100' });
      res.write('partial');
    };
    const started = Date.now();
    const error = await http.send('POST', `${base}/`, {}, Buffer.from('x'), 300).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpTimeoutError);
    expect(describeHttpError(error).timedOut).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('times out a request still waiting for a free connection, which then never goes out', async () => {
    const held: ServerResponse[] = [];
    const paths: string[] = [];
    handler = (req, _body, res) => {
      paths.push(req.url ?? '');
      held.push(res);
    };
    const one = new HttpExchange(1);
    try {
      const first = one.send('POST', `${base}/first`, {}, Buffer.from('1'), 5000);
      const second = await one.send('POST', `${base}/second`, {}, Buffer.from('2'), 300).catch((e: unknown) => e);
      expect(second).toBeInstanceOf(HttpTimeoutError);
      held.shift()!.end('done');
      expect((await first).body).toBe('done');
      await new Promise((r) => setTimeout(r, 200));
      expect(paths).toEqual(['/first']);
    } finally {
      for (const res of held) res.end();
      one.close();
    }
  });

  it('refuses an answer larger than its limit', async () => {
    handler = (_req, _body, res) => res.end(Buffer.alloc(MAX_ANSWER_BYTES + 1, 'a'));
    await expect(http.send('GET', `${base}/`, {}, undefined, 5000)).rejects.toThrow(/answer larger than/);
  });

  it('reports a refused connection as a network error with its code, not as a timeout', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await http.send('POST', `http://127.0.0.1:${port}/`, {}, Buffer.from('x'), 5000).catch((e: unknown) => e);
    const described = describeHttpError(error);
    expect(described.timedOut).toBe(false);
    expect(described.error).toMatch(/ECONNREFUSED/);
  });

  it('refuses to send once closed', async () => {
    http.close();
    await expect(http.send('GET', `${base}/`, {}, undefined, 5000)).rejects.toThrow(/closed/);
  });
});
