#!/usr/bin/env node
// `npm test`: make sure the real services are there (PostgreSQL, Redis, the S3 server, Chromium), starting or
// installing them from Debian packages where missing, then run the unit and end-to-end suites.
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const path = require('node:path');

async function main() {
  const env = { ...process.env };
  const services = ['postgres', 'redis', 's3', 'chromium'];
  for (const name of services) {
    const file = path.join(__dirname, 'services', `${name}.js`);
    if (!existsSync(file)) continue;
    const started = Date.now();
    try {
      Object.assign(env, await require(file).ensure());
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
  const unit = run(['--selectProjects=unit']);
  const e2e = run(['--selectProjects=e2e', '--maxWorkers=2']);
  process.exit(unit || e2e);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
