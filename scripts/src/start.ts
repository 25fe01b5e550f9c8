// `npm start`: the whole platform on this machine. Postgres and NATS (started when
// needed), database + per-service roles and schemas, migrations, then every built
// service as a child process with prefixed logs. Ctrl-C stops everything.
import path from 'node:path';
import { MESH } from './mesh';
import { extraProcesses, type ExtraProcess } from './extras';
import { embeddedPostgres, ensureNats, ensurePostgres, findRepoRoot, isPortFree, isPortOpen, redactUrl, stopEmbeddedPostgres } from './lib/infra';
import { ansi, formatTable, paint } from './lib/log-format';
import { defaultPorts, unknownServiceFolders } from './lib/mesh-env';
import { prepareMesh } from './lib/mesh-setup';
import { describeExit, ManagedProcess, ServiceProcess, type ExitInfo } from './lib/processes';

const colour = process.stdout.isTTY === true && !process.env.NO_COLOR;
const say = (msg: string) => process.stderr.write(`[start] ${msg}\n`);
const loud = (msg: string) => process.stderr.write(`${paint(msg, ansi.bold + ansi.red, colour)}\n`);

const children: ManagedProcess[] = [];

/** Nothing listens on the port, on any address (services bind 0.0.0.0). */
async function portAvailable(port: number): Promise<boolean> {
  return (await isPortFree(port, '0.0.0.0')) && (await isPortFree(port, '127.0.0.1')) && !(await isPortOpen(port));
}
let shuttingDown = false;

async function shutdown(code: number, reason: string): Promise<never> {
  if (shuttingDown) {
    loud(`[start] ${reason} again — killing everything now`);
    await Promise.all(children.map((c) => c.kill()));
    await stopEmbeddedPostgres(1000);
    process.exit(code || 130);
  }
  shuttingDown = true;
  say(`${reason}: stopping ${children.filter((c) => c.running).length} process(es)…`);
  const stopped = await Promise.all(
    [...children].reverse().map(async (c) => ({ name: c.name, info: await c.stop(10_000) })),
  );
  for (const { name, info } of stopped) if (info.signal === 'SIGKILL') say(`${name} had to be killed (no exit within 10 s of SIGTERM)`);
  if (embeddedPostgres()) say('stopping the embedded Postgres');
  await stopEmbeddedPostgres();
  say('stopped');
  process.exit(code);
}

function onUnexpectedExit(proc: ManagedProcess, info: ExitInfo): void {
  if (info.expected || shuttingDown) return;
  const bar = '!'.repeat(72);
  loud(bar);
  loud(`!!! ${proc.name} EXITED UNEXPECTEDLY (${describeExit(info)}). It is NOT restarted.`);
  loud(`!!! The rest keeps running; Ctrl-C to stop everything. Its last lines:`);
  process.stderr.write(`${proc.tail(30)}\n`);
  loud(bar);
  if (children.every((c) => !c.running)) {
    loud('[start] every process has exited: nothing left to run');
    void shutdown(1, 'all processes exited');
  }
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void shutdown(0, 'SIGINT'));
  process.on('SIGTERM', () => void shutdown(0, 'SIGTERM'));
  // stay up until Ctrl-C even when no child process holds the event loop open
  setInterval(() => undefined, 1 << 30);

  const repoRoot = process.env.KESSAI_REPO_ROOT ?? findRepoRoot(__dirname);
  const kessaiEnv = 'development';
  const adminUrl = await ensurePostgres({ repoRoot });
  const natsUrl = await ensureNats({ repoRoot });
  const dbName = process.env.KESSAI_DB_NAME ?? 'kessai';
  const ports = defaultPorts(MESH);

  for (const name of unknownServiceFolders(repoRoot, MESH)) {
    say(`services/${name} is not in the mesh (packages/platform/src/mesh.ts): ignored`);
  }
  const prepared = await prepareMesh({
    repoRoot,
    mesh: MESH,
    adminUrl,
    natsUrl,
    dbName,
    kessaiEnv,
    ports,
    subjectPrefix: process.env.KESSAI_SUBJECT_PREFIX,
    logLevel: process.env.LOG_LEVEL ?? 'info',
    log: say,
  });
  const runnable = prepared.services.filter((s) => s.hasMain);
  const skipped = [
    ...prepared.missing.map((n) => `${n} (no services/${n} folder)`),
    ...prepared.services.filter((s) => !s.hasMain).map((s) => `${s.service.name} (no dist/main.js — not built)`),
  ];
  if (skipped.length > 0) say(`skipped: ${skipped.join(', ')}`);

  // every port we are about to use must be free: an old run still listening is the usual cause
  const busy: string[] = [];
  for (const s of runnable) {
    const p = ports[s.service.name];
    for (const [what, port] of [['gRPC', p.grpcPort], ['ops', p.opsPort], ['HTTP', s.service.httpPort]] as const) {
      if (port !== undefined && !(await portAvailable(port))) busy.push(`${s.service.name} ${what} ${port}`);
    }
  }
  if (busy.length > 0) {
    throw new Error(`ports already in use: ${busy.join(', ')}. Is another \`npm start\` (or a test run) still running? (ss -ltnp shows who listens)`);
  }

  const width = Math.max(8, ...runnable.map((s) => s.service.name.length + 2));
  const services = runnable.map(
    (s) =>
      new ServiceProcess({
        service: s.service,
        repoRoot,
        // the test helpers (POST /v1/test_helpers/bills/{id}/pay) drive the store simulator started below
        env: s.service.name === 'gateway' ? { GATEWAY_STORE_SIMULATOR_URL: 'http://127.0.0.1:8091', ...s.env } : s.env,
        opsPort: ports[s.service.name].opsPort,
        output: 'pretty',
        prefixWidth: width,
      }),
  );
  for (const svc of services) {
    children.push(svc);
    svc.on('exit', (info: ExitInfo) => onUnexpectedExit(svc, info));
    svc.start();
  }
  if (services.length > 0) say(`started ${services.map((s) => `${s.name} (pid ${s.pid})`).join(', ')}; waiting for /readyz`);
  const t0 = Date.now();
  await Promise.all(services.map((svc) => svc.waitReady(60_000)));
  if (services.length > 0) say(`all ${services.length} service(s) ready in ${Date.now() - t0} ms`);

  const databaseUrls = Object.fromEntries(prepared.services.map((s) => [s.service.name, s.databaseUrl]));
  const extras: ExtraProcess[] = extraProcesses({ repoRoot, adminUrl, natsUrl, databaseUrls }).filter((e) => e.enabled !== false);
  const extraProcs = extras.map((e) => {
    const proc = new ManagedProcess({
      name: e.name,
      command: e.command,
      args: e.args,
      cwd: e.cwd ?? repoRoot,
      env: e.env,
      readyUrl: e.readyUrl,
      output: e.output ?? 'pretty',
      prefixWidth: width,
    });
    children.push(proc);
    proc.on('exit', (info: ExitInfo) => onUnexpectedExit(proc, info));
    proc.start();
    return { extra: e, proc };
  });
  await Promise.all(extraProcs.filter((x) => x.extra.readyUrl).map((x) => x.proc.waitReady(x.extra.readyTimeoutMs ?? 30_000)));

  // where everything listens
  const rows: string[][] = [['process', 'gRPC', 'ops (/healthz /readyz /metrics)', 'HTTP', 'pid']];
  for (const [i, svc] of services.entries()) {
    const p = ports[svc.name];
    const http = runnable[i].service.httpPort;
    rows.push([svc.name, `127.0.0.1:${p.grpcPort}`, `http://127.0.0.1:${p.opsPort}`, http ? `http://127.0.0.1:${http}` : '', String(svc.pid ?? '')]);
  }
  const out: string[] = ['', paint('Kessai is running (KESSAI_ENV=development)', ansi.bold + ansi.green, colour), ''];
  if (services.length > 0) out.push(formatTable(rows), '');
  else out.push('No service is built yet (npm run build builds them); only the infrastructure runs.', '');
  const pg = embeddedPostgres();
  out.push(`Postgres  ${redactUrl(adminUrl)} (database ${dbName}${pg ? `, embedded, data in ${path.relative(repoRoot, pg.dataDir) || pg.dataDir}` : ''})`);
  out.push(`NATS      ${natsUrl} (JetStream)`);
  if (services.some((svc) => svc.name === 'gateway')) {
    const gw = MESH.gateway.httpPort;
    out.push(`API       http://127.0.0.1:${gw}/v1 — docs http://127.0.0.1:${gw}/docs, OpenAPI http://127.0.0.1:${gw}/openapi.json`);
  }
  for (const { extra, proc } of extraProcs) out.push(`${extra.name.padEnd(9)} ${extra.banner} (pid ${proc.pid ?? '?'})`);
  if (skipped.length > 0) out.push(`skipped   ${skipped.join(', ')}`);
  out.push('', paint('Press Ctrl-C to stop', ansi.bold, colour), '');
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((err: unknown) => {
  loud(`[start] failed: ${err instanceof Error ? err.message : String(err)}`);
  if (err instanceof Error && process.env.KESSAI_DEBUG && err.stack) process.stderr.write(`${err.stack}\n`);
  void shutdown(1, 'startup failed');
});
