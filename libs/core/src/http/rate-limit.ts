import { applyDecorators, DynamicModule, ExecutionContext, Injectable, Module, SetMetadata, UseGuards } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerModule, ThrottlerRequest, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type { Request, Response } from 'express';
import { PlatformConfig, RateLimitKind } from '../config/platform-config';
import { DomainError } from '../errors/domain-error';
import { clientIp } from './actor';
import { ApiProblems } from './api-responses';

const RATE_LIMIT_KIND = 'etendering:rate-limit-kind';

const WHAT: Record<RateLimitKind, { zh: string; en: string }> = {
  login: { zh: '登录', en: 'login' },
  registration: { zh: '注册', en: 'registration' },
  search: { zh: '公告查询', en: 'notice search' },
  feed: { zh: '订阅源', en: 'feed' },
};

/**
 * Requests per client address on a route anyone can call without an account, with the limit of `kind` from the
 * configuration (`rateLimits`). Over the limit: 429 problem+json `RATE_LIMITED` with `Retry-After`.
 */
export function RateLimited(kind: RateLimitKind) {
  return applyDecorators(SetMetadata(RATE_LIMIT_KIND, kind), UseGuards(RateLimitGuard), ApiProblems({ 429: ['RATE_LIMITED'] }));
}

/** @nestjs/throttler's guard, applying only the throttler named by the route's `@RateLimited` kind. */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    const kind = this.reflector.getAllAndOverride<RateLimitKind | undefined>(RATE_LIMIT_KIND, [props.context.getHandler(), props.context.getClass()]);
    if (props.throttler.name !== kind) return true;
    return super.handleRequest(props);
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    return clientIp(req as unknown as Request) ?? 'unknown';
  }

  /** The library names its header after the throttler (Retry-After-login); clients read the standard one. */
  protected override setResponseHeader(res: Record<string, unknown>, name: string, value: string | number): void {
    const standard = name.replace(/-(login|registration|search|feed)$/, '');
    (res as unknown as Response).setHeader(standard, String(value));
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const kind = this.reflector.getAllAndOverride<RateLimitKind>(RATE_LIMIT_KIND, [context.getHandler(), context.getClass()]);
    const retryAfterSeconds = Math.max(1, detail.timeToBlockExpire);
    throw new DomainError(
      'RATE_LIMITED',
      429,
      `${WHAT[kind].zh}请求过于频繁，请 ${retryAfterSeconds} 秒后再试`,
      `Too many ${WHAT[kind].en} requests from this address; try again in ${retryAfterSeconds} s`,
      { limit: detail.limit, windowSeconds: Math.round(detail.ttl / 1000), retryAfterSeconds },
    );
  }
}

/** The throttlers of every rate-limited kind, counted in Redis when the platform has it (shared by every api). */
@Module({})
export class RateLimitModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    return {
      module: RateLimitModule,
      imports: [
        ThrottlerModule.forRoot({
          throttlers: (Object.keys(config.rateLimits) as RateLimitKind[]).map((name) => ({ name, limit: config.rateLimits[name].limit, ttl: config.rateLimits[name].ttlMs })),
          storage: config.redisUrl ? new ThrottlerStorageRedisService(config.redisUrl, { keyPrefix: `${config.queuePrefix}:rate-limit:`, lazyConnect: false }) : undefined,
        }),
      ],
      providers: [RateLimitGuard],
      exports: [ThrottlerModule, RateLimitGuard],
      global: true,
    };
  }
}
