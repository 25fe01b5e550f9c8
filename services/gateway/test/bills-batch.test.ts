import { randomUUID } from 'node:crypto';
import { testContext } from '../../../scripts/test/support/context';
import { api, gatewayAdminClient, newMerchant, NewMerchant } from '../../../scripts/test/support/edge';

// POST /v1/bills/batch (docs/reference/konbini.md#many-bills-in-one-call): up to
// 1,000 bills in one call, each checked as POST /v1/bills checks it, all or none,
// idempotent as a whole — through the real gateway and billing of the shared mesh.
const ctx = testContext();
const http = ctx.services.gateway.httpUrl!;
const admin = gatewayAdminClient();
let m: NewMerchant;

beforeAll(async () => {
  m = await newMerchant(admin, 'キャンペーン株式会社');
});
afterAll(() => admin.close());

/** A due date `days` ahead (Asia/Tokyo). */
function dueIn(days: number): string {
  return new Date(Date.now() + 9 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

const bill = (ref: string, amount = 1_000) => ({ amount, due_date: dueIn(10), order_reference: ref, customer: { name: '山田 太郎', email: `${ref}@example.jp` } });

async function billsWithReference(ref: string): Promise<{ id: string }[]> {
  const res = await api(http, 'GET', `/v1/bills?order_reference=${encodeURIComponent(ref)}`, { key: m.testKey });
  expect(res.status).toBe(200);
  return res.body.data;
}

it('registers 1,000 bills in one call, in the order sent, and a repeat of the call registers nothing more', async () => {
  const run = randomUUID().slice(0, 8);
  const bills = Array.from({ length: 1_000 }, (_, i) => bill(`${run}-${i}`, 1_000 + i));
  const key = randomUUID();
  const res = await api(http, 'POST', '/v1/bills/batch', { key: m.testKey, idempotencyKey: key, body: { bills } });
  expect(res.status).toBe(200);
  expect(res.body.object).toBe('list');
  expect(res.body.data).toHaveLength(1_000);
  expect(res.body.data.map((b: { order_reference: string }) => b.order_reference)).toEqual(bills.map((b) => b.order_reference));
  expect(res.body.data.map((b: { amount: number }) => b.amount)).toEqual(bills.map((b) => b.amount));
  expect(new Set(res.body.data.map((b: { id: string }) => b.id)).size).toBe(1_000);
  for (const b of res.body.data) {
    expect(b.status).toBe('open');
    expect(b.payment_numbers).toEqual([expect.objectContaining({ store: 'seven_eleven', number: expect.stringMatching(/^\d+$/) })]);
  }
  // each is a bill like any other
  const one = await api(http, 'GET', `/v1/bills/${res.body.data[500].id}`, { key: m.testKey });
  expect(one.body).toEqual(res.body.data[500]);

  const again = await api(http, 'POST', '/v1/bills/batch', { key: m.testKey, idempotencyKey: key, body: { bills } });
  expect(again.status).toBe(200);
  expect(again.body.data.map((b: { id: string }) => b.id)).toEqual(res.body.data.map((b: { id: string }) => b.id));
  expect(await billsWithReference(`${run}-999`)).toHaveLength(1);
  // the same key with other bills is a conflict, not a second batch
  const other = await api(http, 'POST', '/v1/bills/batch', { key: m.testKey, idempotencyKey: key, body: { bills: bills.slice(0, 10) } });
  expect(other.status).toBe(409);
});

it('refuses the whole batch when one bill is wrong, naming that bill, and registers none of it', async () => {
  const run = randomUUID().slice(0, 8);
  const cases: { bills: unknown[]; param: string; code?: string }[] = [
    // the gateway's schema
    { bills: [bill(`${run}-a0`), { ...bill(`${run}-a1`), amount: '1000' }], param: 'bills[1].amount' },
    { bills: [bill(`${run}-b0`), { ...bill(`${run}-b1`), colour: 'red' }], param: 'colour' },
    // billing's rules, as for one bill
    { bills: [bill(`${run}-c0`), bill(`${run}-c1`), bill(`${run}-c2`, 0)], param: 'bills[2].amount' },
    { bills: [bill(`${run}-d0`), { ...bill(`${run}-d1`), due_date: dueIn(90) }], param: 'bills[1].due_date' },
    { bills: [bill(`${run}-e0`), { ...bill(`${run}-e1`), customer: { email: 'not-an-email' } }], param: 'bills[1].customer.email' },
    // found wrong only in billing's transaction, after bill 0 was written in it: rolled back whole
    { bills: [bill(`${run}-f0`), { ...bill(`${run}-f1`), customer_number: '12345678901' }], param: 'bills[1].customer_number', code: 'customer_number_unknown' },
    { bills: [], param: 'bills' },
    { bills: Array.from({ length: 1_001 }, (_, i) => ({ amount: 1_000, due_date: dueIn(10), order_reference: `${run}-g${i}` })), param: 'bills' },
  ];
  for (const c of cases) {
    const res = await api(http, 'POST', '/v1/bills/batch', { key: m.testKey, idempotencyKey: randomUUID(), body: { bills: c.bills } });
    expect({ status: res.status, param: res.body.error?.param }).toEqual({ status: 400, param: c.param });
    if (c.code) expect(res.body.error.code).toBe(c.code);
  }
  for (const prefix of ['a0', 'b0', 'c0', 'c1', 'd0', 'e0', 'f0', 'g0']) expect(await billsWithReference(`${run}-${prefix}`)).toEqual([]);
  // without a body nothing is registered either
  const missing = await api(http, 'POST', '/v1/bills/batch', { key: m.testKey, idempotencyKey: randomUUID(), body: {} });
  expect({ status: missing.status, param: missing.body.error?.param }).toEqual({ status: 400, param: 'bills' });
});
