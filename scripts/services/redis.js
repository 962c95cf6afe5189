// Ensures Redis answers on 127.0.0.1:6379 (maxmemory-policy noeviction, as BullMQ needs); starts or installs it if not.
const { execSync } = require('node:child_process');
const { existsSync, mkdirSync } = require('node:fs');

const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

function ready() {
  try {
    return execSync('redis-cli -h 127.0.0.1 -p 6379 ping', { stdio: 'pipe', timeout: 3000 }).toString().trim() === 'PONG';
  } catch {
    return false;
  }
}

async function ensure() {
  if (!ready()) {
    if (!existsSync('/usr/bin/redis-server')) {
      console.log('[services] installing Redis from Debian packages');
      execSync('apt-get update -qq && apt-get install -y -qq redis-server >/dev/null', { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    }
    console.log('[services] starting Redis');
    mkdirSync('/var/lib/redis', { recursive: true });
    mkdirSync('/var/log/redis', { recursive: true });
    execSync('redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log', { stdio: 'inherit' });
    for (let i = 0; i < 20 && !ready(); i++) await new Promise((r) => setTimeout(r, 250));
  }
  if (!ready()) {
    throw new Error('Redis does not answer at 127.0.0.1:6379. Start it with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no');
  }
  return { TEST_REDIS_URL: REDIS_URL };
}

module.exports = { ensure, ready };
