// One load-generating thread: keeps `concurrency` calls in flight against the
// ledger for `durationMs`, and reports every call's latency.
import { parentPort, workerData } from 'node:worker_threads';
import { ledgerV1 } from '@kessai/contracts';
import { connectClient } from '@kessai/platform';

export interface LoadSpec {
  address: string;
  scenario: 'spread' | 'hot' | 'batched' | 'batched_event';
  accounts: string[];
  hotAccount: string;
  concurrency: number;
  durationMs: number;
  batchSize: number;
  workerIndex: number;
}

const spec = workerData as LoadSpec;
const DEPOSIT = ledgerV1.AccountType.ACCOUNT_TYPE_DEPOSIT;
let seq = 0;
const pick = () => spec.accounts[Math.floor(Math.random() * spec.accounts.length)];

function transfer(): ledgerV1.PostRequest {
  let from = pick();
  let to = pick();
  if (spec.scenario === 'hot' && Math.random() < 0.9) from = spec.hotAccount;
  while (to === from) to = pick();
  return {
    idempotencyKey: `bench-${process.pid}-${spec.workerIndex}-${Date.now()}-${seq++}`,
    livemode: false, kind: 'bench.transfer', description: '', merchantId: from, metadata: {},
    postings: [{ account: { ownerId: from, type: DEPOSIT }, amount: -1 }, { account: { ownerId: to, type: DEPOSIT }, amount: 1 }],
  };
}

async function run(): Promise<void> {
  const ledger = connectClient(ledgerV1.LedgerServiceClient, spec.address, { defaultDeadlineMs: 30_000 });
  const latencies: number[] = [];
  let transfers = 0;
  let failures = 0;
  const end = Date.now() + spec.durationMs;
  async function lane(): Promise<void> {
    while (Date.now() < end) {
      const started = process.hrtime.bigint();
      try {
        if (spec.scenario === 'batched' || spec.scenario === 'batched_event') {
          const res = await ledger.postBatch({ mode: ledgerV1.BatchMode.BATCH_MODE_PER_ITEM, transactions: Array.from({ length: spec.batchSize }, transfer), batchEvent: spec.scenario === 'batched_event' });
          transfers += res.results.filter((r) => !r.error).length;
          failures += res.results.filter((r) => r.error).length;
        } else {
          await ledger.post(transfer());
          transfers++;
        }
      } catch {
        failures++;
      }
      latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  }
  await Promise.all(Array.from({ length: spec.concurrency }, lane));
  parentPort!.postMessage({ transfers, failures, latencies });
}

void run();
