/**
 * The bidder tool's calls to the platform: log in, submit a container (streamed), hand over the key at the
 * opening. Plain HTTP with Node's fetch; the password comes from the environment, never from the command line.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';

export interface PlatformLogin {
  api: string;
  token?: string;
  username?: string;
  password?: string;
}

export class PlatformError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly zh?: string,
  ) {
    super(message);
  }
}

async function problem(r: Response): Promise<PlatformError> {
  const text = await r.text();
  try {
    const body = JSON.parse(text) as { code?: string; message?: { zh?: string; en?: string } };
    return new PlatformError(r.status, body.code ?? `HTTP_${r.status}`, body.message?.en ?? text, body.message?.zh);
  } catch {
    return new PlatformError(r.status, `HTTP_${r.status}`, text.slice(0, 200));
  }
}

function base(api: string): string {
  const u = new URL(api);
  if (u.protocol !== 'https:' && !['localhost', '127.0.0.1', '[::1]'].includes(u.hostname)) {
    throw new Error(`refusing to send a key or a bid over plain HTTP to ${u.hostname}: use https://`);
  }
  // The platform's API lives under /api; accept the site's address with or without it.
  const root = u.toString().replace(/\/+$/, '');
  return root.endsWith('/api') ? root : `${root}/api`;
}

export async function accessToken(login: PlatformLogin): Promise<string> {
  if (login.token) return login.token;
  if (!login.username || !login.password) throw new Error('give --token (or BID_SEAL_TOKEN), or --user with the password in BID_SEAL_PASSWORD');
  const r = await fetch(`${base(login.api)}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: login.username, password: login.password }),
  });
  if (!r.ok) throw await problem(r);
  return ((await r.json()) as { accessToken: string }).accessToken;
}

export async function submitBid(
  login: PlatformLogin,
  sectionId: string,
  container: string,
  security: { amount?: string; form?: string },
  fileName: string,
): Promise<Record<string, unknown>> {
  const token = await accessToken(login);
  const { size } = await stat(container);
  const headers: Record<string, string> = {
    authorization: `Bearer ${token}`,
    'content-type': 'application/octet-stream',
    'content-length': String(size),
    'x-bid-file-name': encodeURIComponent(fileName),
  };
  if (security.amount) headers['x-bid-security-amount'] = security.amount;
  if (security.form) headers['x-bid-security-form'] = security.form;
  const r = await fetch(`${base(login.api)}/sections/${encodeURIComponent(sectionId)}/bids`, {
    method: 'PUT',
    headers,
    body: Readable.toWeb(createReadStream(container)) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  if (!r.ok) throw await problem(r);
  return (await r.json()) as Record<string, unknown>;
}

export async function handOverKey(login: PlatformLogin, sectionId: string, keyHex: string): Promise<Record<string, unknown>> {
  const token = await accessToken(login);
  const r = await fetch(`${base(login.api)}/sections/${encodeURIComponent(sectionId)}/bids/mine/key`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ key: keyHex }),
  });
  if (!r.ok) throw await problem(r);
  return (await r.json()) as Record<string, unknown>;
}
