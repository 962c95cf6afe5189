export * from './shanghai';
export * from './holiday-calendar';
export * from './statutory-holidays';
export * from './working-day-calendar';
export * from './default-calendars';
export * from './periods';
export * from './period-buckets';
