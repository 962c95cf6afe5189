#!/usr/bin/env node
// `npm test`: make sure the real services are there (PostgreSQL, Redis, the S3 server, Chromium), starting or
// installing them from Debian packages where missing, then run the unit and end-to-end suites.
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const path = require('node:path');

async function main() {
  const env = { ...process.env };
  const services = ['postgres', 'redis', 's3', 'chromium'];
  // What this run started and must let go of at the end (the S3 server stops when no other run uses it;
  // KEEP_TEST_SERVICES=1 keeps it for running single files afterwards).
  const releases = [];
  for (const name of services) {
    const file = path.join(__dirname, 'services', `${name}.js`);
    if (!existsSync(file)) continue;
    const started = Date.now();
    try {
      const service = require(file);
      Object.assign(env, await service.ensure());
      if (service.release) releases.push([name, service.release]);
    } catch (e) {
      console.error(`\n[services] ${name}: ${e.message}\n`);
      process.exit(1);
    }
    console.log(`[services] ${name} ready (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  const jest = require.resolve('jest/bin/jest');
  const args = process.argv.slice(2);
  // PGlite loads its WebAssembly with a dynamic import(), which Jest's VM allows only with this flag.
  const run = (extra) => spawnSync(process.execPath, ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', jest, ...extra, ...args], { stdio: 'inherit', env }).status ?? 1;
  // the unit specs in jest's default (one worker, in band, on a 2-core machine): measured 63 s against 74 s with
  // two workers once ts-jest's cache is warm (the second worker loads the same modules again)
  // `npm test -- --selectProjects=e2e --testPathPatterns x`: the projects asked for, once (without this the
  // unit project ran whole first and the asked-for files twice, once per project run)
  const chosen = args.some((a) => a === '--selectProjects' || a.startsWith('--selectProjects='));
  const unit = chosen ? run([]) : run(['--selectProjects=unit']);
  const e2e = chosen ? 0 : run(['--selectProjects=e2e', '--maxWorkers=2']);
  for (const [name, release] of releases) {
    const stopped = await release().catch((e) => console.error(`[services] ${name}: ${e.message}`));
    console.log(`[services] ${name} ${stopped ? 'stopped' : 'kept running (in use by another run, or KEEP_TEST_SERVICES=1)'}`);
  }
  process.exit(unit || e2e);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
