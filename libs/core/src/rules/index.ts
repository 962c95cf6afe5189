export * from './rules-table';
export * from './rule-periods';
export * from './legal-citation';
