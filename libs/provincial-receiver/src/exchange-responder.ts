import type { IncomingMessage, ServerResponse } from 'node:http';
import { Logger } from '@nestjs/common';
import { EXCHANGE_RECORDS_PATH } from '@app/exchange';
import { Delays } from './delays';
import { ExchangeReceiver, type IncomingRequest, type SimReply } from './exchange-receiver';
import { formatShanghai } from './shanghai-time';
import { TrafficLog } from './traffic-log';

const logger = new Logger('ProvincialSim');

export type BodyRead = { ok: true; body: Buffer } | { ok: false; reason: 'too-large' | 'aborted'; error?: Error };

/**
 * The request body as the exact bytes received, for the signature, which is computed over those bytes. A body
 * over `maxBytes` (declared or counted) is refused as soon as that is known, without being held in memory.
 */
export function readRawBody(req: IncomingMessage, maxBytes: number): Promise<BodyRead> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      req.resume();
      resolve({ ok: false, reason: 'too-large' });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: BodyRead) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > maxBytes) {
        chunks.length = 0;
        settle({ ok: false, reason: 'too-large' });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => settle({ ok: true, body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size) }));
    req.on('error', (error) => settle({ ok: false, reason: 'aborted', error }));
  });
}

/** What the receiver needs of a request, from node:http's own (Express's request is one too). */
export function incomingRequest(req: IncomingMessage, path: string, rawBody: Buffer): IncomingRequest {
  return {
    method: req.method ?? 'GET',
    path,
    header: (name) => {
      const value = req.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(', ') : value;
    },
    rawBody,
  };
}

/** 413 for a body over the limit; the connection is closed, since the rest of the body is not read. */
export function writeTooLarge(res: ServerResponse, maxBytes: number): void {
  writeJson(res, 413, { success: false, errorCode: 'PAYLOAD_TOO_LARGE', errorMessage: `body over ${maxBytes} bytes` }, { Connection: 'close' });
}

function writeJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

/**
 * Answers one exchange request: runs the handler, holds the answer when the timeout fault says so, writes it
 * unless the client has gone, and notes the attempt in the traffic log. Works on node:http's own request and
 * response, so the Express routes and the fast path below share it.
 */
export async function respond(
  request: { method: string; path: string },
  res: ServerResponse,
  handle: () => Promise<SimReply>,
  delays: Delays,
  traffic: TrafficLog,
): Promise<void> {
  const arrivedAtMs = Date.now();
  let clientGone = false;
  res.on('close', () => {
    if (!res.writableFinished) clientGone = true;
  });
  let reply: SimReply;
  try {
    reply = await handle();
  } catch (error) {
    logger.error(`${request.method} ${request.path} failed: ${(error as Error).stack ?? String(error)}`);
    reply = { status: 500, body: { success: false, errorCode: 'INTERNAL_ERROR' }, serialNumber: null };
  }
  if (reply.holdMs) await delays.sleep(reply.holdMs);
  if (!clientGone && !res.headersSent) writeJson(res, reply.status, reply.body, reply.headers);
  const body = reply.body as { errorCode?: string; duplicate?: boolean };
  traffic.record({
    serialNumber: reply.serialNumber,
    method: request.method,
    path: request.path,
    arrivedAt: formatShanghai(new Date(arrivedAtMs)),
    arrivedAtMs,
    status: reply.status,
    ...(body.errorCode ? { errorCode: body.errorCode } : {}),
    ...(typeof body.duplicate === 'boolean' ? { duplicate: body.duplicate } : {}),
    ...(reply.headers?.['Retry-After'] ? { retryAfterSeconds: Number(reply.headers['Retry-After']) } : {}),
    ...(reply.fault ? { fault: reply.fault } : {}),
    responded: !clientGone,
  });
}

/** The path of a request target, without the query; one trailing slash is ignored, as Express does. */
function pathOf(url: string | undefined): string {
  const target = url ?? '/';
  const q = target.indexOf('?');
  const path = q === -1 ? target : target.slice(0, q);
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/**
 * `POST /v1/exchange/records` straight on node:http, in front of Nest and Express: the one route that takes
 * the sender's whole load. Routing, Express's request and response decoration and Nest's handler pipeline cost
 * about 40% of the receiver's throughput on this route (bench/exchange.bench.ts); what the route does is
 * unchanged (ExchangeReceiver), and every other route stays a Nest controller.
 */
export class RecordsFastPath {
  constructor(
    private readonly receiver: ExchangeReceiver,
    private readonly delays: Delays,
    private readonly traffic: TrafficLog,
    private readonly maxBodyBytes: number,
  ) {}

  /** Takes the request when it is the records POST (true); otherwise leaves it alone (false). */
  take(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'POST') return false;
    const path = pathOf(req.url);
    if (path !== EXCHANGE_RECORDS_PATH) return false;
    this.serve(req, res, path).catch((error: unknown) => {
      logger.error(`POST ${path} failed: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) writeJson(res, 500, { success: false, errorCode: 'INTERNAL_ERROR' });
      else res.destroy();
    });
    return true;
  }

  private async serve(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const read = await readRawBody(req, this.maxBodyBytes);
    if (!read.ok) {
      if (read.reason === 'too-large') writeTooLarge(res, this.maxBodyBytes);
      else res.destroy();
      return;
    }
    const incoming = incomingRequest(req, path, read.body);
    await respond(incoming, res, () => this.receiver.receiveRecord(incoming), this.delays, this.traffic);
  }
}
