import iconv from 'iconv-lite';
import type { PaymentRecord } from '../domain/records';
import { jst, paymentsCsv } from './exports';

const payment = (over: Partial<PaymentRecord> = {}): PaymentRecord => ({
  id: 'pay_1', livemode: false, merchantId: 'mer_1', ownerId: '', billId: 'bill_1', status: 'confirmed', chain: 'lawson', paymentNumber: '12345678901234',
  amount: 55_000, stampDuty: 200, late: false, storeCode: 'S1', paidAt: new Date('2026-11-23T10:00:00Z'), preliminaryAt: null,
  confirmedAt: new Date('2026-11-24T01:00:00Z'), cancelledAt: null, createdAt: new Date('2026-11-23T10:00:01Z'), orderReference: 'ORD-1',
  merchantName: 'テナント書店', storeTransactionId: '', amountMismatch: false, billAmount: 55_000, ...over,
});

describe('results CSV', () => {
  it('writes UTF-8 with a BOM and CRLF, times in JST', () => {
    const csv = paymentsCsv([payment()], 'utf-8');
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0].split(',').slice(-4)).toEqual(['テナントID', 'テナント名', '金額相違', '請求金額']);
    expect(lines[1]).toBe('pay_1,bill_1,ORD-1,確報,ローソン,12345678901234,55000,200,0,S1,2026/11/23 19:00:00,2026/11/24 10:00:00,,mer_1,テナント書店,0,55000');
    expect(lines[2]).toBe('');
  });

  it.each([
    // amount taken, bill amount, mismatch flag
    [55_000, 55_000, false, '0'],
    [50_000, 55_000, true, '1'],
  ])('writes the tenant and the amount-mismatch flag: %d yen for a %d yen bill → %s', (amount, billAmount, amountMismatch, flag) => {
    const line = paymentsCsv([payment({ amount, billAmount, amountMismatch, merchantId: 'mer_tenant', ownerId: 'mer_owner' })], 'utf-8').subarray(3).toString('utf8').split('\r\n')[1];
    expect(line.split(',').slice(-4)).toEqual(['mer_tenant', 'テナント書店', flag, String(billAmount)]);
  });

  it('writes Shift_JIS that decodes to the same text', () => {
    const utf8 = paymentsCsv([payment({ status: 'cancelled', chain: 'seven_eleven' })], 'utf-8').subarray(3).toString('utf8');
    expect(iconv.decode(paymentsCsv([payment({ status: 'cancelled', chain: 'seven_eleven' })], 'shift_jis'), 'cp932')).toBe(utf8);
    expect(utf8).toContain('速報取消,セブン-イレブン');
  });

  it('quotes separators and defuses spreadsheet formulas in merchant text', () => {
    const line = paymentsCsv([payment({ orderReference: '=HYPERLINK("x"),1' })], 'utf-8').subarray(3).toString('utf8').split('\r\n')[1];
    expect(line).toContain(`"'=HYPERLINK(""x""),1"`);
  });

  it('formats JST', () => {
    expect(jst(new Date('2026-12-31T15:00:00Z'))).toBe('2027/01/01 00:00:00');
    expect(jst(null)).toBe('');
  });
});
