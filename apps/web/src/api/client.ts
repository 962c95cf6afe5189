import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import { session } from './session';

/**
 * The portal's API client, typed from the OpenAPI document (schema.d.ts, `npm run api:types`): a changed route
 * or DTO breaks `npm run typecheck`, not the people using the portal.
 */
export const api = createClient<paths>({ baseUrl: '' });

/** A refusal of the API (problem+json): its stable code and its Chinese message, shown next to what caused it. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly zh: string,
    readonly fieldErrors: { field: string; message: string }[] = [],
  ) {
    super(zh);
  }
}

/** problem+json as the platform sends it (libs/core/src/errors/problem-details.filter.ts). */
interface ProblemBody {
  code?: string;
  title?: string;
  message?: { zh?: string; en?: string };
  errors?: { field: string; messages: string[] }[];
}

/** The Chinese message of a problem+json answer (the platform's DomainError sends `title` in Chinese). */
export async function problemOf(res: Response): Promise<ApiProblem> {
  let body: unknown = null;
  try {
    body = await res.clone().json();
  } catch {
    // not JSON: a proxy's page, a dropped connection
  }
  return problemFrom(res.status, body);
}

/** An ApiProblem from a refusal's status and its parsed body (openapi-fetch hands the body over as `error`). */
export function problemFrom(status: number, parsed: unknown): ApiProblem {
  const body = (parsed && typeof parsed === 'object' ? parsed : {}) as ProblemBody;
  const zh = body.message?.zh ?? (status === 401 ? '请先登录' : `请求失败（${status}）`);
  const fields = (body.errors ?? []).map((e) => ({ field: e.field, message: e.messages.join('；') }));
  return new ApiProblem(status, body.code ?? `HTTP_${status}`, zh, fields);
}

let refreshing: Promise<boolean> | null = null;

/** Swaps the refresh token for a new pair once, however many requests found the access token expired. */
async function refresh(): Promise<boolean> {
  const token = session.refreshToken;
  if (!token) return false;
  refreshing ??= (async () => {
    const res = await fetch('/api/auth/refresh', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: token }) });
    if (!res.ok) return false;
    session.store((await res.json()) as { accessToken: string; refreshToken: string });
    return true;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/** Calls an API path with the session's token; an expired session refreshes once, else asks to log in again. */
export async function authFetch(input: string, init: RequestInit = {}): Promise<Response> {
  const withToken = (): RequestInit => {
    const headers = new Headers(init.headers);
    if (session.accessToken) headers.set('authorization', `Bearer ${session.accessToken}`);
    return { ...init, headers };
  };
  let res = await fetch(input, withToken());
  if (res.status === 401 && session.refreshToken && (await refresh())) res = await fetch(input, withToken());
  if (res.status === 401 && session.accessToken) session.expire();
  return res;
}

const auth: Middleware = {
  onRequest({ request }) {
    if (session.accessToken) request.headers.set('authorization', `Bearer ${session.accessToken}`);
    return request;
  },
  async onResponse({ request, response }) {
    if (response.status !== 401 || !session.refreshToken || request.url.includes('/api/auth/')) return response;
    if (await refresh()) {
      const again = new Request(request, { headers: new Headers(request.headers) });
      again.headers.set('authorization', `Bearer ${session.accessToken}`);
      return fetch(again);
    }
    session.expire();
    return response;
  },
};
api.use(auth);

/** The answer's body, or an ApiProblem for a refusal: `await ok(api.GET('/api/me'))`. */
export async function ok<T = unknown>(call: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw problemFrom(response.status, error);
  return data as T;
}

/**
 * The browser's own words for a request that never reached the platform (Chromium 'Failed to fetch', Firefox
 * 'NetworkError when attempting to fetch resource.', Safari 'Load failed'), said in Chinese.
 */
const NETWORK_FAILURE = /^(Failed to fetch|NetworkError when attempting to fetch resource\.?|Load failed|Network request failed)$/;
export function errorText(error: Error): string {
  return error instanceof TypeError && NETWORK_FAILURE.test(error.message) ? '无法连接平台，请检查网络后重试' : error.message;
}

/** The Chinese message of anything thrown, for a page's alert. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiProblem) return error.zh;
  if (error instanceof Error) return errorText(error);
  return String(error);
}
