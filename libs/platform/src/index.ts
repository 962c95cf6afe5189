export * from './platform.schema';
export * from './demo/demo-seed';
