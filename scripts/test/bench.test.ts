// The bench's account-transfer, remittance and store-webhook sections in a bounded form: the
// code `npm run bench` runs still runs (real processes, real calls) and its
// results add up. No timing is asserted: this machine's speed is not a test.
import { debitsSection, measureDebits } from '../src/bench/debits';
import { measureRemittance, remittanceSection } from '../src/bench/remittance';
import { measureStoreWebhook, STORE_WEBHOOK_HEADING, storeWebhookSection } from '../src/bench/store-webhook';
import { testContext } from './support/context';

const ctx = testContext();
const base = { repoRoot: ctx.repoRoot, adminUrl: ctx.adminUrl, natsUrl: ctx.natsUrl, log: () => undefined };

describe('npm run bench, bounded', () => {
  it('account transfer: single debits beside GET /v1/balance at a steady rate, then a bulk worked to completion', async () => {
    const r = await measureDebits({ ...base, tag: `debits_${ctx.runId}`, customers: 4, rate: 10, seconds: 1, bulkItems: 12 });
    expect(r.debit.samples).toBe(10);
    expect(r.balance.samples).toBe(10);
    expect(r.notDebited).toBe(0);
    expect({ succeeded: r.bulkSucceeded, failed: r.bulkFailed }).toEqual({ succeeded: 12, failed: 0 });
    expect(debitsSection(r, 1000)).toContain('| `POST /v1/debits` |');
  }, 300_000);

  it('remittance: orders ingested through the API and funded, then one transfer file for every transfer', async () => {
    const r = await measureRemittance({ ...base, tag: `remittance_${ctx.runId}`, recipients: 30, rounds: 1, transfers: 20 });
    expect(r.uploadMs).toHaveLength(1);
    expect(r.fileRecords).toBe(20);
    expect(remittanceSection(r, 1000)).toContain('recipients/s');
  }, 300_000);

  it('store payments → webhook: a steady rate with its backlog sampled, then a burst of confirmed results, every webhook delivered', async () => {
    const r = await measureStoreWebhook({ ...base, tag: `store_webhook_${ctx.runId}`, rates: [5], seconds: 2, burst: 40, burstConcurrency: 8 });
    expect(r.runs).toHaveLength(1);
    expect(r.runs[0]).toMatchObject({ rate: 5, sent: 10, errors: 0, undelivered: 0 });
    expect(r.runs[0].latency.samples).toBe(10);
    expect(r.runs[0].samples.length).toBeGreaterThanOrEqual(1);
    expect(r.burst).toMatchObject({ count: 40, errors: 0, undelivered: 0 });
    expect(r.burst!.latency.samples).toBe(40);
    expect(storeWebhookSection(r, 1000)).toContain(STORE_WEBHOOK_HEADING);
  }, 300_000);
});
