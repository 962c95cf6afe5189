import type { FaultSettings } from './fault-injector';

export const SIM_CONFIG = Symbol('PROVINCIAL_SIM_CONFIG');

/** What the Nest module needs once the options are resolved. */
export interface SimConfig {
  secret: string;
  /** Unix milliseconds; Date.now unless a test fixes the clock. */
  clock: () => number;
  maxBodyBytes: number;
  startupFaults: FaultSettings;
  random: () => number;
}
