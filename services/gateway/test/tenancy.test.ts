import { randomUUID } from 'node:crypto';
import { testContext } from '../../../scripts/test/support/context';
import { AccountType, acct, eventually, ledgerClient } from '../../../scripts/test/support/clients';
import { api as rawApi, gatewayAdminClient, newMerchant, NewMerchant } from '../../../scripts/test/support/edge';

/**
 * One REST call as a careful client makes it: a 429 (this file sends well over the per-key limit of
 * 100 requests a second with the owner's key) is retried after its Retry-After, so what is asserted is
 * the answer about tenancy, never the rate limit.
 */
const api: typeof rawApi = async (...args) => {
  for (let attempt = 0; ; attempt++) {
    const res = await rawApi(...args);
    if (res.status !== 429 || attempt === 5) return res;
    await new Promise((r) => setTimeout(r, 1_000 * Number(res.headers.get('retry-after') ?? 1)));
  }
};

const ctx = testContext();
const http = ctx.services.gateway.httpUrl!;
const admin = gatewayAdminClient();
const ledger = ledgerClient(ctx.services.ledger.grpcAddr);
let owner: NewMerchant;
let tenant: NewMerchant;
let other: NewMerchant;

beforeAll(async () => {
  owner = await newMerchant(admin, 'Owner KK');
  tenant = await newMerchant(admin, 'Tenant KK', owner.merchant.id);
  other = await newMerchant(admin, 'Other KK');
  // money in the tenant's test deposit, and in the owner's live deposit
  for (const [m, livemode, amount] of [[tenant, false, 12_000], [tenant, false, 3_000], [tenant, false, 500], [owner, true, 77_000]] as const) {
    await ledger.post({
      idempotencyKey: randomUUID(), livemode, kind: 'deposit.received', description: 'test deposit', merchantId: m.merchant.id, metadata: {},
      postings: [{ account: acct('platform', AccountType.ACCOUNT_TYPE_PLATFORM_BANK), amount: -amount }, { account: acct(m.merchant.id, AccountType.ACCOUNT_TYPE_DEPOSIT), amount }],
    });
  }
});
beforeAll(async () => {
  const created = await api(http, 'POST', '/v1/webhook_endpoints', { key: owner.testKey, idempotencyKey: randomUUID(), body: { url: 'https://example.com/owner', enabled_events: ['*'] } });
  ids.endpoint = created.body.id;
  const bill = await api(http, 'POST', '/v1/bills', {
    key: owner.testKey, idempotencyKey: randomUUID(), body: { amount: 1_000, due_date: dueInDays(10), customer: { name: 'Owner customer', email: 'owner.bill@example.jp' } },
  });
  expect(bill.status).toBe(200);
  ids.bill = bill.body.id;
  const customer = await api(http, 'POST', '/v1/customers', { key: owner.testKey, idempotencyKey: randomUUID(), body: { name: 'Owner customer', email: 'owner.customer@example.jp' } });
  expect(customer.status).toBe(200);
  ids.customer = customer.body.id;
  const debitCustomer = await api(http, 'POST', '/v1/debit_customers', {
    key: owner.testKey, idempotencyKey: randomUUID(),
    body: { customer_ref: 'owner-1', name: '山田太郎', holder_name: 'やまだ たろう', bank_code: '0005', branch_code: '001', account_type: 'ordinary', account_number: '1234567' },
  });
  expect(debitCustomer.status).toBe(200);
  ids.debitCustomer = debitCustomer.body.id;
  const debitContract = await api(http, 'POST', '/v1/debit_contracts', {
    key: owner.testKey, idempotencyKey: randomUUID(),
    body: { partner: 'simbank', requester_code: String(Math.floor(1e9 + Math.random() * 9e9)), requester_name: 'オーナー', bank_code: '0005', branch_code: '001', account_type: '1', account_number: '7654321', notify_email: 'ops@example.jp' },
  });
  expect(debitContract.status).toBe(200);
  const mandate = await api(http, 'POST', '/v1/mandates', { key: owner.testKey, idempotencyKey: randomUUID(), body: { customer: ids.debitCustomer, contract: debitContract.body.id } });
  expect(mandate.status).toBe(200);
  expect(mandate.body).toMatchObject({ object: 'mandate', status: 'requested', customer_number: expect.stringMatching(/^\d{20}$/) });
  ids.mandate = mandate.body.id;
  const order = await api(http, 'POST', '/v1/remittance_orders', { key: owner.testKey, idempotencyKey: randomUUID(), body: { purpose: 'オーナーの払戻し' } });
  ids.order = order.body.id;
  const added = await api(http, 'POST', `/v1/remittance_orders/${ids.order}/recipients`, {
    key: owner.testKey, idempotencyKey: randomUUID(), body: { recipients: [{ name: '受取人', name_kana: 'ウケトリニン', amount: 1000, email: 'owner.recipient@example.jp' }] },
  });
  expect(added.status).toBe(200);
  ids.recipient = (await api(http, 'GET', `/v1/remittance_orders/${ids.order}/recipients`, { key: owner.testKey })).body.data[0].id;
  // a deposit the ledger reports makes a public event for the owner
  await ledger.post({
    idempotencyKey: randomUUID(), livemode: false, kind: 'deposit.received', description: 'event source', merchantId: owner.merchant.id, metadata: { deposit_id: 'dep_tenancy' },
    postings: [{ account: acct('platform', AccountType.ACCOUNT_TYPE_PLATFORM_BANK), amount: -1 }, { account: acct(owner.merchant.id, AccountType.ACCOUNT_TYPE_DEPOSIT), amount: 1 }],
  });
  await eventually(async () => {
    // (an owner's listing also holds its tenant's events: take the owner's own)
    const events = await api(http, 'GET', `/v1/events?account=${owner.merchant.id}`, { key: owner.testKey });
    ids.event = events.body.data?.[0]?.id ?? '';
    return ids.event !== '';
  }, 20_000, 'the owner\'s public event');
});

afterAll(() => {
  admin.close();
  ledger.close();
});

/** A due date n days ahead in Tokyo (bills: at most 60 days counting today). */
const dueInDays = (n: number) => new Date(Date.now() + 9 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10);

/** Every endpoint, as a request a key can make for an account (ids of the owner's objects where a path needs one). */
const ids = { endpoint: '', event: '', bill: '', customer: '', debitCustomer: '', mandate: '', order: '', recipient: '' };
const h = (account?: string) => (account ? { 'kessai-account': account } : {});
type Endpoint = { name: string; call: (key: string, account?: string) => ReturnType<typeof api> };
const ENDPOINTS: Endpoint[] = [
  { name: 'GET /v1/balance', call: (key, account) => api(http, 'GET', '/v1/balance', { key, headers: h(account) }) },
  { name: 'GET /v1/balance/transactions', call: (key, account) => api(http, 'GET', '/v1/balance/transactions', { key, headers: h(account) }) },
  { name: 'GET /v1/deposit_notices', call: (key, account) => api(http, 'GET', '/v1/deposit_notices', { key, headers: h(account) }) },
  {
    name: 'POST /v1/deposit_notices',
    call: (key, account) => api(http, 'POST', '/v1/deposit_notices', { key, idempotencyKey: randomUUID(), body: { amount: 1000, expected_on: '2026-12-24' }, headers: h(account) }),
  },
  { name: 'GET /v1/webhook_endpoints', call: (key, account) => api(http, 'GET', '/v1/webhook_endpoints', { key, headers: h(account) }) },
  {
    name: 'POST /v1/webhook_endpoints',
    call: (key, account) =>
      api(http, 'POST', '/v1/webhook_endpoints', { key, idempotencyKey: randomUUID(), body: { url: 'https://example.com/h', enabled_events: ['*'] }, headers: h(account) }),
  },
  { name: 'GET /v1/events', call: (key, account) => api(http, 'GET', '/v1/events', { key, headers: h(account) }) },
  {
    name: 'POST /v1/bills',
    call: (key, account) => api(http, 'POST', '/v1/bills', { key, idempotencyKey: randomUUID(), body: { amount: 1_000, due_date: dueInDays(10) }, headers: h(account) }),
  },
  {
    name: 'POST /v1/bills/batch',
    call: (key, account) => api(http, 'POST', '/v1/bills/batch', { key, idempotencyKey: randomUUID(), body: { bills: [{ amount: 1_000, due_date: dueInDays(10) }] }, headers: h(account) }),
  },
  { name: 'GET /v1/bills', call: (key, account) => api(http, 'GET', '/v1/bills', { key, headers: h(account) }) },
  {
    name: 'POST /v1/customers',
    call: (key, account) => api(http, 'POST', '/v1/customers', { key, idempotencyKey: randomUUID(), body: { name: '顧客', email: 'c@example.jp' }, headers: h(account) }),
  },
  { name: 'GET /v1/customers', call: (key, account) => api(http, 'GET', '/v1/customers', { key, headers: h(account) }) },
  { name: 'GET /v1/payments', call: (key, account) => api(http, 'GET', '/v1/payments', { key, headers: h(account) }) },
  { name: 'GET /v1/payments/export', call: (key, account) => api(http, 'GET', '/v1/payments/export', { key, headers: h(account) }) },
  { name: 'GET /v1/remittance_orders', call: (key, account) => api(http, 'GET', '/v1/remittance_orders', { key, headers: h(account) }) },
  {
    name: 'POST /v1/remittance_orders',
    call: (key, account) => api(http, 'POST', '/v1/remittance_orders', { key, idempotencyKey: randomUUID(), body: { purpose: '払戻し' }, headers: h(account) }),
  },
  ...DIRECT_DEBIT_ENDPOINTS(),
  { name: 'GET /v1/statements', call: (key, account) => api(http, 'GET', '/v1/statements', { key, headers: h(account) }) },
  { name: 'GET /v1/fee_items', call: (key, account) => api(http, 'GET', '/v1/fee_items', { key, headers: h(account) }) },
  { name: 'GET /v1/payouts', call: (key, account) => api(http, 'GET', '/v1/payouts', { key, headers: h(account) }) },
  { name: 'GET /v1/invoices', call: (key, account) => api(http, 'GET', '/v1/invoices', { key, headers: h(account) }) },
  { name: 'GET /v1/account', call: (key, account) => api(http, 'GET', '/v1/account', { key, headers: h(account) }) },
];

/** Direct debit (account-transfer): lists and registrations any merchant can make without a bank. */
function DIRECT_DEBIT_ENDPOINTS(): Endpoint[] {
  const debitCustomer = { name: '山田太郎', holder_name: 'ヤマダ タロウ', bank_code: '0005', branch_code: '001', account_type: 'ordinary', account_number: '1234567' };
  return [
    { name: 'POST /v1/debit_customers', call: (key, account) => api(http, 'POST', '/v1/debit_customers', { key, idempotencyKey: randomUUID(), body: { customer_ref: randomUUID(), ...debitCustomer }, headers: h(account) }) },
    { name: 'GET /v1/debit_customers', call: (key, account) => api(http, 'GET', '/v1/debit_customers', { key, headers: h(account) }) },
    {
      name: 'POST /v1/debit_contracts',
      call: (key, account) =>
        api(http, 'POST', '/v1/debit_contracts', {
          key, idempotencyKey: randomUUID(), headers: h(account),
          body: { partner: 'simbank', requester_code: String(Math.floor(1e9 + Math.random() * 9e9)), requester_name: 'テスト', bank_code: '0005', branch_code: '001', account_type: '1', account_number: '7654321', notify_email: 'ops@example.jp' },
        }),
    },
    { name: 'GET /v1/debit_contracts', call: (key, account) => api(http, 'GET', '/v1/debit_contracts', { key, headers: h(account) }) },
    { name: 'GET /v1/mandates', call: (key, account) => api(http, 'GET', '/v1/mandates', { key, headers: h(account) }) },
    { name: 'GET /v1/debits', call: (key, account) => api(http, 'GET', '/v1/debits', { key, headers: h(account) }) },
    { name: 'GET /v1/debits/export', call: (key, account) => api(http, 'GET', '/v1/debits/export', { key, headers: h(account) }) },
    { name: 'GET /v1/debit_batches', call: (key, account) => api(http, 'GET', '/v1/debit_batches', { key, headers: h(account) }) },
    { name: 'GET /v1/mandate_mismatches', call: (key, account) => api(http, 'GET', '/v1/mandate_mismatches', { key, headers: h(account) }) },
    { name: 'GET /v1/mandate_mismatches/export', call: (key, account) => api(http, 'GET', '/v1/mandate_mismatches/export', { key, headers: h(account) }) },
  ];
}

/**
 * Direct-debit commands that need a bank or a bank-registered mandate (their success paths are
 * in services/account-transfer/test): here only the tenancy rule — 404 for anyone else's account.
 */
const BANK_ENDPOINTS: Endpoint[] = [
  { name: 'POST /v1/mandates', call: (key, account) => api(http, 'POST', '/v1/mandates', { key, idempotencyKey: randomUUID(), body: { customer: 'dcu_x', contract: 'dcc_x' }, headers: h(account) }) },
  { name: 'POST /v1/debits', call: (key, account) => api(http, 'POST', '/v1/debits', { key, idempotencyKey: randomUUID(), body: { customer: 'dcu_x', amount: 100 }, headers: h(account) }) },
  {
    name: 'POST /v1/debit_batches',
    call: (key, account) => api(http, 'POST', '/v1/debit_batches', { key, idempotencyKey: randomUUID(), body: { file: Buffer.from('customer_ref,amount\nC1,100\n').toString('base64') }, headers: h(account) }),
  },
];

/**
 * Endpoints whose object needs a store payment, which takes the store-network
 * simulator: their 404s are proved in konbini-merchant.test.ts.
 */
const TENANCY_ELSEWHERE = [
  'GET /v1/payments/{id}',
  'POST /v1/test_helpers/bills/{id}/pay',
  'POST /v1/test_helpers/bills/{id}/confirm',
  'POST /v1/test_helpers/bills/{id}/cancel',
  // state-changing or money-moving remittance endpoints: their 404s are proved in remittance-api.test.ts
  'POST /v1/remittance_orders/{id}/approve',
  'POST /v1/remittance_orders/{id}/cancel',
  'POST /v1/remittance_recipients/{id}/recontact',
  'POST /v1/remittance_recipients/{id}/review',
  'POST /v1/deposit_refunds',
  'GET /v1/transfers/{id}',
  'POST /v1/transfers/{id}/reversal',
  'POST /v1/payments/{id}/refunds',
  'GET /v1/payments/{id}/refunds',
];

/** Endpoints about one object: the object's owner reaches it, nobody else (404). */
const OBJECT_ENDPOINTS: { name: string; call: (key: string) => ReturnType<typeof api>; ownerStatus?: number }[] = [
  { name: 'GET /v1/webhook_endpoints/{id}', call: (key) => api(http, 'GET', `/v1/webhook_endpoints/${ids.endpoint}`, { key }) },
  { name: 'GET /v1/webhook_endpoints/{id}/deliveries', call: (key) => api(http, 'GET', `/v1/webhook_endpoints/${ids.endpoint}/deliveries`, { key }) },
  {
    name: 'POST /v1/webhook_endpoints/{id}/redeliveries',
    call: (key) => api(http, 'POST', `/v1/webhook_endpoints/${ids.endpoint}/redeliveries`, { key, idempotencyKey: randomUUID(), body: { event: ids.event } }),
  },
  { name: 'GET /v1/events/{id}', call: (key) => api(http, 'GET', `/v1/events/${ids.event}`, { key }) },
  { name: 'GET /v1/customers/{id}', call: (key) => api(http, 'GET', `/v1/customers/${ids.customer}`, { key }) },
  { name: 'GET /v1/bills/{id}', call: (key) => api(http, 'GET', `/v1/bills/${ids.bill}`, { key }) },
  { name: 'POST /v1/bills/{id}', call: (key) => api(http, 'POST', `/v1/bills/${ids.bill}`, { key, idempotencyKey: randomUUID(), body: { message: 'updated' } }) },
  { name: 'POST /v1/bills/{id}/send', call: (key) => api(http, 'POST', `/v1/bills/${ids.bill}/send`, { key, idempotencyKey: randomUUID() }) },
  { name: 'GET /v1/customers/{id}/card', call: (key) => api(http, 'GET', `/v1/customers/${ids.customer}/card`, { key }) },
  { name: 'GET /v1/remittance_orders/{id}', call: (key) => api(http, 'GET', `/v1/remittance_orders/${ids.order}`, { key }) },
  {
    name: 'POST /v1/remittance_orders/{id}/guide',
    call: (key) => api(http, 'POST', `/v1/remittance_orders/${ids.order}/guide`, { key, idempotencyKey: randomUUID(), body: { guide_text: 'ご案内' } }),
  },
  {
    name: 'POST /v1/remittance_orders/{id}/recipients',
    call: (key) =>
      api(http, 'POST', `/v1/remittance_orders/${ids.order}/recipients`, {
        key, idempotencyKey: randomUUID(), body: { recipients: [{ name: '受取人', name_kana: 'ウケトリニン', amount: 1000, email: `r.${randomUUID().slice(0, 8)}@example.jp` }] },
      }),
  },
  { name: 'GET /v1/remittance_orders/{id}/recipients', call: (key) => api(http, 'GET', `/v1/remittance_orders/${ids.order}/recipients`, { key }) },
  { name: 'GET /v1/remittance_orders/{id}/results', call: (key) => api(http, 'GET', `/v1/remittance_orders/${ids.order}/results`, { key }) },
  { name: 'GET /v1/remittance_recipients/{id}', call: (key) => api(http, 'GET', `/v1/remittance_recipients/${ids.recipient}`, { key }) },
  { name: 'DELETE /v1/bills/{id}', call: (key) => api(http, 'DELETE', `/v1/bills/${ids.bill}`, { key }) },
  { name: 'DELETE /v1/webhook_endpoints/{id}', call: (key) => api(http, 'DELETE', `/v1/webhook_endpoints/${ids.endpoint}`, { key }) },
  { name: 'GET /v1/debit_customers/{id}', call: (key) => api(http, 'GET', `/v1/debit_customers/${ids.debitCustomer}`, { key }) },
  {
    name: 'POST /v1/debit_customers/{id}',
    call: (key) => api(http, 'POST', `/v1/debit_customers/${ids.debitCustomer}`, { key, idempotencyKey: randomUUID(), body: { name: '山田花子', holder_name: 'ヤマダ ハナコ', bank_code: '0005', branch_code: '001', account_type: '1', account_number: '1234567' } }),
  },
  { name: 'GET /v1/mandates/{id}', call: (key) => api(http, 'GET', `/v1/mandates/${ids.mandate}`, { key }) },
  { name: 'GET /v1/debits/{id}', call: (key) => api(http, 'GET', '/v1/debits/dbt_none', { key }), ownerStatus: 404 },
  { name: 'GET /v1/debit_batches/{id}', call: (key) => api(http, 'GET', '/v1/debit_batches/dbb_none', { key }), ownerStatus: 404 },
  { name: 'GET /v1/debit_batches/{id}/results', call: (key) => api(http, 'GET', '/v1/debit_batches/dbb_none/results', { key }), ownerStatus: 404 },
  // (a statement needs a fixed period: its owner reaching it, and 404 for anyone else, are in services/fees/test/documents-api.test.ts)
  { name: 'GET /v1/statements/{id}', call: (key) => api(http, 'GET', '/v1/statements/stm_none', { key }), ownerStatus: 404 },
  { name: 'GET /v1/statements/{id}/document', call: (key) => api(http, 'GET', '/v1/statements/stm_none/document', { key }), ownerStatus: 404 },
  // (payouts, invoices and a statement's breakdown need a fixed period or an ended month: their owner reaching them, and 404 for anyone else, are in services/fees/test/invoice-documents.test.ts)
  { name: 'GET /v1/statements/{id}/tenants', call: (key) => api(http, 'GET', '/v1/statements/stm_none/tenants', { key }), ownerStatus: 404 },
  { name: 'GET /v1/payouts/{id}', call: (key) => api(http, 'GET', '/v1/payouts/pyo_none', { key }), ownerStatus: 404 },
  { name: 'GET /v1/invoices/{id}', call: (key) => api(http, 'GET', '/v1/invoices/inv_none', { key }), ownerStatus: 404 },
  { name: 'GET /v1/invoices/{id}/document', call: (key) => api(http, 'GET', '/v1/invoices/inv_none/document', { key }), ownerStatus: 404 },
];

describe('tenancy: 404, never 403', () => {
  it.each(ENDPOINTS)('$name: another merchant, or a tenant reaching for its owner, gets 404', async ({ call }) => {
    for (const [key, account] of [
      [other.testKey, owner.merchant.id],
      [other.testKey, tenant.merchant.id],
      [tenant.testKey, owner.merchant.id],
      [owner.testKey, other.merchant.id],
      [owner.testKey, 'mer_doesnotexist'],
      [owner.testKey, "mer_x' OR 1=1 --"],
    ]) {
      const res = await call(key, account);
      expect({ status: res.status, code: res.body.error?.code, param: res.body.error?.param }).toEqual({ status: 404, code: 'resource_missing', param: 'Kessai-Account' });
    }
  });

  it.each(ENDPOINTS)('$name: an owner may act for its tenant', async ({ call }) => {
    const res = await call(owner.testKey, tenant.merchant.id);
    expect(res.status).toBe(200);
  });

  it('covers every endpoint of the API', async () => {
    const doc = (await api(http, 'GET', '/openapi.json')).body;
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    expect(documented.sort()).toEqual([...[...ENDPOINTS, ...OBJECT_ENDPOINTS, ...BANK_ENDPOINTS].map((e) => e.name), ...TENANCY_ELSEWHERE].sort());
  });

  it.each(OBJECT_ENDPOINTS)('$name: only the owner, in its mode, reaches the object', async ({ name, call, ownerStatus }) => {
    expect((await call(other.testKey)).status).toBe(404);
    expect((await call(tenant.testKey)).status).toBe(404);
    expect((await call(owner.liveKey)).status).toBe(404);
    const mine = await call(owner.testKey);
    // (debits and batches need a bank: objects of those kinds are reached in services/account-transfer/test; here an unknown id is 404 for its owner too)
    expect({ name, status: mine.status }).toEqual({ name, status: ownerStatus ?? 200 });
  });

  it.each(BANK_ENDPOINTS)('$name: another merchant, or a tenant reaching for its owner, gets 404', async ({ call }) => {
    for (const [key, account] of [[other.testKey, owner.merchant.id], [tenant.testKey, owner.merchant.id], [owner.testKey, other.merchant.id]]) {
      const res = await call(key, account);
      expect({ status: res.status, code: res.body.error?.code, param: res.body.error?.param }).toEqual({ status: 404, code: 'resource_missing', param: 'Kessai-Account' });
    }
  });

  it('shows each merchant only its own balance, in the key\'s mode', async () => {
    const t = await api(http, 'GET', '/v1/balance', { key: tenant.testKey });
    expect(t.body).toMatchObject({ total: 15_500, available: 15_500, held: 0, livemode: false });
    const viaOwner = await api(http, 'GET', '/v1/balance', { key: owner.testKey, headers: { 'kessai-account': tenant.merchant.id } });
    expect(viaOwner.body.total).toBe(15_500);
    expect((await api(http, 'GET', '/v1/balance', { key: owner.testKey })).body.total).toBe(1);
    expect((await api(http, 'GET', '/v1/balance', { key: owner.liveKey })).body).toMatchObject({ total: 77_000, livemode: true });
    expect((await api(http, 'GET', '/v1/balance', { key: tenant.liveKey })).body.total).toBe(0);
    expect((await api(http, 'GET', '/v1/balance', { key: other.testKey })).body.total).toBe(0);
  });

  it('pages through the balance transactions with cursors', async () => {
    const first = await api(http, 'GET', '/v1/balance/transactions?limit=2', { key: tenant.testKey });
    expect(first.status).toBe(200);
    expect(first.body.data.map((e: any) => e.amount)).toEqual([500, 3_000]);
    expect(first.body.has_more).toBe(true);
    const second = await api(http, 'GET', `/v1/balance/transactions?limit=2&starting_after=${first.body.next_cursor}`, { key: tenant.testKey });
    expect(second.body.data.map((e: any) => e.amount)).toEqual([12_000]);
    expect(second.body.has_more).toBe(false);
    expect(second.body.next_cursor).toBeNull();
    // a cursor of one merchant's list is refused for another's
    const stolen = await api(http, 'GET', `/v1/balance/transactions?starting_after=${first.body.next_cursor}`, { key: other.testKey });
    expect(stolen.status).toBe(400);
    expect(stolen.body.error.code).toBe('invalid_cursor');
  });
});
