// Ensures PostgreSQL answers on 127.0.0.1:5432 with a database named `test`; starts or installs it if not.
const { execSync } = require('node:child_process');
const { existsSync, readdirSync } = require('node:fs');

const DB_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

function ready() {
  try {
    execSync(`psql "${DB_URL}" -Atc "select 1"`, { stdio: 'pipe', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

function sh(cmd) {
  execSync(cmd, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

async function ensure() {
  if (ready()) return { TEST_DATABASE_URL: DB_URL };
  if (!existsSync('/etc/postgresql')) {
    console.log('[services] installing PostgreSQL from Debian packages');
    sh('apt-get update -qq && apt-get install -y -qq postgresql >/dev/null');
  }
  const version = readdirSync('/etc/postgresql')[0];
  console.log(`[services] starting PostgreSQL ${version}`);
  try {
    sh(`pg_ctlcluster --skip-systemctl-redirect ${version} main start`);
  } catch {
    /* may already be starting */
  }
  for (let i = 0; i < 30 && !ready(); i++) await new Promise((r) => setTimeout(r, 1000));
  if (!ready()) {
    try {
      execSync(`psql -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE test"`, { stdio: 'pipe' });
    } catch {
      /* exists or server down */
    }
  }
  if (!ready()) {
    throw new Error(
      `PostgreSQL does not answer at ${DB_URL}. Start it with: pg_ctlcluster --skip-systemctl-redirect ${version} main start ` +
        `(trust auth for 127.0.0.1, a database named test), or set TEST_DATABASE_URL.`,
    );
  }
  return { TEST_DATABASE_URL: DB_URL };
}

module.exports = { ensure };
