// `npm run bench`: the ledger's throughput through gRPC next to the machine's
// own pgbench TPC-B figure (P), measured in the same run, then the sections of
// scripts/src/bench/ (edge, konbini, Zengin, account transfer, remittance),
// written to docs/benchmarks.md. Nothing here asserts; it measures.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ledgerV1 } from '@kessai/contracts';
import { connectClient, MESH } from '@kessai/platform';
import { createDatabase, dropDatabase, ensureNats, ensurePostgres, findRepoRoot, freePort, withDatabase } from './lib/infra';
import { prepareMesh } from './lib/mesh-setup';
import { ServiceProcess } from './lib/processes';
import type { LoadSpec } from './bench/load-worker';
import { DEBITS_HEADING, debitsSection, measureDebits } from './bench/debits';
import { EDGE_HEADING, edgeLatencySection, measureEdgeLatency } from './bench/edge-latency';
import { percentile, replaceSection } from './bench/harness';
import { KONBINI_HEADING, konbiniSection, measureKonbini } from './bench/konbini';
import { measureRemittance, REMITTANCE_HEADING, remittanceSection } from './bench/remittance';
import { measureZengin, ZENGIN_HEADING, zenginSection } from './bench/zengin';

const say = (m: string) => process.stderr.write(`[bench] ${m}\n`);
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 15) * 1000;
const THREADS = Number(process.env.BENCH_THREADS ?? 2);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32); // in flight per thread
const ACCOUNTS = 1_000;

interface Result {
  scenario: string;
  transfersPerSec: number;
  callsPerSec: number;
  p50: number;
  p99: number;
  failures: number;
}

function pgbench(adminUrl: string): number {
  const dbUrl = withDatabase(adminUrl, 'kessai_pgbench');
  say('pgbench -i -s 10 …');
  execFileSync('pgbench', ['-i', '-q', '-s', '10', dbUrl], { stdio: 'ignore' });
  say('pgbench TPC-B, 8 clients, 20 s …');
  const out = execFileSync('pgbench', ['-c', '8', '-j', '2', '-T', '20', '-n', dbUrl], { encoding: 'utf8' });
  const m = /tps = ([\d.]+)/.exec(out);
  if (!m) throw new Error(`could not read pgbench output:\n${out}`);
  return Number(m[1]);
}

async function scenario(address: string, name: LoadSpec['scenario'], accounts: string[], batchSize = 100): Promise<Result> {
  say(`ledger ${name}: ${THREADS} threads x ${CONCURRENCY} in flight, ${DURATION_MS / 1000} s …`);
  const started = Date.now();
  const parts = await Promise.all(
    Array.from({ length: THREADS }, (_, workerIndex) => {
      const spec: LoadSpec = { address, scenario: name, accounts, hotAccount: accounts[0], concurrency: name === 'batched' ? 4 : CONCURRENCY, durationMs: DURATION_MS, batchSize, workerIndex };
      return new Promise<{ transfers: number; failures: number; latencies: number[] }>((resolve, reject) => {
        const w = new Worker(path.join(__dirname, 'bench', 'load-worker.js'), { workerData: spec });
        w.once('message', (msg) => {
          resolve(msg);
          void w.terminate();
        });
        w.once('error', reject);
      });
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  const latencies = parts.flatMap((p) => p.latencies).sort((a, b) => a - b);
  const transfers = parts.reduce((a, p) => a + p.transfers, 0);
  return {
    scenario: name,
    transfersPerSec: transfers / seconds,
    callsPerSec: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    failures: parts.reduce((a, p) => a + p.failures, 0),
  };
}

/** Sections that can run alone (BENCH_ONLY=debits,remittance): each replaces its own part of docs/benchmarks.md. */
const SECTIONS = ['edge', 'konbini', 'zengin', 'debits', 'remittance'] as const;
type Section = (typeof SECTIONS)[number];

async function runSection(name: Section, ctx: { repoRoot: string; adminUrl: string; natsUrl: string; tps: number; loadAtStart: number[] }): Promise<{ heading: string; text: string }> {
  const base = { repoRoot: ctx.repoRoot, adminUrl: ctx.adminUrl, natsUrl: ctx.natsUrl, log: say };
  switch (name) {
    // the edge: partner callback → merchant webhook (its own processes and database)
    case 'edge':
      return { heading: EDGE_HEADING, text: edgeLatencySection(await measureEdgeLatency(base)) };
    // konbini: bill creation and store payment → merchant webhook (its own processes and database)
    case 'konbini':
      return { heading: KONBINI_HEADING, text: konbiniSection(await measureKonbini(base)) };
    // zengin: names and transfer files, in this process
    case 'zengin':
      return { heading: ZENGIN_HEADING, text: zenginSection(measureZengin(say), ctx.tps) };
    // account transfer: single debits beside GET /v1/balance, and a bulk (its own processes and database)
    case 'debits':
      return { heading: DEBITS_HEADING, text: debitsSection(await measureDebits({ ...base, loadAtStart: ctx.loadAtStart }), ctx.tps) };
    // remittance: a 10,000-recipient order and its transfer file (its own processes and database)
    case 'remittance':
      return { heading: REMITTANCE_HEADING, text: remittanceSection(await measureRemittance({ ...base, loadAtStart: ctx.loadAtStart }), ctx.tps) };
  }
}

async function main(): Promise<void> {
  const loadAtStart = os.loadavg(); // before this run adds its own
  const repoRoot = findRepoRoot(__dirname);
  const adminUrl = await ensurePostgres({ repoRoot });
  const natsUrl = await ensureNats({ repoRoot });
  const doc = path.join(repoRoot, 'docs', 'benchmarks.md');
  await dropDatabase(adminUrl, 'kessai_bench');
  await dropDatabase(adminUrl, 'kessai_pgbench');
  // BENCH_ONLY=<ledger scenario> (spread, hot, batched) while tuning: prints, does not write the doc;
  // BENCH_ONLY=<sections> (comma-separated, e.g. debits,remittance): pgbench, then those sections,
  // each put in place of its earlier version in docs/benchmarks.md
  const only = process.env.BENCH_ONLY;
  const scenarioOnly = only === 'spread' || only === 'hot' || only === 'batched' ? only : undefined;
  const sections = only && !scenarioOnly ? only.split(',').map((s) => s.trim()) : [];
  const unknown = sections.filter((s) => !(SECTIONS as readonly string[]).includes(s));
  if (unknown.length) throw new Error(`BENCH_ONLY: unknown ${unknown.join(', ')}; sections: ${SECTIONS.join(', ')}, or one ledger scenario (spread, hot, batched); without it, everything`);
  await createDatabase(adminUrl, 'kessai_pgbench');
  const tps = scenarioOnly ? 0 : pgbench(adminUrl);
  await dropDatabase(adminUrl, 'kessai_pgbench');
  if (sections.length) {
    let text = fs.readFileSync(doc, 'utf8');
    for (const name of sections as Section[]) {
      const s = await runSection(name, { repoRoot, adminUrl, natsUrl, tps, loadAtStart });
      text = replaceSection(text, s.heading, s.text);
      fs.writeFileSync(doc, text);
      process.stdout.write(s.text);
    }
    return;
  }

  const grpcPort = await freePort();
  const opsPort = await freePort();
  const prepared = await prepareMesh({
    repoRoot, mesh: MESH, adminUrl, natsUrl, dbName: 'kessai_bench', kessaiEnv: 'development',
    ports: { ledger: { grpcPort, opsPort } }, subjectPrefix: 'bench.', logLevel: 'warn', only: ['ledger'],
  });
  const ledgerSvc = prepared.services.find((s) => s.service.name === 'ledger')!;
  const nodeArgs = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : undefined;
  const ledger = new ServiceProcess({ service: MESH.ledger, repoRoot, env: ledgerSvc.env, output: process.env.BENCH_VERBOSE ? 'raw' : 'silent', nodeArgs });
  ledger.start();
  await ledger.waitReady(60_000);
  const address = `127.0.0.1:${grpcPort}`;

  try {
    say(`funding ${ACCOUNTS} deposit accounts …`);
    const client = connectClient(ledgerV1.LedgerServiceClient, address, { defaultDeadlineMs: 60_000 });
    const accounts = Array.from({ length: ACCOUNTS }, (_, i) => `mer_bench${String(i).padStart(5, '0')}`);
    await client.postBatch({
      mode: ledgerV1.BatchMode.BATCH_MODE_ATOMIC,
      transactions: accounts.map((m) => ({
        idempotencyKey: `fund-${m}`, livemode: false, kind: 'bench.fund', description: '', merchantId: m, metadata: {},
        postings: [
          { account: { ownerId: 'platform', type: ledgerV1.AccountType.ACCOUNT_TYPE_PLATFORM_BANK }, amount: -1_000_000_000 },
          { account: { ownerId: m, type: ledgerV1.AccountType.ACCOUNT_TYPE_DEPOSIT }, amount: 1_000_000_000 },
        ],
      })),
    });
    if (scenarioOnly) {
      const r = await scenario(address, scenarioOnly, accounts);
      process.stdout.write(`${JSON.stringify(r)}\n`);
      const metrics = await (await fetch(`http://127.0.0.1:${opsPort}/metrics`)).text();
      process.stdout.write(metrics.split('\n').filter((l) => /kessai_ledger_batch_(transactions|seconds)_(sum|count)/.test(l)).join('\n') + '\n');
      return;
    }
    const results = [await scenario(address, 'spread', accounts), await scenario(address, 'hot', accounts), await scenario(address, 'batched', accounts)];
    await ledger.stop(); // the sections below start their own processes
    write(repoRoot, tps, results);
    for (const name of SECTIONS) fs.appendFileSync(doc, (await runSection(name, { repoRoot, adminUrl, natsUrl, tps, loadAtStart })).text);
  } finally {
    await ledger.stop();
    await dropDatabase(adminUrl, 'kessai_bench');
  }
}

function write(repoRoot: string, tps: number, results: Result[]): void {
  const [spread, hot, batched] = results;
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const row = (r: Result) =>
    `| ${r.scenario} | ${r.transfersPerSec.toFixed(0)} | ${r.callsPerSec.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.failures} |`;
  const verdict = (ok: boolean) => (ok ? 'met' : '**not met**');
  const body = `# Ledger benchmarks

Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB,
Node ${process.version}. Postgres, NATS, the ledger and the load generator all share this machine.
A section can be measured again alone: \`BENCH_ONLY=debits,remittance npm run bench\` (sections: ${SECTIONS.join(', ')})
runs pgbench and those sections, each replacing its own part of this page with its date and P.

## The machine's own limit
\`pgbench\` TPC-B, scale 10, 8 clients, 20 s, same run: **${tps.toFixed(0)} tps**.

## Ledger through gRPC
Load: ${THREADS} threads with ${CONCURRENCY} calls in flight each (batched: 4 each, ${100} transfers per call), ${DURATION_MS / 1000} s per scenario,
${ACCOUNTS} funded deposit accounts. Every transfer debits one deposit (checked against its floor under the
account's lock) and credits another; each writes a transaction, two postings, the balance changes and an outbox event.

| scenario | transfers/s | calls/s | p50 ms (call) | p99 ms (call) | failures |
|---|---:|---:|---:|---:|---:|
${results.map(row).join('\n')}

- **spread**: single Post calls between random accounts.
- **hot**: 90% of transfers debit one account (the hardest case: every one needs that account's lock).
- **batched**: PostBatch of 100 transfers per call (per-item results).

## Against the aims
| aim | measured | |
|---|---:|---|
| single transfers ≥ 40% of pgbench | ${((spread.transfersPerSec / tps) * 100).toFixed(0)}% | ${verdict(spread.transfersPerSec >= 0.4 * tps)} |
| batched ≥ 3× pgbench | ${(batched.transfersPerSec / tps).toFixed(1)}× | ${verdict(batched.transfersPerSec >= 3 * tps)} |
| hot account ≥ 60% of spread | ${((hot.transfersPerSec / spread.transfersPerSec) * 100).toFixed(0)}% | ${verdict(hot.transfersPerSec >= 0.6 * spread.transfersPerSec)} |

## How it gets there
Group commit (services/ledger/src/app/committer.ts): concurrent calls are committed together, one
database transaction per group, so a lock and a commit are paid per group, not per transfer.
Credits append balance deltas without taking the account's lock; only money leaving an account
(or a hold) locks it, and the compaction job folds the deltas into the balance.
One commit worker: measured on 2026-11-23, four workers halved throughput (their batches
were smaller and then waited on each other's account locks).

## Where the batched time goes (measured 2026-11-23, 500-transfer batches)
Per database transaction: lock the debited accounts ≈ 8–20 ms; idempotency lookup + pending
deltas ≈ 10–20 ms; transactions, postings, balances and deltas in one statement ≈ 30 ms; 500
outbox rows ≈ 10–20 ms; commit. The commit worker is busy ~100% of the time, and the ledger
process is ~20% idle: Postgres (sharing the 2 cores with the relay's NATS publishing) is the
limit. Reaching 3× pgbench would need fewer rows per transfer (e.g. one outbox event per
batch call instead of per transaction — a contract change) or a second database.
`;
  fs.writeFileSync(path.join(repoRoot, 'docs', 'benchmarks.md'), body);
  say(`written to docs/benchmarks.md`);
  process.stdout.write(body);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
