import { webhookV1 } from '@kessai/contracts';
import { connectClient, signatureHeader } from '@kessai/platform';
import { testContext } from '../../../scripts/test/support/context';
import { eventually } from '../../../scripts/test/support/clients';
import { RunningBank, SIMBANK_SECRET, startBankSimulator } from '../../../scripts/test/support/bank';
import { query } from '../../../scripts/test/support/db';
import { api, gatewayAdminClient, newMerchant, NewMerchant } from '../../../scripts/test/support/edge';

const ctx = testContext();
const gateway = ctx.services.gateway.httpUrl!;
const inboundUrl = `${ctx.services.webhook.httpUrl!}/v1/partners/simbank/bank/deposits`;
const admin = gatewayAdminClient();
const inbound = connectClient(webhookV1.InboundServiceClient, ctx.services.webhook.grpcAddr);
let bank: RunningBank;
let m: NewMerchant;

beforeAll(async () => {
  bank = await startBankSimulator();
  m = await newMerchant(admin, '預り金テスト株式会社');
});
afterAll(async () => {
  await bank?.stop();
  admin.close();
  inbound.close();
});
afterEach(() => bank.call('DELETE', '/control/faults'));

const balance = async (key = m.testKey) => (await api(gateway, 'GET', '/v1/balance', { key })).body;
const waitForTotal = (total: number, key = m.testKey) => eventually(async () => (await balance(key)).total === total, 20_000, `balance total ${total}`);
const deposit = (amount: number, account = m.merchant.testVirtualAccountNumber) => bank.call('POST', `/accounts/${account}/deposits`, { amount, payer_name_kana: 'ｶ)ﾃｽﾄ' });

function signedPost(body: string, opts: { secret?: string; atMs?: number; header?: string } = {}) {
  return fetch(inboundUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'kessai-partner-signature': opts.header ?? signatureHeader(opts.secret ?? SIMBANK_SECRET, body, opts.atMs ?? Date.now()) },
    body,
  });
}

describe('the first money flow: bank simulator → webhook → NATS → ledger → GET /v1/balance', () => {
  it('credits a deposit exactly once, even when the bank sends its callback twice or resends it', async () => {
    const first = await deposit(100_000);
    expect(first.callback.state).toBe('delivered');
    expect(first.callback.last_body).toMatchObject({ received: true, duplicate: false, attributed: true });
    await waitForTotal(100_000);

    await bank.call('POST', '/control/faults', { duplicate: true });
    const twice = await deposit(20_000);
    expect(twice.callback.attempts.map((a: any) => a.status)).toEqual([200, 200]);
    await bank.call('POST', `/deposits/${twice.id}/resend`);
    await waitForTotal(120_000);
    const tx = (await api(gateway, 'GET', '/v1/balance/transactions', { key: m.testKey })).body;
    expect(tx.data.map((e: any) => e.amount)).toEqual([20_000, 100_000]);
    expect(tx.data[0]).toMatchObject({ type: 'deposit.received', currency: 'jpy' });
    // nothing in live mode
    expect((await balance(m.liveKey)).total).toBe(0);
  });

  it('copes with callbacks out of order, delayed, and failing before they get through', async () => {
    const before = (await balance()).total;
    await bank.call('POST', '/control/faults', { hold: true });
    await deposit(1_000);
    await deposit(2_000);
    await deposit(3_000);
    const { released } = await bank.call('POST', '/control/release');
    expect(released).toHaveLength(3);
    await bank.call('POST', '/control/faults', { fail_next: 2, delay_ms: 50 });
    const flaky = await deposit(4_000);
    expect(flaky.callback.attempts[0]).toMatchObject({ status: 0 });
    await waitForTotal(before + 10_000);
    const after = await bank.call('GET', `/deposits/${flaky.id}`);
    expect(after.callback.state).toBe('delivered');
  });

  it('rejects bad signatures and replayed (stale) timestamps, and records nothing', async () => {
    const before = (await balance()).total;
    await bank.call('POST', '/control/faults', { bad_signature: true });
    const bad = await deposit(9_999);
    expect(bad.callback.attempts[0].status).toBe(401);
    expect(bad.callback.last_body.error.code).toBe('signature_bad_signature');
    await bank.call('POST', '/control/faults', { bad_signature: false, timestamp_skew_s: -301 });
    const stale = await deposit(9_999);
    expect(stale.callback.attempts[0].status).toBe(401);
    expect(stale.callback.last_body.error.code).toBe('signature_stale_timestamp');
    const { rows } = await query(`SELECT count(*)::int AS n FROM webhook.inbound_requests WHERE event_id = ANY($1)`, [[bad.id, stale.id]]);
    expect(rows[0].n).toBe(0);

    const body = JSON.stringify({ id: 'evt-direct-1', type: 'deposit.received', account_number: m.merchant.testVirtualAccountNumber, amount: 5, received_at: new Date().toISOString(), bank_reference: 'R1', payer_name_kana: '' });
    expect((await signedPost(body, { header: 't=abc,v1=zz' })).status).toBe(401);
    // (well outside the window: the check works in whole seconds, and a loaded machine takes a while to answer)
    expect((await signedPost(body, { atMs: Date.now() + 305_000 })).status).toBe(401);
    expect((await fetch(inboundUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status).toBe(401);
    // a replay of a captured request: the same signature once it is older than the window
    const captured = signatureHeader(SIMBANK_SECRET, body, Date.now() - 299_000);
    expect((await signedPost(body, { header: captured })).status).toBe(200);
    expect((await signedPost(body, { header: signatureHeader(SIMBANK_SECRET, body, Date.now() - 400_000) })).status).toBe(401);
    // the same event id again: 200, nothing changes; with another body: 409
    const repeat = await signedPost(body);
    expect(repeat.status).toBe(200);
    expect(await repeat.json()).toMatchObject({ duplicate: true });
    const changed = body.replace('"amount":5', '"amount":6');
    const conflict = await signedPost(changed);
    expect(conflict.status).toBe(409);
    expect(((await conflict.json()) as any).error).toMatchObject({ code: 'event_id_reused', message: expect.stringContaining('event_id') });
    // a well-signed but malformed body names the field
    const malformed = await signedPost(JSON.stringify({ id: 'evt-direct-2', type: 'deposit.received', account_number: '12', amount: 'x', received_at: 'now', bank_reference: 'R' }));
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.param).toBe('account_number');
    await waitForTotal(before + 5);
  });

  it('records and reports a deposit to an unknown virtual account number, never dropping it', async () => {
    // a number no merchant owns in test mode: the live number of our merchant
    const unknown = m.merchant.liveVirtualAccountNumber;
    const dep = await deposit(55_555, unknown);
    expect(dep.callback.last_body).toMatchObject({ received: true, attributed: false });
    const { deposits } = await inbound.listUnattributedDeposits({ livemode: false });
    expect(deposits.find((d) => d.depositId === dep.callback.last_body.deposit_id)).toMatchObject({ amount: 55_555, virtualAccountNumber: unknown, partner: 'simbank' });
    expect((await balance(m.liveKey)).total).toBe(0);
  });

  it('publishes a deposit into the invoice account as an invoice payment, never crediting the deposit', async () => {
    const before = (await balance()).total;
    const dep = await deposit(12_345, m.merchant.testInvoiceAccountNumber);
    expect(dep.callback.last_body).toMatchObject({ received: true, duplicate: false, attributed: true });
    const id = dep.callback.last_body.deposit_id;
    const { rows: recorded } = await query(`SELECT merchant_id, amount::int AS amount FROM webhook.deposits WHERE id = $1`, [id]);
    expect(recorded).toEqual([{ merchant_id: m.merchant.id, amount: 12_345 }]);
    const { rows: events } = await query(`SELECT type FROM webhook.outbox WHERE aggregate_id = $1`, [id]);
    expect(events.map((e) => e.type)).toEqual(['webhook.invoice_payment.received']);
    // a deposit into the deposit account after it is credited; the invoice payment never is
    await deposit(1, m.merchant.testVirtualAccountNumber);
    await waitForTotal(before + 1);
  });
});
