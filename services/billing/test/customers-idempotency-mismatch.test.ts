import { randomUUID } from 'node:crypto';
import { billingEventsV1, billingV1 } from '@kessai/contracts';
import { connectClient, decodeEnvelope } from '@kessai/platform';
import { eventually } from '../../../scripts/test/support/clients';
import { api, gatewayAdminClient } from '../../../scripts/test/support/edge';
import { query } from '../../../scripts/test/support/db';
import { RunningStore, startStoreSimulator } from '../../../scripts/test/support/store';
import { billingDate, createBill, ctx, http, konbiniMerchant, rejection } from './support';

const admin = gatewayAdminClient();
const billing = connectClient(billingV1.BillingServiceClient, ctx.services.billing.grpcAddr);
let store: RunningStore;
let owner: Awaited<ReturnType<typeof konbiniMerchant>>;
let tenant: Awaited<ReturnType<typeof konbiniMerchant>>;
let other: Awaited<ReturnType<typeof konbiniMerchant>>;

beforeAll(async () => {
  [store, owner, other] = await Promise.all([startStoreSimulator(), konbiniMerchant(admin, '顧客管理株式会社'), konbiniMerchant(admin, '別会社')]);
  tenant = await konbiniMerchant(admin, '顧客テナント', ['seven_eleven', 'lawson'], owner.merchant.id);
  await store.call('POST', '/control/faults', { confirm_delay_ms: -1 });
});

afterAll(async () => {
  await store.stop();
  admin.close();
  billing.close();
});

const post = (key: string, path: string, body: unknown, idempotencyKey = randomUUID(), headers: Record<string, string> = {}) => api(http, 'POST', path, { key, idempotencyKey, body, headers });

describe('/v1/customers: persistent customer numbers', () => {
  describe('registering a customer', () => {
    const key = randomUUID();
    const body = { name: '山田 太郎', email: 'taro@example.jp', phone: '03-1234-5678' };
    let created: Awaited<ReturnType<typeof post>>;
    beforeAll(async () => {
      created = await post(owner.testKey, '/v1/customers', body, key);
    });

    it('issues a customer number with the customer\'s details', () => {
      expect(created.status).toBe(200);
      expect(created.body).toMatchObject({ object: 'customer', livemode: false, account: owner.merchant.id, name: '山田 太郎', email: 'taro@example.jp', phone: '03-1234-5678' });
      expect(created.body.id).toMatch(/^cus_/);
      expect(created.body.customer_number).toMatch(/^9\d{11}$/);
    });

    it('answers the same request again with the same customer, without a second number', async () => {
      const again = await post(owner.testKey, '/v1/customers', body, key);
      expect(again.body).toEqual(created.body);
      const { rows } = await query(`SELECT count(*)::int AS n FROM billing.customers WHERE merchant_id = $1 AND email = $2`, [owner.merchant.id, body.email]);
      expect(rows[0].n).toBe(1);
      const { rows: commands } = await query(`SELECT scope, operation, response FROM billing.idempotency_commands WHERE key = $1`, [key]);
      expect(commands).toEqual([{ scope: `customer.create:test:${owner.merchant.id}`, operation: 'customer.create', response: created.body.id }]);
    });

    it('refuses the same Idempotency-Key with another request (409 idempotency_key_reused)', async () => {
      const reused = await post(owner.testKey, '/v1/customers', { ...body, name: '別人' }, key);
      expect({ status: reused.status, code: reused.body.error.code }).toEqual({ status: 409, code: 'idempotency_key_reused' });
    });

    it('refuses a request id reused for another request at billing itself (ALREADY_EXISTS idempotency_key_reused)', async () => {
      const req = { requestId: randomUUID(), livemode: false, merchantId: owner.merchant.id, ownerId: '', name: '直接 登録', email: 'direct@example.jp', phone: '' };
      const first = await billing.createCustomer(req);
      expect(first.replayed).toBe(false);
      expect(await billing.createCustomer(req)).toEqual({ customer: first.customer, replayed: true });
      const err = await rejection(billing.createCustomer({ ...req, name: '別人' }));
      expect({ kind: err.kind, code: err.code }).toEqual({ kind: 'already_exists', code: 'idempotency_key_reused' });
    });

    it('names a malformed email as the field at fault', async () => {
      const bad = await post(owner.testKey, '/v1/customers', { name: '花子', email: 'not-an-email' });
      expect({ status: bad.status, code: bad.body.error.code, param: bad.body.error.param }).toEqual({ status: 400, code: 'invalid_request', param: 'email' });
    });

    it('names a missing name as the field at fault', async () => {
      const missing = await post(owner.testKey, '/v1/customers', { email: 'x@example.jp' });
      expect({ status: missing.status, param: missing.body.error.param }).toEqual({ status: 400, param: 'name' });
    });

    it('never gives two customers the same number', async () => {
      const second = await post(owner.testKey, '/v1/customers', { name: '二人目', email: 'two@example.jp' });
      expect(second.status).toBe(200);
      expect(second.body.customer_number).toMatch(/^9\d{11}$/);
      expect(second.body.customer_number).not.toBe(created.body.customer_number);
    });
  });

  it('carries every open bill referencing the customer by id, payable under its one number', async () => {
    const cus = (await post(owner.testKey, '/v1/customers', { name: '佐藤 花子', email: 'hanako.cus@example.jp' })).body;
    const due = await billingDate(7);
    const a = await createBill(owner.testKey, { amount: 1_500, due_date: due, stores: ['lawson'], customer_id: cus.id });
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ customer_id: cus.id, customer_number: cus.customer_number, customer: { name: '佐藤 花子', email: 'hanako.cus@example.jp' } });
    const b = (await createBill(owner.testKey, { amount: 2_500, due_date: await billingDate(3), stores: ['lawson'], customer_id: cus.id, customer: { name: '佐藤 一郎' } })).body;
    expect(b.customer.name).toBe('佐藤 一郎');
    // another merchant's customer, or none at all, is refused naming the field
    const foreign = await createBill(other.testKey, { amount: 1_000, due_date: due, customer_id: cus.id });
    expect({ status: foreign.status, param: foreign.body.error.param }).toEqual({ status: 400, param: 'customer' });

    const shown = await api(http, 'GET', `/v1/customers/${cus.id}`, { key: owner.testKey });
    expect(shown.status).toBe(200);
    expect(shown.body.open_bills.map((x: any) => x.id)).toEqual([b.id, a.body.id]);
    // the kiosk shows both under the number; pay one and it leaves the customer's open bills
    // entered at Loppi in Loppi's shape: 91 + the customer number (docs/reference/konbini.md#customer-numbers)
    const kiosk = (await store.call('POST', '/lookup', { chain: 'lawson', number: `91${cus.customer_number}` })).bills;
    expect(kiosk.map((x: any) => x.amount).sort()).toEqual([1_500, 2_500]);
    await store.call('POST', '/pay', { chain: 'lawson', number: `91${cus.customer_number}`, pick: b.payment_numbers[0].number });
    await eventually(async () => (await api(http, 'GET', `/v1/customers/${cus.id}`, { key: owner.testKey })).body.open_bills.length === 1, 10_000, 'one open bill left');
    // the number is used again for a new bill
    const c = (await createBill(owner.testKey, { amount: 900, due_date: due, stores: ['lawson'], customer_id: cus.id })).body;
    expect((await api(http, 'GET', `/v1/customers/${cus.id}`, { key: owner.testKey })).body.open_bills.map((x: any) => x.id).sort()).toEqual([a.body.id, c.id].sort());
  });

  it('lists with cursors and a tenant filter; a tenant and other merchants see nothing of the owner\'s (404)', async () => {
    const mine: string[] = [];
    for (let i = 0; i < 3; i++) mine.push((await post(tenant.testKey, '/v1/customers', { name: `テナント顧客${i}`, email: `t${i}@example.jp` })).body.id);
    // the owner registers one for its tenant with `tenant`
    const viaOwner = await post(owner.testKey, '/v1/customers', { name: 'オーナー経由', email: 'via@example.jp', tenant: tenant.merchant.id });
    expect(viaOwner.status).toBe(200);
    expect(viaOwner.body.account).toBe(tenant.merchant.id);
    mine.push(viaOwner.body.id);
    // not a tenant of the key's merchant: 404, never 403
    const stranger = await post(owner.testKey, '/v1/customers', { name: 'x', email: 'x@example.jp', tenant: other.merchant.id });
    expect({ status: stranger.status, code: stranger.body.error.code, param: stranger.body.error.param }).toEqual({ status: 404, code: 'resource_missing', param: 'tenant' });
    const upward = await post(tenant.testKey, '/v1/customers', { name: 'x', email: 'x@example.jp', tenant: owner.merchant.id });
    expect(upward.status).toBe(404);

    const first = await api(http, 'GET', '/v1/customers?limit=2', { key: tenant.testKey });
    expect(first.body.data.map((c: any) => c.id)).toEqual([mine[3], mine[2]]);
    expect(first.body.has_more).toBe(true);
    const second = await api(http, 'GET', `/v1/customers?limit=2&starting_after=${first.body.next_cursor}`, { key: tenant.testKey });
    expect(second.body.data.map((c: any) => c.id)).toEqual([mine[1], mine[0]]);
    expect(second.body).toMatchObject({ has_more: false, next_cursor: null });

    const filtered = await api(http, 'GET', `/v1/customers?tenant=${tenant.merchant.id}&limit=100`, { key: owner.testKey });
    expect(filtered.body.data.map((c: any) => c.id).sort()).toEqual([...mine].sort());
    const all = await api(http, 'GET', '/v1/customers?limit=100', { key: owner.testKey });
    expect(all.body.data.some((c: any) => c.account === owner.merchant.id)).toBe(true);
    expect(all.body.data.some((c: any) => c.account === tenant.merchant.id)).toBe(true);
    const ownerOnly = all.body.data.find((c: any) => c.account === owner.merchant.id).id;
    expect((await api(http, 'GET', `/v1/customers/${ownerOnly}`, { key: tenant.testKey })).status).toBe(404);
    expect((await api(http, 'GET', `/v1/customers/${ownerOnly}`, { key: other.testKey })).status).toBe(404);
    expect((await api(http, 'GET', `/v1/customers/${ownerOnly}`, { key: owner.liveKey })).status).toBe(404);
    expect((await api(http, 'GET', `/v1/customers/${mine[0]}`, { key: owner.testKey })).status).toBe(200);
    expect((await api(http, 'GET', '/v1/customers', { key: other.testKey })).body.data).toEqual([]);
  });
});

describe('UpdateBill and DeleteBill honour their request id', () => {
  const scope = () => ({ livemode: false, merchantId: owner.merchant.id, includeTenants: false, tenantId: '' });
  async function newBill(amount = 4_000) {
    return (await createBill(owner.testKey, { amount, due_date: await billingDate(9), stores: ['seven_eleven'] })).body;
  }

  describe('UpdateBill with a request id', () => {
    let bill: any;
    const requestId = randomUUID();
    let first: billingV1.Bill;
    beforeAll(async () => {
      bill = await newBill();
      first = (await billing.updateBill({ requestId, scope: scope(), billId: bill.id, amount: 4_500, clearTaxAmount: false })).bill!;
      // the bill changes again under another id
      await billing.updateBill({ requestId: randomUUID(), scope: scope(), billId: bill.id, amount: 4_800, clearTaxAmount: false });
    });

    it('answers the same id and input with the first result, not the bill as it is now', async () => {
      expect(first.amount).toBe(4_500);
      const replay = (await billing.updateBill({ requestId, scope: scope(), billId: bill.id, amount: 4_500, clearTaxAmount: false })).bill!;
      expect({ amount: replay.amount, updatedAt: replay.updatedAt }).toEqual({ amount: 4_500, updatedAt: first.updatedAt });
      expect((await api(http, 'GET', `/v1/bills/${bill.id}`, { key: owner.testKey })).body.amount).toBe(4_800);
    });

    it('refuses the same id with other input (ALREADY_EXISTS idempotency_key_reused)', async () => {
      const err = await rejection(billing.updateBill({ requestId, scope: scope(), billId: bill.id, amount: 4_600, clearTaxAmount: false }));
      expect({ kind: err.kind, code: err.code }).toEqual({ kind: 'already_exists', code: 'idempotency_key_reused' });
    });

    it('tells "remove the tax" from "keep the tax"', async () => {
      const other = await newBill();
      const msg = randomUUID();
      await billing.updateBill({ requestId: msg, scope: scope(), billId: other.id, message: 'hello', clearTaxAmount: false });
      const err = await rejection(billing.updateBill({ requestId: msg, scope: scope(), billId: other.id, message: 'hello', clearTaxAmount: true }));
      expect({ kind: err.kind, code: err.code }).toEqual({ kind: 'already_exists', code: 'idempotency_key_reused' });
    });

    it('stores the first result with the change, one event per change however often it is repeated', async () => {
      const { rows } = await query(`SELECT scope, operation, response->>'id' AS bill_id, (response->>'amount')::int AS amount FROM billing.idempotency_commands WHERE key = $1`, [requestId]);
      expect(rows).toEqual([{ scope: `bill.update:test:${owner.merchant.id}`, operation: 'bill.update', bill_id: bill.id, amount: 4_500 }]);
      const { rows: events } = await query(`SELECT count(*)::int AS n FROM billing.outbox WHERE type = 'billing.bill.updated' AND aggregate_id = $1`, [bill.id]);
      // 4 500 and 4 800: two changes, the replays none
      expect(events[0].n).toBe(2);
    });
  });

  it('UpdateBill: a failed change records nothing (the id can be used once the request is valid)', async () => {
    const bill = await newBill();
    const requestId = randomUUID();
    expect((await rejection(billing.updateBill({ requestId, scope: scope(), billId: bill.id, amount: 300_001, clearTaxAmount: false }))).kind).toBe('invalid_argument');
    expect((await query(`SELECT 1 FROM billing.idempotency_commands WHERE key = $1`, [requestId])).rows).toHaveLength(0);
    // the same id with a valid change then runs
    expect((await billing.updateBill({ requestId, scope: scope(), billId: bill.id, amount: 4_100, clearTaxAmount: false })).bill!.amount).toBe(4_100);
  });

  it('DeleteBill: same id → the first result; the same id for another bill → ALREADY_EXISTS', async () => {
    const bill = await newBill();
    const requestId = randomUUID();
    const first = (await billing.deleteBill({ requestId, scope: scope(), billId: bill.id })).bill!;
    expect(first.status).toBe(billingV1.BillStatus.BILL_STATUS_DELETED);
    const replay = (await billing.deleteBill({ requestId, scope: scope(), billId: bill.id })).bill!;
    expect(replay.updatedAt).toEqual(first.updatedAt);
    const otherBill = await newBill();
    const err = await rejection(billing.deleteBill({ requestId, scope: scope(), billId: otherBill.id }));
    expect({ kind: err.kind, code: err.code }).toEqual({ kind: 'already_exists', code: 'idempotency_key_reused' });
    expect((await api(http, 'GET', `/v1/bills/${otherBill.id}`, { key: owner.testKey })).body.status).toBe('open');
  });
});

describe('a store result for another amount than the bill\'s', () => {
  it('is recorded and flagged, visible in the API and the payment event, and does not pay the bill', async () => {
    const bill = (await createBill(owner.testKey, { amount: 5_000, due_date: await billingDate(4), stores: ['seven_eleven'] })).body;
    const pay = await store.call('POST', '/pay', { chain: 'seven_eleven', number: bill.payment_numbers[0].number, amount: 500 });
    expect(pay.amount).toBe(500);
    let payments: any[] = [];
    await eventually(async () => {
      payments = (await api(http, 'GET', `/v1/payments?bill=${bill.id}`, { key: owner.testKey })).body.data;
      return payments.length === 1;
    }, 10_000, 'the flagged payment recorded');
    expect(payments[0]).toMatchObject({ status: 'preliminary', amount: 500, bill_amount: 5_000, amount_mismatch: true });
    // never silently accepted: the bill is still open and payable
    expect((await api(http, 'GET', `/v1/bills/${bill.id}`, { key: owner.testKey })).body.status).toBe('open');
    const { rows } = await query(`SELECT envelope FROM billing.outbox WHERE type = 'billing.payment.preliminary' AND aggregate_id = $1`, [payments[0].id]);
    const snap = billingEventsV1.PaymentChanged.decode(decodeEnvelope(rows[0].envelope).payload).payment!;
    expect({ amountMismatch: snap.amountMismatch, billAmount: snap.billAmount, amount: snap.amount }).toEqual({ amountMismatch: true, billAmount: 5_000, amount: 500 });
    // the right amount then pays it as usual, unflagged
    await store.call('POST', '/pay', { chain: 'seven_eleven', number: bill.payment_numbers[0].number, store_code: 'S7777' });
    await eventually(async () => (await api(http, 'GET', `/v1/bills/${bill.id}`, { key: owner.testKey })).body.status === 'paid', 10_000, 'paid by the right amount');
    const all = (await api(http, 'GET', `/v1/payments?bill=${bill.id}`, { key: owner.testKey })).body.data;
    expect(all.find((p: any) => !p.amount_mismatch)).toMatchObject({ amount: 5_000, bill_amount: 5_000 });
  });
});
