// What the `npm run bench` sections share: latency statistics and their table,
// the two load shapes (N in flight, a steady rate), a world of real service
// processes with its own database and subject prefix, a merchant with a key,
// and one call to the public REST API. Nothing here asserts; it measures.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { gatewayV1 } from '@kessai/contracts';
import { connectClient, MESH } from '@kessai/platform';
import { dropDatabase, freePort, withDatabase } from '../lib/infra';
import { prepareMesh } from '../lib/mesh-setup';
import { SIMBANK_DEV_SECRET } from '../lib/partner-bank';
import { ManagedProcess, ServiceProcess } from '../lib/processes';

export type Log = (m: string) => void;
/** a JSON object as the API answers it */
export type Json = Record<string, unknown>;

export function percentile(sorted: readonly number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;
}

export interface LatencyStats {
  samples: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** p50 / p90 / p99 / max of a list of milliseconds (in any order). */
export function latencyStats(ms: readonly number[]): LatencyStats {
  const s = [...ms].sort((a, b) => a - b);
  return { samples: s.length, p50: percentile(s, 50), p90: percentile(s, 90), p99: percentile(s, 99), max: s.length ? s[s.length - 1] : 0 };
}

/** The markdown latency table of the bench sections; with labels, a first column named `labelHeader`. */
export function latencyTable(rows: readonly { label?: string; stats: LatencyStats }[], labelHeader = ''): string {
  const labelled = rows.some((r) => r.label !== undefined);
  const head = labelled ? `| ${labelHeader} | p50 ms | p90 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|` : '| p50 ms | p90 ms | p99 ms | max ms |\n|---:|---:|---:|---:|';
  const f = (x: number) => x.toFixed(1);
  const line = (r: { label?: string; stats: LatencyStats }) =>
    `| ${labelled ? `${r.label ?? ''} | ` : ''}${f(r.stats.p50)} | ${f(r.stats.p90)} | ${f(r.stats.p99)} | ${f(r.stats.max)} |`;
  return `${head}\n${rows.map(line).join('\n')}`;
}

/** Closed loop: `count` calls of `one`, `concurrency` in flight; returns the seconds it took. */
export async function inFlight(concurrency: number, count: number, one: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) await one(i);
    }),
  );
  return (performance.now() - t0) / 1000;
}

/**
 * Open loop: `count` calls of `one` started at a steady `perSecond`, each on its
 * own schedule whether or not the earlier ones have answered (so a slow answer
 * cannot lower the offered rate). Returns the seconds from the first start to
 * the last answer, and how late the starts were (a busy load generator).
 */
export async function atRate(perSecond: number, count: number, one: (i: number) => Promise<void>, offsetMs = 0): Promise<{ seconds: number; maxLateMs: number; errors: Error[] }> {
  const gap = 1000 / perSecond;
  const t0 = performance.now() + offsetMs;
  let maxLateMs = 0;
  const errors: Error[] = [];
  const running: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = t0 + i * gap;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    maxLateMs = Math.max(maxLateMs, performance.now() - due);
    // a failed call is counted, never left to reject unobserved while the schedule goes on
    running.push(one(i).catch((err: unknown) => void errors.push(err instanceof Error ? err : new Error(String(err)))));
  }
  await Promise.all(running);
  return { seconds: (performance.now() - t0) / 1000, maxLateMs, errors };
}

/** Polls until `check` holds (the services get there asynchronously); never a fixed sleep. */
export async function until(check: () => Promise<boolean>, what: string, timeoutMs = 60_000, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The machine as a section reports it: CPUs, memory, Node, and the load average before the bench started (`npm run bench` passes it; its own earlier sections are not "other work"). */
export function machineLine(loadAtStart: number[] = os.loadavg()): string {
  const cpus = os.cpus();
  const load = loadAtStart.map((l) => l.toFixed(2)).join(' / ');
  const loaded = loadAtStart[0] > cpus.length * 0.25;
  return `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average ${load} (1 / 5 / 15 min) before the bench started${loaded ? ' — **a loaded machine**: other work was running beside the bench' : ' (a quiet machine)'}`;
}

export interface BenchMeshOptions {
  repoRoot: string;
  adminUrl: string;
  natsUrl: string;
  /** names the world: database kessai_bench_<tag>, subject prefix bench<tag>. (letters, digits, _) */
  tag: string;
  services: readonly string[];
  /** these also get an HTTP port (gateway: public REST; webhook: partner inbound) */
  http?: readonly string[];
  /** more environment per service */
  env?: Record<string, Record<string, string>>;
  /** start the bank simulator (tools/bank-simulator) too; the services' PARTNER_BANK_URL points at it */
  bankSimulator?: boolean;
  log?: Log;
}

export interface BenchMesh {
  grpc(service: string): string;
  ops(service: string): string;
  http(service: string): string;
  /** the bank simulator's base URL (with bankSimulator) */
  bank?: string;
  /** the world's subject prefix (its streams: streamName(prefix, <service>)) */
  prefix: string;
  procs: ServiceProcess[];
  /** the last lines each process wrote (they run silent), to show with a failure */
  tail(lines?: number): string;
  stop(): Promise<void>;
}

/**
 * Real service processes for one bench section: its own database (dropped
 * first and at the end) and subject prefix (its streams deleted at the end),
 * every gRPC/ops/HTTP port free-picked, output silenced, all ready.
 */
export async function startBenchMesh(o: BenchMeshOptions): Promise<BenchMesh> {
  if (!/^[a-z0-9_]+$/.test(o.tag)) throw new Error(`bench tag: letters, digits and _ only, got ${o.tag}`);
  const dbName = `kessai_bench_${o.tag}`;
  const prefix = `bench${o.tag.replace(/_/g, '')}.`;
  await dropDatabase(o.adminUrl, dbName);
  const ports: Record<string, { grpcPort: number; opsPort: number }> = {};
  for (const n of o.services) ports[n] = { grpcPort: await freePort(), opsPort: await freePort() };
  const httpPorts: Record<string, number> = {};
  for (const n of o.http ?? []) httpPorts[n] = await freePort();
  const bankPort = o.bankSimulator ? await freePort() : 0;
  const bankUrl = o.bankSimulator ? `http://127.0.0.1:${bankPort}` : undefined;
  const prepared = await prepareMesh({
    repoRoot: o.repoRoot, mesh: MESH, adminUrl: o.adminUrl, natsUrl: o.natsUrl, dbName, kessaiEnv: 'development',
    ports, subjectPrefix: prefix, logLevel: 'warn', only: [...o.services], log: () => undefined,
    partnerBank: bankUrl ? { url: bankUrl, secret: SIMBANK_DEV_SECRET } : undefined,
  });
  const procs = prepared.services.map(
    (s) =>
      new ServiceProcess({
        service: s.service, repoRoot: o.repoRoot, output: process.env.BENCH_VERBOSE ? 'raw' : 'silent',
        // BENCH_CPU_PROF=<dir>: every service writes a V8 CPU profile there when it stops
        nodeArgs: process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`, `--cpu-prof-name=${s.service.name}-${Date.now()}.cpuprofile`] : undefined,
        env: { ...s.env, ...(httpPorts[s.service.name] ? { HTTP_PORT: String(httpPorts[s.service.name]) } : {}), ...(o.env?.[s.service.name] ?? {}) },
      }),
  );
  let bank: ManagedProcess | undefined;
  const stop = async (): Promise<void> => {
    await Promise.all([...procs.map((p) => p.stop()), bank?.stop()]);
    await dropDatabase(o.adminUrl, dbName);
    const stream = `KESSAI_${prefix.replace(/\.$/, '').toUpperCase()}_`;
    const nc = await connect({ servers: o.natsUrl });
    try {
      const jsm = await jetstreamManager(nc);
      for await (const s of jsm.streams.list()) if (s.config.name.startsWith(stream)) await jsm.streams.delete(s.config.name);
    } finally {
      await nc.close();
    }
  };
  try {
    for (const p of procs) p.start();
    if (bankUrl) {
      bank = new ManagedProcess({
        name: 'bank-simulator', command: process.execPath, args: [path.join(o.repoRoot, 'tools', 'bank-simulator', 'dist', 'main.js')],
        env: {
          BANK_SIMULATOR_PORT: String(bankPort), DATABASE_URL: withDatabase(o.adminUrl, dbName), BANK_SIMULATOR_SCHEMA: 'bank_simulator',
          BANK_SIMULATOR_SECRET: SIMBANK_DEV_SECRET, BANK_SIMULATOR_RETRY_DELAYS_MS: '100,500',
          KESSAI_PARTNER_URL: httpPorts.webhook ? `http://127.0.0.1:${httpPorts.webhook}/v1/partners/simbank` : 'http://127.0.0.1:1/v1/partners/simbank',
        },
        readyUrl: `${bankUrl}/healthz`, output: process.env.BENCH_VERBOSE ? 'raw' : 'silent',
      });
      bank.start();
      await bank.waitReady(60_000);
    }
    await Promise.all(procs.map((p) => p.waitReady(90_000)));
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
  const need = <T>(m: Record<string, T>, n: string, what: string): T => {
    if (m[n] === undefined) throw new Error(`bench: ${n} has no ${what} in this world`);
    return m[n];
  };
  return {
    grpc: (n) => `127.0.0.1:${need(ports, n, 'gRPC port').grpcPort}`,
    ops: (n) => `http://127.0.0.1:${need(ports, n, 'ops port').opsPort}`,
    http: (n) => `http://127.0.0.1:${need(httpPorts, n, 'HTTP port')}`,
    bank: bankUrl,
    prefix,
    procs,
    tail: (lines = 20) => [...procs, ...(bank ? [bank] : [])].map((p) => `--- ${p.name}\n${p.lastLines(lines).join('\n')}`).join('\n'),
    stop,
  };
}

/** The development operator token (the gateway's default outside staging/production). */
export const OPERATOR = { metadata: { authorization: 'Bearer dev-operator-token' } };

/** A merchant and a test-mode API key, through the operator's admin API. */
export async function benchMerchant(gatewayGrpc: string, o: { name?: string; chains?: string[]; feePlan?: string; contactEmails?: string[] } = {}): Promise<{ merchant: gatewayV1.Merchant; key: string }> {
  const admin = connectClient(gatewayV1.MerchantAdminServiceClient, gatewayGrpc);
  try {
    const { merchant } = await admin.createMerchant(
      {
        idempotencyKey: '', name: o.name ?? 'bench', ownerId: '',
        settings: { enabledStoreChains: o.chains ?? ['seven_eleven'], feePlan: o.feePlan ?? 'standard', settlementCycle: 'monthly_end' },
        contactEmails: { emails: o.contactEmails ?? [] },
      },
      OPERATOR,
    );
    const { secret } = await admin.issueApiKey({ merchantId: merchant!.id, livemode: false }, OPERATOR);
    return { merchant: merchant!, key: secret };
  } finally {
    admin.close();
  }
}

export interface RestAnswer<T = Json> {
  status: number;
  body: T;
  ms: number;
}

/** One call to the public REST API with a key (a POST gets a fresh Idempotency-Key); `ms` is the whole round trip. */
export async function rest<T = Json>(base: string, key: string, method: 'GET' | 'POST', p: string, body?: unknown, o: { contentType?: string; expect?: number[] } = {}): Promise<RestAnswer<T>> {
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (method === 'POST') headers['idempotency-key'] = randomUUID();
  let payload: string | Buffer | undefined;
  if (body !== undefined) {
    headers['content-type'] = o.contentType ?? 'application/json';
    payload = Buffer.isBuffer(body) || typeof body === 'string' ? body : JSON.stringify(body);
  }
  const t0 = performance.now();
  const res = await fetch(`${base}${p}`, { method, headers, body: payload });
  const text = await res.text();
  const ms = performance.now() - t0;
  const expect = o.expect ?? [200, 201];
  if (!expect.includes(res.status)) throw new Error(`bench: ${method} ${p}: ${res.status} ${text.slice(0, 500)}`);
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, ms };
}

/** A control call to the bank simulator (unauthenticated, 127.0.0.1). */
export async function bankControl<T = Json>(bankUrl: string, method: string, p: string, body?: unknown): Promise<T> {
  const res = await fetch(`${bankUrl}${p}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
  const json = (await res.json()) as T;
  if (res.status >= 400) throw new Error(`bank simulator ${method} ${p}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Runs a service's job now through its ops port (outside production); returns its result. */
export async function runJob(opsUrl: string, name: string): Promise<unknown> {
  const res = await fetch(`${opsUrl}/test/jobs/${name}/run`, { method: 'POST' });
  const body = (await res.json()) as { ran: boolean; result?: unknown; error?: string };
  if (res.status !== 200) throw new Error(`job ${name}: ${res.status} ${JSON.stringify(body)}`);
  return body.result;
}

/** Puts a section in place of an earlier one with the same heading (or at the end). */
export function replaceSection(doc: string, heading: string, section: string): string {
  const at = doc.indexOf(`\n${heading}\n`);
  if (at < 0) return `${doc.replace(/\n*$/, '\n')}${section}`;
  const next = doc.indexOf('\n## ', at + heading.length + 1);
  return `${doc.slice(0, at)}\n${section.replace(/^\n/, '')}${next < 0 ? '' : doc.slice(next)}`;
}

export interface WebhookReceiver {
  /** where the merchant's endpoint is registered */
  url: string;
  /** when (performance.now()) the webhook for an id arrived */
  arrivals: Map<string, number>;
  /** resolves with the arrival time of the webhook for `id` */
  waitFor(id: string, timeoutMs?: number): Promise<number>;
  close(): void;
}

/** A merchant's webhook endpoint on this machine: each event's id (by `idOf`) with its arrival time. */
export async function webhookReceiver<E>(idOf: (event: E) => string | undefined): Promise<WebhookReceiver> {
  const arrivals = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const now = performance.now();
      const id = idOf(JSON.parse(Buffer.concat(chunks).toString('utf8')) as E);
      if (id) arrivals.set(id, now);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    arrivals,
    async waitFor(id, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!arrivals.has(id)) {
        if (Date.now() > deadline) throw new Error(`bench: no webhook for ${id} within ${timeoutMs / 1000} s`);
        await new Promise((r) => setTimeout(r, 2));
      }
      return arrivals.get(id)!;
    },
    close: () => void server.close(),
  };
}
