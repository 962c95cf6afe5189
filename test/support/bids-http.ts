/** HTTP helpers for the bids end-to-end tests and the benchmark. */
import { request } from 'node:http';

export interface RawResponse {
  status: number;
  body: string;
  /** ms from the start of the request to the response's first byte */
  respondedAfterMs: number;
}

/**
 * PUTs a bid with node:http, writing `pieces` one after another with `delayMs` between them (a throttled client),
 * and resolves with the response as soon as it has arrived, even if the server answered before the body was
 * written to the end (it then stops writing). Rejects only if no response came.
 */
export function putBidThrottled(
  url: string,
  token: string,
  pieces: Buffer[],
  delayMs: number,
  headers: Record<string, string> = {},
): Promise<RawResponse & { piecesWritten: number }> {
  return sendThrottled('PUT', url, token, pieces, delayMs, headers);
}

/** `putBidThrottled` with any method (an upload to another route). */
export function sendThrottled(
  method: string,
  url: string,
  token: string,
  pieces: Buffer[],
  delayMs: number,
  headers: Record<string, string> = {},
): Promise<RawResponse & { piecesWritten: number; headers: Record<string, string | string[] | undefined> }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const req = request(url, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/octet-stream',
        ...(headers['content-length'] === undefined ? { 'transfer-encoding': 'chunked' } : {}),
        ...headers,
      },
    });
    req.on('response', (res) => {
      answered = true;
      const respondedAfterMs = Date.now() - started;
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      const done = () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8'), respondedAfterMs, piecesWritten: written, headers: res.headers });
      res.on('end', done);
      res.on('error', done);
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const next = () => {
      if (answered || req.destroyed) return;
      if (written === pieces.length) {
        req.end();
        return;
      }
      req.write(pieces[written++]);
      setTimeout(next, delayMs);
    };
    next();
  });
}

/** Splits a buffer into `n` pieces of about the same size. */
export function split(buffer: Buffer, n: number): Buffer[] {
  const size = Math.ceil(buffer.length / n);
  const out: Buffer[] = [];
  for (let at = 0; at < buffer.length; at += size) out.push(buffer.subarray(at, at + size));
  return out;
}

/** PUTs a sealed bid container through the API as a bidder, with its bid security (20,000.00 元 by transfer unless given). */
export function putSealedBid(
  client: { fetch(path: string, init?: RequestInit & { token?: string }): Promise<Response> },
  token: string,
  sectionId: string,
  container: Buffer,
  security: { amount: string; form: string } = { amount: '20000.00', form: 'transfer' },
): Promise<Response> {
  return client.fetch(`/api/sections/${sectionId}/bids`, {
    method: 'PUT',
    token,
    headers: { 'content-type': 'application/octet-stream', 'x-bid-security-amount': security.amount, 'x-bid-security-form': security.form },
    body: new Uint8Array(container),
  });
}
