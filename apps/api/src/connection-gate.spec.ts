import { Agent, createServer, IncomingMessage, request, Server, ServerResponse } from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import { ConnectionGate } from './connection-gate';

/** A server whose handler reads the body and then waits until the test lets the request finish. */
function heldServer() {
  const held: { body: Promise<number>; finish: () => void }[] = [];
  const arrivedWaiters: (() => void)[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let size = 0;
    const body = new Promise<number>((resolve) => {
      req.on('data', (c: Buffer) => (size += c.length));
      req.on('end', () => resolve(size));
    });
    held.push({ body, finish: () => void body.then((n) => res.end(String(n))) });
    arrivedWaiters.splice(0).forEach((w) => w());
  });
  const requestsReached = async (n: number) => {
    while (held.length < n) await new Promise<void>((resolve) => arrivedWaiters.push(resolve));
  };
  return { server, held, requestsReached };
}

/** Resolves with the server's sockets once it has accepted `n` connections (the gate's listener runs first). */
function accepted(server: Server, n: number): Promise<Socket[]> {
  const seen: Socket[] = [];
  return new Promise((resolve) =>
    server.on('connection', (socket: Socket) => {
      if (seen.push(socket) === n) resolve(seen);
    }),
  );
}

function post(port: number, body: Buffer, agent: Agent | false = false, seen?: (connection: string | undefined) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ port, host: '127.0.0.1', method: 'POST', path: '/', agent, headers: { 'content-length': body.length } }, (res) => {
      seen?.(res.headers.connection);
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('ConnectionGate', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      await new Promise((resolve) => s.close(resolve));
    }
  });

  it('reads at most `limit` connections at once; the others wait unread and are all served, in order, losing nothing', async () => {
    const { server, held, requestsReached } = heldServer();
    servers.push(server);
    const gate = new ConnectionGate(server, 2);
    const allAccepted = accepted(server, 5);
    const port = await listen(server);
    const body = Buffer.alloc(256 * 1024, 7);
    const answers = Array.from({ length: 5 }, () => post(port, body));

    const sockets = await allAccepted;
    await requestsReached(2);
    await Promise.all(held.map((h) => h.body));
    expect(held).toHaveLength(2);
    expect(gate.inUse).toBe(2);
    expect(gate.queued).toBe(3);
    // the waiting connections' bytes are not read into the process: they stay in the kernel
    expect(sockets.map((s) => s.bytesRead > 0).sort()).toEqual([false, false, false, true, true]);

    // each finished request lets the next connection in
    for (let i = 0; i < 5; i++) {
      await requestsReached(i + 1);
      held[i].finish();
    }
    expect(await Promise.all(answers)).toEqual(Array(5).fill(String(body.length)));
    expect(gate.inUse).toBe(0);
    expect(gate.queued).toBe(0);
  });

  it('holds no place for an idle kept-alive connection', async () => {
    const { server, held, requestsReached } = heldServer();
    servers.push(server);
    const gate = new ConnectionGate(server, 2);
    const port = await listen(server);
    const agent = new Agent({ keepAlive: true, maxSockets: 2 });
    const first = [post(port, Buffer.from('a'), agent), post(port, Buffer.from('b'), agent)];
    await requestsReached(2);
    held[0].finish();
    held[1].finish();
    expect(await Promise.all(first)).toEqual(['1', '1']);
    // both connections stay open and idle
    expect(Object.values(agent.freeSockets).flat()).toHaveLength(2);
    expect(gate.inUse).toBe(0);

    // two new connections are read at once
    const fresh = [post(port, Buffer.from('cc')), post(port, Buffer.from('dd'))];
    await requestsReached(4);
    expect(gate.queued).toBe(0);
    held[2].finish();
    held[3].finish();
    expect(await Promise.all(fresh)).toEqual(['2', '2']);
    agent.destroy();
  });

  it('skips a waiting connection whose client went away, and frees the place of one closed before its request', async () => {
    const { server, held, requestsReached } = heldServer();
    servers.push(server);
    const gate = new ConnectionGate(server, 1);
    const allAccepted = accepted(server, 3);
    const port = await listen(server);
    const first = post(port, Buffer.from('x'));
    await requestsReached(1);
    // a connection that waits and then goes away without a request
    const quitter = new Socket();
    await new Promise<void>((resolve) => quitter.connect(port, '127.0.0.1', resolve));
    const last = post(port, Buffer.from('yz'));
    await allAccepted;
    expect(gate.queued).toBe(2);
    quitter.destroy();

    held[0].finish();
    expect(await first).toBe('1');
    // the quitter is admitted (its close is read only then) or skipped; either way the last one is served
    await requestsReached(2);
    held[1].finish();
    expect(await last).toBe('2');
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(gate.queued).toBe(0);
  });

  it('keeps no connection alive after a request that started while other connections waited', async () => {
    const { server, held, requestsReached } = heldServer();
    servers.push(server);
    new ConnectionGate(server, 1);
    const allAccepted = accepted(server, 3);
    const port = await listen(server);
    const agent = new Agent({ keepAlive: true });
    const headers = new Map<string, string | undefined>();
    const send = (name: string) => post(port, Buffer.from(name), agent, (c) => headers.set(name, c));
    const a = send('a');
    await requestsReached(1);
    const b = send('bb');
    const c = send('ccc');
    await allAccepted;
    for (let i = 0; i < 3; i++) {
      await requestsReached(i + 1);
      held[i].finish();
    }
    expect(await Promise.all([a, b, c])).toEqual(['1', '2', '3']);
    // a started with nobody waiting, b while c waited, c with nobody waiting
    expect(Object.fromEntries(headers)).toEqual({ a: 'keep-alive', bb: 'close', ccc: 'keep-alive' });
    agent.destroy();
  });

  it('refuses a limit below 1', () => {
    expect(() => new ConnectionGate(createServer(), 0)).toThrow(RangeError);
  });
});
