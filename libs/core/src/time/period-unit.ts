/** 'days' are calendar days; 'workingDays' follow the official calendar (R3). */
export type PeriodUnit = 'days' | 'workingDays';

export const PERIOD_UNITS: readonly PeriodUnit[] = ['days', 'workingDays'];
