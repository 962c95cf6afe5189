import { timingSafeEqual, createHash } from 'node:crypto';
import {
  type CanActivate,
  Controller,
  type ExecutionContext,
  Get,
  HttpCode,
  Inject,
  Injectable,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { FaultInjector, type FaultParseResult } from './fault-injector';
import { RecordStore } from './record-store';
import { SIM_CONFIG, type SimConfig } from './provincial-sim.tokens';
import { TrafficLog } from './traffic-log';

export const ADMIN_TOKEN_HEADER = 'X-Admin-Token';

/** The admin calls need `X-Admin-Token: <the shared secret>` (compared in constant time). */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(@Inject(SIM_CONFIG) private readonly config: SimConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const given = context.switchToHttp().getRequest<Request>().header(ADMIN_TOKEN_HEADER) ?? '';
    // Hash both sides so that the comparison does not depend on (or reveal) the secret's length.
    const a = createHash('sha256').update(given).digest();
    const b = createHash('sha256').update(this.config.secret).digest();
    if (given.length > 0 && timingSafeEqual(a, b)) return true;
    throw new UnauthorizedException({ success: false, errorCode: 'BAD_ADMIN_TOKEN' });
  }
}

type RawRequest = Request & { rawBody?: Buffer };

function jsonBody(req: RawRequest): { ok: true; value: unknown } | { ok: false } {
  const raw = req.rawBody;
  if (!raw || raw.length === 0) return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(raw.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

/**
 * Test and demo controls: the fault knobs, a reset, counters and the attempts per serialNumber.
 * Not part of the provincial contract.
 */
@Controller('admin')
@UseGuards(AdminTokenGuard)
export class AdminController {
  constructor(
    @Inject(FaultInjector) private readonly faults: FaultInjector,
    @Inject(RecordStore) private readonly store: RecordStore,
    @Inject(TrafficLog) private readonly traffic: TrafficLog,
  ) {}

  @Get('faults')
  getFaults() {
    return { faults: this.faults.settings, startup: this.faults.startupSettings };
  }

  /** Sets every knob: those not named go back to neutral (no fault). */
  @Put('faults')
  putFaults(@Req() req: RawRequest, @Res() res: Response) {
    this.change(req, res, (input) => this.faults.replace(input));
  }

  /** Changes only the knobs named. */
  @Patch('faults')
  patchFaults(@Req() req: RawRequest, @Res() res: Response) {
    this.change(req, res, (input) => this.faults.patch(input));
  }

  private change(req: RawRequest, res: Response, apply: (input: unknown) => FaultParseResult) {
    const body = jsonBody(req);
    const result: FaultParseResult = body.ok ? apply(body.value) : { ok: false, errors: [{ path: '', message: 'body must be JSON' }] };
    if (!result.ok) {
      res.status(400).json({ success: false, errorCode: 'BAD_FAULTS', errorMessage: 'invalid fault settings', errors: result.errors });
      return;
    }
    res.status(200).json({ faults: result.settings });
  }

  /** Deletes every record, forgets the traffic and restores the start-up fault knobs. */
  @Post('reset')
  @HttpCode(200)
  async reset() {
    await this.store.clear();
    this.traffic.clear();
    this.faults.restoreStartup();
    return { success: true };
  }

  @Get('stats')
  async stats() {
    const byDataset = await this.store.countsByDataset();
    return {
      engine: this.store.engine,
      records: { total: Object.values(byDataset).reduce((a, b) => a + b, 0), byDataset },
      requests: this.traffic.counts(),
      faults: this.faults.settings,
    };
  }

  /** Every attempt of one serialNumber in arrival order (or the latest 200 attempts of all). */
  @Get('attempts')
  attempts(@Query('serialNumber') serialNumber?: string) {
    const key = typeof serialNumber === 'string' && serialNumber.length > 0 ? serialNumber : undefined;
    return { serialNumber: key ?? null, attempts: this.traffic.attempts(key) };
  }
}
