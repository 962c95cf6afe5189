'use strict';
// A real S3 endpoint for tests: OpenStack Swift with its s3api middleware, from Debian packages, on loopback.
// Why Swift and not a fake: see docs/testing.md (it checks SigV4 signatures and expiry, and supports the
// multipart path of the `minio` client, which s3rver does not).
//
//   const { ensure, release, stop } = require('./scripts/services/s3.js');
//   const env = await ensure(); // { S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY, S3_REGION, S3_BUCKET }
//   ...
//   await release();            // stops the servers once no other run uses them (KEEP_TEST_SERVICES=1 keeps them)
//
// One server per machine, whatever the checkout: its state lives in the machine's temporary folder, so a
// second checkout's `npm test` reuses a running server (each run registers as a user; the last one out stops
// it) and replaces a leftover of an earlier layout. ensure() is idempotent and safe to call from several
// processes at once (a lock file serialises them). Run directly: `node scripts/services/s3.js [start|stop|status]`.

const { spawn, spawnSync } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const HOST = '127.0.0.1';
const PROXY_PORT = Number(process.env.S3_SERVICE_PROXY_PORT || 8089);
const STORAGE_PORT = Number(process.env.S3_SERVICE_STORAGE_PORT || 6210);
const REGION = 'us-east-1';
const BUCKET = 'etender-test';
const ACCOUNT = 'etender';
const USER = 'tester';
const START_TIMEOUT_MS = 60_000;
const LOCK_TIMEOUT_MS = 15 * 60_000; // a cold start includes apt-get

const APT_PACKAGES = ['swift', 'swift-proxy', 'swift-account', 'swift-container', 'swift-object', 'python3-swift'];
const INSTALL_HINT =
  `as root: DEBIAN_FRONTEND=noninteractive apt-get update && ` +
  `DEBIAN_FRONTEND=noninteractive apt-get install -y ${APT_PACKAGES.join(' ')}`;

/** The four servers, in start order (storage first, the proxy last). */
const SERVERS = [
  { name: 'account', port: STORAGE_PORT + 2, bin: 'swift-account-server' },
  { name: 'container', port: STORAGE_PORT + 1, bin: 'swift-container-server' },
  { name: 'object', port: STORAGE_PORT, bin: 'swift-object-server' },
  { name: 'proxy', port: PROXY_PORT, bin: 'swift-proxy-server' },
];

const SWIFT_CONF = '/etc/swift/swift.conf';

function log(message) {
  if (process.env.S3_SERVICE_QUIET !== '1') process.stderr.write(`[s3] ${message}\n`);
}

// ---------------------------------------------------------------------------------------------------------
// Where the rings, configs, data and logs live.

/** One state folder per machine (not per checkout), so that every checkout finds the running server. */
function stateDir() {
  if (process.env.S3_SERVICE_DIR) return path.resolve(process.env.S3_SERVICE_DIR);
  return path.join(os.tmpdir(), 'etender-test-services', 'swift');
}

function paths(dir) {
  return {
    dir,
    node: path.join(dir, 'node'),
    logs: path.join(dir, 'logs'),
    credentials: path.join(dir, 'credentials.json'),
    pids: path.join(dir, 'pids.json'),
    users: path.join(dir, 'users.json'),
    lock: path.join(path.dirname(dir), 'swift.lock'),
    conf: (name) => path.join(dir, `${name}-server.conf`),
    logFile: (name) => path.join(dir, 'logs', `${name}-server.log`),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Small helpers.

function which(bin) {
  const result = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

function missingBinaries() {
  return [...SERVERS.map((s) => s.bin), 'swift-ring-builder'].filter((bin) => !which(bin));
}

function run(cmd, args, { logFile, env, okCodes = [0] } = {}) {
  const result = spawnSync(cmd, args, {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (logFile) fs.appendFileSync(logFile, `$ ${cmd} ${args.join(' ')}\n${output}\n`);
  if (result.error) throw result.error;
  return { ok: okCodes.includes(result.status), status: result.status, output };
}

function tail(text, lines = 20) {
  return text.split('\n').slice(-lines).join('\n');
}

/** GET http://127.0.0.1:<port>/healthcheck → status code, or 0 when nothing answers. */
function healthcheck(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: HOST, port, path: '/healthcheck', timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(0));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

function portInUse(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** A lock file shared by every process that calls ensure() or stop(); a lock left by a dead process is taken over. */
async function withLock(lockPath, fn) {
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  // the lock file appears with its holder's pid already in it (written aside, then hard-linked into place)
  const mine = `${lockPath}.${process.pid}.${randomBytes(4).toString('hex')}`;
  fs.writeFileSync(mine, String(process.pid));
  try {
    for (;;) {
      try {
        fs.linkSync(mine, lockPath);
        break;
      } catch (err) {
        if (err.code !== 'EEXIST') throw err;
        let holder = Number.NaN;
        try {
          holder = Number.parseInt(fs.readFileSync(lockPath, 'utf8'), 10);
        } catch {
          continue; // released in the meantime
        }
        if (!Number.isInteger(holder) || !pidAlive(holder)) {
          fs.rmSync(lockPath, { force: true });
          continue;
        }
        if (Date.now() > deadline) {
          throw new Error(`S3 test server: lock ${lockPath} is still held by process ${holder}`, { cause: err });
        }
        await sleep(250);
      }
    }
  } finally {
    fs.rmSync(mine, { force: true });
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockPath, { force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------
// Installation and configuration.

function installPackages(p) {
  const missing = missingBinaries();
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`S3 test server: ${missing.join(', ')} not installed and this process is not root. Install them ${INSTALL_HINT}`);
  }
  const aptLog = path.join(p.logs, 'apt.log');
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  log(`installing ${APT_PACKAGES.join(' ')} (log: ${aptLog})`);
  const update = run('apt-get', ['update'], { logFile: aptLog, env });
  if (!update.ok) log(`apt-get update exited with ${update.status}; trying the install anyway`);
  // Starting the services from their maintainer scripts is refused in a container (policy-rc.d): harmless,
  // the servers are started below with private configs.
  const install = run(
    'apt-get',
    ['install', '-y', '--no-install-recommends', '-o', 'Dpkg::Options::=--force-confold', ...APT_PACKAGES],
    { logFile: aptLog, env },
  );
  const stillMissing = missingBinaries();
  if (stillMissing.length > 0) {
    throw new Error(
      `S3 test server: could not install ${stillMissing.join(', ')} (apt-get exited with ${install.status}). ` +
        `Install them ${INSTALL_HINT}\n${tail(install.output)}`,
    );
  }
}

function writeSwiftConf() {
  if (fs.existsSync(SWIFT_CONF)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`S3 test server: ${SWIFT_CONF} is missing; create it as root (a [swift-hash] section and [storage-policy:0])`);
  }
  fs.mkdirSync(path.dirname(SWIFT_CONF), { recursive: true });
  const random = () => randomBytes(16).toString('hex');
  fs.writeFileSync(
    SWIFT_CONF,
    [
      '[swift-hash]',
      `swift_hash_path_suffix = ${random()}`,
      `swift_hash_path_prefix = ${random()}`,
      '',
      '[storage-policy:0]',
      'name = Policy-0',
      'default = yes',
      '',
    ].join('\n'),
  );
}

/** The run-as user: `swift` when we are root (the servers drop privileges to it), else ourselves. */
function serviceUser() {
  if (process.getuid?.() === 0) return 'swift';
  return os.userInfo().username;
}

function loadOrCreateCredentials(p) {
  if (fs.existsSync(p.credentials)) return JSON.parse(fs.readFileSync(p.credentials, 'utf8'));
  const credentials = { accessKey: `${ACCOUNT}:${USER}`, secretKey: randomBytes(24).toString('hex') };
  fs.writeFileSync(p.credentials, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return credentials;
}

function buildRings(p) {
  const ringLog = path.join(p.logs, 'rings.log');
  for (const server of SERVERS.filter((s) => s.name !== 'proxy')) {
    const ring = path.join(p.dir, `${server.name}.ring.gz`);
    if (fs.existsSync(ring)) continue;
    const builder = path.join(p.dir, `${server.name}.builder`);
    fs.rmSync(builder, { force: true });
    const steps = [
      ['create', '10', '1', '1'],
      ['add', `r1z1-${HOST}:${server.port}/sdb1`, '1'],
      ['rebalance'],
    ];
    for (const step of steps) {
      // swift-ring-builder exits 1 for a warning (for example "balance is off"), 2 for an error
      const result = run('swift-ring-builder', [builder, ...step], { logFile: ringLog, okCodes: [0, 1] });
      if (!result.ok) {
        throw new Error(`S3 test server: swift-ring-builder ${step[0]} failed for the ${server.name} ring:\n${tail(result.output)}`);
      }
    }
    if (!fs.existsSync(ring)) throw new Error(`S3 test server: ${ring} was not written; see ${ringLog}`);
  }
}

function ini(sections) {
  return (
    Object.entries(sections)
      .map(([name, entries]) => [`[${name}]`, ...Object.entries(entries).map(([k, v]) => `${k} = ${v}`)].join('\n'))
      .join('\n\n') + '\n'
  );
}

function writeConfigs(p, credentials) {
  const user = serviceUser();
  for (const server of SERVERS.filter((s) => s.name !== 'proxy')) {
    fs.writeFileSync(
      p.conf(server.name),
      ini({
        DEFAULT: {
          devices: p.node,
          mount_check: 'false',
          disable_fallocate: 'true',
          bind_ip: HOST,
          bind_port: server.port,
          workers: 1,
          user,
          swift_dir: p.dir,
          log_name: `${server.name}-server`,
        },
        'pipeline:main': { pipeline: `healthcheck ${server.name}-server` },
        [`app:${server.name}-server`]: { use: `egg:swift#${server.name}` },
        'filter:healthcheck': { use: 'egg:swift#healthcheck' },
      }),
    );
  }
  const filters = [
    'catch_errors',
    'gatekeeper',
    'healthcheck',
    'proxy-logging',
    'cache',
    'listing_formats',
    'bulk',
    'tempurl',
    's3api',
    'tempauth',
    'copy',
    'slo',
    'dlo',
    'versioned_writes',
    'symlink',
  ];
  const eggs = { cache: 'memcache' };
  const filterSections = {};
  for (const name of filters) {
    filterSections[`filter:${name}`] = { use: `egg:swift#${eggs[name] ?? name.replace('-', '_')}` };
  }
  filterSections['filter:s3api'].location = REGION;
  filterSections['filter:tempauth'][`user_${ACCOUNT}_${USER}`] = `${credentials.secretKey} .admin`;
  fs.writeFileSync(
    p.conf('proxy'),
    ini({
      DEFAULT: {
        bind_ip: HOST,
        bind_port: PROXY_PORT,
        workers: 1,
        user,
        swift_dir: p.dir,
        log_name: 'proxy-server',
      },
      'pipeline:main': {
        pipeline: [...filters, 'proxy-logging', 'proxy-server'].join(' '),
      },
      'app:proxy-server': { use: 'egg:swift#proxy', account_autocreate: 'true' },
      ...filterSections,
    }),
  );
  // the proxy config carries the secret key
  fs.chmodSync(p.conf('proxy'), 0o640);
}

function chownTree(p) {
  if (process.getuid?.() !== 0) return;
  const result = run('chown', ['-R', 'swift:swift', p.dir]);
  if (!result.ok) throw new Error(`S3 test server: chown -R swift:swift ${p.dir} failed: ${result.output}`);
}

function prepare(p) {
  fs.mkdirSync(p.logs, { recursive: true });
  installPackages(p);
  writeSwiftConf();
  const credentials = loadOrCreateCredentials(p);
  fs.mkdirSync(path.join(p.node, 'sdb1'), { recursive: true });
  buildRings(p);
  writeConfigs(p, credentials);
  chownTree(p);
  return credentials;
}

// ---------------------------------------------------------------------------------------------------------
// Starting, waiting, stopping.

function readPids(p) {
  try {
    return JSON.parse(fs.readFileSync(p.pids, 'utf8'));
  } catch {
    return {};
  }
}

function startServer(p, server) {
  const out = fs.openSync(p.logFile(server.name), 'a');
  // -v: log to the console as well (there is no syslog socket in a container), which goes to the log file
  const child = spawn(server.bin, [p.conf(server.name), '-v'], {
    detached: true,
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  child.unref();
  return child.pid;
}

async function allHealthy() {
  const codes = await Promise.all(SERVERS.map((s) => healthcheck(s.port)));
  return codes.every((code) => code === 200);
}

function envFor(credentials) {
  return {
    S3_ENDPOINT: `http://${HOST}:${PROXY_PORT}`,
    S3_ACCESS_KEY: credentials.accessKey,
    S3_SECRET_KEY: credentials.secretKey,
    S3_REGION: REGION,
    S3_BUCKET: BUCKET,
  };
}

function envFromProcess() {
  return {
    S3_ENDPOINT: process.env.S3_ENDPOINT,
    S3_ACCESS_KEY: process.env.S3_ACCESS_KEY,
    S3_SECRET_KEY: process.env.S3_SECRET_KEY,
    S3_REGION: process.env.S3_REGION || REGION,
    S3_BUCKET: process.env.S3_BUCKET || BUCKET,
  };
}

/**
 * Makes sure an S3 endpoint is up and returns the env vars to reach it. When S3_ENDPOINT is already set,
 * that endpoint is used as it is.
 */
async function ensure({ user = process.pid } = {}) {
  if (process.env.S3_ENDPOINT) return envFromProcess();
  const p = paths(stateDir());
  return withLock(p.lock, async () => {
    let proxyUp = (await healthcheck(PROXY_PORT)) === 200;
    const ourProxy = readPids(p).proxy;
    if (proxyUp && (!fs.existsSync(p.credentials) || !ourProxy || !pidAlive(ourProxy))) {
      // Not started from this state folder. A leftover Swift of this project (an earlier layout kept its state
      // in the checkout) is replaced; anything else is not ours to stop.
      const leftovers = leftoverSwiftProcesses(p.dir);
      if (leftovers.length === 0) {
        throw new Error(
          `S3 test server: something already answers on ${HOST}:${PROXY_PORT} but it was not started from ${p.dir}; ` +
            `stop it, or set S3_ENDPOINT, S3_ACCESS_KEY and S3_SECRET_KEY to use it`,
        );
      }
      log(`replacing a leftover Swift of this project (pids ${leftovers.join(', ')})`);
      await killAll(leftovers);
      proxyUp = false;
    }
    if (proxyUp && (await allHealthy())) {
      addUser(p, user);
      log(`reusing the Swift already running from ${p.dir}`);
      return envFor(loadOrCreateCredentials(p));
    }

    const started = Date.now();
    const credentials = prepare(p);
    const pids = readPids(p);
    for (const server of SERVERS) {
      if ((await healthcheck(server.port)) === 200) continue;
      // One of ours that is slow to answer on a loaded machine: wait for it below rather than start another.
      if (pids[server.name] && pidAlive(pids[server.name])) continue;
      if (await portInUse(server.port)) {
        throw new Error(
          `S3 test server: port ${server.port} (needed by swift-${server.name}-server) is taken by another program; free it`,
        );
      }
      pids[server.name] = startServer(p, server);
    }
    fs.writeFileSync(p.pids, JSON.stringify(pids, null, 2));

    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (await allHealthy()) break;
      const dead = SERVERS.filter((s) => pids[s.name] && !pidAlive(pids[s.name]));
      if (dead.length > 0 || Date.now() > deadline) {
        const which = dead.length > 0 ? dead : SERVERS;
        const logs = which.map((s) => `--- ${p.logFile(s.name)}\n${tail(safeRead(p.logFile(s.name)), 15)}`).join('\n');
        throw new Error(
          dead.length > 0
            ? `S3 test server: ${dead.map((s) => s.bin).join(', ')} exited during start-up; see the logs:\n${logs}`
            : `S3 test server: no healthcheck 200 from every Swift server within ${START_TIMEOUT_MS / 1000} s:\n${logs}`,
        );
      }
      await sleep(200);
    }
    addUser(p, user);
    log(`Swift with s3api is up on ${HOST}:${PROXY_PORT} in ${((Date.now() - started) / 1000).toFixed(1)} s (${p.dir})`);
    return envFor(credentials);
  });
}

/** The runs (process ids) using the server; a dead run no longer counts. */
function liveUsers(p) {
  try {
    return JSON.parse(fs.readFileSync(p.users, 'utf8')).filter((pid) => Number.isInteger(pid) && pidAlive(pid));
  } catch {
    return [];
  }
}

function addUser(p, user) {
  fs.writeFileSync(p.users, JSON.stringify([...new Set([...liveUsers(p), user])]));
}

/** Swift servers whose configuration lies in a state folder of this project (this one or an earlier layout's). */
function leftoverSwiftProcesses(dir) {
  const found = [];
  for (const entry of safeReaddir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = safeRead(`/proc/${entry}/cmdline`).split('\0');
    if (!cmdline.some((arg) => /swift-(proxy|account|container|object)-server/.test(arg))) continue;
    const conf = cmdline.find((arg) => arg.endsWith('-server.conf')) ?? '';
    if (!(conf.startsWith(dir + path.sep) || /[/]\.test-services[/]swift[/]/.test(conf) || /[/]etender-test-services[/]/.test(conf))) continue;
    // only a server on one of the ports this run needs (another checkout may run its own on other ports)
    const port = Number(/^\s*bind_port\s*=\s*(\d+)/m.exec(safeRead(conf))?.[1]);
    if (SERVERS.some((s) => s.port === port)) found.push(Number(entry));
  }
  return found;
}

function safeReaddir(dir) {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

async function killAll(pids) {
  for (const pid of pids) signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (pids.some(pidAlive) && Date.now() < deadline) await sleep(100);
  for (const pid of pids.filter(pidAlive)) signalGroup(pid, 'SIGKILL');
  while (await Promise.all(SERVERS.map((s) => portInUse(s.port))).then((used) => used.some(Boolean))) {
    if (Date.now() > deadline + 5000) break;
    await sleep(100);
  }
}

/**
 * This run no longer needs the server: it is stopped when no other live run uses it, unless
 * KEEP_TEST_SERVICES=1 (for running single test files afterwards). Returns whether it was stopped.
 */
async function release({ user = process.pid } = {}) {
  if (process.env.S3_ENDPOINT) return false;
  const p = paths(stateDir());
  return withLock(p.lock, async () => {
    const others = liveUsers(p).filter((pid) => pid !== user);
    fs.writeFileSync(p.users, JSON.stringify(others));
    if (others.length > 0 || process.env.KEEP_TEST_SERVICES === '1') return false;
    await stopServers(p);
    return true;
  });
}

function safeRead(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Stops the servers this script started (by their recorded process group ids), whoever uses them. */
async function stop() {
  const p = paths(stateDir());
  return withLock(p.lock, () => stopServers(p));
}

async function stopServers(p) {
  const pids = readPids(p);
  const alive = Object.values(pids).filter((pid) => Number.isInteger(pid) && pidAlive(pid));
  await killAll(alive);
  fs.rmSync(p.pids, { force: true });
  fs.rmSync(p.users, { force: true });
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal); // detached: each server leads its own process group (its workers are in it)
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

module.exports = { ensure, release, stop, stateDir };

if (require.main === module) {
  const command = process.argv[2] ?? 'start';
  const started = Date.now();
  const action =
    command === 'stop'
      ? stop().then(() => 'stopped')
      : command === 'status'
        ? healthcheck(PROXY_PORT).then((code) => (code === 200 ? 'up' : 'down'))
        : ensure({ user: 0 }).then((env) => JSON.stringify(env, null, 2)); // 0: started by hand, kept until `stop`
  action.then(
    (result) => {
      process.stdout.write(`${result}\n`);
      log(`${command} took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    },
    (err) => {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    },
  );
}
