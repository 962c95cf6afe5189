// Generated from libs/sealing/src/node/hash-worker.ts by libs/sealing/scripts/build.js. Do not edit.
"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.BLOCKS_PER_HASH = exports.HASH_BLOCK = void 0;
exports.hashWorkerRunning = hashWorkerRunning;
exports.stopHashWorker = stopHashWorker;
exports.createWorkerSha256 = createWorkerSha256;
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
const node_crypto_1 = require("node:crypto");
const node_worker_threads_1 = require("node:worker_threads");
const deferred_1 = require("../core/deferred");
/** Bytes per message to the worker. */
exports.HASH_BLOCK = 1 << 20;
/** Blocks one hash may own: one being filled on the calling thread, the others queued at or hashed by the worker. */
exports.BLOCKS_PER_HASH = 3;
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
/** The shared worker and the hashes talking to it. */
class HashWorker {
    worker = null;
    clients = new Map();
    nextId = 1;
    /** Requests whose reply has not come: while there are any, the worker keeps the process alive. */
    awaitingReplies = 0;
    get running() {
        return this.worker !== null;
    }
    register(client) {
        const id = this.nextId++;
        this.clients.set(id, client);
        return id;
    }
    unregister(id) {
        this.clients.delete(id);
    }
    /** Sends a request; `update` and `digest` get one reply each (to the client, if it is still registered). */
    send(request) {
        const worker = this.worker ?? this.start();
        if (request.op !== 'drop' && this.awaitingReplies++ === 0)
            worker.ref();
        worker.postMessage(request, request.op === 'update' ? [request.block] : []);
    }
    /** Stops the worker (tests; a process that wants it gone). Hashes in progress fail. */
    async stop() {
        await this.worker?.terminate();
    }
    start() {
        // execArgv [] so that the parent's -r ts-node/register and the like are not loaded again in the worker
        const worker = new node_worker_threads_1.Worker(WORKER_SOURCE, { eval: true, execArgv: [] });
        worker.unref();
        worker.on('message', (reply) => {
            if (this.worker !== worker)
                return;
            if (--this.awaitingReplies === 0)
                worker.unref();
            this.clients.get(reply.id)?.reply(reply);
        });
        const stopped = (error) => {
            if (this.worker !== worker)
                return;
            this.worker = null;
            this.awaitingReplies = 0;
            const clients = [...this.clients.values()];
            this.clients.clear();
            for (const client of clients)
                client.fail(error);
        };
        worker.on('error', (error) => stopped(error));
        worker.on('exit', (code) => stopped(new Error(`the SHA-256 worker thread stopped (exit code ${code})`)));
        this.worker = worker;
        return worker;
    }
}
const shared = new HashWorker();
/** Whether the shared worker is running (for tests). */
function hashWorkerRunning() {
    return shared.running;
}
/** Stops the shared worker; the next hash that needs it starts a new one. */
function stopHashWorker() {
    return shared.stop();
}
class WorkerSha256 {
    id = 0; // registered with the worker once the first block is sent
    free = [];
    allocated = 0;
    block = null;
    filled = 0;
    blockReturned = null;
    digested = null;
    failure = null;
    done = false;
    /** Blocks this hash has allocated (at most BLOCKS_PER_HASH); for tests. */
    get blocks() {
        return this.allocated;
    }
    update(data) {
        if (this.done)
            throw new Error('update() after digest() or dispose()');
        if (this.failure)
            throw this.failure;
        const copied = this.copy(data, 0);
        if (copied < data.length)
            return this.updateRest(data, copied);
    }
    async digest() {
        if (this.done)
            throw new Error('digest() after digest() or dispose()');
        if (this.failure)
            throw this.failure;
        this.done = true;
        if (this.id === 0) {
            // never filled a block: a small file, hashed here without the worker
            const hash = (0, node_crypto_1.createHash)('sha256');
            if (this.block)
                hash.update(this.block.subarray(0, this.filled));
            return new Uint8Array(hash.digest());
        }
        if (this.filled > 0)
            this.send();
        this.digested = (0, deferred_1.deferred)();
        shared.send({ op: 'digest', id: this.id });
        try {
            return await this.digested.promise;
        }
        finally {
            shared.unregister(this.id);
        }
    }
    dispose() {
        if (!this.done && this.id !== 0 && this.failure === null)
            shared.send({ op: 'drop', id: this.id });
        this.done = true;
        if (this.id !== 0)
            shared.unregister(this.id);
        const disposed = new Error('the hash was disposed');
        this.blockReturned?.reject(disposed);
        this.blockReturned = null;
        this.digested?.reject(disposed); // no effect once it has settled
    }
    reply(reply) {
        if ('block' in reply) {
            this.free.push(reply.block);
            const waiting = this.blockReturned;
            this.blockReturned = null;
            waiting?.resolve();
        }
        else {
            this.digested?.resolve(new Uint8Array(reply.digest));
        }
    }
    fail(error) {
        this.failure = error;
        this.blockReturned?.reject(error);
        this.blockReturned = null;
        this.digested?.reject(error);
    }
    async updateRest(data, from) {
        let offset = from;
        while (offset < data.length) {
            if (this.failure)
                throw this.failure;
            this.blockReturned = (0, deferred_1.deferred)();
            await this.blockReturned.promise;
            offset = this.copy(data, offset);
        }
    }
    /** Copies from `data[offset]` on as far as the blocks at hand allow; returns how far it got. */
    copy(data, offset) {
        while (offset < data.length) {
            if (this.block === null) {
                const buffer = this.free.pop() ?? (this.allocated < exports.BLOCKS_PER_HASH ? (this.allocated++, new ArrayBuffer(exports.HASH_BLOCK)) : null);
                if (buffer === null)
                    return offset; // every block is with the worker: wait for one
                this.block = new Uint8Array(buffer);
            }
            const take = Math.min(exports.HASH_BLOCK - this.filled, data.length - offset);
            this.block.set(take === data.length ? data : data.subarray(offset, offset + take), this.filled);
            this.filled += take;
            offset += take;
            if (this.filled === exports.HASH_BLOCK)
                this.send();
        }
        return offset;
    }
    send() {
        if (this.id === 0)
            this.id = shared.register(this);
        const block = this.block.buffer;
        const length = this.filled;
        this.block = null;
        this.filled = 0;
        shared.send({ op: 'update', id: this.id, block, length });
    }
}
/** An incremental SHA-256 computed on the shared worker thread (see the top of this file). */
function createWorkerSha256() {
    return new WorkerSha256();
}
