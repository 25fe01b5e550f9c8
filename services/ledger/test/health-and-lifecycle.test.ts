import * as grpc from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { eventually, ledgerClient } from '../../../scripts/test/support/clients';
import { isolatedMesh, IsolatedMesh } from '../../../scripts/test/support/isolated';
import { TcpProxy } from '../../../scripts/test/support/tcp-proxy';
import type { ServiceProcess } from '../../../scripts/src/lib/processes';
import { depositReq, newMerchant } from './support';

// Health tells the truth: cut the ledger's own connection to Postgres or NATS
// (through proxies, so nobody else is disturbed) and gRPC health says
// NOT_SERVING and /readyz 503; restore it and both recover.
let mesh: IsolatedMesh;
let pgProxy: TcpProxy;
let natsProxy: TcpProxy;
let ledger: ServiceProcess;
type HealthCheck = (req: { service: string }, opts: grpc.CallOptions, cb: (err: unknown, res: { status: string }) => void) => void;
let health: grpc.Client & { check: HealthCheck };

async function serving(): Promise<string> {
  return new Promise((resolve) =>
    health.check({ service: 'kessai.ledger.v1.LedgerService' }, { deadline: Date.now() + 2_000 }, (err: unknown, res: { status: string }) =>
      resolve(err ? 'ERROR' : res.status),
    ),
  );
}
async function readyz(): Promise<number> {
  return (await fetch(`${mesh.opsUrl(ledger)}/readyz`)).status;
}

beforeAll(async () => {
  mesh = await isolatedMesh(['ledger']);
  const pg = new URL(mesh.databaseUrl('ledger'));
  pgProxy = new TcpProxy(pg.hostname, Number(pg.port || 5432));
  const nats = new URL(mesh.natsUrl.replace(/^nats:/, 'http:'));
  natsProxy = new TcpProxy(nats.hostname, Number(nats.port || 4222));
  pg.port = String(await pgProxy.listen());
  await natsProxy.listen();
  ledger = await mesh.start('ledger', { DATABASE_URL: pg.toString(), NATS_URL: `nats://127.0.0.1:${natsProxy.port}` });
  await ledger.waitReady(30_000);
  const Health = grpc.makeGenericClientConstructor(healthService as grpc.ServiceDefinition, 'Health');
  health = new Health(mesh.grpcAddr(ledger), grpc.credentials.createInsecure()) as unknown as grpc.Client & { check: HealthCheck };
});

afterAll(async () => {
  health?.close();
  await mesh?.cleanup();
  await pgProxy?.cut();
  await natsProxy?.cut();
});

it('is SERVING with both dependencies up', async () => {
  expect(await serving()).toBe('SERVING');
  expect(await readyz()).toBe(200);
});

it('goes NOT_SERVING without Postgres and recovers', async () => {
  await pgProxy.cut();
  await eventually(async () => (await readyz()) === 503, 10_000, '/readyz 503');
  await eventually(async () => (await serving()) === 'NOT_SERVING', 10_000, 'NOT_SERVING');
  const body = (await (await fetch(`${mesh.opsUrl(ledger)}/readyz`)).json()) as { checks: Record<string, boolean> };
  expect(body.checks).toMatchObject({ database: false, nats: true });
  await pgProxy.restore();
  await eventually(async () => (await readyz()) === 200, 15_000, '/readyz 200 again');
  await eventually(async () => (await serving()) === 'SERVING', 10_000, 'SERVING again');
});

it('goes NOT_SERVING without NATS and recovers', async () => {
  await natsProxy.cut();
  await eventually(async () => (await readyz()) === 503, 10_000, '/readyz 503');
  await eventually(async () => (await serving()) === 'NOT_SERVING', 10_000, 'NOT_SERVING');
  await natsProxy.restore();
  await eventually(async () => (await readyz()) === 200, 20_000, '/readyz 200 again');
  await eventually(async () => (await serving()) === 'SERVING', 10_000, 'SERVING again');
});

it('on SIGTERM drains in-flight calls, then exits 0; every answered call committed', async () => {
  const client = ledgerClient(mesh.grpcAddr(ledger));
  const m = newMerchant();
  await client.post(depositReq(m, 1)); // warm the connection
  const calls: Promise<unknown>[] = [];
  const amounts: number[] = [];
  let stopping: Promise<{ code: number | null }> | undefined;
  for (let i = 0; i < 200; i++) {
    amounts.push(i + 2);
    calls.push(client.post(depositReq(m, i + 2), { deadlineMs: 10_000 }));
    if (i === 100) stopping = ledger.stop(15_000); // SIGTERM while calls keep arriving
    if (i % 20 === 0) await new Promise((r) => setImmediate(r));
  }
  const results = await Promise.allSettled(calls);
  const exit = await stopping!;
  client.close();
  expect(exit.code).toBe(0);
  const answered = results.map((r, i) => (r.status === 'fulfilled' ? amounts[i] : 0)).reduce((a, b) => a + b, 1);
  expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
  // Nothing was cut after committing: the balance is exactly what the answered calls posted.
  const restarted = await mesh.start('ledger');
  await restarted.waitReady(30_000);
  const after = ledgerClient(mesh.grpcAddr(restarted));
  const balance = await after.getBalance({ livemode: false, account: { ownerId: m, type: 1 } });
  after.close();
  expect(balance.balance!.total).toBe(answered);
});

it('refuses to start with a bad environment, naming every problem', () => {
  const main = path.join(__dirname, '..', 'dist', 'main.js');
  const run = spawnSync(process.execPath, [main], {
    env: { PATH: process.env.PATH, DATABASE_URL: 'mysql://nope', GRPC_PORT: 'seventy', LEDGER_COMMIT_WORKERS: '0' },
    encoding: 'utf8',
    timeout: 15_000,
  });
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/Invalid configuration \(3 problems\)/);
  expect(run.stderr).toMatch(/DATABASE_URL/);
  expect(run.stderr).toMatch(/GRPC_PORT/);
  expect(run.stderr).toMatch(/LEDGER_COMMIT_WORKERS/);
});
