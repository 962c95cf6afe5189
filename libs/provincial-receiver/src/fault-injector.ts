import { DATASET_CODES, type DatasetCode, isDatasetCode } from '@app/exchange';

/**
 * The knobs that make the reference receiver misbehave on purpose. Rates are probabilities from 0 to 1,
 * drawn per request; the `…Next` counters hit the next N requests, for tests that need certainty.
 */
export interface FaultSettings {
  /** Answer 500 SIMULATED_ERROR (nothing stored). */
  errorRate: number;
  /** Delay added before every exchange request is handled. */
  latencyMs: number;
  /** Answer 429 with `Retry-After: retryAfterSeconds` (nothing stored). */
  throttleRate: number;
  retryAfterSeconds: number;
  /** Handle the request (store it), then hold the response for timeoutHoldMs, past the client's timeout. */
  timeoutRate: number;
  timeoutHoldMs: number;
  /** Answer 503 PAUSED to every exchange request (a maintenance window). */
  paused: boolean;
  /** Answer 422 SIMULATED_REJECTION for these data sets or serial numbers (a valid record refused upstream). */
  rejectDatasets: DatasetCode[];
  rejectSerials: string[];
  /** The next N exchange requests get 500 / 429 / a held response. */
  errorNext: number;
  throttleNext: number;
  timeoutNext: number;
}

export const NEUTRAL_FAULTS: Readonly<FaultSettings> = Object.freeze({
  errorRate: 0,
  latencyMs: 0,
  throttleRate: 0,
  retryAfterSeconds: 1,
  timeoutRate: 0,
  timeoutHoldMs: 30_000,
  paused: false,
  rejectDatasets: [],
  rejectSerials: [],
  errorNext: 0,
  throttleNext: 0,
  timeoutNext: 0,
});

type Kind = 'rate' | 'ms' | 'seconds' | 'count' | 'boolean' | 'datasets' | 'serials';
const KNOBS: Record<keyof FaultSettings, Kind> = {
  errorRate: 'rate',
  latencyMs: 'ms',
  throttleRate: 'rate',
  retryAfterSeconds: 'seconds',
  timeoutRate: 'rate',
  timeoutHoldMs: 'ms',
  paused: 'boolean',
  rejectDatasets: 'datasets',
  rejectSerials: 'serials',
  errorNext: 'count',
  throttleNext: 'count',
  timeoutNext: 'count',
};
const MAX_MS = 600_000;
const MAX_SECONDS = 86_400;

export type FaultParseResult =
  | { ok: true; settings: FaultSettings }
  | { ok: false; errors: { path: string; message: string }[] };

/** Applies the knobs named in `input` on top of `base`; unknown knobs and out-of-range values are errors. */
export function applyFaultPatch(base: Readonly<FaultSettings>, input: unknown): FaultParseResult {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, errors: [{ path: '', message: 'must be a JSON object of fault knobs' }] };
  }
  const next: FaultSettings = { ...base, rejectDatasets: [...base.rejectDatasets], rejectSerials: [...base.rejectSerials] };
  const errors: { path: string; message: string }[] = [];
  for (const [key, value] of Object.entries(input)) {
    const kind = (KNOBS as Record<string, Kind | undefined>)[key];
    const path = `/${key}`;
    if (!kind) {
      errors.push({ path, message: `unknown knob; known: ${Object.keys(KNOBS).join(', ')}` });
      continue;
    }
    const knob = key as keyof FaultSettings;
    switch (kind) {
      case 'rate':
        if (typeof value !== 'number' || !(value >= 0 && value <= 1)) errors.push({ path, message: 'must be a number from 0 to 1' });
        else (next[knob] as number) = value;
        break;
      case 'ms':
      case 'seconds':
      case 'count': {
        const max = kind === 'ms' ? MAX_MS : kind === 'seconds' ? MAX_SECONDS : 1_000_000;
        if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > max) {
          errors.push({ path, message: `must be an integer from 0 to ${max}` });
        } else (next[knob] as number) = value as number;
        break;
      }
      case 'boolean':
        if (typeof value !== 'boolean') errors.push({ path, message: 'must be true or false' });
        else next.paused = value;
        break;
      case 'datasets':
        if (!Array.isArray(value) || !value.every(isDatasetCode)) {
          errors.push({ path, message: `must be an array of ${DATASET_CODES.join(', ')}` });
        } else next.rejectDatasets = [...new Set(value)];
        break;
      case 'serials':
        if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v.length > 0)) {
          errors.push({ path, message: 'must be an array of serial numbers' });
        } else next.rejectSerials = [...new Set(value as string[])];
        break;
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, settings: next };
}

/** The knobs from PROVINCIAL_SIM_FAULT_* environment variables; throws naming the variable on a bad value. */
export function faultsFromEnv(env: NodeJS.ProcessEnv): FaultSettings {
  const patch: Record<string, unknown> = {};
  const vars: [string, keyof FaultSettings][] = [
    ['PROVINCIAL_SIM_FAULT_ERROR_RATE', 'errorRate'],
    ['PROVINCIAL_SIM_FAULT_LATENCY_MS', 'latencyMs'],
    ['PROVINCIAL_SIM_FAULT_429_RATE', 'throttleRate'],
    ['PROVINCIAL_SIM_FAULT_RETRY_AFTER_SECONDS', 'retryAfterSeconds'],
    ['PROVINCIAL_SIM_FAULT_TIMEOUT_RATE', 'timeoutRate'],
    ['PROVINCIAL_SIM_FAULT_TIMEOUT_HOLD_MS', 'timeoutHoldMs'],
    ['PROVINCIAL_SIM_FAULT_PAUSED', 'paused'],
    ['PROVINCIAL_SIM_FAULT_REJECT_DATASETS', 'rejectDatasets'],
    ['PROVINCIAL_SIM_FAULT_REJECT_SERIALS', 'rejectSerials'],
  ];
  for (const [name, knob] of vars) {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') continue;
    let value: unknown;
    const kind = KNOBS[knob];
    if (kind === 'boolean') {
      if (!/^(true|false|1|0)$/i.test(raw)) throw new Error(`${name} must be true or false, got "${raw}"`);
      value = /^(true|1)$/i.test(raw);
    } else if (kind === 'datasets' || kind === 'serials') {
      value = raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
    } else {
      value = Number(raw);
    }
    const result = applyFaultPatch(NEUTRAL_FAULTS, { [knob]: value });
    if (!result.ok) throw new Error(`${name} ${result.errors[0].message}, got "${raw}"`);
    patch[knob] = value;
  }
  const result = applyFaultPatch(NEUTRAL_FAULTS, patch);
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('; '));
  return result.settings;
}

export type GateDecision =
  | { kind: 'pass' }
  | { kind: 'paused' }
  | { kind: 'throttle'; retryAfterSeconds: number }
  | { kind: 'error' };

/** Holds the current knobs and draws the faults of each request. */
export class FaultInjector {
  private current: FaultSettings;

  constructor(
    private readonly startup: Readonly<FaultSettings>,
    private readonly random: () => number = Math.random,
  ) {
    this.current = structuredClone(startup) as FaultSettings;
  }

  get settings(): Readonly<FaultSettings> {
    return this.current;
  }

  get startupSettings(): Readonly<FaultSettings> {
    return this.startup;
  }

  /** PUT: every knob not named goes back to neutral. */
  replace(input: unknown): FaultParseResult {
    const result = applyFaultPatch(NEUTRAL_FAULTS, input);
    if (result.ok) this.current = result.settings;
    return result;
  }

  /** PATCH: knobs not named keep their value. */
  patch(input: unknown): FaultParseResult {
    const result = applyFaultPatch(this.current, input);
    if (result.ok) this.current = result.settings;
    return result;
  }

  /** Back to the knobs the receiver was started with. */
  restoreStartup(): void {
    this.current = structuredClone(this.startup) as FaultSettings;
  }

  /** Paused, throttled or failing before the request is looked at. */
  gate(): GateDecision {
    const f = this.current;
    if (f.paused) return { kind: 'paused' };
    if (f.throttleNext > 0) {
      f.throttleNext--;
      return { kind: 'throttle', retryAfterSeconds: f.retryAfterSeconds };
    }
    if (f.throttleRate > 0 && this.random() < f.throttleRate) return { kind: 'throttle', retryAfterSeconds: f.retryAfterSeconds };
    if (f.errorNext > 0) {
      f.errorNext--;
      return { kind: 'error' };
    }
    if (f.errorRate > 0 && this.random() < f.errorRate) return { kind: 'error' };
    return { kind: 'pass' };
  }

  get latencyMs(): number {
    return this.current.latencyMs;
  }

  /** Milliseconds to hold the response after handling the request (0: answer at once). */
  drawHold(): number {
    const f = this.current;
    if (f.timeoutNext > 0) {
      f.timeoutNext--;
      return f.timeoutHoldMs;
    }
    if (f.timeoutRate > 0 && this.random() < f.timeoutRate) return f.timeoutHoldMs;
    return 0;
  }

  rejects(datasetCode: string, serialNumber: string): boolean {
    return (
      (this.current.rejectDatasets as string[]).includes(datasetCode) || this.current.rejectSerials.includes(serialNumber)
    );
  }
}
