import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  EXCHANGE_ERROR_CODES,
  type ExchangeEnvelope,
  type ReconciliationResponse,
  validateEnvelope,
  verifySignature,
} from '@app/exchange';
import { Delays } from './delays';
import { FaultInjector } from './fault-injector';
import { RecordStore } from './record-store';
import { summarizeSequences } from './sequence-gaps';
import { formatShanghai } from './shanghai-time';
import { SIM_CONFIG, type SimConfig } from './provincial-sim.tokens';

/** What the controller writes back. */
export interface SimReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Hold the response this long (the timeout fault). */
  holdMs?: number;
  /** For the traffic log. */
  serialNumber: string | null;
  fault?: string;
}

export interface IncomingRequest {
  method: string;
  path: string;
  header(name: string): string | undefined;
  rawBody: Buffer;
}

const BAD_SIGNATURE = { success: false, errorCode: EXCHANGE_ERROR_CODES.badSignature } as const;

/** The serialNumber of a parsed body that may be anything, for the traffic log. */
function serialOf(parsed: unknown): string | null {
  const serial = (parsed as { serialNumber?: unknown } | null)?.serialNumber;
  return typeof serial === 'string' && serial.length <= 200 ? serial : null;
}

/** Best effort, for the traffic log only: the serialNumber of a body that is not strict UTF-8 JSON. */
function peekSerialNumber(raw: Buffer): string | null {
  try {
    return serialOf(JSON.parse(raw.toString('utf8')));
  } catch {
    return null;
  }
}

type ParsedBody = { ok: true; value: unknown } | { ok: false; error: Error };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The receiver's behaviour, exactly as docs/provincial-api.md writes it, with the fault knobs in front:
 * faults (paused 503, 429, 500, latency) → signature (401) → content type and JSON (400) → schemas (422)
 * → injected rejection (422) → store: new (200), duplicate (200, first receiveTime) or SERIAL_CONFLICT (409)
 * → maybe hold the response (timeout fault).
 */
@Injectable()
export class ExchangeReceiver {
  constructor(
    @Inject(SIM_CONFIG) private readonly config: SimConfig,
    @Inject(RecordStore) private readonly store: RecordStore,
    @Inject(FaultInjector) private readonly faults: FaultInjector,
    @Inject(Delays) private readonly delays: Delays,
  ) {}

  /** The injected faults that come before anything else; null to go on. */
  private async gate(serialNumber: string | null): Promise<SimReply | null> {
    const decision = this.faults.gate();
    switch (decision.kind) {
      case 'paused':
        return { status: 503, body: { success: false, errorCode: 'PAUSED', errorMessage: '接收端暂停服务 (receiver paused)' }, serialNumber, fault: 'paused' };
      case 'throttle':
        return {
          status: 429,
          body: { success: false, errorCode: EXCHANGE_ERROR_CODES.rateLimited, errorMessage: '请求过于频繁 (rate limited)' },
          headers: { 'Retry-After': String(decision.retryAfterSeconds) },
          serialNumber,
          fault: 'throttle',
        };
      case 'error':
        return { status: 500, body: { success: false, errorCode: 'SIMULATED_ERROR', errorMessage: '接收端内部错误 (simulated)' }, serialNumber, fault: 'error' };
      case 'pass':
        await this.delays.sleep(this.faults.latencyMs);
        return null;
    }
  }

  private signed(req: IncomingRequest): boolean {
    return verifySignature(
      this.config.secret,
      req.header('x-timestamp'),
      req.header('x-signature'),
      req.rawBody,
      Math.floor(this.config.clock() / 1000),
    );
  }

  private withHold(reply: SimReply): SimReply {
    const holdMs = this.faults.drawHold();
    return holdMs > 0 ? { ...reply, holdMs, fault: reply.fault ?? 'timeout' } : reply;
  }

  /** POST /v1/exchange/records */
  async receiveRecord(req: IncomingRequest): Promise<SimReply> {
    // Parsed once, here: the traffic log wants the serialNumber even of a request refused before the checks.
    let parsed: ParsedBody;
    try {
      parsed = { ok: true, value: JSON.parse(utf8.decode(req.rawBody)) };
    } catch (error) {
      parsed = { ok: false, error: error as Error };
    }
    const peeked = parsed.ok ? serialOf(parsed.value) : peekSerialNumber(req.rawBody);
    const gated = await this.gate(peeked);
    if (gated) return gated;
    return this.withHold(await this.handleRecord(req, parsed, peeked));
  }

  private async handleRecord(req: IncomingRequest, parsed: ParsedBody, peeked: string | null): Promise<SimReply> {
    if (!this.signed(req)) return { status: 401, body: BAD_SIGNATURE, serialNumber: peeked };

    const contentType = req.header('content-type') ?? '';
    const [mediaType, ...params] = contentType.split(';').map((p) => p.trim().toLowerCase());
    const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
    if (mediaType !== 'application/json' || (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')) {
      return this.badRequest(EXCHANGE_ERROR_CODES.unsupportedContentType, `Content-Type must be application/json; charset=utf-8, got "${contentType}"`, peeked);
    }
    if (!parsed.ok) {
      return this.badRequest(EXCHANGE_ERROR_CODES.malformedJson, `请求体不是合法的 UTF-8 JSON: ${parsed.error.message}`, peeked);
    }
    const body = parsed.value;

    const validation = validateEnvelope(body);
    if (!validation.ok) {
      return {
        status: 422,
        body: {
          success: false,
          errorCode: EXCHANGE_ERROR_CODES.schemaValidationFailed,
          errorMessage: '数据不符合数据集规范 (the record fails its data set schema)',
          errors: validation.errors,
        },
        serialNumber: peeked,
      };
    }
    const envelope = body as ExchangeEnvelope;
    const headerPlatform = req.header('x-platform-code');
    if (!headerPlatform) {
      return this.badRequest(EXCHANGE_ERROR_CODES.missingPlatformCode, 'X-Platform-Code header is required', peeked);
    }
    if (headerPlatform !== envelope.platformCode) {
      return {
        status: 422,
        body: {
          success: false,
          errorCode: EXCHANGE_ERROR_CODES.schemaValidationFailed,
          errorMessage: 'platformCode does not match the X-Platform-Code header',
          errors: [{ path: '/platformCode', message: 'must equal the X-Platform-Code header' }],
        },
        serialNumber: peeked,
      };
    }
    if (this.faults.rejects(envelope.datasetCode, envelope.serialNumber)) {
      return {
        status: 422,
        body: {
          success: false,
          errorCode: 'SIMULATED_REJECTION',
          errorMessage: '接收端拒收此数据 (rejected on purpose by the fault settings)',
          errors: [{ path: '/datasetCode', message: 'rejected by the receiver' }],
        },
        serialNumber: envelope.serialNumber,
        fault: 'reject',
      };
    }

    const outcome = await this.store.insert({
      serialNumber: envelope.serialNumber,
      bodySha256: createHash('sha256').update(req.rawBody).digest('hex'),
      datasetCode: envelope.datasetCode,
      platformCode: envelope.platformCode,
      tenderProjectCode: envelope.tenderProjectCode,
      sequence: envelope.sequence,
      dataTimestamp: envelope.dataTimestamp,
      receiveTime: new Date(this.config.clock()),
      body: req.rawBody.toString('utf8'),
    });
    const receiveTime = formatShanghai(outcome.receiveTime);
    if (outcome.kind === 'conflict') {
      return {
        status: 409,
        body: {
          success: false,
          errorCode: EXCHANGE_ERROR_CODES.serialConflict,
          errorMessage: '该流水号已接收过内容不同的数据 (serialNumber already received with a different body)',
          serialNumber: envelope.serialNumber,
          receiveTime,
        },
        serialNumber: envelope.serialNumber,
      };
    }
    return {
      status: 200,
      body: { success: true, receiveTime, duplicate: outcome.kind === 'duplicate' },
      serialNumber: envelope.serialNumber,
    };
  }

  private badRequest(errorCode: string, errorMessage: string, serialNumber: string | null): SimReply {
    return { status: 400, body: { success: false, errorCode, errorMessage, errors: [{ path: '', message: errorMessage }] }, serialNumber };
  }

  /** GET /v1/exchange/projects/:tenderProjectCode (signed over an empty body). */
  async reconcile(req: IncomingRequest, tenderProjectCode: string): Promise<SimReply> {
    const gated = await this.gate(null);
    if (gated) return gated;
    if (!this.signed(req)) return this.withHold({ status: 401, body: BAD_SIGNATURE, serialNumber: null });
    const { received, islands } = await this.store.projectSequences(tenderProjectCode);
    const summary = summarizeSequences(islands);
    const body: ReconciliationResponse = {
      tenderProjectCode,
      received,
      maxContiguousSequence: summary.maxContiguousSequence,
      missing: summary.missing,
      ...(summary.missingTruncated ? { missingTruncated: true } : {}),
    };
    return this.withHold({ status: 200, body, serialNumber: null });
  }
}
