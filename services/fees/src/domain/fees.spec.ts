import { DEFAULT_FEES, feesOn, validateScheduleChange, type FeeAmounts } from './schedule';
import { consumptionTax, documentTax } from './tax';
import { statementDates, statementPeriod } from './payout-dates';
import { billEndedItems, initialItem, paymentConfirmedItems, phoneItems, postcardItems, remittanceItems } from './accrual';
import { computeStatement } from './statement';
import { computeInvoice, dueDate, monthPeriod, monthsBetween, nextMonth, previousMonth } from './invoice';

const fields = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (err) {
    return (err as { fieldViolations: { field: string }[] }).fieldViolations.map((v) => v.field);
  }
  return [];
};

describe('fee schedule', () => {
  it('starts from the defaults of the reference', () => {
    expect(feesOn([], '2026-12-01').amounts).toEqual({
      paid_bill: 0, unpaid_bill: 20, payout_transfer: 1_500, remittance_transfer: 500, phone_reception: 400, postcard: 100,
      deposit_refund: 400, reversal: 800, initial: 10_000, deposit_management: 0, base: 0,
    });
  });

  it.each<[string, Partial<FeeAmounts>, string]>([
    ['2026-11-30', {}, ''],
    ['2026-12-01', { paid_bill: 120 }, '2026-12-01'],
    ['2026-12-31', { paid_bill: 120 }, '2026-12-01'],
    ['2027-01-01', { paid_bill: 100, postcard: 90 }, '2027-01-01'],
  ])('on %s: the amounts changed from a date on, never before it', (date, changed, from) => {
    const changes = [{ effectiveFrom: '2027-01-01', amounts: { paid_bill: 100, postcard: 90 } }, { effectiveFrom: '2026-12-01', amounts: { paid_bill: 120 } }];
    const got = feesOn(changes, date);
    expect(got.amounts).toEqual({ ...DEFAULT_FEES, ...changed });
    expect(got.effectiveFrom).toBe(from);
  });

  it('accepts a change from a date after today only, with known kinds and whole yen', () => {
    expect(validateScheduleChange({ effectiveFrom: '2026-12-02', amounts: [{ kind: 'paid_bill', amount: 110 }] }, '2026-12-01')).toEqual({ effectiveFrom: '2026-12-02', amounts: { paid_bill: 110 } });
    expect(fields(() => validateScheduleChange({ effectiveFrom: '2026-12-01', amounts: [{ kind: 'paid_bill', amount: 1 }] }, '2026-12-01'))).toEqual(['effective_from']);
    expect(fields(() => validateScheduleChange({ effectiveFrom: '2026-02-30', amounts: [{ kind: 'paid_bill', amount: 1 }] }, '2026-01-01'))).toEqual(['effective_from']);
    expect(fields(() => validateScheduleChange({ effectiveFrom: '2027-01-01', amounts: [] }, '2026-12-01'))).toEqual(['amounts']);
    expect(fields(() => validateScheduleChange({
      effectiveFrom: '2027-01-01', amounts: [{ kind: 'stamp_duty', amount: 200 }, { kind: 'postcard', amount: -1 }, { kind: 'postcard', amount: 1.5 }],
    }, '2026-12-01'))).toEqual(['amounts[0].kind', 'amounts[1].amount', 'amounts[2].kind', 'amounts[2].amount']);
  });
});

describe('consumption tax: 10% once per document, rounded down; stamp duty untaxed', () => {
  it.each([[0, 0], [9, 0], [10, 1], [19, 1], [1_500, 150], [1_519, 151], [12_345, 1_234]])('tax of %d is %d', (base, tax) => {
    expect(consumptionTax(base)).toBe(tax);
  });

  it('sums the lines first: three 5-yen fees are taxed as 15 (1 yen), not as three roundings (0)', () => {
    expect(documentTax([{ amount: 5, taxable: true }, { amount: 5, taxable: true }, { amount: 5, taxable: true }])).toEqual({ taxableTotal: 15, tax: 1 });
    expect(documentTax([{ amount: 100, taxable: true }, { amount: 200, taxable: false }])).toEqual({ taxableTotal: 100, tax: 10 });
  });
});

describe('statement dates: fixed on the 5th bank business day after the close, paid 5 bank business days after that', () => {
  it.each([
    // close, fix date, payout date (2026-2027 holidays)
    ['2026-04-30', '2026-05-12', '2026-05-19'], // Golden Week: 5/4, 5/5 and the substitute 5/6
    ['2026-09-15', '2026-09-25', '2026-10-02'], // Respect for the Aged 9/21, the citizens' holiday 9/22, the equinox 9/23
    ['2026-11-20', '2026-11-30', '2026-12-07'], // Labour Thanksgiving 11/23
    ['2026-12-31', '2027-01-08', '2027-01-18'], // 31 Dec - 3 Jan closed, Coming of Age Day 1/11
    ['2027-02-28', '2027-03-05', '2027-03-12'], // a Sunday close
    ['2026-06-10', '2026-06-17', '2026-06-24'],
  ])('close %s: fixed %s, paid out %s', (close, fixDate, payoutDate) => {
    expect(statementDates(close)).toEqual({ fixDate, payoutDate });
  });

  it('a payment belongs to the period of the day it was paid at the store', () => {
    expect(statementPeriod('every_10_days', '2026-12-25')).toEqual({ start: '2026-12-21', close: '2026-12-31', fixDate: '2027-01-08', payoutDate: '2027-01-18' });
    expect(statementPeriod('half_monthly', '2028-02-29')).toMatchObject({ start: '2028-02-16', close: '2028-02-29' });
  });
});

describe('fee items from their causes', () => {
  const fees = { ...DEFAULT_FEES, paid_bill: 150 };

  it('a confirmed payment: the per-bill fee, and stamp duty only when billing decided one (untaxed)', () => {
    expect(paymentConfirmedItems({ paymentId: 'pay_1', stampDuty: 200 }, fees)).toEqual([
      { kind: 'paid_bill', amount: 150, taxable: true, causeType: 'payment', causeId: 'pay_1', settlement: 'collection', dedupeKey: 'paid_bill:pay_1' },
      { kind: 'stamp_duty', amount: 200, taxable: false, causeType: 'payment', causeId: 'pay_1', settlement: 'collection', dedupeKey: 'stamp_duty:pay_1' },
    ]);
    expect(paymentConfirmedItems({ paymentId: 'pay_2', stampDuty: 0 }, fees).map((i) => i.kind)).toEqual(['paid_bill']);
  });

  it.each<[boolean, 'billing_plan' | 'collection_plan', number]>([
    [true, 'billing_plan', 1],
    [true, 'collection_plan', 0],
    [false, 'billing_plan', 0],
  ])('a bill ended, billable_unpaid %s, on the %s: %d item(s)', (billableUnpaid, plan, n) => {
    const items = billEndedItems({ billId: 'bill_1', billableUnpaid }, plan, fees);
    expect(items).toHaveLength(n);
    if (n) expect(items[0]).toMatchObject({ kind: 'unpaid_bill', amount: 20, causeType: 'bill', causeId: 'bill_1' });
  });

  it('remittance items take the fees service amounts; an unknown kind is refused', () => {
    expect(remittanceItems({ itemId: 'bil_1', kind: 'remittance_transfer', transferId: 'trf_1' }, { ...fees, remittance_transfer: 450 })[0]).toMatchObject({ kind: 'remittance_transfer', amount: 450, causeId: 'trf_1', settlement: 'remittance' });
    expect(remittanceItems({ itemId: 'bil_2', kind: 'reversal', transferId: 'trf_1' }, fees)[0]).toMatchObject({ amount: 800, dedupeKey: 'reversal:bil_2' });
    expect(remittanceItems({ itemId: 'bil_3', kind: 'deposit_refund', transferId: 'trf_2' }, fees)[0]).toMatchObject({ amount: 400 });
    expect(() => remittanceItems({ itemId: 'bil_4', kind: 'gift', transferId: '' }, fees)).toThrow(/unknown kind/);
  });

  it.each([
    ['outbound', 'reached', 1],
    ['outbound', 'registered_by_phone', 1],
    ['outbound', 'unreachable', 0],
    ['outbound', 'wrong_number', 0],
    ['inbound', 'unreachable', 1],
  ])('a phone task %s / %s: %d reception', (direction, outcome, n) => {
    const items = phoneItems({ taskId: 'ptk_1', reference: 'rrcp_1', direction, outcome, merchantId: 'mer_1' }, fees);
    expect(items).toHaveLength(n);
    // one per recipient, whichever task: the key names the recipient, not the task
    if (n) expect(items[0]).toMatchObject({ amount: 400, dedupeKey: 'phone_reception:mer_1:rrcp_1', causeId: 'ptk_1' });
  });

  it('a postcard costs 100; the initial fee once per merchant', () => {
    expect(postcardItems({ messageId: 'msg_1' }, fees)[0]).toMatchObject({ kind: 'postcard', amount: 100, dedupeKey: 'postcard:msg_1' });
    expect(initialItem('mer_1', fees)).toMatchObject({ kind: 'initial', amount: 10_000, dedupeKey: 'initial:mer_1', settlement: 'remittance' });
  });
});

describe('collection statement', () => {
  const line = (kind: string, amount: number, taxable = true) => ({ kind, amount, taxable });

  it.each([
    // collections, lines, carried in → payout, tax, payout fee, carried over
    { collections: 100_000, lines: [line('paid_bill', 150), line('paid_bill', 150)], carriedIn: 0, payout: 100_000 - 300 - 180 - 1_500, tax: 180, payoutFee: 1_500, carriedOver: 0 },
    { collections: 60_000, lines: [line('paid_bill', 155), line('stamp_duty', 200, false)], carriedIn: 0, payout: 60_000 - 155 - 165 - 200 - 1_500, tax: 165, payoutFee: 1_500, carriedOver: 0 },
    { collections: 10_000, lines: [line('paid_bill', 100)], carriedIn: -2_000, payout: 10_000 - 2_000 - 100 - 160 - 1_500, tax: 160, payoutFee: 1_500, carriedOver: 0 },
    // nothing collected, an unpaid-bill fee: negative, carried, no payout fee
    { collections: 0, lines: [line('unpaid_bill', 20)], carriedIn: 0, payout: 0, tax: 2, payoutFee: 0, carriedOver: -22 },
    // the payout fee would eat it all: no payout, what is left carries over (positive)
    { collections: 1_000, lines: [], carriedIn: 0, payout: 0, tax: 0, payoutFee: 0, carriedOver: 1_000 },
    // exactly zero after the payout fee: no payout
    { collections: 1_650, lines: [], carriedIn: 0, payout: 0, tax: 0, payoutFee: 0, carriedOver: 1_650 },
    { collections: 1_651, lines: [], carriedIn: 0, payout: 1, tax: 150, payoutFee: 1_500, carriedOver: 0 },
  ])('$collections collected, carried $carriedIn → payout $payout, carried over $carriedOver', ({ collections, lines, carriedIn, payout, tax, payoutFee, carriedOver }) => {
    const s = computeStatement({ confirmedCollections: collections, lines, carriedIn, payoutFee: 1_500 });
    expect({ payout: s.payoutAmount, tax: s.consumptionTax, payoutFee: s.payoutFee, carriedOver: s.carriedOver }).toEqual({ payout, tax, payoutFee, carriedOver });
    expect(s.confirmedCollections + s.carriedIn - s.fees - s.consumptionTax - s.stampDuty - s.payoutFee).toBe(s.payoutAmount + s.carriedOver);
  });
});

describe('remittance-fee invoices', () => {
  it('covers the 1st to the last day of a month, due at the end of the next', () => {
    expect(monthPeriod('2028-02')).toEqual({ start: '2028-02-01', end: '2028-02-29' });
    expect(dueDate('2026-12')).toBe('2027-01-31');
    expect(dueDate('2027-01')).toBe('2027-02-28');
    expect(nextMonth('2026-12')).toBe('2027-01');
    expect(previousMonth('2027-01')).toBe('2026-12');
    expect(monthsBetween('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsBetween('2027-03', '2027-02')).toEqual([]);
  });
  it('sums the items by kind, adds the monthly fees that are not 0, and taxes the total once, rounded down', () => {
    const items = [
      { kind: 'remittance_transfer', amount: 500, taxable: true }, { kind: 'remittance_transfer', amount: 500, taxable: true }, { kind: 'postcard', amount: 100, taxable: true },
      { kind: 'phone_reception', amount: 400, taxable: true }, { kind: 'postcard', amount: 100, taxable: true },
    ];
    // 1,600 + 333 = 1,933 → 193.3 → 193
    expect(computeInvoice(items, { base: 333, deposit_management: 0 })).toEqual({
      lines: [{ kind: 'remittance_transfer', quantity: 2, amount: 1_000 }, { kind: 'postcard', quantity: 2, amount: 200 }, { kind: 'phone_reception', quantity: 1, amount: 400 }, { kind: 'base', quantity: 1, amount: 333 }],
      fees: 1_933, consumptionTax: 193, total: 2_126,
    });
    // taxed once: 3 × 105 = 315 → 31 (per line: 3 × 10 = 30)
    expect(computeInvoice([], { base: 105, deposit_management: 210 }).consumptionTax).toBe(31);
    expect(computeInvoice([], { base: 0, deposit_management: 0 })).toEqual({ lines: [], fees: 0, consumptionTax: 0, total: 0 });
  });
});
