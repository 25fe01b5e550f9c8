import { randomUUID } from 'node:crypto';
import { customerNumberEntries, slipBarcodeValid } from '@kessai/konbini';
import { signatureHeader, verifySignature } from '@kessai/platform';
import { AccountType, acct, eventually, ledgerClient } from '../../../scripts/test/support/clients';
import { api, gatewayAdminClient } from '../../../scripts/test/support/edge';
import { query } from '../../../scripts/test/support/db';
import { startReceiver } from '../../../scripts/test/support/receiver';
import { RunningStore, SIMSTORE_SECRET, startStoreSimulator } from '../../../scripts/test/support/store';
import { SIMBANK_SECRET } from '../../../scripts/test/support/bank';
import { ALL_CHAINS, billingDate, billingOps, createBill, ctx, http, konbiniMerchant } from './support';

const admin = gatewayAdminClient();
const ledger = ledgerClient(ctx.services.ledger.grpcAddr);
let store: RunningStore;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let m: Awaited<ReturnType<typeof konbiniMerchant>>;
let endpointSecret = '';

beforeAll(async () => {
  [store, receiver, m] = await Promise.all([startStoreSimulator(), startReceiver(), konbiniMerchant(admin, '株式会社コンビニ商店')]);
  // results only when the test says so
  await store.call('POST', '/control/faults', { confirm_delay_ms: -1 });
  const ep = await api(http, 'POST', '/v1/webhook_endpoints', { key: m.testKey, idempotencyKey: randomUUID(), body: { url: receiver.url, enabled_events: ['*'] } });
  expect(ep.status).toBe(200);
  endpointSecret = ep.body.secret;
});

afterAll(async () => {
  await store.stop();
  await receiver.close();
  admin.close();
  ledger.close();
});

afterEach(async () => {
  await store.call('DELETE', '/control/faults');
  await store.call('POST', '/control/faults', { confirm_delay_ms: -1 });
});

const collections = async (merchantId: string) =>
  (await ledger.getBalance({ livemode: false, account: acct(merchantId, AccountType.ACCOUNT_TYPE_COLLECTIONS) })).balance?.total ?? 0;

async function billStatus(id: string, key = m.testKey): Promise<string> {
  return (await api(http, 'GET', `/v1/bills/${id}`, { key })).body.status;
}

/** A counter on billing's /metrics with these labels (0 before its first increment). */
async function counter(name: string, labels: Record<string, string>): Promise<number> {
  const text = await (await fetch(`${billingOps}/metrics`)).text();
  for (const line of text.split('\n')) {
    const m = /^(\w+)\{([^}]*)\} (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries([...m[2].matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(m[3]);
  }
  return 0;
}

/** The merchant's signed webhooks of one type about one object. */
function hooks(type: string, id: string) {
  return receiver.received
    .map((r) => ({ r, body: JSON.parse(r.body) }))
    .filter(({ body }) => body.type === type && body.data.object.id === id);
}

describe('konbini bill collection, end to end through the API and the store simulator', () => {
  it('creates a bill with a number per store and emails the customer the number and the slip link', async () => {
    const email = `hanako.${randomUUID().slice(0, 8)}@example.jp`;
    const res = await createBill(m.testKey, { amount: 5_500, tax_amount: 500, due_date: await billingDate(10), customer: { name: '佐藤 花子', email }, message: '11月分の会費です', order_reference: 'ORD-1' });
    expect(res.status).toBe(200);
    const bill = res.body;
    expect(bill).toMatchObject({ object: 'bill', status: 'open', amount: 5_500, tax_amount: 500, stores: ALL_CHAINS, livemode: false });
    expect(bill.payment_numbers.map((n: any) => n.store)).toEqual(ALL_CHAINS);
    expect(bill.payment_numbers.find((n: any) => n.store === 'seven_eleven').number).toMatch(/^\d{13}$/);
    expect(Object.keys(bill.payment_numbers.find((n: any) => n.store === 'lawson').parts)).toEqual(['customer_number', 'confirmation_number']);
    expect(slipBarcodeValid(bill.barcode)).toBe(true);
    expect(bill.slip_url).toMatch(/\/slips\/[\w-]{30,}$/);
    const seven = bill.payment_numbers.find((n: any) => n.store === 'seven_eleven').number;

    // the email is part of the behaviour: without the run's mail sink (maildev, a dev dependency) this fails, never skips
    const sink = ctx.mailSink;
    if (!sink) throw new Error('no mail sink in this run (node_modules/.bin/maildev missing: npm ci): the payment-number email cannot be checked');
    let mail: any;
    await eventually(async () => {
      const all = (await (await fetch(sink.apiUrl)).json()) as any[];
      mail = all.find((x) => x.to?.some((t: any) => t.address === email));
      return mail !== undefined;
    }, 20_000, 'the payment-number email');
    expect(mail.text).toContain(seven);
    expect(mail.text).toContain(bill.slip_url.split('/slips/')[1]);
  });

  it('pays at each chain: preliminary then confirmed, signed webhooks, the ledger credited', async () => {
    const due = await billingDate(5);
    const before = await collections(m.merchant.id);
    const paid: { chain: string; bill: any; payment: any }[] = [];
    for (const [i, chain] of ALL_CHAINS.entries()) {
      const bill = (await createBill(m.testKey, { amount: 1_000 + i, due_date: due, stores: [chain] })).body;
      const number = bill.payment_numbers[0].number;
      const looked = await store.call('POST', '/lookup', { chain, number });
      expect(looked.bills).toEqual([expect.objectContaining({ payment_number: number, amount: 1_000 + i, merchant_name: '株式会社コンビニ商店' })]);
      const payment = await store.call('POST', '/pay', { chain, number });
      paid.push({ chain, bill, payment });
    }
    for (const { bill } of paid) await eventually(async () => (await billStatus(bill.id)) === 'paid', 10_000, `bill ${bill.id} paid`);
    // a preliminary result is not money yet
    expect(await collections(m.merchant.id)).toBe(before);
    const prelim = await api(http, 'GET', `/v1/payments?bill=${paid[0].bill.id}`, { key: m.testKey });
    expect(prelim.body.data).toEqual([expect.objectContaining({ status: 'preliminary', store: 'seven_eleven', amount: 1_000, late: false, stamp_duty: 0 })]);

    // the merchant's server gets the signed preliminary webhook
    const paymentId = prelim.body.data[0].id;
    await eventually(async () => hooks('payment.preliminary', paymentId).length > 0, 15_000, 'payment.preliminary webhook');
    const hook = hooks('payment.preliminary', paymentId)[0];
    expect(verifySignature({ secrets: [endpointSecret], header: String(hook.r.headers['kessai-signature']), body: hook.r.body, nowMs: Date.now() }).ok).toBe(true);

    for (const { payment } of paid) await store.call('POST', `/payments/${payment.id}/confirm`);
    const total = paid.reduce((s, p) => s + p.bill.amount, 0);
    await eventually(async () => (await collections(m.merchant.id)) === before + total, 15_000, 'collections credited');
    await eventually(async () => hooks('payment.confirmed', paymentId).length > 0, 15_000, 'payment.confirmed webhook');
    const confirmed = await api(http, 'GET', '/v1/payments?status=confirmed&limit=100', { key: m.testKey });
    expect(confirmed.body.data.filter((p: any) => paid.some((x) => x.bill.id === p.bill))).toHaveLength(ALL_CHAINS.length);
  });

  it('counts bills created and store payments by status on /metrics', async () => {
    const counters = async () => ({
      bills: await counter('kessai_bills_created_total', { livemode: 'test' }),
      preliminary: await counter('kessai_store_payments_total', { status: 'preliminary' }),
      confirmed: await counter('kessai_store_payments_total', { status: 'confirmed' }),
    });
    const before = await counters();
    const bill = (await createBill(m.testKey, { amount: 1_234, due_date: await billingDate(3), stores: ['lawson'] })).body;
    expect((await counters()).bills).toBeGreaterThanOrEqual(before.bills + 1);
    const payment = await store.call('POST', '/pay', { chain: 'lawson', number: bill.payment_numbers[0].number });
    await eventually(async () => (await counters()).preliminary >= before.preliminary + 1, 10_000, 'a preliminary payment counted');
    await store.call('POST', `/payments/${payment.id}/confirm`);
    await eventually(async () => (await counters()).confirmed >= before.confirmed + 1, 10_000, 'a confirmed payment counted');
  });

  it('credits the ledger once when the store sends the confirmation three times, with fresh ids, before the preliminary', async () => {
    const bill = (await createBill(m.testKey, { amount: 77_000, tax_amount: 7_000, due_date: await billingDate(3), stores: ['lawson', 'seven_eleven'] })).body;
    const before = await collections(m.merchant.id);
    // hold everything, then release newest first: confirmed arrives before its preliminary
    await store.call('POST', '/control/faults', { hold: true, copies: 3, fresh_ids: true, confirm_delay_ms: -1 });
    const lawson = bill.payment_numbers.find((n: any) => n.store === 'lawson').number;
    const payment = await store.call('POST', '/pay', { chain: 'lawson', number: lawson });
    await store.call('POST', `/payments/${payment.id}/confirm`);
    await store.call('POST', '/control/release');
    // this bill's own credit (the merchant's total may still move with an earlier test's late credit)
    const credited = async () => (await query(`SELECT count(*)::int AS n FROM ledger.transactions WHERE kind = 'collection.confirmed' AND metadata->>'bill_id' = $1`, [bill.id])).rows[0].n;
    await eventually(async () => (await credited()) >= 1, 30_000, 'collection credited');
    await eventually(async () => (await billStatus(bill.id)) === 'paid', 10_000, 'bill paid');
    // every copy reached Kessai, and the money moved once
    const { rows } = await query(`SELECT count(*)::int AS n FROM webhook.inbound_requests WHERE event_id LIKE $1`, [`${payment.id}%`]);
    expect(rows[0].n).toBe(6);
    await eventually(async () => {
      const { rows: done } = await query(`SELECT count(*)::int AS n FROM billing.inbox WHERE type = 'webhook.store_payment.reported' AND event_id IN (SELECT event_id FROM webhook.outbox WHERE aggregate_id = $1)`, [lawson]);
      return done[0].n >= 6;
    }, 10_000, 'all six results processed');
    expect(await collections(m.merchant.id)).toBeGreaterThanOrEqual(before + 77_000);
    const { rows: posted } = await query(`SELECT count(*)::int AS n FROM ledger.transactions WHERE kind = 'collection.confirmed' AND metadata->>'bill_id' = $1`, [bill.id]);
    expect(posted[0].n).toBe(1);
    // stamp duty by chain: 77,000 incl. 7,000 tax → 70,000 ≥ 50,000 at Lawson
    const p = (await api(http, 'GET', `/v1/payments?bill=${bill.id}`, { key: m.testKey })).body.data[0];
    expect(p).toMatchObject({ status: 'confirmed', stamp_duty: 200, store: 'lawson' });
  });

  it('re-opens a bill when its preliminary result is cancelled, and lets it be paid again', async () => {
    const bill = (await createBill(m.testKey, { amount: 2_000, due_date: await billingDate(2), stores: ['familymart'] })).body;
    const number = bill.payment_numbers[0].number;
    const first = await store.call('POST', '/pay', { chain: 'familymart', number });
    await eventually(async () => (await billStatus(bill.id)) === 'paid', 10_000, 'paid');
    await store.call('POST', `/payments/${first.id}/cancel`);
    await eventually(async () => (await billStatus(bill.id)) === 'open', 10_000, 'open again');
    const second = await store.call('POST', '/pay', { chain: 'familymart', number });
    await store.call('POST', `/payments/${second.id}/confirm`);
    const statuses = async () => (await api(http, 'GET', `/v1/payments?bill=${bill.id}`, { key: m.testKey })).body.data.map((p: any) => p.status).sort().join();
    await eventually(async () => (await statuses()) === 'cancelled,confirmed', 10_000, 'one cancelled and one confirmed payment');
    expect(await billStatus(bill.id)).toBe('paid');
    // a paid bill cannot be changed or deleted
    const upd = await api(http, 'POST', `/v1/bills/${bill.id}`, { key: m.testKey, idempotencyKey: randomUUID(), body: { amount: 1 } });
    expect({ status: upd.status, code: upd.body.error.code }).toEqual({ status: 409, code: 'bill_paid' });
    expect((await api(http, 'DELETE', `/v1/bills/${bill.id}`, { key: m.testKey })).status).toBe(409);
  });

  it('accepts a payment made after the due date and flags it late', async () => {
    const due = await billingDate(1);
    const bill = (await createBill(m.testKey, { amount: 3_000, due_date: due, stores: ['seven_eleven'] })).body;
    // 00:10 JST the day after the due date: a slip printed just before midnight
    const after = new Date(`${due}T15:10:00Z`).toISOString();
    await store.call('POST', '/pay', { chain: 'seven_eleven', number: bill.payment_numbers[0].number, paid_at: after });
    await eventually(async () => (await billStatus(bill.id)) === 'paid', 10_000, 'paid');
    const p = (await api(http, 'GET', `/v1/payments?bill=${bill.id}`, { key: m.testKey })).body.data[0];
    expect(p).toMatchObject({ late: true, status: 'preliminary' });
  });

  it('carries several open bills under one persistent customer number; the kiosk lists them and the customer picks', async () => {
    const due = await billingDate(6);
    const first = (await createBill(m.testKey, { amount: 1_100, due_date: due, stores: ['lawson'], new_customer_number: true })).body;
    // 12 digits, entered at Loppi as 91 + the number (+ a confirmation number), at Famiport after the company code
    expect(first.customer_number).toMatch(/^9\d{11}$/);
    const entries = customerNumberEntries(first.customer_number, { familymart: '10015' });
    const loppi = entries.find((e) => e.chain === 'lawson')!.number;
    expect(loppi).toBe(`91${first.customer_number}`);
    const second = (await createBill(m.testKey, { amount: 2_200, due_date: due, stores: ['lawson'], customer_number: first.customer_number })).body;
    const unknown = await createBill(m.testKey, { amount: 1, due_date: due, customer_number: '90000000000000000' });
    expect({ status: unknown.status, param: unknown.body.error.param }).toEqual({ status: 400, param: 'customer_number' });
    const shown = (await store.call('POST', '/lookup', { chain: 'lawson', number: loppi })).bills;
    expect(shown.map((b: any) => b.amount).sort()).toEqual([1_100, 2_200]);
    const pick = second.payment_numbers[0].number;
    await store.call('POST', '/pay', { chain: 'lawson', number: loppi, pick });
    await eventually(async () => (await billStatus(second.id)) === 'paid', 10_000, 'the picked bill paid');
    expect(await billStatus(first.id)).toBe('open');
    // the number is used again: only the other bill is left under it
    const left = (await store.call('POST', '/lookup', { chain: 'lawson', number: loppi })).bills;
    expect(left.map((b: any) => b.amount)).toEqual([1_100]);
    // the bare number is no Loppi entry; a till chain takes no customer number at all (the customer pays each bill by its own)
    await expect(store.call('POST', '/lookup', { chain: 'lawson', number: first.customer_number })).rejects.toThrow(/400/);
    await expect(store.call('POST', '/lookup', { chain: 'seven_eleven', number: first.customer_number })).rejects.toThrow(/400/);
    expect((await api(http, 'GET', `/v1/bills?customer_number=${first.customer_number}`, { key: m.testKey })).body.data).toHaveLength(2);
  });

  it('answers kiosk lookups only to the signed store network, and keeps results for unknown numbers', async () => {
    const body = JSON.stringify({ chain: 'lawson', number: '12345678901234' });
    const base = `${ctx.services.webhook.httpUrl}/v1/partners/simstore`;
    const unsigned = await fetch(`${base}/store/lookups`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(unsigned.status).toBe(401);
    const wrong = await fetch(`${ctx.services.webhook.httpUrl}/v1/partners/simbank/store/lookups`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'kessai-partner-signature': signatureHeader(SIMBANK_SECRET, body) }, body,
    });
    expect(wrong.status).toBe(401);
    const id = randomUUID();
    const report = JSON.stringify({ id, type: 'payment.reported', status: 'preliminary', chain: 'lawson', payment_number: '99999999999999', amount: 100, paid_at: new Date().toISOString(), store_code: 'S9' });
    const res = await fetch(`${base}/store/payments`, { method: 'POST', headers: { 'content-type': 'application/json', 'kessai-partner-signature': signatureHeader(SIMSTORE_SECRET, report) }, body: report });
    expect(res.status).toBe(200);
    await eventually(async () => (await query(`SELECT 1 FROM billing.unmatched_results WHERE payment_number = '99999999999999'`)).rows.length === 1, 10_000, 'unmatched result kept');
  });

  it('tells two payments of the same number, second and store apart by the network\'s transaction id', async () => {
    const bill = (await createBill(m.testKey, { amount: 700, due_date: await billingDate(30), stores: ['seicomart'], repeat: true })).body;
    const number = bill.payment_numbers[0].number;
    const paidAt = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
    const a = await store.call('POST', '/pay', { chain: 'seicomart', number, paid_at: paidAt, store_code: 'S77' });
    const b = await store.call('POST', '/pay', { chain: 'seicomart', number, paid_at: paidAt, store_code: 'S77' });
    expect(a.transaction_id).not.toBe(b.transaction_id);
    // the first one's confirmation, sent three times with fresh event ids: still that one payment
    await store.call('POST', '/control/faults', { copies: 3, fresh_ids: true, confirm_delay_ms: -1 });
    await store.call('POST', `/payments/${a.id}/confirm`);
    const payments = async () => (await api(http, 'GET', `/v1/payments?bill=${bill.id}`, { key: m.testKey })).body.data.map((p: any) => p.status).sort().join();
    await eventually(async () => (await payments()) === 'confirmed,preliminary', 10_000, 'two payments, one confirmed');
    const { rows } = await query(`SELECT store_transaction_id FROM billing.payments WHERE bill_id = $1 ORDER BY store_transaction_id`, [bill.id]);
    expect(rows.map((r) => r.store_transaction_id)).toEqual([a.transaction_id, b.transaction_id].sort());
  });

  it('keeps a repeat bill open: each payment is a separate collection', async () => {
    const bill = (await createBill(m.testKey, { amount: 500, due_date: await billingDate(30), stores: ['seicomart'], repeat: true })).body;
    for (let i = 0; i < 2; i++) {
      const pay = await store.call('POST', '/pay', { chain: 'seicomart', number: bill.payment_numbers[0].number });
      await store.call('POST', `/payments/${pay.id}/confirm`);
    }
    // this bill's own credits (the merchant's total may still move with an earlier test's late credit)
    const credits = async () => (await query(`SELECT count(DISTINCT t.id)::int AS n, COALESCE(SUM(p.amount) FILTER (WHERE p.amount > 0), 0)::int AS total
       FROM ledger.transactions t JOIN ledger.postings p ON p.transaction_id = t.id WHERE t.kind = 'collection.confirmed' AND t.metadata->>'bill_id' = $1`, [bill.id])).rows[0];
    await eventually(async () => (await credits()).n === 2, 30_000, 'two collections');
    expect(await credits()).toEqual({ n: 2, total: 1_000 });
    expect(await billStatus(bill.id)).toBe('open');
  });
});
