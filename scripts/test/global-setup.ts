import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { MESH, MeshService } from '@kessai/platform';
import { ensureChartRenderer, ensureNats, ensurePostgres, freePort, withDatabase } from '../src/lib/infra';
import { prepareMesh } from '../src/lib/mesh-setup';
import { ManagedProcess, ServiceProcess } from '../src/lib/processes';
import { startContainers, wantContainers } from './support/containers';
import { CONTEXT_ENV, repoRoot, TestContext } from './support/context';
import { SIMBANK_DEV_SECRET, type PartnerBankEndpoint } from '../src/lib/partner-bank';
import { bankSimulatorProcess } from './support/bank';
import { notificationTestEnv, startTestMailSink } from './support/mail-sink';

/**
 * Once per jest run: real Postgres and NATS (started if installed but stopped),
 * a database and a subject prefix of this run's own (so parallel runs never
 * collide), every built service bootstrapped, migrated and started on free
 * ports. Test files share these processes; tests that kill processes start
 * their own (see support/isolated.ts).
 */
export default async function globalSetup(): Promise<void> {
  const root = repoRoot();
  const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const log = (m: string) => process.stderr.write(`[test-setup] ${m}\n`);
  // Docker and nothing else configured or installed: containers (testcontainers).
  const containers = wantContainers(process.env) ? await startContainers() : undefined;
  if (containers) log(`using containers: ${containers.adminUrl}, ${containers.natsUrl}`);
  (globalThis as Record<string, unknown>).__KESSAI_CONTAINERS__ = containers;
  const adminUrl = containers?.adminUrl ?? (await ensurePostgres({ log }));
  const natsUrl = containers?.natsUrl ?? (await ensureNats({ log }));
  await ensureChartRenderer({ log });
  const dbName = `kessai_test_${runId}`;
  const prefix = `t${runId}.`;
  const logDir = path.join(root, '.kessai', 'test-logs', runId);
  fs.mkdirSync(logDir, { recursive: true });

  const mesh = MESH as unknown as Record<string, MeshService>;
  const ports: Record<string, { grpcPort: number; opsPort: number }> = {};
  for (const name of Object.keys(mesh)) ports[name] = { grpcPort: await freePort(), opsPort: await freePort() };

  // services with a public HTTP port (gateway, webhook) get a free one too
  const httpPorts: Record<string, number> = {};
  for (const s of Object.values(mesh)) if (s.httpPort) httpPorts[s.name] = await freePort();

  // one bank simulator for the run: every service's PARTNER_BANK_URL, its callbacks to the run's webhook service
  const bankPort = await freePort();
  const partnerBank: PartnerBankEndpoint | undefined = fs.existsSync(path.join(root, 'tools', 'bank-simulator', 'dist', 'main.js'))
    ? { url: `http://127.0.0.1:${bankPort}`, secret: SIMBANK_DEV_SECRET }
    : undefined;
  const prepared = await prepareMesh({ repoRoot: root, mesh, adminUrl, natsUrl, dbName, kessaiEnv: 'test', ports, subjectPrefix: prefix, logLevel: 'warn', log, partnerBank });
  const context: TestContext = { runId, repoRoot: root, adminUrl, dbName, natsUrl, prefix, logDir, services: {} };
  const processes: ServiceProcess[] = [];
  let bank: ManagedProcess | undefined;
  if (partnerBank) {
    bank = bankSimulatorProcess({
      repoRoot: root, databaseUrl: withDatabase(adminUrl, dbName), schema: 'bank_simulator', port: bankPort,
      webhookHttpUrl: `http://127.0.0.1:${httpPorts.webhook}`, env: { BANK_SIMULATOR_RETRY_DELAYS_MS: '200,500,1000,2000,5000' },
    });
    const bankLog = fs.createWriteStream(path.join(logDir, 'bank-simulator.log'));
    bank.on('line', (line: string) => bankLog.write(`${line}\n`));
    bank.start();
    await bank.waitReady(30_000);
    (globalThis as Record<string, unknown>).__KESSAI_BANK__ = bank;
    context.bank = { url: partnerBank.url, schema: 'bank_simulator' };
  }
  // the mail sink (maildev) the notification service sends to; stopped by the teardown
  const mailSink = await startTestMailSink(root, logDir);
  (globalThis as Record<string, unknown>).__KESSAI_MAIL_SINK__ = mailSink?.proc;
  if (mailSink) context.mailSink = mailSink.info;
  for (const svc of prepared.services.filter((s) => s.migrated)) {
    if (svc.service.name === 'notification') Object.assign(svc.env, notificationTestEnv(mailSink?.info, logDir));
    // payment-slip links point at this run's gateway (started before billing: MESH order)
    if (svc.service.name === 'billing' && context.services.gateway?.httpUrl) svc.env.BILLING_SLIP_BASE_URL = `${context.services.gateway.httpUrl}/slips`;
    const httpPort = httpPorts[svc.service.name];
    if (httpPort) svc.env.HTTP_PORT = String(httpPort);
    const proc = new ServiceProcess({ service: svc.service, repoRoot: root, env: svc.env, output: 'silent', keepLines: 500 });
    const logFile = fs.createWriteStream(path.join(logDir, `${svc.service.name}.log`));
    proc.on('line', (line: string) => logFile.write(`${line}\n`));
    proc.start();
    processes.push(proc);
    context.services[svc.service.name] = {
      grpcAddr: `127.0.0.1:${ports[svc.service.name].grpcPort}`,
      opsUrl: `http://127.0.0.1:${ports[svc.service.name].opsPort}`,
      databaseUrl: svc.databaseUrl,
      env: svc.env,
      ...(httpPort ? { httpUrl: `http://127.0.0.1:${httpPort}` } : {}),
    };
  }
  try {
    await Promise.all(processes.map((p) => p.waitReady(60_000)));
  } catch (err) {
    for (const p of processes) process.stderr.write(`--- ${p.name} ---\n${p.lastLines(40).join('\n')}\n`);
    await Promise.all(processes.map((p) => p.stop()));
    await mailSink?.proc.stop();
    await bank?.stop();
    throw err;
  }
  const file = path.join(logDir, 'context.json');
  fs.writeFileSync(file, JSON.stringify(context, null, 2));
  process.env[CONTEXT_ENV] = file;
  (globalThis as Record<string, unknown>).__KESSAI_MESH__ = { processes, context };
  log(`mesh up: ${processes.map((p) => p.name).join(', ') || '(no services built)'}; db ${dbName}, prefix ${prefix}, logs ${path.relative(root, logDir)}`);
}
