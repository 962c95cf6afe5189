#!/usr/bin/env node
// `npm run test:durations -- <jest --json output>...`: writes test/setup/durations.json, the seconds each test
// file took, which test/setup/sequencer.js uses to start the longest files first where jest has no record of
// its own (a fresh checkout, as in CI). Run it after a whole run, e.g.
//   npm run test:e2e -- --maxWorkers=2 --json --outputFile=/tmp/e2e.json && npm run test:durations -- /tmp/e2e.json
const { readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const out = path.join(ROOT, 'test', 'setup', 'durations.json');
const files = process.argv.slice(2);
if (!files.length) {
  console.error('usage: npm run test:durations -- <jest --json output>...');
  process.exit(2);
}
let previous = {};
try {
  previous = JSON.parse(readFileSync(out, 'utf8')).seconds ?? {};
} catch {
  /* first time */
}
const seconds = { ...previous };
for (const file of files) {
  for (const r of JSON.parse(readFileSync(file, 'utf8')).testResults) {
    const rel = path.relative(ROOT, r.name).split(path.sep).join('/');
    seconds[rel] = Math.max(1, Math.round((r.endTime - r.startTime) / 1000));
  }
}
const sorted = Object.fromEntries(Object.entries(seconds).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1)));
writeFileSync(out, JSON.stringify({ note: 'seconds per test file on a 2-core machine (scripts/test-durations.js); only their order matters', seconds: sorted }, null, 2) + '\n');
console.log(`${out}: ${Object.keys(sorted).length} files`);
