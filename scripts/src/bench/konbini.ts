// `npm run bench`, the konbini part, driven through the public API with
// autocannon: bill creation (POST /v1/bills) and reading a bill (GET
// /v1/bills/{id}). Store payments to the merchant's webhook: ./store-webhook.ts.
//
// The per-key rate limit (100 requests/s by default) would cap every figure:
// the gateway of this bench runs with GATEWAY_RATE_LIMIT=1000000 for its keys.
// BENCH_CPU_PROF=<dir>: every service writes a V8 CPU profile there on exit.
// BENCH_SPANS=1: the services export their spans to the bench, which prints
// the SQL statements (and calls) per request — see ./spans.ts.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { gatewayV1 } from '@kessai/contracts';
import { connectClient, MESH } from '@kessai/platform';
import { dropDatabase, ensureNats, ensurePostgres, findRepoRoot, freePort } from '../lib/infra';
import { prepareMesh } from '../lib/mesh-setup';
import { ServiceProcess } from '../lib/processes';
import { SpanCollector } from './spans';

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
  /** p99 under P99_BOUND_MS without errors (the rows a path climbs through) */
  held?: boolean;
}

/** The latency bound of a held rate: the aim's for POST /v1/bills, used for GET as well. */
export const P99_BOUND_MS = 250;

export interface KonbiniBench {
  rows: LoadRow[];
  /** the connection counts POST and GET climb through */
  ladder: number[];
  breakdown: { path: string; table: string }[];
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
  // the connection counts to climb through (BENCH_HTTP_CONNECTIONS=16 for one)
  const connections = (process.env.BENCH_HTTP_CONNECTIONS ?? '16,32,64').split(',').map(Number);
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
  // Each path is measured alone: before the next, the events the last one made (every bill's
  // billing.bill.created) are published and applied by the webhook service, so their work does
  // not run inside the next measurement.
  const dbUrl = new URL(opts.adminUrl);
  dbUrl.pathname = `/${dbName}`;
  const db = new Client({ connectionString: dbUrl.toString() });
  const settle = async () => {
    const started = Date.now();
    let last = -1;
    for (;;) {
      const { rows } = await db.query(
        `SELECT (SELECT count(*) FROM billing.outbox WHERE published_at IS NULL)::int AS unpublished, (SELECT count(*) FROM webhook.inbox)::int AS applied`,
      );
      if ((rows[0].unpublished === 0 && rows[0].applied === last) || Date.now() - started > 120_000) return;
      last = rows[0].applied;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  };
  try {
    await Promise.all(procs.map((p) => p.waitReady(60_000)));
    await db.connect();
    const admin = connectClient(gatewayV1.MerchantAdminServiceClient, `127.0.0.1:${ports.gateway.grpcPort}`);
    const op = { metadata: { authorization: 'Bearer dev-operator-token' } };
    const { merchant } = await admin.createMerchant({ idempotencyKey: '', name: 'bench', ownerId: '', settings: { enabledStoreChains: CHAINS, feePlan: 'billing_plan', settlementCycle: 'monthly' } }, op);
    const { secret } = await admin.issueApiKey({ merchantId: merchant!.id, livemode: false }, op);
    const due = new Date(Date.now() + 9 * 3600_000 + 10 * 86_400_000).toISOString().slice(0, 10);
    const base = `http://127.0.0.1:${httpPorts.gateway}`;
    const auth = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
    const billIds: string[] = [];
    const createBills = (connections: number, duration: number, amount?: number) =>
      cannon({
        url: base, connections, ...(amount ? { amount } : { duration }),
        requests: [{
          method: 'POST', path: '/v1/bills', headers: auth, body: JSON.stringify({ amount: 1_000, due_date: due }),
          setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'idempotency-key': randomUUID() } }),
          onResponse: (status, body) => {
            if (status !== 200) return;
            billIds.push((JSON.parse(body) as { id: string }).id);
          },
        }],
      });
    await createBills(connections[0], 0, 200); // warm-up
    const rows: LoadRow[] = [];
    /**
     * A path at each number of connections in turn, the events of each run settled before the next,
     * until the p99 reaches the bound or the rate stops rising: the highest rate held is the figure.
     */
    const climb = async (label: string, run: (connections: number) => Promise<autocannon.Result>): Promise<void> => {
      let best = 0;
      for (const c of connections) {
        opts.log(`konbini: ${label}, ${c} connections, ${seconds} s …`);
        let count = 0;
        const r = await withSpans(`${label} (${c} connections)`, () => count, async () => {
          const out = await run(c);
          count = out.requests.total;
          return out;
        });
        const measured = row(label, `${c} connections`, r);
        const held = measured.p99 < P99_BOUND_MS && measured.errors === 0;
        rows.push({ ...measured, held });
        await settle();
        if (!held || measured.rate < best) break;
        best = measured.rate;
      }
    };
    await climb('POST /v1/bills', (c) => createBills(c, seconds));

    let at = 0;
    const getBills = (connections: number, duration: number) =>
      cannon({
        url: base, connections, duration,
        requests: [{ method: 'GET', headers: { authorization: auth.authorization }, setupRequest: (req) => ({ ...req, path: `/v1/bills/${billIds[at++ % billIds.length]}` }) }],
      });
    await getBills(connections[0], 2);
    await climb('GET /v1/bills/{id}', (c) => getBills(c, seconds));

    // campaigns: POST /v1/bills/batch, each call BATCH bills (rate = bills per second, latencies per call)
    const batchSize = Number(process.env.BENCH_BILLS_PER_BATCH ?? 100);
    const batchConnections = Number(process.env.BENCH_BATCH_CONNECTIONS ?? 4);
    opts.log(`konbini: POST /v1/bills/batch, ${batchSize} per call, ${batchConnections} connections, ${seconds} s …`);
    const batchBody = JSON.stringify({ bills: Array.from({ length: batchSize }, (_, i) => ({ amount: 1_000 + i, due_date: due })) });
    const createBatches = (duration: number) =>
      cannon({
        url: base, connections: batchConnections, duration,
        requests: [{
          method: 'POST', path: '/v1/bills/batch', headers: auth, body: batchBody,
          setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'idempotency-key': randomUUID() } }),
        }],
      });
    await createBatches(2); // warm-up
    let batchCalls = 0;
    const batched: autocannon.Result = await withSpans(`POST /v1/bills/batch (${batchSize} bills)`, () => batchCalls * batchSize, async () => {
      const r = await createBatches(seconds);
      batchCalls = r.requests.total;
      return r;
    });
    const batchRow = row(`POST /v1/bills/batch, ${batchSize} bills per call (rate: bills/s; latency per call)`, `${batchConnections} connections`, batched);
    rows.push({ ...batchRow, rate: batchRow.rate * batchSize });


    return { rows, ladder: connections, breakdown };
  } finally {
    await db.end().catch(() => undefined);
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
  `| ${r.path} | ${r.load} | ${r.rate.toFixed(0)} | ${tps ? `${(r.rate / tps).toFixed(3)}×` : '–'} | ${r.p50.toFixed(1)} | ${r.p90.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.requests} | ${r.errors} | ${r.held === undefined ? '–' : r.held ? 'yes' : '**no**'} |`;

/** Per climbing path: the highest rate held, as the figure to read against the aims. */
export function heldRates(rows: LoadRow[], tps: number): string[] {
  const paths = [...new Set(rows.filter((r) => r.held !== undefined).map((r) => r.path))];
  return paths.map((p) => {
    const held = rows.filter((r) => r.path === p && r.held);
    if (held.length === 0) return `- ${p}: no rate held (p99 ≥ ${P99_BOUND_MS} ms at every load tried).`;
    const best = held.reduce((a, b) => (b.rate > a.rate ? b : a));
    return `- ${p}: **${best.rate.toFixed(0)}/s${tps ? ` = ${(best.rate / tps).toFixed(3)} × P` : ''}** (${best.load}, p99 ${best.p99.toFixed(0)} ms).`;
  });
}

/** The section `npm run bench` appends to docs/benchmarks.md. */
export function konbiniSection(r: KonbiniBench, tps: number): string {
  return `
## Konbini: through the public API
Gateway, billing, ledger and webhook as real processes on this machine, driven by
[autocannon](https://github.com/mcollina/autocannon) (\`POST\`/\`GET\`) from the bench process. The
per-key rate limit (100 requests/s by default) would cap every figure, so the bench's gateway runs with
\`GATEWAY_RATE_LIMIT=${BENCH_RATE_LIMIT}\` for its keys. \`POST /v1/bills\`: validation, a payment number for
each of the six chains, slip token, email intent, outbox event, HTTP and command idempotency, rate limit;
\`POST /v1/bills/batch\`: the same for each bill of a call, one call, one request against the rate limit and
one transaction in billing for all of them (its rate counts bills, its latencies calls).
\`GET /v1/bills/{id}\`: the key, the rate limit, the bill read through billing. Store payments to the
merchant's webhook: the section "Store payments → merchant webhook: sustained rates and a burst".

| path | load | rate /s | × P | p50 ms | p90 ms | p99 ms | requests | errors | held |
|---|---|---:|---:|---:|---:|---:|---:|---:|---|
${r.rows.map((x) => fmt(x, tps)).join('\n')}

Highest rate held (p99 < ${P99_BOUND_MS} ms, no errors), climbing through ${r.ladder.join(', ')} connections until the p99 reaches
the bound or the rate stops rising:
${heldRates(r.rows, tps).join('\n')}
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
