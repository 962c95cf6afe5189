import { Controller, Get, Header, Headers, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { createHash, timingSafeEqual } from 'node:crypto';
import { DomainError, Public } from '@app/core';
import { EXCHANGE_OPTIONS, ExchangeOptions } from '../exchange.options';
import { ExchangeMetricsService } from './exchange-metrics.service';

/**
 * Prometheus scrape endpoint. Public to the platform's auth (a scraper has no user account); when
 * METRICS_TOKEN is set it needs `Authorization: Bearer <METRICS_TOKEN>`.
 */
@ApiExcludeController()
@Controller()
export class MetricsController {
  constructor(
    private readonly metrics: ExchangeMetricsService,
    @Inject(EXCHANGE_OPTIONS) private readonly options: ExchangeOptions,
  ) {}

  @Public()
  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async scrape(@Headers('authorization') authorization?: string): Promise<string> {
    const token = this.options.metricsToken;
    if (token) {
      const given = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : '';
      const a = createHash('sha256').update(given).digest();
      const b = createHash('sha256').update(token).digest();
      if (!given || !timingSafeEqual(a, b)) {
        throw new DomainError('METRICS_TOKEN_REQUIRED', 401, '需要监控令牌', 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>');
      }
    }
    return this.metrics.metrics();
  }
}
