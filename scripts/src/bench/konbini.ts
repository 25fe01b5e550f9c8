// `npm run bench`, the konbini part, driven through the public API with
// autocannon: bill creation (POST /v1/bills), reading a bill (GET
// /v1/bills/{id}), and store payments sustained at fixed rates, each timed
// from the store's signed result to the merchant's `payment.preliminary`
// webhook (webhook inbound → outbox → NATS → billing inbox → outbox → NATS →
// webhook consumer → dispatcher → HTTP).
//
// The per-key rate limit (100 requests/s by default) would cap every figure:
// the gateway of this bench runs with GATEWAY_RATE_LIMIT=1000000 for its keys.
// BENCH_CPU_PROF=<dir>: every service writes a V8 CPU profile there on exit.
// BENCH_SPANS=1: the services export their spans to the bench, which prints
// the SQL statements (and calls) per request — see ./spans.ts.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { gatewayV1, webhookV1 } from '@kessai/contracts';
import { connectClient, MESH, signatureHeader } from '@kessai/platform';
import { dropDatabase, ensureNats, ensurePostgres, findRepoRoot, freePort } from '../lib/infra';
import { prepareMesh } from '../lib/mesh-setup';
import { ServiceProcess } from '../lib/processes';
import { SpanCollector } from './spans';

const SIMSTORE_SECRET = 'whsec_simstore_development_only';
const CHAINS = ['seven_eleven', 'lawson', 'familymart', 'ministop', 'daily_yamazaki', 'seicomart'];
export const BENCH_RATE_LIMIT = 1_000_000;

/** One row of a load table: requests per second and latency percentiles (ms). */
export interface LoadRow {
  path: string;
  load: string;
  rate: number;
  p50: number;
  p90: number;
  p99: number;
  requests: number;
  errors: number;
}

export interface KonbiniBench {
  rows: LoadRow[];
  /** store payments at fixed rates: end-to-end to the merchant's webhook */
  payments: LoadRow[];
  breakdown: { path: string; table: string }[];
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;
}

function cannon(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

function row(pathName: string, load: string, r: autocannon.Result): LoadRow {
  return {
    path: pathName, load, rate: r.requests.total / r.duration, p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99,
    requests: r.requests.total, errors: r.errors + r.timeouts + r.non2xx,
  };
}

export async function measureKonbini(opts: { repoRoot: string; adminUrl: string; natsUrl: string; log: (m: string) => void; tps?: number }): Promise<KonbiniBench> {
  const seconds = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
  const connections = Number(process.env.BENCH_HTTP_CONNECTIONS ?? 16);
  const paySeconds = Number(process.env.BENCH_PAYMENT_SECONDS ?? 60);
  const spans = process.env.BENCH_SPANS ? new SpanCollector() : undefined;
  const otlp = spans ? await spans.start() : undefined;
  const cpuProf = process.env.BENCH_CPU_PROF;
  const dbName = `kessai_bench_konbini_${process.pid}`; // per run: other worktrees may bench at the same time
  await dropDatabase(opts.adminUrl, dbName);
  const names = ['gateway', 'ledger', 'billing', 'webhook'] as const;
  const ports: Record<string, { grpcPort: number; opsPort: number }> = {};
  for (const n of names) ports[n] = { grpcPort: await freePort(), opsPort: await freePort() };
  const prepared = await prepareMesh({
    repoRoot: opts.repoRoot, mesh: MESH, adminUrl: opts.adminUrl, natsUrl: opts.natsUrl, dbName, kessaiEnv: 'development',
    ports, subjectPrefix: `benchkonbini${process.pid}.`, logLevel: 'warn', only: [...names], log: () => undefined,
  });
  const httpPorts: Record<string, number> = { gateway: await freePort(), webhook: await freePort() };
  const procs = prepared.services.map(
    (s) =>
      new ServiceProcess({
        service: s.service, repoRoot: opts.repoRoot, output: 'silent',
        nodeArgs: cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${cpuProf}`, `--cpu-prof-name=${s.service.name}-${Date.now()}.cpuprofile`] : undefined,
        env: {
          ...s.env,
          ...(httpPorts[s.service.name] ? { HTTP_PORT: String(httpPorts[s.service.name]) } : {}),
          GATEWAY_RATE_LIMIT: String(BENCH_RATE_LIMIT),
          ...(otlp ? { OTEL_EXPORTER_OTLP_ENDPOINT: otlp } : {}),
        },
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
  const breakdown: KonbiniBench['breakdown'] = [];
  const withSpans = async <T>(label: string, units: () => number, fn: () => Promise<T>): Promise<T> => {
    if (!spans) return fn();
    spans.reset();
    spans.recording = true;
    const out = await fn();
    await new Promise((r) => setTimeout(r, 6_000)); // the exporters' batch delay (5 s)
    spans.recording = false;
    breakdown.push({ path: label, table: spans.table(units()) });
    return out;
  };
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
    const base = `http://127.0.0.1:${httpPorts.gateway}`;
    const auth = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
    const billIds: string[] = [];
    const numbers: string[] = [];
    const createBills = (duration: number, amount?: number) =>
      cannon({
        url: base, connections, ...(amount ? { amount } : { duration }),
        requests: [{
          method: 'POST', path: '/v1/bills', headers: auth, body: JSON.stringify({ amount: 1_000, due_date: due }),
          setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'idempotency-key': randomUUID() } }),
          onResponse: (status, body) => {
            if (status !== 200) return;
            const bill = JSON.parse(body) as { id: string; payment_numbers: { store: string; number: string }[] };
            billIds.push(bill.id);
            numbers.push(bill.payment_numbers.find((n) => n.store === 'seven_eleven')!.number);
          },
        }],
      });
    await createBills(0, 200); // warm-up
    const rows: LoadRow[] = [];
    opts.log(`konbini: POST /v1/bills, ${connections} connections, ${seconds} s …`);
    let createdCount = 0;
    const created: autocannon.Result = await withSpans('POST /v1/bills', () => createdCount, async () => {
      const r = await createBills(seconds);
      createdCount = r.requests.total;
      return r;
    });
    rows.push(row('POST /v1/bills', `${connections} connections`, created));

    opts.log(`konbini: GET /v1/bills/{id}, ${connections} connections, ${seconds} s …`);
    let at = 0;
    const getBills = (duration: number) =>
      cannon({
        url: base, connections, duration,
        requests: [{ method: 'GET', headers: { authorization: auth.authorization }, setupRequest: (req) => ({ ...req, path: `/v1/bills/${billIds[at++ % billIds.length]}` }) }],
      });
    await getBills(2);
    let got = 0;
    const fetched: autocannon.Result = await withSpans('GET /v1/bills/{id}', () => got, async () => {
      const r = await getBills(seconds);
      got = r.requests.total;
      return r;
    });
    rows.push(row('GET /v1/bills/{id}', `${connections} connections`, fetched));

    // store payments, open loop at fixed rates for paySeconds each
    const inbound = `http://127.0.0.1:${httpPorts.webhook}/v1/partners/simstore/store/payments`;
    const queue = numbers.slice();
    const payments: LoadRow[] = [];
    const tps = opts.tps ?? 0;
    const rates = (process.env.BENCH_PAYMENT_RATES ?? (tps ? [0.05, 0.1, 0.15].map((f) => Math.round(f * tps)).join(',') : '100,200,300')).split(',').map(Number);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    const payOne = (number: string, sent: Map<string, number>): Promise<boolean> =>
      new Promise((resolve) => {
        const body = JSON.stringify({ id: randomUUID(), type: 'payment.reported', status: 'preliminary', chain: 'seven_eleven', payment_number: number, amount: 1_000, paid_at: new Date().toISOString(), store_code: 'BENCH' });
        sent.set(number, performance.now());
        const req = http.request(inbound, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'kessai-partner-signature': signatureHeader(SIMSTORE_SECRET, body) } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode === 200));
        });
        req.on('error', () => resolve(false));
        req.end(body);
      });
    for (const rate of rates) {
      const count = Math.round(rate * paySeconds);
      if (queue.length < count) {
        opts.log(`konbini: ${count - queue.length} more bills for the payments …`);
        const before = numbers.length;
        await createBills(0, count - queue.length + 50);
        queue.push(...numbers.slice(before));
      }
      const batch = queue.splice(0, count);
      opts.log(`konbini: store payments at ${rate}/s for ${paySeconds} s …`);
      const sent = new Map<string, number>();
      let errors = 0;
      const t0 = performance.now();
      const inFlight: Promise<void>[] = [];
      const run = async () => {
        for (let i = 0; i < batch.length; i++) {
          const due = t0 + (i * 1000) / rate;
          const wait = due - performance.now();
          if (wait > 1) await new Promise((r) => setTimeout(r, wait));
          inFlight.push(payOne(batch[i], sent).then((ok) => { if (!ok) errors++; }));
        }
        await Promise.all(inFlight);
      };
      await withSpans(`store payment at ${rate}/s`, () => batch.length, run);
      const sendSeconds = (performance.now() - t0) / 1000;
      const deadline = Date.now() + 30_000;
      while (batch.some((n) => !arrivals.has(n)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const lat = batch.filter((n) => arrivals.has(n)).map((n) => arrivals.get(n)! - sent.get(n)!).sort((a, b) => a - b);
      const missing = batch.length - lat.length;
      payments.push({ path: 'store payment → webhook', load: `${rate}/s for ${paySeconds} s`, rate: lat.length / sendSeconds, p50: percentile(lat, 50), p90: percentile(lat, 90), p99: percentile(lat, 99), requests: batch.length, errors: errors + missing });
    }
    agent.destroy();
    return { rows, payments, breakdown };
  } finally {
    receiver.close();
    spans?.stop();
    await Promise.all(procs.map((p) => p.stop()));
    await dropDatabase(opts.adminUrl, dbName);
    const nc = await connect({ servers: opts.natsUrl });
    try {
      const jsm = await jetstreamManager(nc);
      for await (const s of jsm.streams.list()) if (s.config.name.startsWith(`KESSAI_BENCHKONBINI${process.pid}_`)) await jsm.streams.delete(s.config.name);
    } finally {
      await nc.close();
    }
  }
}

const fmt = (r: LoadRow, tps: number) =>
  `| ${r.path} | ${r.load} | ${r.rate.toFixed(0)} | ${tps ? `${(r.rate / tps).toFixed(3)}×` : '–'} | ${r.p50.toFixed(1)} | ${r.p90.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.requests} | ${r.errors} |`;

/** The section `npm run bench` appends to docs/benchmarks.md. */
export function konbiniSection(r: KonbiniBench, tps: number): string {
  return `
## Konbini: through the public API
Gateway, billing, ledger and webhook as real processes on this machine, driven by
[autocannon](https://github.com/mcollina/autocannon) (\`POST\`/\`GET\`) from the bench process. The
per-key rate limit (100 requests/s by default) would cap every figure, so the bench's gateway runs with
\`GATEWAY_RATE_LIMIT=${BENCH_RATE_LIMIT}\` for its keys. \`POST /v1/bills\`: validation, a payment number for
each of the six chains, slip token, email intent, outbox event, HTTP and command idempotency, rate limit.
Store payments: a store's signed preliminary result (速報) at a fixed rate (open loop), each timed until
the merchant's endpoint receives its \`payment.preliminary\` webhook; errors count results refused and
webhooks not received within 30 s of the last send.

| path | load | rate /s | × P | p50 ms | p90 ms | p99 ms | requests | errors |
|---|---|---:|---:|---:|---:|---:|---:|---:|
${[...r.rows, ...r.payments].map((x) => fmt(x, tps)).join('\n')}
${r.breakdown.length ? `\n### Per request (spans; BENCH_SPANS=1)\n${r.breakdown.map((b) => `\n${b.path}:\n\n${b.table}`).join('')}` : ''}`;
}

/** Standalone: `node scripts/dist/bench/konbini.js [--write]` prints (and appends) the section; BENCH_TPS gives P. */
if (require.main === module) {
  void (async () => {
    const repoRoot = findRepoRoot(__dirname);
    const adminUrl = await ensurePostgres({ repoRoot });
    const natsUrl = await ensureNats({ repoRoot });
    const tps = Number(process.env.BENCH_TPS ?? 0);
    const r = await measureKonbini({ repoRoot, adminUrl, natsUrl, tps, log: (m) => process.stderr.write(`[bench] ${m}\n`) });
    const section = konbiniSection(r, tps);
    if (process.argv.includes('--write')) fs.appendFileSync(path.join(repoRoot, 'docs', 'benchmarks.md'), section);
    process.stdout.write(section);
    process.exit(0);
  })().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
