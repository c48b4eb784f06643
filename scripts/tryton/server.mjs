// Starts a real Tryton (Debian's tryton-server + tryton-sao + sale_opportunity) on 127.0.0.1 with a seeded SQLite
// database, for the end-to-end tests and for trying the Tryton preset by hand:
//   node scripts/tryton/server.mjs [--port 8123] [--german]     (prints the address and logins; Ctrl+C stops it)
//
// One port serves both the web client (sao) and JSON-RPC. Initialising a database takes about a minute (minutes on
// a busy machine), so the initialised and the seeded database files are kept in the system's temp directory, keyed
// by everything that shapes them (the versions of Tryton and its modules, this file's config, the languages,
// seed.py, today's date): a second run the same day starts in seconds, and one after a change to seed.py skips init.
import { spawn } from 'node:child_process';
import { createHash, randomInt } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const SEED_SCRIPT = join(HERE, 'seed.py');
// Debian's Python, explicitly: another python3 (pyenv, a venv) may come first on PATH, without trytond.
const PYTHON = '/usr/bin/python3';
export const TRYTOND = '/usr/bin/trytond';
const TRYTOND_ADMIN = '/usr/bin/trytond-admin';
const TRYTOND_PACKAGE = '/usr/lib/python3/dist-packages/trytond/__init__.py';
const MODULES_DIR = '/usr/lib/python3/dist-packages/trytond/modules';
const SAO_ROOT = '/usr/share/tryton-sao/www';
const DATABASE = 'deal_hygiene';
/** Bumped when the config below changes in a way that changes the database. */
const CONFIG_VERSION = 1;
const CACHE_DIR = join(tmpdir(), 'deal-hygiene-tryton-cache');
const GERMAN_LOGIN = 'jonas';

/** Whether Debian's Tryton packages are installed (the e2e test skips outside CI when they are not). */
export function trytonInstalled() {
  return existsSync(TRYTOND) && existsSync(TRYTOND_ADMIN) && existsSync(SAO_ROOT);
}

/** A password Tryton accepts: 16 distinct characters (its entropy check refuses repeated ones). */
function newPassword() {
  const alphabet = [...'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'];
  for (let i = alphabet.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [alphabet[i], alphabet[j]] = [alphabet[j], alphabet[i]];
  }
  return alphabet.slice(0, 16).join('');
}

function localToday(now = new Date()) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function portInUse(port) {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function configText({ dir, port }) {
  return [
    '[database]',
    'uri = sqlite://',
    `path = ${dir}`,
    '[web]',
    `listen = 127.0.0.1:${port}`,
    `root = ${SAO_ROOT}`,
    '[password]',
    'length = 8',
    '[session]',
    // Tryton logs an idle session out after 5 minutes by default; a debugging session outlasts that.
    'timeout = 86400',
    '',
  ].join('\n');
}

/** Runs a command to its end; rejects with its output when it fails. */
function run(command, args, { env, timeoutMs }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, PYTHONWARNINGS: 'ignore', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${(stderr || stdout).slice(-4000)}`));
    });
  });
}

function digest(...parts) {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(typeof part === 'string' ? part : JSON.stringify(part)).update('\0');
  return hash.digest('hex').slice(0, 24);
}

/**
 * Two cache levels: the initialised database (about a minute: modules and translations) depends only on Tryton's
 * version and the languages; the seeded one also on seed.py and today's date (the seed's dates are relative).
 */
function cacheKeys({ languages, german, today }) {
  // Tryton's version and every installed module's (a Debian update of one module changes its tables).
  const modules = readdirSync(MODULES_DIR)
    .sort()
    .map((module) => join(MODULES_DIR, module, 'tryton.cfg'))
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file, 'utf8'));
  const initKey = digest(readFileSync(TRYTOND_PACKAGE, 'utf8'), modules, CONFIG_VERSION, languages);
  return { initKey, seededKey: digest(initKey, readFileSync(SEED_SCRIPT, 'utf8'), german, today) };
}

/** Copies into the cache under a temporary name first: a run killed half-way leaves no half-written file behind. */
function putInCache(source, target) {
  mkdirSync(CACHE_DIR, { recursive: true, mode: 0o700 });
  copyFileSync(source, `${target}.partial`);
  renameSync(`${target}.partial`, target);
}

/** Initialises (or takes from the cache) and seeds a database in `dir`, the server stopped: SQLite has one writer. */
async function createDatabase({ dir, configFile, languages, german, today, timings, cache, initKey }) {
  const admin = { user: 'admin', password: newPassword() };
  const germanUser = german ? { user: GERMAN_LOGIN, password: newPassword() } : null;
  const adminPassFile = join(dir, 'admin.pass');
  const germanPassFile = join(dir, 'german.pass');
  const dbFile = join(dir, `${DATABASE}.sqlite`);
  const cachedInit = join(CACHE_DIR, `init-${initKey}.sqlite`);
  writeFileSync(adminPassFile, admin.password, { mode: 0o600 });
  if (germanUser) writeFileSync(germanPassFile, germanUser.password, { mode: 0o600 });
  try {
    let started = Date.now();
    if (cache && existsSync(cachedInit)) {
      copyFileSync(cachedInit, dbFile); // with another run's admin password: the seed sets this run's
      timings.cached = 'init';
    } else {
      // trytond's SQLite backend opens <path>/<database>.sqlite and will not create it.
      writeFileSync(dbFile, '');
      await run(
        PYTHON,
        [TRYTOND_ADMIN, '-c', configFile, '-d', DATABASE, '-u', 'sale_opportunity', '--activate-dependencies', '--email', 'admin@example.com', ...(languages.length ? ['-l', ...languages] : [])],
        { env: { TRYTONPASSFILE: adminPassFile }, timeoutMs: 600_000 },
      );
      if (cache) putInCache(dbFile, cachedInit);
    }
    timings.initMs = Date.now() - started;

    started = Date.now();
    const output = await run(
      PYTHON,
      [SEED_SCRIPT, '--config', configFile, '--database', DATABASE, '--today', today, ...(germanUser ? ['--german-user', germanUser.user] : [])],
      { env: { TRYTON_ADMIN_PASSFILE: adminPassFile, TRYTON_SEED_PASSFILE: germanPassFile }, timeoutMs: 300_000 },
    );
    timings.seedMs = Date.now() - started;
    const seeded = JSON.parse(output.trim().split('\n').pop());
    return { admin, germanUser, opportunities: seeded.opportunities };
  } finally {
    rmSync(adminPassFile, { force: true });
    rmSync(germanPassFile, { force: true });
  }
}

async function waitUntilServing(url, child, logFile, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`trytond exited (${child.exitCode}) before serving:\n${readLog(logFile)}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`trytond did not answer ${url} within ${timeoutMs / 1000} s:\n${readLog(logFile)}`);
}

const readLog = (file) => (existsSync(file) ? readFileSync(file, 'utf8').slice(-4000) : '(no log)');

/**
 * Starts Tryton with a seeded database.
 * @param {{ port?: number, dir?: string, german?: boolean, cache?: boolean, today?: string }} [options]
 *   `german`: also load Tryton's German translation and create a user whose language is German (about 5 s more).
 *   `cache`: reuse a database seeded earlier today with the same inputs (default true).
 */
export async function startTryton({ port, dir, german = false, cache = true, today = localToday() } = {}) {
  if (!trytonInstalled()) {
    throw new Error('Tryton is not installed: apt-get install --no-install-recommends tryton-server tryton-sao tryton-modules-sale-opportunity tryton-proteus');
  }
  if (port !== undefined && (await portInUse(port))) throw new Error(`port ${port} is already in use (another Tryton? Debian's service listens on 8000)`);
  const listenPort = port ?? (await freePort());
  const workDir = dir ?? mkdtempSync(join(tmpdir(), 'deal-hygiene-tryton-'));
  mkdirSync(workDir, { recursive: true });
  const configFile = join(workDir, 'trytond.conf');
  writeFileSync(configFile, configText({ dir: workDir, port: listenPort }));
  const languages = german ? ['de'] : [];
  const timings = { initMs: 0, seedMs: 0, startMs: 0, cached: /** @type {false | 'init' | 'seeded'} */ (false) };

  const { initKey, seededKey } = cacheKeys({ languages, german, today });
  const cachedDb = join(CACHE_DIR, `seeded-${seededKey}.sqlite`);
  const cachedInfo = join(CACHE_DIR, `seeded-${seededKey}.json`);
  let seeded;
  if (cache && existsSync(cachedDb) && existsSync(cachedInfo)) {
    copyFileSync(cachedDb, join(workDir, `${DATABASE}.sqlite`));
    seeded = JSON.parse(readFileSync(cachedInfo, 'utf8'));
    timings.cached = 'seeded';
  } else {
    seeded = await createDatabase({ dir: workDir, configFile, languages, german, today, timings, cache, initKey });
    if (cache) {
      putInCache(join(workDir, `${DATABASE}.sqlite`), cachedDb);
      writeFileSync(cachedInfo, JSON.stringify(seeded), { mode: 0o600 });
    }
  }

  const started = Date.now();
  const logFile = join(workDir, 'trytond.log');
  const child = spawn(PYTHON, [TRYTOND, '-c', configFile, '--logconf', writeLogConfig(workDir, logFile)], {
    env: { ...process.env, PYTHONWARNINGS: 'ignore' },
    stdio: 'ignore',
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const url = `http://127.0.0.1:${listenPort}/`;
  try {
    await waitUntilServing(url, child, logFile);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  timings.startMs = Date.now() - started;

  return {
    url,
    port: listenPort,
    database: DATABASE,
    user: seeded.admin.user,
    password: seeded.admin.password,
    german: seeded.germanUser ?? null,
    opportunities: seeded.opportunities,
    today,
    dir: workDir,
    logFile,
    timings,
    /** The address of a record in sao: `#<database>/model/<model>/<id>`. */
    recordUrl(model, id) {
      return `${url}#${DATABASE}/model/${model}/${id}`;
    },
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      if (!dir) rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/** Logs to a file (for error messages), not to the test's output. */
function writeLogConfig(dir, logFile) {
  const file = join(dir, 'logging.conf');
  writeFileSync(
    file,
    [
      '[formatters]', 'keys=simple',
      '[handlers]', 'keys=file',
      '[loggers]', 'keys=root',
      '[formatter_simple]', 'format=%(asctime)s %(levelname)s %(name)s %(message)s',
      '[handler_file]', 'class=FileHandler', 'formatter=simple', `args=(${JSON.stringify(logFile)},)`,
      '[logger_root]', 'level=INFO', 'handlers=file',
      '',
    ].join('\n'),
  );
  return file;
}

// Run by hand: starts a server and waits for Ctrl+C.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const portArg = args.indexOf('--port');
  const tryton = await startTryton({ port: portArg >= 0 ? Number(args[portArg + 1]) : undefined, german: args.includes('--german') });
  console.log(`Tryton: ${tryton.url}#${tryton.database}`);
  console.log(`  admin / ${tryton.password}${tryton.german ? `; ${tryton.german.user} / ${tryton.german.password} (German)` : ''}`);
  console.log(`  opportunities: ${JSON.stringify(tryton.opportunities)}`);
  console.log(`  timings: ${JSON.stringify(tryton.timings)}`);
  const stop = async () => {
    await tryton.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
