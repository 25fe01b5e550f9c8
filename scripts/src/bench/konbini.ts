// `npm run bench`, the konbini part: bill creation through the public API, and
// how long a store's signed payment result takes to become the merchant's
// `payment.preliminary` webhook attempt (webhook inbound → outbox → NATS →
// billing inbox → outbox → NATS → webhook consumer → dispatcher → HTTP).
import { randomUUID } from 'node:crypto';
import { webhookV1 } from '@kessai/contracts';
import { connectClient, signatureHeader } from '@kessai/platform';
import { benchMerchant, inFlight, latencyStats, latencyTable, rest, startBenchMesh, webhookReceiver, type LatencyStats, type Log } from './harness';

const SIMSTORE_SECRET = 'whsec_simstore_development_only';
const CHAINS = ['seven_eleven', 'lawson', 'familymart', 'ministop', 'daily_yamazaki', 'seicomart'];

export interface KonbiniBench {
  bills: number;
  billConcurrency: number;
  billsPerSec: number;
  billP50: number;
  billP99: number;
  paymentConcurrency: number;
  payment: LatencyStats;
}

export async function measureKonbini(opts: { repoRoot: string; adminUrl: string; natsUrl: string; tag?: string; log: Log }): Promise<KonbiniBench> {
  const bills = Number(process.env.BENCH_KONBINI_BILLS ?? 600);
  const billConcurrency = 8;
  const payments = Math.min(bills, Number(process.env.BENCH_KONBINI_PAYMENTS ?? 300));
  const paymentConcurrency = 4;
  const mesh = await startBenchMesh({
    repoRoot: opts.repoRoot, adminUrl: opts.adminUrl, natsUrl: opts.natsUrl, tag: opts.tag ?? 'konbini',
    services: ['gateway', 'ledger', 'billing', 'webhook'], http: ['gateway', 'webhook'],
    env: { gateway: { GATEWAY_RATE_LIMIT: '100000' } },
  });
  const receiver = await webhookReceiver((e: { type: string; data: { object: { payment_number?: string } } }) => (e.type === 'payment.preliminary' ? e.data.object.payment_number : undefined));
  try {
    const { merchant, key } = await benchMerchant(mesh.grpc('gateway'), { chains: CHAINS, feePlan: 'billing' });
    const endpoints = connectClient(webhookV1.EndpointServiceClient, mesh.grpc('webhook'));
    await endpoints.createEndpoint({ idempotencyKey: '', merchantId: merchant.id, livemode: false, url: receiver.url, enabledEvents: ['payment.preliminary'], description: '' });
    endpoints.close();
    const due = new Date(Date.now() + 9 * 3600_000 + 10 * 86_400_000).toISOString().slice(0, 10);
    const api = mesh.http('gateway');
    const numbers: string[] = [];
    const billLatencies: number[] = [];
    const createOne = async (): Promise<void> => {
      const r = await rest<{ payment_numbers: { store: string; number: string }[] }>(api, key, 'POST', '/v1/bills', { amount: 1_000, due_date: due }, { expect: [200] });
      billLatencies.push(r.ms);
      numbers.push(r.body.payment_numbers.find((n) => n.store === 'seven_eleven')!.number);
    };
    await inFlight(1, 10, createOne); // warm-up
    billLatencies.length = 0;
    opts.log(`konbini: ${bills} bills, ${billConcurrency} in flight …`);
    const billsPerSec = bills / (await inFlight(billConcurrency, bills, createOne));
    const bill = latencyStats(billLatencies);

    const inbound = `${mesh.http('webhook')}/v1/partners/simstore/store/payments`;
    const latencies: number[] = [];
    const payOne = async (number: string): Promise<void> => {
      const body = JSON.stringify({ id: randomUUID(), type: 'payment.reported', status: 'preliminary', chain: 'seven_eleven', payment_number: number, amount: 1_000, paid_at: new Date().toISOString(), store_code: 'BENCH' });
      const started = performance.now();
      const res = await fetch(inbound, { method: 'POST', headers: { 'content-type': 'application/json', 'kessai-partner-signature': signatureHeader(SIMSTORE_SECRET, body) }, body });
      if (res.status !== 200) throw new Error(`store result: ${res.status}`);
      latencies.push((await receiver.waitFor(number)) - started);
    };
    const queue = numbers.slice(0, payments + 10);
    await inFlight(1, 10, (i) => payOne(queue[i])); // warm-up
    latencies.length = 0;
    opts.log(`konbini: ${payments} store payments, ${paymentConcurrency} in flight …`);
    await inFlight(paymentConcurrency, Math.min(payments, queue.length - 10), (i) => payOne(queue[10 + i]));
    return { bills, billConcurrency, billsPerSec, billP50: bill.p50, billP99: bill.p99, paymentConcurrency, payment: latencyStats(latencies) };
  } finally {
    receiver.close();
    await mesh.stop();
  }
}

export const KONBINI_HEADING = '## Konbini: bill creation and store payment → merchant webhook';

/** The section `npm run bench` writes to docs/benchmarks.md. */
export function konbiniSection(r: KonbiniBench): string {
  return `
${KONBINI_HEADING}
Gateway, billing, ledger and webhook as real processes on this machine.

Bill creation through \`POST /v1/bills\` (validation, a payment number per chain for all six chains,
slip token, outbox event; idempotency at the edge): ${r.bills} bills, ${r.billConcurrency} in flight.

| bills/s | p50 ms | p99 ms |
|---:|---:|---:|
| ${r.billsPerSec.toFixed(0)} | ${r.billP50.toFixed(1)} | ${r.billP99.toFixed(1)} |

A store's signed preliminary result (速報) to the webhook service, until the merchant's endpoint receives
the \`payment.preliminary\` webhook: inbound verification and recording, outbox → NATS, billing's inbox
(payment row, bill paid), its outbox → NATS, the webhook service's inbox, event log and dispatcher, and the
HTTP POST. ${r.payment.samples} payments, ${r.paymentConcurrency} in flight.

${latencyTable([{ stats: r.payment }])}

Aim: p99 under one second — ${r.payment.p99 < 1000 ? 'met' : '**not met**'} (p99 ${r.payment.p99.toFixed(0)} ms).
`;
}
