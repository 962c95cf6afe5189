import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { PlatformConfig } from '@app/core';
import {
  EXCHANGE_CONTENT_TYPE,
  EXCHANGE_HEADERS,
  EXCHANGE_RECORDS_PATH,
  exchangeProjectPath,
  ReconciliationResponse,
  signRequest,
} from '../contract';
import { EXCHANGE_OPTIONS, ExchangeOptions } from '../exchange.options';
import { HttpExchange } from './http-exchange';
import type { PushResponse } from './push-outcome';

/** Where the records go: the province's URL, or the bundled receiver that main.ts starts on the embedded default. */
export const PROVINCIAL_TARGET = Symbol('PROVINCIAL_TARGET');
export interface ProvincialTarget {
  /** Base URL; undefined while none is known (records then wait in the outbox). */
  url?: string;
  secret: string;
  platformCode: string;
}

export function provincialTargetOf(config: PlatformConfig): ProvincialTarget {
  return { url: config.provincial.url, secret: config.provincial.secret, platformCode: config.platformCode };
}

/**
 * The HTTP side of docs/provincial-api.md (keep-alive connections, a timeout per request): a signed POST of the stored body bytes, unchanged on every resend, and
 * the signed reconciliation GET. It reports what happened; what to do about it is classifyPushResponse's.
 * The signature uses the real time (the receiver checks it against its own clock), never the platform clock.
 */
@Injectable()
export class ProvincialClient implements OnApplicationShutdown {
  private readonly http: HttpExchange;

  constructor(
    @Inject(PROVINCIAL_TARGET) private readonly target: ProvincialTarget,
    @Inject(EXCHANGE_OPTIONS) private readonly options: ExchangeOptions,
  ) {
    this.http = new HttpExchange(Math.max(8, options.concurrency));
  }

  /** Last: the deliveries still running at shutdown finish first (the worker waits for them before this). */
  onApplicationShutdown(): void {
    this.http.close();
  }

  get configured(): boolean {
    return !!this.target.url;
  }

  get url(): string | undefined {
    return this.target.url;
  }

  private headers(body: Buffer): Record<string, string> {
    const ts = Math.floor(Date.now() / 1000);
    return {
      [EXCHANGE_HEADERS.platformCode]: this.target.platformCode,
      [EXCHANGE_HEADERS.timestamp]: String(ts),
      [EXCHANGE_HEADERS.signature]: signRequest(this.target.secret, ts, body),
    };
  }

  private endpoint(path: string): string {
    if (!this.target.url) throw new Error('no provincial platform URL is configured (PROVINCIAL_API_URL)');
    return this.target.url.replace(/\/+$/, '') + path;
  }

  /** POSTs one record's stored body. Never throws: a failure to get an answer is a `network` response. */
  async push(body: string): Promise<PushResponse> {
    const bytes = Buffer.from(body, 'utf8');
    try {
      const res = await this.http.send(
        'POST',
        this.endpoint(EXCHANGE_RECORDS_PATH),
        { 'Content-Type': EXCHANGE_CONTENT_TYPE, ...this.headers(bytes) },
        bytes,
        this.options.httpTimeoutMs,
      );
      const retryAfter = res.headers['retry-after'];
      return { kind: 'response', status: res.status, retryAfter: typeof retryAfter === 'string' ? retryAfter : null, body: res.body };
    } catch (e) {
      return { kind: 'network', ...describeHttpError(e) };
    }
  }

  /** What the receiver holds of one tender project. Throws on any answer but 200. */
  async project(tenderProjectCode: string): Promise<ReconciliationResponse> {
    const res = await this.http.send('GET', this.endpoint(exchangeProjectPath(tenderProjectCode)), this.headers(Buffer.alloc(0)), undefined, this.options.httpTimeoutMs);
    const text = res.body;
    if (res.status !== 200) throw new Error(`reconciliation of ${tenderProjectCode}: HTTP ${res.status} ${text.slice(0, 300)}`);
    const body = JSON.parse(text) as ReconciliationResponse;
    if (typeof body.received !== 'number' || !Array.isArray(body.missing)) {
      throw new Error(`reconciliation of ${tenderProjectCode}: unexpected answer ${text.slice(0, 300)}`);
    }
    return body;
  }
}

export function describeHttpError(e: unknown): { error: string; timedOut: boolean } {
  const err = e as Error & { code?: string };
  const timedOut = err?.name === 'TimeoutError';
  return { error: `${err?.name ?? 'Error'}: ${err?.message ?? String(e)}${err?.code ? ` (${err.code})` : ''}`.slice(0, 500), timedOut };
}
