import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DependencyCheckDto, HealthDto, ProbeDto, ProbeIndicatorDto } from '../admin/platform.dto';
import { ApiProblems } from '../http/api-responses';
import { HealthCheck, HealthCheckService, HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { DomainError } from '../errors/domain-error';
import { Public } from '../http/access';
import { HealthService } from './health.service';
import { ReadinessService } from './readiness.service';

/**
 * The probes, served outside /api where operators expect them (@nestjs/terminus):
 * /health/live answers while the process runs; /health/ready only once start-up has finished (migrations and
 * the demo seed) and every dependency answers; /health gives each dependency's state.
 */
@ApiTags('health 健康检查')
@ApiExtraModels(DependencyCheckDto, ProbeIndicatorDto)
@Controller('health')
export class HealthController {
  constructor(
    private readonly terminus: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly health: HealthService,
    private readonly readiness: ReadinessService,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Each dependency: database, object store, queue' })
  @ApiOkResponse({ type: HealthDto })
  check(): Promise<HealthDto> {
    return this.health.run();
  }

  // terminus documents its probes with a schema of its own; ProbeDto and NOT_READY say the same, typed
  @Public()
  @Get('live')
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ type: ProbeDto })
  live() {
    return this.terminus.check([]);
  }

  @Public()
  @Get('ready')
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({ summary: 'Readiness: start-up finished and every dependency up (503 until then)' })
  @ApiOkResponse({ type: ProbeDto })
  @ApiProblems({ 503: ['NOT_READY'] })
  async ready() {
    const startup = async (): Promise<HealthIndicatorResult> => {
      const s = this.indicators.check('startup');
      return this.readiness.ready ? s.up() : s.down({ pending: this.readiness.pending });
    };
    const dependencies = async (): Promise<HealthIndicatorResult> => {
      const { checks } = await this.health.run();
      let result: HealthIndicatorResult = {};
      for (const [name, c] of Object.entries(checks)) {
        const s = this.indicators.check(name);
        result = { ...result, ...(c.status === 'up' ? s.up() : s.down({ error: c.error })) };
      }
      return result;
    };
    try {
      return await this.terminus.check([startup, dependencies]);
    } catch (e) {
      if (!(e instanceof ServiceUnavailableException)) throw e;
      const pending = this.readiness.pending;
      throw new DomainError(
        'NOT_READY',
        503,
        pending.length ? `平台正在启动（${pending.join('、')}），请稍候` : '平台依赖的服务不可用',
        pending.length ? `The platform is starting (${pending.join(', ')}); try again shortly` : 'A service the platform depends on is down',
        { health: e.getResponse() },
      );
    }
  }
}
