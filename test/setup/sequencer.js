// Longest test files first, so that the two workers of the e2e run finish together: jest hands each worker the
// next file in this order when it is free, and a 200 s file started last would run alone at the end.
// The durations: jest's own record of this checkout's last run where there is one (its cache), else the figures
// checked in beside this file (test/setup/durations.json, seconds on a 2-core machine: `npm run test:durations`
// writes them from a `--json` run), else the file's size, as jest does.
const { readFileSync, statSync } = require('node:fs');
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const ROOT = path.resolve(__dirname, '..', '..');
let known = {};
try {
  known = JSON.parse(readFileSync(path.join(__dirname, 'durations.json'), 'utf8')).seconds ?? {};
} catch {
  /* no figures: jest's cache and the sizes */
}

class LongestFirst extends Sequencer {
  sort(tests) {
    const weight = (test) => {
      const cached = this._getCache(test)[test.path];
      if (cached && cached[1] > 0) return { ms: cached[1], size: 0 };
      const rel = path.relative(ROOT, test.path).split(path.sep).join('/');
      if (known[rel] !== undefined) return { ms: known[rel] * 1000, size: 0 };
      return { ms: 0, size: statSync(test.path, { throwIfNoEntry: false })?.size ?? 0 };
    };
    const w = new Map(tests.map((t) => [t, weight(t)]));
    return [...tests].sort((a, b) => w.get(b).ms - w.get(a).ms || w.get(b).size - w.get(a).size || (a.path < b.path ? -1 : 1));
  }
}

module.exports = LongestFirst;
