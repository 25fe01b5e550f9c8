import { randomUUID } from 'node:crypto';
import { rejection } from '../../../scripts/test/support/errors';
import {
  activateByCallback, balanceOf, bankDebits, contract, debit, debitWorld, DebitStatus, debtor, registerAtBank, until, type Debtor, type DebitWorld,
} from './support';

let w: DebitWorld;
beforeAll(async () => {
  w = await debitWorld();
}, 120_000);
afterAll(() => w?.close());

describe('real-time single debits against the bank', () => {
  let c: Awaited<ReturnType<typeof contract>>;
  const d: Record<string, Debtor> = {};

  beforeAll(async () => {
    c = await contract(w);
    for (const k of ['ok', 'poor', 'closed', 'depositor', 'cancelled', 'requester', 'other', 'lost', 'report']) d[k] = await debtor(w, c, { balance: k === 'poor' ? 500 : 100_000 });
    await registerAtBank(w, Object.values(d));
    await activateByCallback(w, Object.values(d));
    // the bank's side of each result code, set after Kessai saw the mandates active
    await w.bank.call('PUT', `/control/accounts/0005/001/${d.closed.accountNumber}`, { account_type: '1', holder_name_kana: 'ヤマダ タロウ', balance: 100_000, state: 'closed' });
    await registerAtBank(w, [d.depositor], { stopped: 'depositor' });
    await registerAtBank(w, [d.cancelled], { status: 'cancelled' });
    await registerAtBank(w, [d.requester], { stopped: 'requester' });
    await w.bank.call('PUT', '/control/debit-settings', { codes: { [d.other.accountNumber]: 9 } });
  }, 120_000);

  it.each([
    ['ok', 0, 'debited', DebitStatus.DEBIT_STATUS_SUCCEEDED],
    ['poor', 1, 'insufficient funds', DebitStatus.DEBIT_STATUS_FAILED],
    ['closed', 2, 'no such account (closed, or the details do not match)', DebitStatus.DEBIT_STATUS_FAILED],
    ['depositor', 3, 'stopped by the depositor', DebitStatus.DEBIT_STATUS_FAILED],
    ['cancelled', 4, 'no mandate, or the mandate is defective', DebitStatus.DEBIT_STATUS_FAILED],
    ['requester', 8, 'stopped by the requester', DebitStatus.DEBIT_STATUS_FAILED],
    ['other', 9, 'other', DebitStatus.DEBIT_STATUS_FAILED],
  ])('%s: result code %d (%s)', async (who, code, meaning, status) => {
    const before = await balanceOf(w, d[who].accountNumber);
    const { debit: r } = await debit(w, d[who], 1_000);
    expect(r).toMatchObject({ status, resultCode: code, resultMessage: meaning, amount: 1_000 });
    expect(await balanceOf(w, d[who].accountNumber)).toBe(code === 0 ? before - 1_000 : before);
    if (code === 0) {
      expect(r!.debitedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r!.expectedCreditOn > r!.debitedOn).toBe(true);
    } else expect(r!.expectedCreditOn).toBe('');
  });

  it('is idempotent by key: a replay answers the same debit and the bank is not called again', async () => {
    const key = randomUUID();
    const first = await debit(w, d.ok, 2_000, key);
    const again = await debit(w, d.ok, 2_000, key);
    expect(again).toMatchObject({ replayed: true, debit: { id: first.debit!.id, status: DebitStatus.DEBIT_STATUS_SUCCEEDED } });
    const atBank = (await bankDebits(w)).filter((b) => b.request_id === first.debit!.id);
    expect(atBank).toEqual([expect.objectContaining({ amount: 2_000, result_code: 0, received_count: 1 })]);
    const reused = await rejection(debit(w, d.ok, 3_000, key));
    expect(reused).toMatchObject({ code: 'idempotency_key_reused' });
  });

  it('settles a lost answer by asking the bank: debited once, never twice', async () => {
    const before = await balanceOf(w, d.lost.accountNumber);
    await w.bank.call('PUT', '/control/debit-settings', { lose_next_answers: 1 });
    const key = randomUUID();
    const { debit: r } = await debit(w, d.lost, 4_000, key);
    // the bank executed it, the answer was cut, the query told the outcome
    expect(r).toMatchObject({ status: DebitStatus.DEBIT_STATUS_SUCCEEDED, resultCode: 0 });
    const again = await debit(w, d.lost, 4_000, key);
    expect(again.debit!.id).toBe(r!.id);
    expect(await balanceOf(w, d.lost.accountNumber)).toBe(before - 4_000);
    expect((await bankDebits(w)).filter((b) => b.request_id === r!.id)).toEqual([expect.objectContaining({ received_count: 1 })]);
  });

  it('a lost answer the bank cannot be asked about yet: a retryable error, then the retry settles it without a second debit', async () => {
    const before = await balanceOf(w, d.lost.accountNumber);
    // (more failing queries than the gRPC client's own retries of UNAVAILABLE)
    await w.bank.call('PUT', '/control/debit-settings', { lose_next_answers: 1, fail_next_queries: 10 });
    const key = randomUUID();
    expect(await rejection(debit(w, d.lost, 5_000, key))).toMatchObject({ kind: 'unavailable', code: 'bank_answer_lost' });
    await w.bank.call('PUT', '/control/debit-settings', { fail_next_queries: 0 });
    // the bank did debit; Kessai does not know the outcome yet
    expect(await balanceOf(w, d.lost.accountNumber)).toBe(before - 5_000);
    const settled = await debit(w, d.lost, 5_000, key);
    expect(settled.debit).toMatchObject({ status: DebitStatus.DEBIT_STATUS_SUCCEEDED, resultCode: 0 });
    expect(await balanceOf(w, d.lost.accountNumber)).toBe(before - 5_000);
    expect((await bankDebits(w)).filter((b) => b.request_id === settled.debit!.id)).toEqual([expect.objectContaining({ received_count: 1 })]);
  });

  it('a maintenance window gives a retryable error with when to retry, and nothing is debited', async () => {
    const before = await balanceOf(w, d.ok.accountNumber);
    const until = new Date(Date.now() + 120_000).toISOString();
    await w.bank.call('PUT', '/control/debit-settings', { maintenance_until: until });
    const key = randomUUID();
    const err = await rejection(debit(w, d.ok, 1_500, key));
    expect(err).toMatchObject({ kind: 'unavailable', code: 'bank_maintenance' });
    expect(Number(err.metadata.retry_after)).toBeGreaterThan(100);
    expect(Number(err.metadata.retry_after)).toBeLessThanOrEqual(120);
    expect(await balanceOf(w, d.ok.accountNumber)).toBe(before);
    await w.bank.call('PUT', '/control/debit-settings', { maintenance_until: null });
    const retried = await debit(w, d.ok, 1_500, key);
    expect(retried.debit).toMatchObject({ status: DebitStatus.DEBIT_STATUS_SUCCEEDED });
    expect(await balanceOf(w, d.ok.accountNumber)).toBe(before - 1_500);
  });

  it('a later bank callback that disagrees is a reconciliation item, never applied', async () => {
    const { debit: r } = await debit(w, d.report, 1_000);
    expect(r!.resultCode).toBe(0);
    await w.bank.call('POST', `/control/debits/${r!.id}/report`, {}); // agrees: nothing listed
    await w.bank.call('POST', `/control/debits/${r!.id}/report`, { result_code: 1 });
    await until(async () => (await w.at.listReconciliationItems({ livemode: false, merchantId: w.merchantId, pageSize: 10, startingAfter: '' })).items.length === 1, 'reconciliation item');
    const { items } = await w.at.listReconciliationItems({ livemode: false, merchantId: w.merchantId, pageSize: 10, startingAfter: '' });
    expect(items[0]).toMatchObject({ debitId: r!.id, answeredCode: 0, reportedCode: 1 });
    expect((await w.at.getDebit({ livemode: false, merchantId: w.merchantId, debitId: r!.id })).debit).toMatchObject({ status: DebitStatus.DEBIT_STATUS_SUCCEEDED, resultCode: 0 });
  });

  it('refuses a debit without an active mandate, and another merchant\'s customer is not found', async () => {
    const pending = await debtor(w, c);
    expect(await rejection(debit(w, pending, 1_000))).toMatchObject({ code: 'no_active_mandate' });
    const err = await rejection(w.at.createDebit({ requestId: randomUUID(), livemode: false, merchantId: 'mer_other', customerId: d.ok.customer.id, amount: 1, contractId: '', description: '' }));
    expect(err).toMatchObject({ kind: 'not_found' });
    expect(await rejection(debit(w, d.ok, 1_000_001))).toMatchObject({ kind: 'invalid_argument' });
  });

  it('searches the history and exports it as CSV (UTF-8 with BOM, Shift_JIS)', async () => {
    const f = { livemode: false, merchantId: w.merchantId, customerId: '', createdFrom: '', createdTo: '', resultCode: 1, hasResultCode: true, amountMin: 0, amountMax: 0, status: 0, batchId: '' };
    const poor = await w.at.listDebits({ filter: f, pageSize: 10, startingAfter: '' });
    expect(poor.debits.map((x) => x.customerId)).toEqual([d.poor.customer.id]);
    const byCustomer = await w.at.listDebits({ filter: { ...f, hasResultCode: false, customerId: d.ok.customer.id, amountMin: 1_500, amountMax: 2_000 }, pageSize: 1, startingAfter: '' });
    expect(byCustomer.debits).toHaveLength(1);
    expect(byCustomer.hasMore).toBe(true);
    const next = await w.at.listDebits({ filter: { ...f, hasResultCode: false, customerId: d.ok.customer.id, amountMin: 1_500, amountMax: 2_000 }, pageSize: 1, startingAfter: byCustomer.debits[0].id });
    expect(next.debits[0].id).not.toBe(byCustomer.debits[0].id);
    const utf8 = await w.at.exportDebits({ filter: { ...f, hasResultCode: false }, encoding: 'utf-8' });
    expect(Buffer.from(utf8.csv).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(Buffer.from(utf8.csv).toString('utf8')).toContain('insufficient funds');
    const sjis = await w.at.exportDebits({ filter: { ...f, hasResultCode: false }, encoding: 'shift_jis' });
    expect(sjis.contentType).toContain('Shift_JIS');
    expect(sjis.rows).toBe(utf8.rows);
    expect(Buffer.from(sjis.csv).includes(Buffer.from('テスト', 'utf8'))).toBe(false);
  });
});
