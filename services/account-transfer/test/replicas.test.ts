import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { activateByCallback, bankDebits, BatchStatus, contract, debitWorld, debtor, registerAtBank, until, type DebitWorld } from './support';

let w: DebitWorld;
beforeAll(async () => {
  // a slow pace, so both replicas are at work on the one batch
  w = await debitWorld({ env: { DEBIT_BATCH_RATE_PER_S: '100' } });
}, 120_000);
afterAll(() => w?.close());

describe('two replicas working one bulk debit', () => {
  it('never send an item twice: each item is claimed by one replica', async () => {
    const second = await w.startReplica();
    const c = await contract(w);
    const people = [];
    for (let i = 0; i < 10; i++) people.push(await debtor(w, c, { balance: 10_000_000, ref: `r-${i}` }));
    await registerAtBank(w, people);
    await activateByCallback(w, people);
    const rows = ['customer_ref,amount,description'];
    for (let i = 0; i < 200; i++) rows.push(`${people[i % 10].customer.customerRef},${100 + i},item ${i + 1}`);
    const { batch } = await w.at.createDebitBatch({ requestId: randomUUID(), livemode: false, merchantId: w.merchantId, csv: Buffer.from(rows.join('\n')), filename: 'x.csv', encoding: '' });
    // the other replica picks work up from its worker job (the first was kicked by the upload)
    const job = fetch(`${w.mesh.opsUrl(second)}/test/jobs/account-transfer.batch-items/run`, { method: 'POST' });
    await until(async () => (await w.at.getDebitBatch({ livemode: false, merchantId: w.merchantId, batchId: batch!.id })).batch!.status === BatchStatus.BATCH_STATUS_COMPLETED, 'batch completed', 150_000);
    await job;

    const pg = new Client({ connectionString: w.mesh.databaseUrl('account-transfer') });
    await pg.connect();
    try {
      const { rows: items } = await pg.query(`SELECT id, attempts, claimed_by FROM account_transfer.debits WHERE batch_id = $1`, [batch!.id]);
      expect(items).toHaveLength(200);
      expect(items.filter((i) => i.attempts !== 1)).toEqual([]);
      expect(new Set(items.map((i) => i.claimed_by)).size).toBe(2);
    } finally {
      await pg.end();
    }
    const atBank = (await bankDebits(w)).filter((b) => b.amount >= 100 && b.amount < 300);
    expect(atBank).toHaveLength(200);
    expect(atBank.filter((b) => b.received_count !== 1)).toEqual([]);
  }, 200_000);
});
