// `npm run bench`, the edge part: how long a partner's deposit callback takes to
// become a merchant webhook attempt, through the real processes (webhook inbound
// → outbox → NATS → ledger → outbox → NATS → webhook consumer → dispatcher → HTTP).
import { randomUUID } from 'node:crypto';
import { webhookV1 } from '@kessai/contracts';
import { connectClient, signatureHeader } from '@kessai/platform';
import { SIMBANK_DEV_SECRET } from '../lib/partner-bank';
import { benchMerchant, inFlight, latencyStats, latencyTable, startBenchMesh, webhookReceiver, type LatencyStats, type Log } from './harness';

export interface EdgeLatency extends LatencyStats {
  concurrency: number;
}

export async function measureEdgeLatency(opts: { repoRoot: string; adminUrl: string; natsUrl: string; samples?: number; concurrency?: number; tag?: string; log: Log }): Promise<EdgeLatency> {
  const samples = opts.samples ?? Number(process.env.BENCH_EDGE_SAMPLES ?? 300);
  const concurrency = opts.concurrency ?? 4;
  const mesh = await startBenchMesh({ repoRoot: opts.repoRoot, adminUrl: opts.adminUrl, natsUrl: opts.natsUrl, tag: opts.tag ?? 'edge', services: ['gateway', 'ledger', 'webhook'], http: ['gateway', 'webhook'] });
  const receiver = await webhookReceiver((e: { data: { object: { id: string } } }) => e.data.object.id);
  try {
    const { merchant } = await benchMerchant(mesh.grpc('gateway'));
    const endpoints = connectClient(webhookV1.EndpointServiceClient, mesh.grpc('webhook'));
    await endpoints.createEndpoint({ idempotencyKey: '', merchantId: merchant.id, livemode: false, url: receiver.url, enabledEvents: ['*'], description: '' });
    endpoints.close();
    const inbound = `${mesh.http('webhook')}/v1/partners/simbank/bank/deposits`;
    const latencies: number[] = [];
    const one = async (): Promise<void> => {
      const body = JSON.stringify({
        id: randomUUID(), type: 'deposit.received', account_number: merchant.testVirtualAccountNumber, amount: 1000,
        received_at: new Date().toISOString(), bank_reference: 'BENCH', payer_name_kana: 'ﾍﾞﾝﾁ',
      });
      const started = performance.now();
      const res = await fetch(inbound, { method: 'POST', headers: { 'content-type': 'application/json', 'kessai-partner-signature': signatureHeader(SIMBANK_DEV_SECRET, body) }, body });
      const { deposit_id: depositId } = (await res.json()) as { deposit_id: string };
      latencies.push((await receiver.waitFor(depositId)) - started);
    };
    await inFlight(1, 10, one); // warm-up
    latencies.length = 0;
    opts.log(`edge latency: ${samples} deposits, ${concurrency} in flight …`);
    await inFlight(concurrency, samples, one);
    return { ...latencyStats(latencies), concurrency };
  } finally {
    receiver.close();
    await mesh.stop();
  }
}

export const EDGE_HEADING = '## Partner callback → merchant webhook';

/** The section `npm run bench` writes to docs/benchmarks.md. */
export function edgeLatencySection(r: EdgeLatency): string {
  return `
${EDGE_HEADING}
A bank's signed deposit callback to the webhook service, until the merchant's endpoint receives the
\`balance.deposit_received\` webhook: inbound verification and recording, outbox → NATS, the ledger's
inbox and posting, its outbox → NATS, the webhook service's inbox, event log and dispatcher, and the
HTTP POST — every hop a real process on this machine. ${r.samples} deposits, ${r.concurrency} in flight.

${latencyTable([{ stats: r }])}

Aim: well under a second — ${r.p99 < 1000 ? 'met' : '**not met**'} (p99 ${r.p99.toFixed(0)} ms).
`;
}
