'use strict';
// Headless Chromium for the browser end-to-end tests, from Debian's `chromium` package (no browser download).
//
//   const { ensure } = require('./scripts/services/chromium.js');
//   const { CHROMIUM_PATH } = await ensure(); // installs the package when missing and we are root
//
// CHROMIUM_PATH in the environment points at another build. Run directly: `node scripts/services/chromium.js`.

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');

const DEFAULT_PATH = '/usr/bin/chromium';
const INSTALL_HINT =
  'as root: DEBIAN_FRONTEND=noninteractive apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium';

function log(message) {
  if (process.env.CHROMIUM_SERVICE_QUIET !== '1') process.stderr.write(`[chromium] ${message}\n`);
}

function version(path) {
  const result = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  return result.status === 0 ? result.stdout.trim() : null;
}

function apt(args) {
  const result = spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=600', ...args], {
    encoding: 'utf8',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 15 * 60_000,
  });
  if (result.status !== 0) {
    throw new Error(`apt-get ${args.join(' ')} failed (${result.status}): ${(result.stderr || result.stdout || '').trim().slice(-800)}`);
  }
}

/**
 * A font with Chinese glyphs, so that the portal's screenshots read as text rather than boxes: Debian's
 * fonts-wqy-microhei (5 MB) when none is installed and we are root; otherwise only a hint.
 */
function ensureChineseFont() {
  const list = spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' });
  if (list.status !== 0 || list.stdout.trim()) return;
  if (process.getuid?.() !== 0) {
    log('no Chinese font installed: screenshots show boxes (as root: apt-get install -y fonts-wqy-microhei)');
    return;
  }
  try {
    apt(['install', '-y', 'fonts-wqy-microhei']);
  } catch (error) {
    log(`could not install fonts-wqy-microhei: ${error.message}`);
  }
}

async function ensure() {
  const path = process.env.CHROMIUM_PATH || DEFAULT_PATH;
  if (fs.existsSync(path) && version(path)) {
    ensureChineseFont();
    return { CHROMIUM_PATH: path };
  }
  if (path !== DEFAULT_PATH) throw new Error(`CHROMIUM_PATH=${path} does not run; unset it or point it at a Chromium binary`);
  if (process.getuid?.() !== 0) throw new Error(`Chromium is not installed at ${DEFAULT_PATH}. Install it ${INSTALL_HINT}`);
  log('installing the Debian package chromium (one time)…');
  try {
    apt(['update']);
    apt(['install', '-y', 'chromium']);
  } catch (error) {
    throw new Error(`${error.message}\nChromium is needed for the browser tests. Install it ${INSTALL_HINT}`, { cause: error });
  }
  const installed = version(DEFAULT_PATH);
  if (!installed) throw new Error(`chromium was installed but ${DEFAULT_PATH} --version fails. Install it ${INSTALL_HINT}`);
  log(`installed ${installed}`);
  ensureChineseFont();
  return { CHROMIUM_PATH: DEFAULT_PATH };
}

module.exports = { ensure };

if (require.main === module) {
  ensure().then(
    (env) => console.log(`${env.CHROMIUM_PATH}: ${version(env.CHROMIUM_PATH)}`),
    (error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
