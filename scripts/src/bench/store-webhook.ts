// `npm run bench` (or BENCH_ONLY=store-webhook), the store-payment → merchant-webhook
// path of issue 15: store results sustained at increasing rates (the highest rate
// at which p99 stays under a second with no growing backlog), then a burst of
// 10,000 confirmed results timed until every webhook is delivered. Gateway,
// ledger, billing and webhook are real processes; every result is a signed
// partner request to the webhook service's inbound port, and every latency ends
// when the merchant's endpoint (in this process) receives the webhook:
// webhook inbound → outbox → NATS → billing's inbox → outbox → NATS → the webhook
// service's (batched) inbox → event log and deliveries → dispatcher → HTTP POST.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Client } from 'pg';
import { webhookV1 } from '@kessai/contracts';
import { connectClient, signatureHeader, streamName } from '@kessai/platform';
import { withDatabase } from '../lib/infra';
import { SpanCollector } from './spans';
import { atRate, benchMerchant, inFlight, latencyStats, machineLine, rest, startBenchMesh, until, webhookReceiver, type BenchMesh, type LatencyStats, type Log } from './harness';

const SIMSTORE_SECRET = 'whsec_simstore_development_only';
const BENCH_KEY_RATE_LIMIT = 1_000_000;

export const STORE_WEBHOOK_HEADING = '## Store payments → merchant webhook: sustained rates and a burst';

export interface BacklogSample {
  /** seconds since the window started */
  at: number;
  /** results sent (answered 200) whose webhook has not arrived */
  outstanding: number;
  /** messages billing's consumer of webhook.store_payment.reported has not acknowledged */
  billing: number;
  /** messages the webhook service's consumer of billing.payment.* has not acknowledged */
  webhook: number;
  /** deliveries pending in the webhook service's database (due or being attempted) */
  deliveries: number;
}

export interface RateRun {
  rate: number;
  seconds: number;
  sent: number;
  /** refused or unanswered results */
  errors: number;
  /** why, counted: the HTTP status and error code of each refusal, or the socket error */
  refusals: Record<string, number>;
  /** webhooks not received within the drain */
  undelivered: number;
  latency: LatencyStats;
  /** results answered per second over the window (below `rate`: the inbound fell behind) */
  achievedRate: number;
  maxLateMs: number;
  samples: BacklogSample[];
  backlogGrows: boolean;
  ok: boolean;
}

/** The error code of a REST error body (`{"error":{"code":…}}`), else a shortened body. */
export function errorCodeOf(body: string): string {
  try {
    const code = (JSON.parse(body) as { error?: { code?: unknown } }).error?.code;
    if (typeof code === 'string') return code;
  } catch {
    // not JSON: the body itself, shortened
  }
  return body.slice(0, 60).replace(/\s+/g, ' ').trim() || '(no body)';
}

/** "Refused at 183/s: 503 unavailable × 1." per window that refused any result (empty when none did). */
export function refusalLines(windows: (readonly [string, Record<string, number>])[]): string {
  const lines = windows
    .filter(([, r]) => Object.keys(r).length > 0)
    .map(([label, r]) => `Refused at ${label}: ${Object.entries(r).map(([why, n]) => `${why} × ${n}`).join(', ')}.`);
  return lines.length ? `${lines.join('\n')}\n\n` : '';
}

export interface BurstRun {
  count: number;
  concurrency: number;
  /** from the first send to the last result answered */
  sendSeconds: number;
  /** from the first send to the last webhook */
  allDeliveredSeconds: number;
  /** from the last result answered to the last webhook: the backlog draining */
  drainSeconds: number;
  errors: number;
  refusals: Record<string, number>;
  undelivered: number;
  latency: LatencyStats;
  peak: Omit<BacklogSample, 'at'>;
}

export interface StoreWebhookBench {
  runs: RateRun[];
  burst?: BurstRun;
  /** BENCH_SPANS=1: the services' statements and calls per store result, for the first rate and the burst */
  breakdown?: { label: string; table: string }[];
  batchSize: string;
  machine: string;
}

export interface StoreWebhookOptions {
  repoRoot: string;
  adminUrl: string;
  natsUrl: string;
  log: Log;
  /** P: the rates default to fractions of it */
  tps?: number;
  /** database kessai_bench_<tag> and its subject prefix (default store_webhook) */
  tag?: string;
  rates?: number[];
  seconds?: number;
  burst?: number;
  burstConcurrency?: number;
  /** the webhook service's WEBHOOK_INBOX_BATCH_SIZE (default: the service's own, 100) */
  batchSize?: number;
  loadAtStart?: number[];
}

/** A result counts as backlog-growing when, at the end of the window, more than a second's results are undelivered and twice as many as at its middle. */
export function backlogGrows(samples: readonly BacklogSample[], rate: number): boolean {
  if (samples.length < 2) return false;
  const end = samples[samples.length - 1].outstanding;
  const mid = samples[Math.floor((samples.length - 1) / 2)].outstanding;
  return end > rate && end > 2 * mid;
}

/** Fractions of P, each rounded up: a rate held then is at least its fraction (the floor is 0.05 × P, the aim 0.1 × P). */
export function defaultRates(tps: number): number[] {
  if (!tps) return [50, 100, 200, 300];
  return [0.025, 0.05, 0.075, 0.1, 0.15, 0.2].map((f) => Math.max(1, Math.ceil(f * tps)));
}

export async function measureStoreWebhook(o: StoreWebhookOptions): Promise<StoreWebhookBench> {
  const rates = o.rates ?? (process.env.BENCH_STORE_WEBHOOK_RATES ? process.env.BENCH_STORE_WEBHOOK_RATES.split(',').map(Number) : defaultRates(o.tps ?? 0));
  const seconds = o.seconds ?? Number(process.env.BENCH_STORE_WEBHOOK_SECONDS ?? 60);
  const burstCount = o.burst ?? Number(process.env.BENCH_STORE_WEBHOOK_BURST ?? 10_000);
  const burstConcurrency = o.burstConcurrency ?? Number(process.env.BENCH_STORE_WEBHOOK_BURST_CONCURRENCY ?? 64);
  const batchSize = o.batchSize ?? (process.env.BENCH_STORE_WEBHOOK_BATCH ? Number(process.env.BENCH_STORE_WEBHOOK_BATCH) : undefined);
  const tag = o.tag ?? 'store_webhook';
  const spans = process.env.BENCH_SPANS ? new SpanCollector() : undefined;
  const otel: Record<string, string> = spans ? { OTEL_EXPORTER_OTLP_ENDPOINT: await spans.start() } : {};
  const services = ['gateway', 'ledger', 'billing', 'webhook'];
  const env: Record<string, Record<string, string>> = Object.fromEntries(services.map((n) => [n, { ...otel }]));
  env.gateway.GATEWAY_RATE_LIMIT = String(BENCH_KEY_RATE_LIMIT);
  if (batchSize) {
    env.webhook.WEBHOOK_INBOX_BATCH_SIZE = String(batchSize);
    env.billing.BILLING_INBOX_BATCH_SIZE = String(batchSize);
  }
  const breakdown: { label: string; table: string }[] = [];
  /** with BENCH_SPANS: the spans of `fn`'s store results, per result (the exporters send every 5 s) */
  const withSpans = async <T>(label: string, results: () => number, fn: () => Promise<T>): Promise<T> => {
    if (!spans) return fn();
    spans.reset();
    spans.recording = true;
    const out = await fn();
    await new Promise((r) => setTimeout(r, 6_000));
    spans.recording = false;
    breakdown.push({ label, table: spans.table(results()) });
    return out;
  };
  let mesh: BenchMesh;
  try {
    mesh = await startBenchMesh({ repoRoot: o.repoRoot, adminUrl: o.adminUrl, natsUrl: o.natsUrl, tag, services, http: ['gateway', 'webhook'], env });
  } catch (err) {
    spans?.stop();
    throw err;
  }
  // each result carries a marker of its own as its store code; the payment's webhook echoes it
  const receiver = await webhookReceiver<{ data?: { object?: { store_code?: string } } }>((e) => e.data?.object?.store_code);
  const nc = await connect({ servers: o.natsUrl });
  const db = new Client({ connectionString: withDatabase(o.adminUrl, `kessai_bench_${tag}`) });
  await db.connect();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
  try {
    const jsm = await jetstreamManager(nc);
    const api = mesh.http('gateway');
    const { merchant, key } = await benchMerchant(mesh.grpc('gateway'), { name: 'ストア決済ベンチ', chains: ['seven_eleven'] });
    const endpoints = connectClient(webhookV1.EndpointServiceClient, mesh.grpc('webhook'));
    await endpoints.createEndpoint({
      idempotencyKey: '', merchantId: merchant.id, livemode: false, url: receiver.url, enabledEvents: ['payment.preliminary', 'payment.confirmed'], description: '',
    });
    endpoints.close();

    // repeat bills: each takes any number of payments (each its own collection, the bill unchanged), so a
    // small pool carries every result; billing locks the bill per result, so the pool spreads them
    const due = new Date(Date.now() + 9 * 3600_000 + 20 * 86_400_000).toISOString().slice(0, 10);
    const pool: string[] = [];
    o.log('store-webhook: 200 repeat bills …');
    await inFlight(8, 200, async () => {
      const bill = (await rest<{ payment_numbers: { store: string; number: string }[] }>(api, key, 'POST', '/v1/bills', { amount: 1_000, due_date: due, repeat: true })).body;
      pool.push(bill.payment_numbers.find((n) => n.store === 'seven_eleven')!.number);
    });

    const inbound = `${mesh.http('webhook')}/v1/partners/simstore/store/payments`;
    const sent = new Map<string, number>();
    let marker = 0;
    // why results were refused, per window (cleared at the start of each)
    let refusals: Record<string, number> = {};
    const refused = (why: string) => void (refusals[why] = (refusals[why] ?? 0) + 1);
    /** one signed store result; its marker (store code) when answered 200, else null (and why, in refusals) */
    const report = (status: 'preliminary' | 'confirmed'): Promise<string | null> =>
      new Promise((resolve) => {
        const n = marker++;
        const code = `B${n.toString(36)}`; // ≤ 20 characters: the store code
        const body = JSON.stringify({
          id: randomUUID(), type: 'payment.reported', status, chain: 'seven_eleven', payment_number: pool[n % pool.length], amount: 1_000,
          paid_at: new Date().toISOString(), store_code: code, transaction_id: randomUUID(),
        });
        const t = performance.now();
        const req = http.request(inbound, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'kessai-partner-signature': signatureHeader(SIMSTORE_SECRET, body) } }, (res) => {
          let answer = '';
          res.on('data', (chunk: Buffer) => void (answer.length < 2_000 && (answer += chunk.toString('utf8'))));
          res.on('end', () => {
            const ok = res.statusCode === 200;
            if (ok) sent.set(code, t);
            else refused(`${res.statusCode} ${errorCodeOf(answer)}`);
            resolve(ok ? code : null);
          });
        });
        req.on('error', (err: NodeJS.ErrnoException) => {
          refused(err.code ?? err.message);
          resolve(null);
        });
        req.end(body);
      });
    const pendingOf = (codes: Iterable<string>) => {
      let n = 0;
      for (const c of codes) if (!receiver.arrivals.has(c)) n++;
      return n;
    };
    const sample = async (codes: Set<string>, t0: number): Promise<BacklogSample> => ({
      at: (performance.now() - t0) / 1000,
      outstanding: pendingOf(codes),
      billing: await consumerBacklog(jsm, streamName(mesh.prefix, 'webhook'), 'billing__webhook_store_payment_reported'),
      webhook: (await consumerBacklog(jsm, streamName(mesh.prefix, 'billing'), 'webhook__billing_payment_preliminary'))
        + (await consumerBacklog(jsm, streamName(mesh.prefix, 'billing'), 'webhook__billing_payment_confirmed')),
      deliveries: Number((await db.query(`SELECT count(*) AS n FROM webhook.deliveries WHERE status = 'pending'`)).rows[0].n),
    });
    const latenciesOf = (codes: Iterable<string>) => [...codes].filter((c) => receiver.arrivals.has(c)).map((c) => receiver.arrivals.get(c)! - sent.get(c)!);
    /** waits until every code's webhook arrived, or `ms` passed; true when all did */
    const drain = async (codes: Set<string>, ms: number): Promise<boolean> => {
      try {
        await until(async () => pendingOf(codes) === 0, 'every webhook', ms, 20);
        return true;
      } catch {
        return false;
      }
    };

    o.log('store-webhook: warm-up …');
    const warm = new Set<string>();
    await inFlight(4, 100, async () => {
      const code = await report('preliminary');
      if (code) warm.add(code);
    });
    await drain(warm, 30_000);

    const runs: RateRun[] = [];
    for (const [i, rate] of rates.entries()) {
      const count = Math.max(1, Math.round(rate * seconds));
      o.log(`store-webhook: store results at ${rate}/s for ${seconds} s …`);
      const codes = new Set<string>();
      let errors = 0;
      refusals = {};
      const samples: BacklogSample[] = [];
      const t0 = performance.now();
      let sampling = true;
      const sampler = (async () => {
        for (let s = 1; sampling; s++) {
          const wait = t0 + s * 1000 - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          if (sampling) samples.push(await sample(codes, t0));
        }
      })();
      const window = async () => {
        const r = await atRate(rate, count, async () => {
          const code = await report('preliminary');
          if (code) codes.add(code);
          else errors++;
        });
        sampling = false;
        await sampler;
        return { r, delivered: await drain(codes, 30_000) };
      };
      const { r: run, delivered } = i === 0 ? await withSpans(`a store result at ${rate}/s`, () => codes.size, window) : await window();
      const latency = latencyStats(latenciesOf(codes));
      const undelivered = pendingOf(codes);
      const grows = backlogGrows(samples, rate);
      const achievedRate = codes.size / run.seconds;
      const ok = delivered && errors === 0 && latency.p99 < 1_000 && !grows && achievedRate >= rate * 0.95;
      runs.push({ rate, seconds, sent: count, errors: errors + run.errors.length, refusals, undelivered, latency, achievedRate, maxLateMs: run.maxLateMs, samples, backlogGrows: grows, ok });
      o.log(`store-webhook: ${rate}/s: p99 ${latency.p99.toFixed(0)} ms, ${undelivered} undelivered, backlog ${grows ? 'grows' : 'steady'}`);
      if (!ok) break; // increasing rates: the first one missed ends the climb
    }

    let burst: BurstRun | undefined;
    if (burstCount > 0) {
      o.log(`store-webhook: a burst of ${burstCount} confirmed results, ${burstConcurrency} in flight …`);
      const codes = new Set<string>();
      let errors = 0;
      refusals = {};
      const peak = { outstanding: 0, billing: 0, webhook: 0, deliveries: 0 };
      const t0 = performance.now();
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          const s = await sample(codes, t0);
          peak.outstanding = Math.max(peak.outstanding, s.outstanding);
          peak.billing = Math.max(peak.billing, s.billing);
          peak.webhook = Math.max(peak.webhook, s.webhook);
          peak.deliveries = Math.max(peak.deliveries, s.deliveries);
          await new Promise((r) => setTimeout(r, 500));
        }
      })();
      let sentAt = 0;
      await withSpans(`a confirmed result of the ${burstCount}-result burst`, () => codes.size, async () => {
        await inFlight(burstConcurrency, burstCount, async () => {
          const code = await report('confirmed');
          if (code) codes.add(code);
          else errors++;
        });
        sentAt = performance.now();
        await drain(codes, Number(process.env.BENCH_STORE_WEBHOOK_BURST_TIMEOUT_S ?? 300) * 1000);
      });
      sampling = false;
      await sampler;
      const arrivals = [...codes].filter((c) => receiver.arrivals.has(c)).map((c) => receiver.arrivals.get(c)!);
      const last = arrivals.length ? Math.max(...arrivals) : sentAt;
      burst = {
        count: burstCount, concurrency: burstConcurrency, sendSeconds: (sentAt - t0) / 1000, allDeliveredSeconds: (last - t0) / 1000, drainSeconds: Math.max(0, (last - sentAt) / 1000),
        errors, refusals, undelivered: pendingOf(codes), latency: latencyStats(latenciesOf(codes)), peak,
      };
    }
    return { runs, burst, breakdown, batchSize: String(batchSize ?? 100), machine: machineLine(o.loadAtStart) };
  } catch (err) {
    o.log(`store-webhook: the services' last lines:\n${mesh.tail()}`);
    throw err;
  } finally {
    spans?.stop();
    agent.destroy();
    receiver.close();
    await db.end().catch(() => undefined);
    await nc.close();
    await mesh.stop();
  }
}

/** Messages a durable consumer has not yet acknowledged: not delivered yet plus delivered and in work (0 if it does not exist yet). */
async function consumerBacklog(jsm: JetStreamManager, stream: string, consumer: string): Promise<number> {
  try {
    const info = await jsm.consumers.info(stream, consumer);
    return info.num_pending + info.num_ack_pending;
  } catch {
    return 0;
  }
}

/** The section `npm run bench` writes to docs/benchmarks.md. */
export function storeWebhookSection(r: StoreWebhookBench, tps: number): string {
  const ratio = (x: number) => (tps > 0 ? `${(x / tps).toFixed(3)} × P` : 'n/a');
  const best = [...r.runs].filter((x) => x.ok).pop();
  const row = (x: RateRun) => {
    const q = (f: number) => x.samples[Math.min(x.samples.length - 1, Math.max(0, Math.round(f * (x.samples.length - 1))))]?.outstanding ?? 0;
    return `| ${x.rate}/s (${ratio(x.rate)}) | ${x.achievedRate.toFixed(0)} | ${x.latency.p50.toFixed(0)} | ${x.latency.p99.toFixed(0)} | ${x.latency.max.toFixed(0)} | ${q(0.25)} / ${q(0.5)} / ${q(1)} | ${x.backlogGrows ? '**grows**' : 'steady'} | ${x.errors} | ${x.undelivered} | ${x.ok ? 'yes' : '**no**'} |`;
  };
  const peakSample = (x: RateRun) => x.samples.reduce((m, s) => ({ billing: Math.max(m.billing, s.billing), webhook: Math.max(m.webhook, s.webhook), deliveries: Math.max(m.deliveries, s.deliveries) }), { billing: 0, webhook: 0, deliveries: 0 });
  const aim = !best
    ? '**not met**: no rate kept p99 under a second'
    : tps > 0
      ? `${best.rate / tps >= 0.1 ? 'met' : best.rate / tps >= 0.05 ? '**floor met, aim not**' : '**not met**'} (${ratio(best.rate)})${r.runs[r.runs.length - 1].ok ? ' — every rate offered held: the limit is higher' : ''}`
      : 'n/a (no P)';
  const b = r.burst;
  return `
${STORE_WEBHOOK_HEADING}
Measured ${new Date().toISOString().slice(0, 10)} on ${r.machine}; P = pgbench ${tps.toFixed(0)} tps of the same run.
Gateway, ledger, billing and webhook as real processes with their own database; billing applies store results and
the webhook service the events it makes public in batches of up to ${r.batchSize} (\`BILLING_INBOX_BATCH_SIZE\`,
\`WEBHOOK_INBOX_BATCH_SIZE\`; the bench's \`BENCH_STORE_WEBHOOK_BATCH=1\` sets both to one by one). A merchant with 200 repeat bills
(one payment number each; a repeat bill takes any number of payments) and one endpoint, in this process, subscribed
to \`payment.preliminary\` and \`payment.confirmed\`. Each store result is a signed request to the webhook service's
inbound port with a \`transaction_id\` and \`store_code\` of its own; its latency runs until the endpoint receives its
webhook.

**Sustained**: preliminary results (速報) at a steady rate, open loop, ${r.runs[0]?.seconds ?? 0} s per rate, increasing until a rate
misses (p99 ≥ 1 s, a growing backlog, a refused result, a webhook not received within 30 s of the window's end, or
the results answered at < 95% of the rate). *Outstanding*: results answered but whose webhook had not arrived, at ¼, ½
and the end of the window; the backlog *grows* when at the end more than a second's results are outstanding and
twice as many as at the middle.

| rate offered | answered/s | p50 ms | p99 ms | max ms | outstanding ¼ / ½ / end | backlog | errors | undelivered | held |
|---|---:|---:|---:|---:|---:|---|---:|---:|---|
${r.runs.map(row).join('\n')}

Where the backlog sat at its peak in each window (messages not acknowledged by billing's consumer of
\`webhook.store_payment.reported\`, by the webhook service's consumers of \`billing.payment.*\`, and deliveries pending):
${r.runs.map((x) => { const p = peakSample(x); return `${x.rate}/s: billing ${p.billing}, webhook ${p.webhook}, deliveries ${p.deliveries}`; }).join('; ')}.

${refusalLines(r.runs.map((x) => [`${x.rate}/s`, x.refusals] as const))}Highest rate held: **${best ? `${best.rate}/s` : 'none'}**. Aim: ≥ 0.1 × P payments/s with p99 < 1 s and no growing backlog (floor 0.05 × P) — ${aim}.
${b ? `
**Burst**: ${b.count.toLocaleString('en')} confirmed results (確報), ${b.concurrency} in flight, as fast as the inbound answers them.

| results | sent in s | all delivered after s | drained after the last result s | p50 ms | p99 ms | errors | undelivered |
|---:|---:|---:|---:|---:|---:|---:|---:|
| ${b.count} | ${b.sendSeconds.toFixed(1)} | ${b.allDeliveredSeconds.toFixed(1)} | ${b.drainSeconds.toFixed(1)} | ${b.latency.p50.toFixed(0)} | ${b.latency.p99.toFixed(0)} | ${b.errors} | ${b.undelivered} |

${refusalLines([['the burst', b.refusals] as const])}Peak backlog: ${b.peak.outstanding} results outstanding; billing's consumer ${b.peak.billing}, the webhook service's ${b.peak.webhook} messages, ${b.peak.deliveries} deliveries pending.
Aim: every webhook delivered and the backlog drained within 60 s — ${b.undelivered === 0 && b.errors === 0 && b.drainSeconds <= 60 ? 'met' : '**not met**'} (${b.drainSeconds.toFixed(1)} s after the last result was answered${b.undelivered ? `; ${b.undelivered} never arrived` : ''}).
` : ''}${r.breakdown?.length ? `
### Per store result (spans; BENCH_SPANS=1: every figure slower, read the counts)
${r.breakdown.map((x) => `\n${x.label}:\n\n${x.table}`).join('\n')}
` : ''}`;
}
