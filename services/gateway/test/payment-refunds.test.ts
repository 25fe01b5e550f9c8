import { randomUUID } from 'node:crypto';
import { ledgerV1 } from '@kessai/contracts';
import { connectClient, MESH } from '@kessai/platform';
import { eventually } from '../../../scripts/test/support/clients';
import { testContext } from '../../../scripts/test/support/context';
import { api, gatewayAdminClient, OPERATOR } from '../../../scripts/test/support/edge';
import { RunningStore, startStoreSimulator } from '../../../scripts/test/support/store';
import { freePort } from '../../../scripts/src/lib/infra';
import { ServiceProcess } from '../../../scripts/src/lib/processes';

/**
 * Konbini refunds (docs/reference/remittance.md#konbini-refunds): a confirmed
 * store payment (through the store-network simulator's signed path) is refunded
 * in parts as one-recipient remittance orders funded from the deposit, linked
 * both ways; refusals name what is wrong.
 */
const ctx = testContext();
const http = ctx.services.gateway.httpUrl!;
const admin = gatewayAdminClient();
const ledger = connectClient(ledgerV1.LedgerServiceClient, ctx.services.ledger.grpcAddr);
let store: RunningStore;
let helperGateway: ServiceProcess;
let helperHttp = '';
let m: { id: string; testKey: string };
let other: { id: string; testKey: string };

async function merchant(name: string) {
  const { merchant: mer } = await admin.createMerchant({ idempotencyKey: '', name, ownerId: '', settings: { enabledStoreChains: ['lawson'], feePlan: 'billing_plan', settlementCycle: 'monthly' } }, OPERATOR);
  const test = await admin.issueApiKey({ merchantId: mer!.id, livemode: false }, OPERATOR);
  return { id: mer!.id, testKey: test.secret };
}
const post = (base: string, p: string, key: string, body?: unknown, idem = randomUUID()) => api(base, 'POST', p, { key, idempotencyKey: idem, body });
const get = (p: string, key: string) => api(http, 'GET', p, { key });
const due = () => new Date(Date.now() + 9 * 3600_000 + 7 * 86_400_000).toISOString().slice(0, 10);

async function confirmedPayment(customer: { name: string; email?: string }, amount = 5_000) {
  const ref = `ORD-${randomUUID().slice(0, 8)}`;
  const bill = (await post(http, '/v1/bills', m.testKey, { amount, due_date: due(), order_reference: ref, customer })).body;
  expect((await post(helperHttp, `/v1/test_helpers/bills/${bill.id}/pay`, m.testKey, { store: 'lawson' })).status).toBe(200);
  await eventually(async () => (await get(`/v1/bills/${bill.id}`, m.testKey)).body.status === 'paid', 20_000, 'bill paid');
  const preliminary = (await get(`/v1/payments?bill=${bill.id}`, m.testKey)).body.data[0];
  expect((await post(helperHttp, `/v1/test_helpers/bills/${bill.id}/confirm`, m.testKey)).status).toBe(200);
  let payment: any;
  await eventually(async () => {
    payment = (await get(`/v1/payments/${preliminary.id}`, m.testKey)).body;
    return payment?.status === 'confirmed';
  }, 20_000, 'payment confirmed');
  return { bill, payment, preliminary };
}

beforeAll(async () => {
  store = await startStoreSimulator(undefined, { STORE_SIMULATOR_CONFIRM_DELAY_MS: '-1' });
  const port = await freePort();
  helperGateway = new ServiceProcess({
    service: MESH.gateway,
    repoRoot: ctx.repoRoot,
    env: { ...ctx.services.gateway.env, HTTP_PORT: String(port), GRPC_PORT: String(await freePort()), OPS_PORT: String(await freePort()), GATEWAY_STORE_SIMULATOR_URL: store.url },
    output: 'silent',
    keepLines: 200,
  });
  helperGateway.start();
  await helperGateway.waitReady(30_000);
  helperHttp = `http://127.0.0.1:${port}`;
  m = await merchant('返金する商店');
  other = await merchant('よその商店');
  await ledger.post({
    idempotencyKey: randomUUID(), livemode: false, kind: 'deposit.received', description: 'test deposit', merchantId: m.id, metadata: {},
    postings: [
      { account: { ownerId: 'platform', type: ledgerV1.AccountType.ACCOUNT_TYPE_PLATFORM_BANK }, amount: -50_000 },
      { account: { ownerId: m.id, type: ledgerV1.AccountType.ACCOUNT_TYPE_DEPOSIT }, amount: 50_000 },
    ],
  });
}, 90_000);

afterAll(async () => {
  await helperGateway?.stop(10_000);
  await store?.stop();
  admin.close();
  ledger.close();
});

describe('konbini refunds', () => {
  it('refunds a confirmed payment in parts up to its amount, each a funded one-recipient remittance linked both ways', async () => {
    const email = `refund.${randomUUID().slice(0, 8)}@example.jp`;
    const { payment } = await confirmedPayment({ name: '佐藤 花子', email });
    const idem = randomUUID();
    const first = await post(http, `/v1/payments/${payment.id}/refunds`, m.testKey, { amount: 2_000, name_kana: 'サトウ ハナコ' }, idem);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ object: 'payment_refund', payment: payment.id, amount: 2_000, order_status: 'funded' });
    // replayed by key, one order only
    expect((await post(http, `/v1/payments/${payment.id}/refunds`, m.testKey, { amount: 2_000, name_kana: 'サトウ ハナコ' }, idem)).body.id).toBe(first.body.id);
    const order = (await get(`/v1/remittance_orders/${first.body.remittance_order}`, m.testKey)).body;
    expect(order).toMatchObject({ reference: payment.id, mode: 'full_service', recipient_count: 1, total_amount: 2_000, status: 'funded' });
    const recipient = (await get(`/v1/remittance_recipients/${first.body.recipient}`, m.testKey)).body;
    expect(recipient).toMatchObject({ email, amount: 2_000, name: '佐藤 花子', reference: payment.id });

    const second = await post(http, `/v1/payments/${payment.id}/refunds`, m.testKey, { amount: 3_000, name_kana: 'サトウ ハナコ' });
    expect(second.status).toBe(200);
    const over = await post(http, `/v1/payments/${payment.id}/refunds`, m.testKey, { amount: 1, name_kana: 'サトウ ハナコ' });
    expect(over.status).toBe(400);
    expect(over.body.error).toMatchObject({ param: 'amount' });
    expect(over.body.error.message).toContain('at most 0 yen');
    const listed = (await get(`/v1/payments/${payment.id}/refunds`, m.testKey)).body.data;
    expect(listed.map((r: { amount: number }) => r.amount)).toEqual([2_000, 3_000]);
    expect((await get(`/v1/balance`, m.testKey)).body).toMatchObject({ total: 50_000, held: 5_000 });

    // tenancy: another merchant's payment is a 404
    expect((await post(http, `/v1/payments/${payment.id}/refunds`, other.testKey, { amount: 1, name_kana: 'サトウ' })).status).toBe(404);
    expect((await get(`/v1/payments/${payment.id}/refunds`, other.testKey)).status).toBe(404);
  }, 90_000);

  it('without the bill\'s email the request must give a postal address or phone; an unconfirmed payment cannot be refunded', async () => {
    const { payment } = await confirmedPayment({ name: '鈴木 一郎' });
    const none = await post(http, `/v1/payments/${payment.id}/refunds`, m.testKey, { amount: 1_000, name_kana: 'スズキ イチロウ' });
    expect(none.status).toBe(400);
    expect(none.body.error).toMatchObject({ code: 'customer_unreachable', param: 'postal_address' });
    const withAddress = await post(http, `/v1/payments/${payment.id}/refunds`, m.testKey, {
      amount: 1_000, name_kana: 'スズキ イチロウ', postal_address: { postal_code: '100-0001', prefecture: '東京都', city: '千代田区', line1: '千代田1-1' },
    });
    expect(withAddress.status).toBe(200);

    const bill = (await post(http, '/v1/bills', m.testKey, { amount: 1_000, due_date: due(), customer: { name: '田中', email: 'tanaka@example.jp' } })).body;
    await post(helperHttp, `/v1/test_helpers/bills/${bill.id}/pay`, m.testKey, { store: 'lawson' });
    let preliminary: any;
    await eventually(async () => {
      preliminary = (await get(`/v1/payments?bill=${bill.id}`, m.testKey)).body.data[0];
      return Boolean(preliminary);
    }, 20_000, 'preliminary payment');
    const early = await post(http, `/v1/payments/${preliminary.id}/refunds`, m.testKey, { amount: 500, name_kana: 'タナカ' });
    expect(early.status).toBe(409); // failed_precondition
    expect(early.body.error.code).toBe('payment_not_confirmed');
  }, 90_000);
});
