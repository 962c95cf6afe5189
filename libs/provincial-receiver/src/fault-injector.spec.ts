import { applyFaultPatch, FaultInjector, faultsFromEnv, NEUTRAL_FAULTS } from './fault-injector';

describe('fault knobs', () => {
  it('reads PROVINCIAL_SIM_FAULT_* variables', () => {
    expect(
      faultsFromEnv({
        PROVINCIAL_SIM_FAULT_ERROR_RATE: '0.25',
        PROVINCIAL_SIM_FAULT_LATENCY_MS: '150',
        PROVINCIAL_SIM_FAULT_429_RATE: '0.5',
        PROVINCIAL_SIM_FAULT_RETRY_AFTER_SECONDS: '7',
        PROVINCIAL_SIM_FAULT_TIMEOUT_RATE: '0.1',
        PROVINCIAL_SIM_FAULT_TIMEOUT_HOLD_MS: '20000',
        PROVINCIAL_SIM_FAULT_PAUSED: 'true',
        PROVINCIAL_SIM_FAULT_REJECT_DATASETS: 'GCJS_NOTICE, GCJS_COMPLAINT',
      }),
    ).toEqual({
      ...NEUTRAL_FAULTS,
      errorRate: 0.25,
      latencyMs: 150,
      throttleRate: 0.5,
      retryAfterSeconds: 7,
      timeoutRate: 0.1,
      timeoutHoldMs: 20000,
      paused: true,
      rejectDatasets: ['GCJS_NOTICE', 'GCJS_COMPLAINT'],
    });
  });

  it.each([
    ['PROVINCIAL_SIM_FAULT_ERROR_RATE', '1.5'],
    ['PROVINCIAL_SIM_FAULT_ERROR_RATE', 'often'],
    ['PROVINCIAL_SIM_FAULT_LATENCY_MS', '-1'],
    ['PROVINCIAL_SIM_FAULT_PAUSED', 'yes'],
    ['PROVINCIAL_SIM_FAULT_REJECT_DATASETS', 'GCJS_NOPE'],
  ])('refuses %s=%s naming the variable', (name, value) => {
    expect(() => faultsFromEnv({ [name]: value })).toThrow(name);
  });

  it('refuses unknown knobs and bad values in an admin patch', () => {
    const result = applyFaultPatch(NEUTRAL_FAULTS, { errorRat: 1, latencyMs: 1.5 });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => e.path)).toEqual(['/errorRat', '/latencyMs']);
  });

  it('replace resets unnamed knobs, patch keeps them, restoreStartup goes back', () => {
    const faults = new FaultInjector({ ...NEUTRAL_FAULTS, latencyMs: 100 });
    faults.patch({ errorRate: 1 });
    expect(faults.settings).toMatchObject({ latencyMs: 100, errorRate: 1 });
    faults.replace({ paused: true });
    expect(faults.settings).toEqual({ ...NEUTRAL_FAULTS, paused: true });
    faults.restoreStartup();
    expect(faults.settings).toEqual({ ...NEUTRAL_FAULTS, latencyMs: 100 });
  });

  it('gates: paused before throttling before errors; counters run down', () => {
    const faults = new FaultInjector(NEUTRAL_FAULTS, () => 0.99);
    faults.replace({ throttleNext: 1, errorNext: 2, retryAfterSeconds: 9 });
    expect([faults.gate(), faults.gate(), faults.gate(), faults.gate()]).toEqual([
      { kind: 'throttle', retryAfterSeconds: 9 },
      { kind: 'error' },
      { kind: 'error' },
      { kind: 'pass' },
    ]);
    faults.patch({ paused: true, throttleNext: 3 });
    expect(faults.gate()).toEqual({ kind: 'paused' });
  });

  it('draws rates against the random source', () => {
    let r = 0.3;
    const faults = new FaultInjector(NEUTRAL_FAULTS, () => r);
    faults.replace({ errorRate: 0.5 });
    expect(faults.gate()).toEqual({ kind: 'error' });
    r = 0.7;
    expect(faults.gate()).toEqual({ kind: 'pass' });
    faults.replace({ timeoutRate: 0.5, timeoutHoldMs: 1234 });
    r = 0.2;
    expect(faults.drawHold()).toBe(1234);
    r = 0.9;
    expect(faults.drawHold()).toBe(0);
  });

  it('rejects by data set or serial number', () => {
    const faults = new FaultInjector(NEUTRAL_FAULTS);
    faults.replace({ rejectDatasets: ['GCJS_NOTICE'], rejectSerials: ['E1-20261125-000009'] });
    expect(faults.rejects('GCJS_NOTICE', 'x')).toBe(true);
    expect(faults.rejects('GCJS_COMPLAINT', 'E1-20261125-000009')).toBe(true);
    expect(faults.rejects('GCJS_COMPLAINT', 'x')).toBe(false);
  });
});
