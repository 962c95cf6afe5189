import type { ValueTransformer } from 'typeorm';

/** numeric comes back from `pg` as a string: keep money a decimal string ("1234567.89"), never a float. */
export const decimalString: ValueTransformer = {
  to: (value: string | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : String(value)),
};

/** bigint comes back from `pg` as a string; sizes stay far below 2^53, so a number is exact. */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};
