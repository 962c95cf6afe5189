export * from './platform.schema';
export * from './demo/demo-seed';
export * from './demo/announcements-demo';
export * from './demo/bids-demo';
export * from './demo/awards-demo';
export * from './demo/complaints-demo';
export * from './content';
