// `npm run bench`, the konbini part: bill creation through the public API, and
// how long a store's signed payment result takes to become the merchant's
// `payment.preliminary` webhook attempt (webhook inbound → outbox → NATS →
// billing inbox → outbox → NATS → webhook consumer → dispatcher → HTTP).
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

const SIMSTORE_SECRET = 'whsec_simstore_development_only';
const CHAINS = ['seven_eleven', 'lawson', 'familymart', 'ministop', 'daily_yamazaki', 'seicomart'];

export interface KonbiniBench {
  bills: number;
  billConcurrency: number;
  billsPerSec: number;
  billP50: number;
  billP99: number;
  payments: number;
  paymentConcurrency: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;
}

export async function measureKonbini(opts: { repoRoot: string; adminUrl: string; natsUrl: string; log: (m: string) => void }): Promise<KonbiniBench> {
  const bills = Number(process.env.BENCH_KONBINI_BILLS ?? 600);
  const billConcurrency = 8;
  const payments = Math.min(bills, Number(process.env.BENCH_KONBINI_PAYMENTS ?? 300));
  const paymentConcurrency = 4;
  const dbName = 'kessai_bench_konbini';
  await dropDatabase(opts.adminUrl, dbName);
  const names = ['gateway', 'ledger', 'billing', 'webhook'] as const;
  const ports: Record<string, { grpcPort: number; opsPort: number }> = {};
  for (const n of names) ports[n] = { grpcPort: await freePort(), opsPort: await freePort() };
  const prepared = await prepareMesh({
    repoRoot: opts.repoRoot, mesh: MESH, adminUrl: opts.adminUrl, natsUrl: opts.natsUrl, dbName, kessaiEnv: 'development',
    ports, subjectPrefix: 'benchkonbini.', logLevel: 'warn', only: [...names], log: () => undefined,
  });
  const httpPorts: Record<string, number> = { gateway: await freePort(), webhook: await freePort() };
  const procs = prepared.services.map(
    (s) =>
      new ServiceProcess({
        service: s.service, repoRoot: opts.repoRoot, output: 'silent',
        env: { ...s.env, ...(httpPorts[s.service.name] ? { HTTP_PORT: String(httpPorts[s.service.name]) } : {}), GATEWAY_RATE_LIMIT: '100000' },
      }),
  );
  for (const p of procs) p.start();
  const arrivals = new Map<string, number>();
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const now = performance.now();
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { type: string; data: { object: { payment_number?: string } } };
      if (event.type === 'payment.preliminary' && event.data.object.payment_number) arrivals.set(event.data.object.payment_number, now);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  try {
    await Promise.all(procs.map((p) => p.waitReady(60_000)));
    const admin = connectClient(gatewayV1.MerchantAdminServiceClient, `127.0.0.1:${ports.gateway.grpcPort}`);
    const endpoints = connectClient(webhookV1.EndpointServiceClient, `127.0.0.1:${ports.webhook.grpcPort}`);
    const op = { metadata: { authorization: 'Bearer dev-operator-token' } };
    const { merchant } = await admin.createMerchant({ idempotencyKey: '', name: 'bench', ownerId: '', settings: { enabledStoreChains: CHAINS, feePlan: 'billing_plan', settlementCycle: 'monthly' } }, op);
    const { secret } = await admin.issueApiKey({ merchantId: merchant!.id, livemode: false }, op);
    await endpoints.createEndpoint({
      idempotencyKey: '', merchantId: merchant!.id, livemode: false, url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`, enabledEvents: ['payment.preliminary'], description: '',
    });
    const due = new Date(Date.now() + 9 * 3600_000 + 10 * 86_400_000).toISOString().slice(0, 10);
    const api = `http://127.0.0.1:${httpPorts.gateway}/v1/bills`;
    const numbers: string[] = [];
    const billLatencies: number[] = [];
    const createOne = async (): Promise<void> => {
      const started = performance.now();
      const res = await fetch(api, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'idempotency-key': randomUUID(), 'content-type': 'application/json' },
        body: JSON.stringify({ amount: 1_000, due_date: due }),
      });
      const bill = (await res.json()) as { payment_numbers?: { store: string; number: string }[] };
      if (res.status !== 200) throw new Error(`create bill: ${res.status} ${JSON.stringify(bill)}`);
      billLatencies.push(performance.now() - started);
      numbers.push(bill.payment_numbers!.find((n) => n.store === 'seven_eleven')!.number);
    };
    for (let i = 0; i < 10; i++) await createOne(); // warm-up
    billLatencies.length = 0;
    opts.log(`konbini: ${bills} bills, ${billConcurrency} in flight …`);
    let left = bills;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: billConcurrency }, async () => { while (left-- > 0) await createOne(); }));
    const billsPerSec = bills / ((performance.now() - t0) / 1000);
    billLatencies.sort((a, b) => a - b);

    const inbound = `http://127.0.0.1:${httpPorts.webhook}/v1/partners/simstore/store/payments`;
    const latencies: number[] = [];
    const payOne = async (number: string): Promise<void> => {
      const body = JSON.stringify({ id: randomUUID(), type: 'payment.reported', status: 'preliminary', chain: 'seven_eleven', payment_number: number, amount: 1_000, paid_at: new Date().toISOString(), store_code: 'BENCH' });
      const started = performance.now();
      const res = await fetch(inbound, { method: 'POST', headers: { 'content-type': 'application/json', 'kessai-partner-signature': signatureHeader(SIMSTORE_SECRET, body) }, body });
      if (res.status !== 200) throw new Error(`store result: ${res.status}`);
      const deadline = Date.now() + 10_000;
      while (!arrivals.has(number)) {
        if (Date.now() > deadline) throw new Error(`no payment.preliminary webhook for ${number} within 10 s`);
        await new Promise((r) => setTimeout(r, 2));
      }
      latencies.push(arrivals.get(number)! - started);
    };
    const queue = numbers.slice(0, payments + 10);
    for (let i = 0; i < 10; i++) await payOne(queue.shift()!); // warm-up
    latencies.length = 0;
    opts.log(`konbini: ${payments} store payments, ${paymentConcurrency} in flight …`);
    await Promise.all(Array.from({ length: paymentConcurrency }, async () => { for (let n = queue.shift(); n; n = queue.shift()) await payOne(n); }));
    latencies.sort((a, b) => a - b);
    return {
      bills, billConcurrency, billsPerSec, billP50: percentile(billLatencies, 50), billP99: percentile(billLatencies, 99),
      payments: latencies.length, paymentConcurrency, p50: percentile(latencies, 50), p90: percentile(latencies, 90), p99: percentile(latencies, 99), max: latencies[latencies.length - 1],
    };
  } finally {
    receiver.close();
    await Promise.all(procs.map((p) => p.stop()));
    await dropDatabase(opts.adminUrl, dbName);
    const nc = await connect({ servers: opts.natsUrl });
    try {
      const jsm = await jetstreamManager(nc);
      for await (const s of jsm.streams.list()) if (s.config.name.startsWith('KESSAI_BENCHKONBINI')) await jsm.streams.delete(s.config.name);
    } finally {
      await nc.close();
    }
  }
}

/** The section `npm run bench` appends to docs/benchmarks.md. */
export function konbiniSection(r: KonbiniBench): string {
  return `
## Konbini: bill creation and store payment → merchant webhook
Gateway, billing, ledger and webhook as real processes on this machine.

Bill creation through \`POST /v1/bills\` (validation, a payment number per chain for all six chains,
slip token, outbox event; idempotency at the edge): ${r.bills} bills, ${r.billConcurrency} in flight.

| bills/s | p50 ms | p99 ms |
|---:|---:|---:|
| ${r.billsPerSec.toFixed(0)} | ${r.billP50.toFixed(1)} | ${r.billP99.toFixed(1)} |

A store's signed preliminary result (速報) to the webhook service, until the merchant's endpoint receives
the \`payment.preliminary\` webhook: inbound verification and recording, outbox → NATS, billing's inbox
(payment row, bill paid), its outbox → NATS, the webhook service's inbox, event log and dispatcher, and the
HTTP POST. ${r.payments} payments, ${r.paymentConcurrency} in flight.

| p50 ms | p90 ms | p99 ms | max ms |
|---:|---:|---:|---:|
| ${r.p50.toFixed(1)} | ${r.p90.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} |

Aim: p99 under one second — ${r.p99 < 1000 ? 'met' : '**not met**'} (p99 ${r.p99.toFixed(0)} ms).
`;
}

/** Standalone: `node scripts/dist/bench/konbini.js [--write]` prints (and appends) the section. */
if (require.main === module) {
  void (async () => {
    const repoRoot = findRepoRoot(__dirname);
    const adminUrl = await ensurePostgres({ repoRoot });
    const natsUrl = await ensureNats({ repoRoot });
    const r = await measureKonbini({ repoRoot, adminUrl, natsUrl, log: (m) => process.stderr.write(`[bench] ${m}\n`) });
    const section = konbiniSection(r);
    if (process.argv.includes('--write')) fs.appendFileSync(path.join(repoRoot, 'docs', 'benchmarks.md'), section);
    process.stdout.write(section);
  })().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
