// `npm run bench` (or BENCH_ONLY=debits), the account-transfer part (issue 13):
// single-debit latency through the public REST API at a steady rate beside the
// gateway's own GET /v1/balance at the same rate in the same window, and bulk
// debit throughput (a CSV upload worked until completed). Gateway, ledger,
// account-transfer, webhook and the bank simulator are real processes.
import { ledgerV1 } from '@kessai/contracts';
import { connectClient } from '@kessai/platform';
import {
  atRate, bankControl, benchMerchant, inFlight, latencyStats, latencyTable, machineLine, rest, startBenchMesh, until,
  type LatencyStats, type Log,
} from './harness';

const REQUESTER = '1234567890';
const BANK = { bank_code: '0005', branch_code: '001' };
/** the bench's own per-key limit (GATEWAY_RATE_LIMIT, default 100 per key per second) */
const BENCH_KEY_RATE_LIMIT = 1_000_000;
/** the bulk pace (DEBIT_BATCH_RATE_PER_S, default 5 per replica: the rate a real bank allows) */
const BENCH_BULK_RATE = 10_000;

export interface DebitBench {
  customers: number;
  rate: number;
  samples: number;
  debit: LatencyStats;
  balance: LatencyStats;
  /** the same calls one at a time (no queue) */
  serialDebit: LatencyStats;
  serialBalance: LatencyStats;
  /** answered, but not debited (should be 0: every customer is funded with an active mandate) */
  notDebited: number;
  /** calls that failed (an error answer or none): not in the latencies */
  debitErrors: number;
  balanceErrors: number;
  /** debits answered per second over the whole window (below \`rate\`: the services fell behind) */
  achievedRate: number;
  /** the latest a call was started after its slot (the load generator falling behind) */
  maxLateMs: number;
  bulkItems: number;
  uploadMs: number;
  bulkSeconds: number;
  bulkSucceeded: number;
  bulkFailed: number;
  machine: string;
}

export interface DebitBenchOptions {
  repoRoot: string;
  adminUrl: string;
  natsUrl: string;
  log: Log;
  /** database kessai_bench_<tag> and its subject prefix (default debits) */
  tag?: string;
  customers?: number;
  rate?: number;
  seconds?: number;
  bulkItems?: number;
  loadAtStart?: number[];
}

export async function measureDebits(o: DebitBenchOptions): Promise<DebitBench> {
  const customers = o.customers ?? Number(process.env.BENCH_DEBIT_CUSTOMERS ?? 100);
  const rate = o.rate ?? Number(process.env.BENCH_DEBIT_RATE ?? 50);
  const seconds = o.seconds ?? Number(process.env.BENCH_DEBIT_SECONDS ?? 20);
  const bulkItems = o.bulkItems ?? Number(process.env.BENCH_DEBIT_BULK ?? 2_000);
  const samples = Math.max(1, Math.round(rate * seconds));
  const mesh = await startBenchMesh({
    repoRoot: o.repoRoot, adminUrl: o.adminUrl, natsUrl: o.natsUrl, tag: o.tag ?? 'debits',
    services: ['gateway', 'ledger', 'account-transfer', 'webhook'], http: ['gateway', 'webhook'], bankSimulator: true,
    env: {
      gateway: { GATEWAY_RATE_LIMIT: String(BENCH_KEY_RATE_LIMIT) },
      'account-transfer': { DEBIT_BATCH_RATE_PER_S: String(BENCH_BULK_RATE) },
    },
  });
  try {
    const api = mesh.http('gateway');
    const bank = mesh.bank!;
    const { merchant, key } = await benchMerchant(mesh.grpc('gateway'), { name: '口座振替ベンチ' });
    const ledger = connectClient(ledgerV1.LedgerServiceClient, mesh.grpc('ledger'));
    await ledger.post({
      idempotencyKey: `bench-fund-${merchant.id}`, livemode: false, kind: 'deposit.received', description: 'bench', merchantId: merchant.id, metadata: {},
      postings: [
        { account: { ownerId: 'platform', type: ledgerV1.AccountType.ACCOUNT_TYPE_PLATFORM_BANK }, amount: -1_000_000 },
        { account: { ownerId: merchant.id, type: ledgerV1.AccountType.ACCOUNT_TYPE_DEPOSIT }, amount: 1_000_000 },
      ],
    });
    ledger.close();

    o.log(`debits: a contract, ${customers} customers with accounts and mandates at the bank …`);
    const contract = (await rest(api, key, 'POST', '/v1/debit_contracts', {
      partner: 'simbank', requester_code: REQUESTER, requester_name: 'カブシキガイシャ ベンチ', ...BANK, account_type: '1', account_number: '7777777', notify_email: 'billing@example.jp',
    })).body.id as string;
    const ids: string[] = [];
    const mandates: string[] = [];
    await inFlight(8, customers, async (i) => {
      const account = String(2_000_000 + i);
      await bankControl(bank, 'PUT', `/control/accounts/${BANK.bank_code}/${BANK.branch_code}/${account}`, { account_type: '1', holder_name_kana: 'ヤマダ タロウ', balance: 1_000_000_000 });
      const c = await rest(api, key, 'POST', '/v1/debit_customers', {
        customer_ref: `C${i}`, name: '山田太郎', holder_name: 'やまだ たろう', ...BANK, account_type: 'ordinary', account_number: account,
      });
      const m = await rest(api, key, 'POST', '/v1/mandates', { customer: c.body.id, contract });
      await bankControl(bank, 'PUT', `/control/debit-mandates/${REQUESTER}/${m.body.customer_number}`, { ...BANK, account_type: '1', account_number: account, holder_name: 'ヤマダ タロウ' });
      ids[i] = c.body.id as string;
      mandates[i] = m.body.id as string;
    });
    // the bank's signed mandate list → webhook → account-transfer: every mandate active
    await bankControl(bank, 'POST', '/control/debit-mandates/report', { requester_code: REQUESTER });
    const waiting = new Set(mandates);
    await until(async () => {
      for (const id of [...waiting]) if ((await rest(api, key, 'GET', `/v1/mandates/${id}`)).body.status === 'active') waiting.delete(id);
      return waiting.size === 0;
    }, 'every mandate active', 60_000, 200);

    const debitLatencies: number[] = [];
    const balanceLatencies: number[] = [];
    let notDebited = 0;
    const debitOne = async (i: number): Promise<void> => {
      const r = await rest(api, key, 'POST', '/v1/debits', { customer: ids[i % customers], amount: 100, description: 'ベンチ' });
      debitLatencies.push(r.ms);
      if (r.body.status !== 'succeeded') notDebited++;
    };
    const balanceOne = async (): Promise<void> => {
      balanceLatencies.push((await rest(api, key, 'GET', '/v1/balance')).ms);
    };
    o.log('debits: warm-up …');
    await inFlight(2, 40, async (i) => (i % 2 ? balanceOne() : debitOne(i)));
    debitLatencies.length = 0;
    balanceLatencies.length = 0;
    notDebited = 0;
    o.log(`debits: ${samples} POST /v1/debits and ${samples} GET /v1/balance, each at ${rate}/s, side by side …`);
    const gap = 1000 / rate;
    const [d, b] = await Promise.all([atRate(rate, samples, debitOne), atRate(rate, samples, balanceOne, gap / 2)]);
    for (const err of [...d.errors, ...b.errors].slice(0, 5)) o.log(`debits: a call failed: ${err.message}${err.cause instanceof Error ? ` (${err.cause.message})` : ''}`);
    if (d.errors.length + b.errors.length > 0) o.log(`debits: the services' last lines:\n${mesh.tail()}`);

    // the same two calls one at a time, alternating: the time each takes without a queue in front of it
    const steadyDebit = latencyStats(debitLatencies);
    const steadyBalance = latencyStats(balanceLatencies);
    debitLatencies.length = 0;
    balanceLatencies.length = 0;
    const serial = Math.min(samples, Number(process.env.BENCH_DEBIT_SERIAL ?? 200));
    o.log(`debits: ${serial} of each, one call at a time …`);
    await inFlight(1, 2 * serial, async (i) => (i % 2 ? balanceOne() : debitOne(samples + i)));
    const serialDebit = latencyStats(debitLatencies);
    const serialBalance = latencyStats(balanceLatencies);

    o.log(`debits: a bulk of ${bulkItems} …`);
    const lines = Array.from({ length: bulkItems }, (_, i) => `C${i % customers},${1_000 + Math.floor(i / customers)}`);
    const csv = Buffer.from(`customer_ref,amount\r\n${lines.join('\r\n')}\r\n`, 'utf8');
    const t0 = performance.now();
    type Batch = { id: string; status: string; counts: { succeeded: number; failed: number } };
    const up = await rest<Batch>(api, key, 'POST', '/v1/debit_batches', { file: csv.toString('base64'), filename: 'bench.csv' });
    let batch = up.body;
    await until(async () => (batch = (await rest<Batch>(api, key, 'GET', `/v1/debit_batches/${up.body.id}`)).body).status === 'completed', 'the bulk completed', 600_000, 100);
    const bulkSeconds = (performance.now() - t0) / 1000;

    return {
      customers, rate, samples, debit: steadyDebit, balance: steadyBalance, serialDebit, serialBalance, notDebited, maxLateMs: Math.max(d.maxLateMs, b.maxLateMs),
      debitErrors: d.errors.length, balanceErrors: b.errors.length, achievedRate: samples / d.seconds,
      bulkItems, uploadMs: up.ms, bulkSeconds, bulkSucceeded: batch.counts.succeeded, bulkFailed: batch.counts.failed, machine: machineLine(o.loadAtStart),
    };
  } catch (err) {
    o.log(`the services' last lines:\n${mesh.tail()}`);
    throw err;
  } finally {
    await mesh.stop();
  }
}

export const DEBITS_HEADING = '## Account transfer: single debits and bulk debits';

/** The section `npm run bench` writes to docs/benchmarks.md. */
export function debitsSection(r: DebitBench, tps: number): string {
  const ratio = r.balance.p99 > 0 ? r.debit.p99 / r.balance.p99 : 0;
  const serialRatio = r.serialBalance.p99 > 0 ? r.serialDebit.p99 / r.serialBalance.p99 : 0;
  const keptUp = r.achievedRate >= r.rate * 0.95 && r.debitErrors + r.balanceErrors === 0;
  const verdict = !keptUp
    ? `**not judged**: at ${r.rate}/s each the services did not keep up on this machine, so both columns are mostly queueing (${ratio.toFixed(2)} ×)`
    : `${ratio <= 2 ? 'met' : '**not met**'} (${ratio.toFixed(2)} ×)`;
  return `
${DEBITS_HEADING}
Measured ${new Date().toISOString().slice(0, 10)} on ${r.machine}; P = pgbench ${tps.toFixed(0)} tps of the same run. Gateway, ledger, account-transfer, webhook
and the bank simulator (answering at once) as real processes on this machine, with their own database.
Set up through the public API: a merchant and its test key, a contract with the bank, ${r.customers} customers with
accounts at the bank and mandates the bank registered (its signed mandate list). **The bench's keys have
their rate limit raised** (\`GATEWAY_RATE_LIMIT\` ${BENCH_KEY_RATE_LIMIT.toLocaleString('en')} per key per second; the default is 100).

Single debits: \`POST /v1/debits\` (idempotency at the edge, gRPC to account-transfer, the intent recorded,
the bank's signed real-time debit API, the outcome and its outbox event) at a steady ${r.rate}/s, open loop, and
\`GET /v1/balance\` (gateway → ledger) at ${r.rate}/s in the same ${(r.samples / r.rate).toFixed(0)} s, interleaved: ${r.samples} of each.

${latencyTable([{ label: '`POST /v1/debits`', stats: r.debit }, { label: '`GET /v1/balance`', stats: r.balance }], 'call')}

${r.notDebited === 0 ? 'Every answered debit was debited' : `**${r.notDebited} debits were answered but not debited**`}; ${r.debitErrors + r.balanceErrors === 0 ? 'no call failed' : `**${r.debitErrors} debits and ${r.balanceErrors} balance calls failed** (not in the table)`};
the load generator started every call within ${r.maxLateMs.toFixed(0)} ms of its slot, and the ${r.samples} debits were answered
within ${(r.samples / r.achievedRate).toFixed(1)} s (${r.achievedRate.toFixed(1)}/s${r.achievedRate < r.rate * 0.95 ? ': **the services fell behind the offered rate**, the latencies include the queue' : ''}). Aim: a debit's p99 within 2 × that of
\`GET /v1/balance\` — ${verdict}.

The same two calls one at a time, alternating (${r.serialDebit.samples} of each; the time each takes with no queue in front of it):

${latencyTable([{ label: '`POST /v1/debits`', stats: r.serialDebit }, { label: '`GET /v1/balance`', stats: r.serialBalance }], 'call, 1 in flight')}

One at a time, a debit's p99 is ${serialRatio.toFixed(2)} × that of \`GET /v1/balance\`.

Bulk: one \`POST /v1/debit_batches\` of ${r.bulkItems} items (UTF-8 CSV; checked whole, then debited one by one
through the same bank API), until \`GET /v1/debit_batches/{id}\` says completed. **The bulk pace is raised for
the bench** (\`DEBIT_BATCH_RATE_PER_S\` ${BENCH_BULK_RATE.toLocaleString('en')}, the default 5 per replica being the
pace a bank allows), so this is the service's own limit, one replica.

| items | upload ms | until completed s | items/s | × P | succeeded | failed |
|---:|---:|---:|---:|---:|---:|---:|
| ${r.bulkItems} | ${r.uploadMs.toFixed(0)} | ${r.bulkSeconds.toFixed(1)} | ${(r.bulkItems / r.bulkSeconds).toFixed(0)} | ${tps > 0 ? (r.bulkItems / r.bulkSeconds / tps).toFixed(2) : 'n/a'} | ${r.bulkSucceeded} | ${r.bulkFailed} |
`;
}
