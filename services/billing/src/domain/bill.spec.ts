import { isDomainError } from '@kessai/platform';
import {
  DEFAULT_COMBINATIONS, assertChangeable, billableUnpaid, expiresAt, isPayable, lastExpiredDueDate, latestDueDate, payableUntil, validateBill, validateUpdate, BillInput, BillStatus,
} from './bill';
import { CHAIN_IDS } from '@kessai/konbini';
import { billAfterPayment, paymentFlags, ResultKind } from './payment';
import { foldStoreResult, paymentKey, PaymentState } from './store-results';

const ALL = [...CHAIN_IDS];
const policy = { contractChains: ALL, allowedCombinations: DEFAULT_COMBINATIONS };
// 2026-11-23 10:00 JST
const now = new Date('2026-11-23T01:00:00Z');
const base: BillInput = { amount: 5_500, taxAmount: null, dueDate: '2026-12-01', stores: [], message: '', repeat: false };

function violations(fn: () => unknown): { field: string; description: string }[] {
  try {
    fn();
  } catch (err) {
    if (isDomainError(err)) return err.fieldViolations;
    throw err;
  }
  return [];
}

describe('bill validation (docs/reference/konbini.md#bills)', () => {
  it.each([
    [0, false],
    [1, true],
    [300_000, true],
    [300_001, false],
    [-5, false],
    [10.5, false],
  ])('amount %d yen → valid: %s', (amount, ok) => {
    const v = violations(() => validateBill({ ...base, amount }, policy, now));
    expect(v.some((x) => x.field === 'amount')).toBe(!ok);
  });

  it('counts the registration day as day 1: registered 2026-11-23, latest due 2027-01-21', () => {
    expect(latestDueDate('2026-11-23')).toBe('2027-01-21');
  });

  it.each([
    ['2027-01-21', [], true, 'day 60'],
    ['2027-01-22', [], false, 'day 61'],
    ['2026-11-23', ['seven_eleven', 'lawson'], true, 'same day without FamilyMart'],
    ['2026-11-23', ['familymart'], false, 'same day with FamilyMart'],
    ['2026-11-23', [], false, 'same day with every store (FamilyMart among them)'],
    ['2026-11-24', ['familymart'], true, 'next day with FamilyMart'],
    ['2026-11-22', ['lawson'], false, 'before the registration day'],
    ['2026-02-30', [], false, 'not a date'],
    ['20261201', [], false, 'not YYYY-MM-DD'],
  ])('due %s stores %j → valid: %s (%s)', (dueDate, stores, ok) => {
    const v = violations(() => validateBill({ ...base, dueDate, stores }, policy, now));
    expect({ dueDateErrors: v.filter((x) => x.field === 'due_date').length > 0 }).toEqual({ dueDateErrors: !ok });
  });

  it('uses the Tokyo calendar day: 2026-11-22T15:30Z is already the 23rd in Tokyo', () => {
    const v = violations(() => validateBill({ ...base, dueDate: '2026-11-22', stores: ['lawson'] }, policy, new Date('2026-11-22T15:30:00Z')));
    expect(v.map((x) => x.field)).toEqual(['due_date']);
  });

  it('resolves the stores from the contract, narrowed by the bill, in table order', () => {
    expect(validateBill({ ...base, stores: ['lawson', 'seven_eleven'] }, policy, now)).toEqual(['seven_eleven', 'lawson']);
    expect(validateBill(base, { ...policy, contractChains: ['seicomart', 'lawson'] }, now)).toEqual(['lawson', 'seicomart']);
  });

  it.each([
    [['lawson'], ['seven_eleven'], 'stores[0]'],
    [['nosuchstore'], ALL, 'stores[0]'],
    [['lawson', 'lawson'], ALL, 'stores[1]'],
    [[], [], 'stores'],
  ])('stores %j under contract %j → error on %s', (stores, contractChains, field) => {
    const v = violations(() => validateBill({ ...base, stores }, { ...policy, contractChains }, now));
    expect(v.map((x) => x.field)).toContain(field);
  });

  it('refuses a combination the configuration does not allow', () => {
    const combos = [['seven_eleven', 'lawson', 'ministop'], ['familymart', 'daily_yamazaki', 'seicomart']] as const;
    const p = { contractChains: ALL, allowedCombinations: combos };
    expect(validateBill({ ...base, stores: ['seven_eleven', 'ministop'] }, p, now)).toEqual(['seven_eleven', 'ministop']);
    expect(violations(() => validateBill({ ...base, stores: ['seven_eleven', 'familymart'] }, p, now)).map((x) => x.field)).toEqual(['stores']);
  });

  it.each([
    [5_500, 500, true],
    [5_500, 0, true],
    [5_500, 5_500, false],
    [5_500, -1, false],
  ])('amount %d with separately stated tax %d → valid: %s', (amount, taxAmount, ok) => {
    expect(violations(() => validateBill({ ...base, amount, taxAmount }, policy, now)).length === 0).toBe(ok);
  });

  it('names every bad field at once', () => {
    const v = violations(() => validateBill({ ...base, amount: 300_001, dueDate: '2027-01-22', message: 'x'.repeat(501) }, policy, now));
    expect(v.map((x) => x.field).sort()).toEqual(['amount', 'due_date', 'message']);
  });

  it('applies the same rules to changes, counting from the bill\'s registration day', () => {
    const bill = { amount: 5_500, taxAmount: null, dueDate: '2026-12-01', stores: ['familymart' as const], registeredOn: '2026-11-23' };
    expect(violations(() => validateUpdate(bill, { dueDate: '2027-01-21', amount: 300_000 }, now))).toEqual([]);
    expect(violations(() => validateUpdate(bill, { dueDate: '2027-01-22' }, now)).map((x) => x.field)).toEqual(['due_date']);
    expect(violations(() => validateUpdate(bill, { dueDate: '2026-11-23' }, now)).map((x) => x.field)).toEqual(['due_date']);
    expect(violations(() => validateUpdate(bill, { amount: 300_001 }, now)).map((x) => x.field)).toEqual(['amount']);
  });

  // registered 2026-11-23 (latest due 2027-01-21), updated on 2026-12-10 (Tokyo)
  it.each([
    // new due date, stores, allowed
    ['2026-12-09', ['lawson'], false], // before the update's day
    ['2026-11-23', ['lawson'], false], // the registration day, long past
    ['2026-12-10', ['lawson'], true], // the update's day itself
    ['2026-12-10', ['lawson', 'familymart'], false], // …not with FamilyMart
    ['2026-12-11', ['familymart'], true],
    ['2027-01-21', ['familymart'], true], // the registration day's 60th day
    ['2027-01-22', ['lawson'], false], // not 60 days from the update's day
  ] as const)('an update on 2026-12-10 moving the due date to %s (stores %j): allowed %s', (dueDate, stores, ok) => {
    const bill = { amount: 5_500, taxAmount: null, dueDate: '2026-12-20', stores: [...stores], registeredOn: '2026-11-23' };
    const v = violations(() => validateUpdate(bill, { dueDate }, new Date('2026-12-10T14:59:59Z')));
    expect(v.map((x) => x.field)).toEqual(ok ? [] : ['due_date']);
    // the next second is 2026-12-11 in Tokyo
    if (dueDate === '2026-12-10') expect(violations(() => validateUpdate(bill, { dueDate }, new Date('2026-12-10T15:00:00Z'))).map((x) => x.field)).toEqual(['due_date']);
  });

  it.each([
    ['open', true],
    ['paid', false],
    ['deleted', false],
    ['expired', false],
  ] as const)('a %s bill may be modified/deleted: %s', (status, ok) => {
    for (const action of ['update', 'delete'] as const) {
      let err: unknown;
      try {
        assertChangeable(status, action);
      } catch (e) {
        err = e;
      }
      expect(err === undefined).toBe(ok);
      if (!ok) expect(isDomainError(err, `bill_${status}`)).toBe(true);
    }
  });

  it('is payable until 23:59:59 JST on the due date', () => {
    expect(payableUntil('2026-12-01').toISOString()).toBe('2026-12-01T14:59:59.999Z');
    expect(isPayable('2026-12-01', new Date('2026-12-01T14:59:59.999Z'))).toBe(true);
    expect(isPayable('2026-12-01', new Date('2026-12-01T15:00:00Z'))).toBe(false);
  });

  it.each([
    // now, grace (minutes), last expired due date: a bill expires at its due date's end + the grace
    ['2026-12-01T15:00:00Z', 30, '2026-11-30'], // 00:00 JST on the 2nd: the 1st is in its grace
    ['2026-12-01T15:29:59Z', 30, '2026-11-30'],
    ['2026-12-01T15:30:00Z', 30, '2026-12-01'], // 00:30 JST: the grace is over
    ['2026-12-01T15:00:00Z', 0, '2026-12-01'],
    ['2026-12-02T14:59:59Z', 30, '2026-12-01'],
  ] as const)('at %s with a %d-minute grace, bills due up to %s have expired', (at, minutes, due) => {
    expect(lastExpiredDueDate(new Date(at), minutes * 60_000)).toBe(due);
    expect(expiresAt(due, minutes * 60_000).getTime()).toBeLessThanOrEqual(new Date(at).getTime());
  });

  it.each([
    // payments that took money, flag
    [0, true],
    [1, false],
    [3, false],
  ])('a bill ending with %d payments that took money is billable as unpaid: %s', (n, flag) => {
    expect(billableUnpaid(n)).toBe(flag);
  });
});

describe('store results: what a payment does to its bill (the fold itself: store-results.spec.ts)', () => {
  it.each([
    [{ status: 'open', repeat: false }, 'preliminary', 0, true, 'paid'],
    [{ status: 'open', repeat: false }, 'confirmed', 0, true, 'paid'],
    [{ status: 'paid', repeat: false }, 'cancelled', 0, true, 'open'],
    // a cancellation after the due date's end: not payable again
    [{ status: 'paid', repeat: false }, 'cancelled', 0, false, 'expired'],
    [{ status: 'paid', repeat: false }, 'cancelled', 1, true, 'paid'],
    [{ status: 'paid', repeat: false }, 'cancelled', 1, false, 'paid'],
    [{ status: 'expired', repeat: false }, 'preliminary', 0, false, 'paid'],
    [{ status: 'open', repeat: true }, 'confirmed', 0, true, 'open'],
    [{ status: 'open', repeat: true }, 'cancelled', 0, false, 'open'],
    [{ status: 'deleted', repeat: false }, 'confirmed', 0, true, 'deleted'],
  ] as const)('bill %j, payment %s (other live payments %d, payable %s) → %s', (bill, payment, others, payable, after) => {
    expect(billAfterPayment(bill, payment, others, payable)).toBe(after);
  });

  /**
   * The bill after each order of one payment's results (docs/reference/konbini.md#payment-results):
   * all arriving while the bill is payable, or all after its due date's end.
   */
  const afterResults = (order: ResultKind[], payable: boolean): BillStatus[] => {
    let bill: BillStatus = 'open';
    let state: PaymentState | null = null;
    const seen: BillStatus[] = [];
    for (const r of order) {
      const f = foldStoreResult(state, r);
      state = f.state;
      if (f.emit) bill = billAfterPayment({ status: bill, repeat: false }, f.emit, 0, payable);
      seen.push(bill);
    }
    return seen;
  };
  it.each([
    // order, bill after each result while payable, … after the due date's end
    ['preliminary', ['paid'], ['paid']],
    ['confirmed', ['paid'], ['paid']],
    ['cancelled', ['open'], ['expired']],
    ['preliminary confirmed', ['paid', 'paid'], ['paid', 'paid']],
    ['confirmed preliminary', ['paid', 'paid'], ['paid', 'paid']],
    ['preliminary cancelled', ['paid', 'open'], ['paid', 'expired']],
    ['cancelled preliminary', ['open', 'open'], ['expired', 'expired']],
    ['confirmed cancelled', ['paid', 'paid'], ['paid', 'paid']],
    ['cancelled confirmed', ['open', 'paid'], ['expired', 'paid']],
    ['preliminary confirmed cancelled', ['paid', 'paid', 'paid'], ['paid', 'paid', 'paid']],
    ['preliminary cancelled confirmed', ['paid', 'open', 'paid'], ['paid', 'expired', 'paid']],
    ['confirmed preliminary cancelled', ['paid', 'paid', 'paid'], ['paid', 'paid', 'paid']],
    ['confirmed cancelled preliminary', ['paid', 'paid', 'paid'], ['paid', 'paid', 'paid']],
    ['cancelled preliminary confirmed', ['open', 'open', 'paid'], ['expired', 'expired', 'paid']],
    ['cancelled confirmed preliminary', ['open', 'paid', 'paid'], ['expired', 'paid', 'paid']],
  ])('%s: the one-off bill goes %j while payable, %j after its due date', (order, payable, late) => {
    expect(afterResults(order.split(' ') as ResultKind[], true)).toEqual(payable);
    expect(afterResults(order.split(' ') as ResultKind[], false)).toEqual(late);
  });

  it.each([
    // transaction id, payments: the keys of two results at the same number, second and store
    ['', '', 1],
    ['T1', 'T1', 1],
    ['T1', 'T2', 2],
  ])('store transaction ids %j and %j make %d payment(s)', (a, b, n) => {
    const r = { livemode: false, chain: 'lawson', paymentNumber: '12345678901234', paidAt: new Date('2026-12-01T01:00:00Z'), storeCode: 'S1' };
    expect(new Set([paymentKey({ ...r, storeTransactionId: a }), paymentKey({ ...r, storeTransactionId: b })]).size).toBe(n);
  });

  it('flags a payment after the due date as late, never refusing it', () => {
    const until = payableUntil('2026-12-01');
    const at = (iso: string) => paymentFlags({ paidAt: new Date(iso), payableUntil: until, billStatus: 'open', graceMs: 30 * 60_000 });
    expect(at('2026-12-01T14:59:59Z')).toMatchObject({ late: false });
    expect(at('2026-12-01T15:10:00Z')).toMatchObject({ late: true, beyondGrace: false });
    expect(at('2026-12-01T15:40:00Z')).toMatchObject({ late: true, beyondGrace: true, billExpired: false });
    expect(paymentFlags({ paidAt: new Date('2026-12-01T15:10:00Z'), payableUntil: until, billStatus: 'expired', graceMs: 30 * 60_000 })).toMatchObject({ late: true, billExpired: true });
  });
});
