import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** What the gate keeps about an admitted connection. */
interface Admitted {
  /** Admitted and its first request not yet arrived: it holds a place until that request or its close. */
  awaitingFirst: boolean;
}

/**
 * Lets at most `limit` connections be read at once: those with a request in progress, and those just admitted
 * whose first request has not arrived. Any further connection is accepted but not read (Node's pauseOnConnect):
 * its bytes stay in the kernel's socket buffer, held back by TCP flow control, until a place frees, first come
 * first served. Idle keep-alive connections hold no place; a request on one is read at once, but a request that
 * starts while connections wait closes its connection after the response, so during a rush each kept-alive
 * connection brings at most one request past the gate.
 *
 * Why: Node reads a connection (up to 64 KiB) before any handler can know its request is an upload, and keeps
 * each request's objects while it waits for the upload budget. With a thousand bidders uploading at 截止 that
 * was about 0.2 MiB a connection outside the budget (libs/bids/README.md). Behind the gate the memory of a rush is
 * that of `limit` connections and the upload budget, whatever the number of bidders; the others wait in the
 * kernel, and Node's request timeout starts for them only when they are admitted.
 *
 * The cost: while `limit` requests are in progress, a new connection (a page, a health check) waits its turn
 * behind the rush. HTTP_ACTIVE_CONNECTIONS sets the limit (docs/design.md, "Uploads and memory").
 */
export class ConnectionGate {
  private busy = 0;
  private readonly waiting: Socket[] = [];
  private readonly admitted = new WeakMap<Socket, Admitted>();
  private readonly serve: (socket: Socket) => void;

  constructor(
    server: Server,
    readonly limit: number,
  ) {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError('the connection limit must be a positive whole number');
    // Node's HTTP connection handler (and any other 'connection' listener so far) runs when a connection is admitted
    const listeners = server.listeners('connection') as ((socket: Socket) => void)[];
    server.removeAllListeners('connection');
    this.serve = (socket) => {
      for (const listener of listeners) listener.call(server, socket);
    };
    // read nothing of a connection until it is admitted (a documented option of net.Server, read per connection)
    (server as Server & { pauseOnConnect: boolean }).pauseOnConnect = true;
    server.on('connection', (socket: Socket) => this.arrive(socket));
    // before the application's own listener, so that a response can still be told to close its connection
    server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => this.started(req, res));
  }

  /** Connections being read now (requests in progress, and admitted connections awaiting their first request). */
  get inUse(): number {
    return this.busy;
  }

  /** Connections accepted and not yet read. */
  get queued(): number {
    return this.waiting.length;
  }

  private arrive(socket: Socket): void {
    if (this.busy < this.limit && this.waiting.length === 0) return this.admit(socket);
    // it reads nothing while it waits, so nothing but a reset can fail it; keep that from being unhandled
    socket.on('error', ignore);
    this.waiting.push(socket);
  }

  private admit(socket: Socket): void {
    this.busy++;
    const state: Admitted = { awaitingFirst: true };
    this.admitted.set(socket, state);
    socket.off('error', ignore);
    socket.once('close', () => {
      if (!state.awaitingFirst) return; // a request in progress frees its place when its response closes
      state.awaitingFirst = false;
      this.free();
    });
    this.serve(socket);
    socket.resume();
  }

  private started(req: IncomingMessage, res: ServerResponse): void {
    const state = this.admitted.get(req.socket);
    if (state?.awaitingFirst) state.awaitingFirst = false; // takes over the place its connection held
    else this.busy++; // a later request on a kept-alive connection, read before the gate could hold it back
    // A request that starts while connections wait does not keep its connection alive: the client's next request
    // then comes on a new connection and queues with the others, instead of being read at once on the old one.
    if (this.waiting.length > 0 || this.busy > this.limit) res.setHeader('connection', 'close');
    res.once('close', () => this.free());
  }

  private free(): void {
    this.busy--;
    while (this.busy < this.limit && this.waiting.length > 0) {
      const next = this.waiting.shift()!;
      if (next.destroyed) continue;
      this.admit(next);
    }
  }
}

function ignore(): void {}
