import { randomUUID } from 'node:crypto';
import iconv from 'iconv-lite';
import { rejection } from '../../../scripts/test/support/errors';
import { parseCsv } from '@kessai/platform';
import {
  activateByCallback, balanceOf, bankDebits, BatchStatus, contract, ContractMode, debitWorld, debtor, registerAtBank, until, type Debtor, type DebitWorld,
} from './support';

let w: DebitWorld;
beforeAll(async () => {
  w = await debitWorld();
}, 120_000);
afterAll(() => w?.close());

async function completed(batchId: string) {
  await until(async () => (await w.at.getDebitBatch({ livemode: false, merchantId: w.merchantId, batchId })).batch!.status === BatchStatus.BATCH_STATUS_COMPLETED, `batch ${batchId} completed`, 120_000);
  return (await w.at.getDebitBatch({ livemode: false, merchantId: w.merchantId, batchId })).batch!;
}

function upload(csv: Buffer, encoding = '', requestId = randomUUID()) {
  return w.at.createDebitBatch({ requestId, livemode: false, merchantId: w.merchantId, csv, filename: 'debits.csv', encoding });
}

describe('bulk debits', () => {
  const groups: Record<string, Debtor[]> = {};
  let c: Awaited<ReturnType<typeof contract>>;

  beforeAll(async () => {
    c = await contract(w);
    // 8 customers per outcome; the "poor" ones can pay only some of their debits
    const setup: [string, number][] = [['ok', 10_000_000], ['poor', 3_000], ['closed', 100_000], ['depositor', 100_000], ['cancelled', 100_000], ['requester', 100_000], ['other', 100_000]];
    for (const [k, balance] of setup) {
      groups[k] = [];
      for (let i = 0; i < 8; i++) groups[k].push(await debtor(w, c, { balance, ref: `${k}-${i}` }));
    }
    const all = Object.values(groups).flat();
    await registerAtBank(w, all);
    await activateByCallback(w, all);
    for (const d of groups.closed) await w.bank.call('PUT', `/control/accounts/0005/001/${d.accountNumber}`, { account_type: '1', holder_name_kana: 'ヤマダ タロウ', balance: 100_000, state: 'closed' });
    await registerAtBank(w, groups.depositor, { stopped: 'depositor' });
    await registerAtBank(w, groups.cancelled, { status: 'cancelled' });
    await registerAtBank(w, groups.requester, { stopped: 'requester' });
    await w.bank.call('PUT', '/control/debit-settings', { codes: Object.fromEntries(groups.other.map((d) => [d.accountNumber, 9])) });
  }, 240_000);

  it('works 1,000 debits with mixed outcomes one by one, and the results reconcile with the bank', async () => {
    const all = Object.values(groups).flat();
    const rows = ['customer_ref,amount,description'];
    for (let i = 0; i < 1_000; i++) rows.push(`${all[i % all.length].customer.customerRef},${1_000 + (i % 7) * 100},row ${i + 1}`);
    const balancesBefore = new Map<string, number>();
    for (const d of all) balancesBefore.set(d.accountNumber, await balanceOf(w, d.accountNumber));

    const { batch } = await upload(Buffer.from(rows.join('\r\n')));
    expect(batch).toMatchObject({ total: 1_000, encoding: 'utf-8' });
    const done = await completed(batch!.id);
    expect(done.succeeded + done.failed).toBe(1_000);
    expect(done.queued + done.pending + done.unknown).toBe(0);
    // results only once all are done
    const results = await w.at.exportDebitBatchResults({ livemode: false, merchantId: w.merchantId, batchId: batch!.id, encoding: 'utf-8' });
    expect(results.rows).toBe(1_000);
    const [header, ...lines] = parseCsv(Buffer.from(results.csv).subarray(3).toString('utf8'));
    const col = (name: string) => header.indexOf(name);
    const atBank = new Map((await bankDebits(w)).map((b) => [b.request_id, b]));
    const codes = new Set<number>();
    const debitedByAccount = new Map<string, number>();
    const accountOfRef = new Map(all.map((d) => [d.customer.customerRef, d.accountNumber]));
    for (const line of lines) {
      const bank = atBank.get(line[col('debit_id')])!;
      expect({ row: line[col('batch_row')], code: Number(line[col('result_code')]), amount: Number(line[col('amount')]) }).toEqual({ row: line[col('batch_row')], code: bank.result_code, amount: bank.amount });
      expect(bank.received_count).toBe(1);
      codes.add(bank.result_code);
      if (bank.result_code === 0) {
        const acct = accountOfRef.get(line[col('customer_ref')])!;
        debitedByAccount.set(acct, (debitedByAccount.get(acct) ?? 0) + bank.amount);
      }
    }
    expect([...codes].sort()).toEqual([0, 1, 2, 3, 4, 8, 9]);
    expect(lines.map((l) => Number(l[col('batch_row')]))).toEqual(Array.from({ length: 1_000 }, (_, i) => i + 1));
    for (const d of all) expect(await balanceOf(w, d.accountNumber)).toBe(balancesBefore.get(d.accountNumber)! - (debitedByAccount.get(d.accountNumber) ?? 0));
    const succeededAmount = [...debitedByAccount.values()].reduce((a, b) => a + b, 0);
    expect(done.succeededAmount).toBe(succeededAmount);
  }, 180_000);

  it('reads a Shift_JIS upload (Japanese headers and descriptions)', async () => {
    const d = groups.ok[0];
    const text = `顧客ID,金額,摘要\r\n${d.customer.customerRef},1200,12月分 会費\r\n${d.customer.customerRef},800,12月分 追加\r\n`;
    const { batch } = await upload(iconv.encode(text, 'cp932'));
    expect(batch).toMatchObject({ total: 2, encoding: 'shift_jis' });
    await completed(batch!.id);
    const sjis = await w.at.exportDebitBatchResults({ livemode: false, merchantId: w.merchantId, batchId: batch!.id, encoding: 'shift_jis' });
    const back = iconv.decode(Buffer.from(sjis.csv), 'cp932');
    expect(back).toContain('12月分 会費');
    expect(back).toContain('12月分 追加');
  });

  it('checks the whole file first: every error by row and field, nothing queued', async () => {
    const before = (await bankDebits(w)).length;
    const csv = `customer_ref,amount\r\n${groups.ok[0].customer.customerRef},0\r\nno-such-customer,100\r\n${groups.ok[1].customer.customerRef},abc\r\n`;
    const err = await rejection(upload(Buffer.from(csv)));
    expect(err).toMatchObject({ code: 'invalid_debit_file' });
    expect(err.fieldViolations.map((v) => v.field)).toEqual(['rows[1].amount', 'rows[3].amount']);
    const unknown = await rejection(upload(Buffer.from(`customer_ref,amount\r\nno-such-customer,100\r\n`)));
    expect(unknown.fieldViolations).toEqual([{ field: 'rows[1].customer_ref', description: 'no such customer' }]);
    expect((await bankDebits(w)).length).toBe(before);
  });

  it('replays an upload by key: one batch, one debit at the bank', async () => {
    const key = randomUUID();
    const csv = Buffer.from(`customer_ref,amount\r\n${groups.ok[2].customer.customerRef},100\r\n`);
    const first = await upload(csv, '', key);
    const again = await upload(csv, '', key);
    expect(again.batch!.id).toBe(first.batch!.id);
    await completed(first.batch!.id);
    expect((await bankDebits(w)).filter((b) => b.amount === 100)).toHaveLength(1);
  });

  it('for a bank that takes files: one 口座振替 file per contract, the result file read back', async () => {
    const filer = await contract(w, '3456789012', ContractMode.CONTRACT_MODE_FILE);
    const rich = await debtor(w, filer, { balance: 100_000, ref: 'file-rich' });
    const poor = await debtor(w, filer, { balance: 100, ref: 'file-poor' });
    await registerAtBank(w, [rich, poor], {}, '3456789012');
    await activateByCallback(w, [rich, poor], '3456789012');
    const { batch } = await upload(Buffer.from('customer_ref,amount\r\nfile-rich,4000\r\nfile-poor,4000\r\nfile-rich,500\r\n'));
    // the real-time workers leave file items alone
    expect((await w.at.getDebitBatch({ livemode: false, merchantId: w.merchantId, batchId: batch!.id })).batch!.queued).toBe(3);
    expect(await w.runJob('account-transfer.debit-files')).toEqual({ written: 1, uploaded: 1, completed: 1 });
    const done = await completed(batch!.id);
    expect(done).toMatchObject({ succeeded: 2, failed: 1, succeededAmount: 4_500 });
    const fileDebits = (await bankDebits(w)).filter((b) => b.request_id.startsWith('dbf_'));
    expect(fileDebits.map((b) => [b.account_number, b.amount, b.result_code])).toEqual([
      [rich.accountNumber, 4000, 0],
      [poor.accountNumber, 4000, 1],
      [rich.accountNumber, 500, 0],
    ]);
    expect(await balanceOf(w, rich.accountNumber)).toBe(95_500);
    // nothing left to do: a second run writes and reads nothing
    expect(await w.runJob('account-transfer.debit-files')).toEqual({ written: 0, uploaded: 0, completed: 0 });
  });
});
