// Environment for every end-to-end test file: real services; a database per file (see test/support/test-db.ts).
import { join } from 'node:path';

process.env.TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test';
process.env.TEST_REDIS_URL ??= 'redis://127.0.0.1:6379';
process.env.TZ = 'UTC';
// processes started from TypeScript (npm run audit:verify, …) reuse transpiled files: test/ts-node/cached-transpiler.js
process.env.TS_NODE_PROJECT ??= join(__dirname, '..', 'ts-node', 'tsconfig.json');
