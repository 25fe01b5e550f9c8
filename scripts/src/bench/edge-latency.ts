// `npm run bench`, the edge part: how long a partner's deposit callback takes to
// become a merchant webhook attempt, through the real processes (webhook inbound
// → outbox → NATS → ledger → outbox → NATS → webhook consumer → dispatcher → HTTP).
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { gatewayV1, webhookV1 } from '@kessai/contracts';
import { connectClient, MESH, signatureHeader } from '@kessai/platform';
import { dropDatabase, ensureNats, ensurePostgres, findRepoRoot, freePort } from '../lib/infra';
import { prepareMesh } from '../lib/mesh-setup';
import { ServiceProcess } from '../lib/processes';

const SIMBANK_SECRET = 'whsec_simbank_development_only';

export interface EdgeLatency {
  samples: number;
  concurrency: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;
}

export async function measureEdgeLatency(opts: { repoRoot: string; adminUrl: string; natsUrl: string; samples?: number; concurrency?: number; log: (m: string) => void }): Promise<EdgeLatency> {
  const samples = opts.samples ?? Number(process.env.BENCH_EDGE_SAMPLES ?? 300);
  const concurrency = opts.concurrency ?? 4;
  const dbName = `kessai_bench_edge_${process.pid}`; // per run: other worktrees may bench at the same time
  await dropDatabase(opts.adminUrl, dbName);
  const names = ['gateway', 'ledger', 'webhook'] as const;
  const ports: Record<string, { grpcPort: number; opsPort: number }> = {};
  for (const n of names) ports[n] = { grpcPort: await freePort(), opsPort: await freePort() };
  const prepared = await prepareMesh({
    repoRoot: opts.repoRoot, mesh: MESH, adminUrl: opts.adminUrl, natsUrl: opts.natsUrl, dbName, kessaiEnv: 'development',
    ports, subjectPrefix: `benchedge${process.pid}.`, logLevel: 'warn', only: [...names], log: () => undefined,
  });
  const httpPorts: Record<string, number> = { gateway: await freePort(), webhook: await freePort() };
  const procs = prepared.services.map(
    (s) => new ServiceProcess({ service: s.service, repoRoot: opts.repoRoot, env: { ...s.env, ...(httpPorts[s.service.name] ? { HTTP_PORT: String(httpPorts[s.service.name]) } : {}) }, output: 'silent' }),
  );
  for (const p of procs) p.start();
  const arrivals = new Map<string, number>();
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const now = performance.now();
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data: { object: { id: string } } };
      arrivals.set(event.data.object.id, now);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  try {
    await Promise.all(procs.map((p) => p.waitReady(60_000)));
    const admin = connectClient(gatewayV1.MerchantAdminServiceClient, `127.0.0.1:${ports.gateway.grpcPort}`);
    const endpoints = connectClient(webhookV1.EndpointServiceClient, `127.0.0.1:${ports.webhook.grpcPort}`);
    const op = { metadata: { authorization: 'Bearer dev-operator-token' } };
    const { merchant } = await admin.createMerchant({ idempotencyKey: '', name: 'bench', ownerId: '' }, op);
    await endpoints.createEndpoint({
      idempotencyKey: '', merchantId: merchant!.id, livemode: false, url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`, enabledEvents: ['*'], description: '',
    });
    const inbound = `http://127.0.0.1:${httpPorts.webhook}/v1/partners/simbank/bank/deposits`;
    const latencies: number[] = [];
    const one = async (): Promise<void> => {
      const body = JSON.stringify({
        id: randomUUID(), type: 'deposit.received', account_number: merchant!.testVirtualAccountNumber, amount: 1000,
        received_at: new Date().toISOString(), bank_reference: 'BENCH', payer_name_kana: 'ﾍﾞﾝﾁ',
      });
      const started = performance.now();
      const res = await fetch(inbound, { method: 'POST', headers: { 'content-type': 'application/json', 'kessai-partner-signature': signatureHeader(SIMBANK_SECRET, body) }, body });
      const { deposit_id: depositId } = (await res.json()) as { deposit_id: string };
      const deadline = Date.now() + 10_000;
      while (!arrivals.has(depositId)) {
        if (Date.now() > deadline) throw new Error(`no webhook for deposit ${depositId} within 10 s`);
        await new Promise((r) => setTimeout(r, 2));
      }
      latencies.push(arrivals.get(depositId)! - started);
    };
    for (let i = 0; i < 10; i++) await one(); // warm-up
    latencies.length = 0;
    opts.log(`edge latency: ${samples} deposits, ${concurrency} in flight …`);
    let left = samples;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (left-- > 0) await one();
      }),
    );
    latencies.sort((a, b) => a - b);
    return { samples: latencies.length, concurrency, p50: percentile(latencies, 50), p90: percentile(latencies, 90), p99: percentile(latencies, 99), max: latencies[latencies.length - 1] };
  } finally {
    receiver.close();
    await Promise.all(procs.map((p) => p.stop()));
    await dropDatabase(opts.adminUrl, dbName);
    const nc = await connect({ servers: opts.natsUrl });
    try {
      const jsm = await jetstreamManager(nc);
      for await (const s of jsm.streams.list()) if (s.config.name.startsWith(`KESSAI_BENCHEDGE${process.pid}_`)) await jsm.streams.delete(s.config.name);
    } finally {
      await nc.close();
    }
  }
}

/** The section `npm run bench` appends to docs/benchmarks.md. */
export function edgeLatencySection(r: EdgeLatency): string {
  return `
## Partner callback → merchant webhook
A bank's signed deposit callback to the webhook service, until the merchant's endpoint receives the
\`balance.deposit_received\` webhook: inbound verification and recording, outbox → NATS, the ledger's
inbox and posting, its outbox → NATS, the webhook service's inbox, event log and dispatcher, and the
HTTP POST — every hop a real process on this machine. ${r.samples} deposits, ${r.concurrency} in flight.

| p50 ms | p90 ms | p99 ms | max ms |
|---:|---:|---:|---:|
| ${r.p50.toFixed(1)} | ${r.p90.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} |

Aim: well under a second — ${r.p99 < 1000 ? 'met' : '**not met**'} (p99 ${r.p99.toFixed(0)} ms).
`;
}

/** Standalone: `node scripts/dist/bench/edge-latency.js` prints the section. */
if (require.main === module) {
  void (async () => {
    const repoRoot = findRepoRoot(__dirname);
    const adminUrl = await ensurePostgres({ repoRoot });
    const natsUrl = await ensureNats({ repoRoot });
    const r = await measureEdgeLatency({ repoRoot, adminUrl, natsUrl, log: (m) => process.stderr.write(`[bench] ${m}\n`) });
    const section = edgeLatencySection(r);
    if (process.argv.includes('--write')) fs.appendFileSync(path.join(repoRoot, 'docs', 'benchmarks.md'), section);
    process.stdout.write(section);
  })().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
