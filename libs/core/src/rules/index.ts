export * from './rules-table';
export * from './rule-periods';
