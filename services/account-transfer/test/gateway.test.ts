import { randomUUID } from 'node:crypto';
import iconv from 'iconv-lite';
import { api, gatewayAdminClient, newMerchant } from '../../../scripts/test/support/edge';
import { balanceOf, bankDebits, debitWorld, until, type DebitWorld } from './support';

let w: DebitWorld;
let key: string;
beforeAll(async () => {
  w = await debitWorld({ gateway: true });
  const admin = gatewayAdminClient(w.gatewayGrpc!);
  const m = await newMerchant(admin, '口座振替テスト商店');
  admin.close();
  key = m.testKey;
}, 120_000);
afterAll(() => w?.close());

const post = (path: string, body: unknown, idempotencyKey = randomUUID()) => api(w.http!, 'POST', path, { key, body, idempotencyKey });
const get = (path: string) => api(w.http!, 'GET', path, { key });

describe('direct debit through the public API', () => {
  let customer: string;
  let account: string;

  it('registers a customer, a contract and a mandate the bank then registers', async () => {
    account = '3456789';
    await w.bank.call('PUT', `/control/accounts/0005/001/${account}`, { account_type: '1', holder_name_kana: 'サトウ ジロウ', balance: 50_000 });
    const c = await post('/v1/debit_customers', { customer_ref: 'cust-001', name: '佐藤次郎', holder_name: 'さとう じろう', bank_code: '0005', branch_code: '001', account_type: 'ordinary', account_number: account });
    expect(c.status).toBe(200);
    expect(c.body).toMatchObject({ object: 'debit_customer', bank_account: { holder_name: 'ｻﾄｳ ｼﾞﾛｳ', account_type: 'ordinary' } });
    customer = c.body.id;
    const bad = await post('/v1/debit_customers', { customer_ref: 'cust-002', name: 'x', holder_name: '佐藤', bank_code: '0005', branch_code: '999', account_type: 'ordinary', account_number: '1' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('branch_code');
    const k = await post('/v1/debit_contracts', { partner: 'simbank', requester_code: '2345678901', requester_name: 'カブシキガイシャ テスト', bank_code: '0005', branch_code: '001', account_type: '1', account_number: '7777777', notify_email: 'billing@example.jp' });
    expect(k.status).toBe(200);
    const m = await post('/v1/mandates', { customer, contract: k.body.id });
    expect(m.body.status).toBe('requested');
    await w.bank.call('PUT', `/control/debit-mandates/2345678901/${m.body.customer_number}`, { bank_code: '0005', branch_code: '001', account_type: '1', account_number: account, holder_name: 'サトウ ジロウ' });
    await w.bank.call('POST', '/control/debit-mandates/report', { requester_code: '2345678901' });
    await until(async () => (await get(`/v1/mandates/${m.body.id}`)).body.status === 'active', 'mandate active');
  });

  it('debits in real time: the result at once, the same key replays, failures carry their code', async () => {
    const idem = randomUUID();
    const d = await post('/v1/debits', { customer, amount: 30_000, description: '12月分' }, idem);
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ object: 'debit', status: 'succeeded', result_code: 0, result_message: 'debited', amount: 30_000 });
    expect(d.body.expected_credit_on > d.body.debited_on).toBe(true);
    const again = await post('/v1/debits', { customer, amount: 30_000, description: '12月分' }, idem);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(d.body.id);
    const poor = await post('/v1/debits', { customer, amount: 30_000 });
    expect(poor.body).toMatchObject({ status: 'failed', result_code: 1, result_message: 'insufficient funds' });
    expect(await balanceOf(w, account)).toBe(20_000);
    const history = await get(`/v1/debits?customer=${customer}&result_code=1`);
    expect(history.body.data.map((x: { id: string }) => x.id)).toEqual([poor.body.id]);
    const csv = await fetch(`${w.http}/v1/debits/export?encoding=shift_jis`, { headers: { authorization: `Bearer ${key}` } });
    expect(csv.headers.get('content-type')).toContain('Shift_JIS');
    expect(iconv.decode(Buffer.from(await csv.arrayBuffer()), 'cp932')).toContain('12月分');
  });

  it('a bank in maintenance: 503 with Retry-After', async () => {
    await w.bank.call('PUT', '/control/debit-settings', { maintenance_until: new Date(Date.now() + 600_000).toISOString() });
    const d = await post('/v1/debits', { customer, amount: 100 });
    expect(d.status).toBe(503);
    expect(d.body.error.code).toBe('bank_maintenance');
    expect(Number(d.headers.get('retry-after'))).toBeGreaterThan(500);
    await w.bank.call('PUT', '/control/debit-settings', { maintenance_until: null });
  });

  it('uploads a bulk file (Shift_JIS), shows progress and gives the results as CSV', async () => {
    const file = iconv.encode('顧客ID,金額,摘要\r\ncust-001,1000,会費\r\ncust-001,2000,追加\r\n', 'cp932');
    const b = await post('/v1/debit_batches', { file: file.toString('base64'), filename: '請求.csv' });
    expect(b.status).toBe(201);
    expect(b.body).toMatchObject({ object: 'debit_batch', total: 2, encoding: 'shift_jis' });
    await until(async () => (await get(`/v1/debit_batches/${b.body.id}`)).body.status === 'completed', 'batch done');
    expect((await get(`/v1/debit_batches/${b.body.id}`)).body.counts).toMatchObject({ succeeded: 2, failed: 0 });
    const res = await fetch(`${w.http}/v1/debit_batches/${b.body.id}/results`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(200);
    const text = (await res.text()).replace(/^\uFEFF/, '');
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(3);
    const invalid = await post('/v1/debit_batches', { file: Buffer.from('customer_ref,amount\ncust-001,0\n').toString('base64') });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toMatchObject({ code: 'invalid_debit_file', param: 'rows[1].amount' });
    expect((await bankDebits(w)).filter((x) => x.amount === 1000 || x.amount === 2000)).toHaveLength(2);
  });
});
