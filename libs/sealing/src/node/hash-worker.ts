/**
 * The plaintext's SHA-256 on a worker thread, so that in Node it runs on one core while AES-GCM and the
 * framing run on the other (sealing and opening are bound by SHA-256, which cannot be split).
 *
 * One worker per process, started on first need and shared by every hash; it does not keep the process
 * alive except while a hash waits for it. Bytes reach it by copy into 1 MiB blocks that are transferred
 * (not copied again) there and back; each hash owns at most BLOCKS_PER_HASH of them, so memory stays bounded
 * and update() returns a promise when the caller must wait for the worker. A hash that never fills a block
 * (a file under 1 MiB) is computed on the calling thread and never starts the worker.
 */
import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { Bytes } from '../core/container-format';
import type { PlaintextHash } from '../core/crypto-platform';
import { deferred, Deferred } from '../core/deferred';

/** Bytes per message to the worker. */
export const HASH_BLOCK = 1 << 20;
/** Blocks one hash may own: one being filled on the calling thread, the others queued at or hashed by the worker. */
export const BLOCKS_PER_HASH = 3;

// Plain JavaScript, run with eval: the worker loads nothing of the project (nor ts-node).
const WORKER_SOURCE = `'use strict';
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const hashes = new Map();
parentPort.on('message', (m) => {
  if (m.op === 'update') {
    let hash = hashes.get(m.id);
    if (hash === undefined) hashes.set(m.id, (hash = createHash('sha256')));
    hash.update(new Uint8Array(m.block, 0, m.length));
    parentPort.postMessage({ id: m.id, block: m.block }, [m.block]);
  } else if (m.op === 'digest') {
    const hash = hashes.get(m.id) || createHash('sha256');
    hashes.delete(m.id);
    const digest = new Uint8Array(hash.digest());
    parentPort.postMessage({ id: m.id, digest: digest.buffer }, [digest.buffer]);
  } else if (m.op === 'drop') {
    hashes.delete(m.id);
  }
});
`;

type Reply = { id: number; block: ArrayBuffer } | { id: number; digest: ArrayBuffer };
type Request = { op: 'update'; id: number; block: ArrayBuffer; length: number } | { op: 'digest' | 'drop'; id: number };

interface Client {
  reply(reply: Reply): void;
  fail(error: Error): void;
}

/** The shared worker and the hashes talking to it. */
class HashWorker {
  private worker: Worker | null = null;
  private readonly clients = new Map<number, Client>();
  private nextId = 1;
  /** Requests whose reply has not come: while there are any, the worker keeps the process alive. */
  private awaitingReplies = 0;

  get running(): boolean {
    return this.worker !== null;
  }

  register(client: Client): number {
    const id = this.nextId++;
    this.clients.set(id, client);
    return id;
  }

  unregister(id: number): void {
    this.clients.delete(id);
  }

  /** Sends a request; `update` and `digest` get one reply each (to the client, if it is still registered). */
  send(request: Request): void {
    const worker = this.worker ?? this.start();
    if (request.op !== 'drop' && this.awaitingReplies++ === 0) worker.ref();
    worker.postMessage(request, request.op === 'update' ? [request.block] : []);
  }

  /** Stops the worker (tests; a process that wants it gone). Hashes in progress fail. */
  async stop(): Promise<void> {
    await this.worker?.terminate();
  }

  private start(): Worker {
    // execArgv [] so that the parent's -r ts-node/register and the like are not loaded again in the worker
    const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [] });
    worker.unref();
    worker.on('message', (reply: Reply) => {
      if (this.worker !== worker) return;
      if (--this.awaitingReplies === 0) worker.unref();
      this.clients.get(reply.id)?.reply(reply);
    });
    const stopped = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.awaitingReplies = 0;
      const clients = [...this.clients.values()];
      this.clients.clear();
      for (const client of clients) client.fail(error);
    };
    worker.on('error', (error) => stopped(error));
    worker.on('exit', (code) => stopped(new Error(`the SHA-256 worker thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }
}

const shared = new HashWorker();

/** Whether the shared worker is running (for tests). */
export function hashWorkerRunning(): boolean {
  return shared.running;
}

/** Stops the shared worker; the next hash that needs it starts a new one. */
export function stopHashWorker(): Promise<void> {
  return shared.stop();
}

class WorkerSha256 implements PlaintextHash, Client {
  private id = 0; // registered with the worker once the first block is sent
  private readonly free: ArrayBuffer[] = [];
  private allocated = 0;
  private block: Uint8Array | null = null;
  private filled = 0;
  private blockReturned: Deferred<void> | null = null;
  private digested: Deferred<Bytes> | null = null;
  private failure: Error | null = null;
  private done = false;

  /** Blocks this hash has allocated (at most BLOCKS_PER_HASH); for tests. */
  get blocks(): number {
    return this.allocated;
  }

  update(data: Uint8Array): void | Promise<void> {
    if (this.done) throw new Error('update() after digest() or dispose()');
    if (this.failure) throw this.failure;
    const copied = this.copy(data, 0);
    if (copied < data.length) return this.updateRest(data, copied);
  }

  async digest(): Promise<Bytes> {
    if (this.done) throw new Error('digest() after digest() or dispose()');
    if (this.failure) throw this.failure;
    this.done = true;
    if (this.id === 0) {
      // never filled a block: a small file, hashed here without the worker
      const hash = createHash('sha256');
      if (this.block) hash.update(this.block.subarray(0, this.filled));
      return new Uint8Array(hash.digest());
    }
    if (this.filled > 0) this.send();
    this.digested = deferred<Bytes>();
    shared.send({ op: 'digest', id: this.id });
    try {
      return await this.digested.promise;
    } finally {
      shared.unregister(this.id);
    }
  }

  dispose(): void {
    if (!this.done && this.id !== 0 && this.failure === null) shared.send({ op: 'drop', id: this.id });
    this.done = true;
    if (this.id !== 0) shared.unregister(this.id);
    const disposed = new Error('the hash was disposed');
    this.blockReturned?.reject(disposed);
    this.blockReturned = null;
    this.digested?.reject(disposed); // no effect once it has settled
  }

  reply(reply: Reply): void {
    if ('block' in reply) {
      this.free.push(reply.block);
      const waiting = this.blockReturned;
      this.blockReturned = null;
      waiting?.resolve();
    } else {
      this.digested?.resolve(new Uint8Array(reply.digest));
    }
  }

  fail(error: Error): void {
    this.failure = error;
    this.blockReturned?.reject(error);
    this.blockReturned = null;
    this.digested?.reject(error);
  }

  private async updateRest(data: Uint8Array, from: number): Promise<void> {
    let offset = from;
    while (offset < data.length) {
      if (this.failure) throw this.failure;
      this.blockReturned = deferred<void>();
      await this.blockReturned.promise;
      offset = this.copy(data, offset);
    }
  }

  /** Copies from `data[offset]` on as far as the blocks at hand allow; returns how far it got. */
  private copy(data: Uint8Array, offset: number): number {
    while (offset < data.length) {
      if (this.block === null) {
        const buffer = this.free.pop() ?? (this.allocated < BLOCKS_PER_HASH ? (this.allocated++, new ArrayBuffer(HASH_BLOCK)) : null);
        if (buffer === null) return offset; // every block is with the worker: wait for one
        this.block = new Uint8Array(buffer);
      }
      const take = Math.min(HASH_BLOCK - this.filled, data.length - offset);
      this.block.set(take === data.length ? data : data.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
      if (this.filled === HASH_BLOCK) this.send();
    }
    return offset;
  }

  private send(): void {
    if (this.id === 0) this.id = shared.register(this);
    const block = this.block!.buffer as ArrayBuffer;
    const length = this.filled;
    this.block = null;
    this.filled = 0;
    shared.send({ op: 'update', id: this.id, block, length });
  }
}

/** An incremental SHA-256 computed on the shared worker thread (see the top of this file). */
export function createWorkerSha256(): PlaintextHash & { readonly blocks: number } {
  return new WorkerSha256();
}
