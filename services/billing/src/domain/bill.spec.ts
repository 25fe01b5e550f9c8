import { isDomainError } from '@kessai/platform';
import { DEFAULT_COMBINATIONS, assertChangeable, latestDueDate, payableUntil, validateBill, validateUpdate, BillInput } from './bill';
import { CHAIN_IDS } from '@kessai/konbini';
import { billAfterPayment, paymentFlags } from './payment';

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
    expect(violations(() => validateUpdate(bill, { dueDate: '2027-01-21', amount: 300_000 }))).toEqual([]);
    expect(violations(() => validateUpdate(bill, { dueDate: '2027-01-22' })).map((x) => x.field)).toEqual(['due_date']);
    expect(violations(() => validateUpdate(bill, { dueDate: '2026-11-23' })).map((x) => x.field)).toEqual(['due_date']);
    expect(violations(() => validateUpdate(bill, { amount: 300_001 })).map((x) => x.field)).toEqual(['amount']);
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
  });
});

describe('store results: what a payment does to its bill (the fold itself: store-results.spec.ts)', () => {
  it.each([
    [{ status: 'open', repeat: false }, 'preliminary', 0, 'paid'],
    [{ status: 'open', repeat: false }, 'confirmed', 0, 'paid'],
    [{ status: 'paid', repeat: false }, 'cancelled', 0, 'open'],
    [{ status: 'paid', repeat: false }, 'cancelled', 1, 'paid'],
    [{ status: 'expired', repeat: false }, 'preliminary', 0, 'paid'],
    [{ status: 'open', repeat: true }, 'confirmed', 0, 'open'],
    [{ status: 'deleted', repeat: false }, 'confirmed', 0, 'deleted'],
  ] as const)('bill %j, payment %s (other live payments %d) → %s', (bill, payment, others, after) => {
    expect(billAfterPayment(bill, payment, others)).toBe(after);
  });

  it('flags a payment after the due date as late, never refusing it', () => {
    const until = payableUntil('2026-12-01');
    const at = (iso: string) => paymentFlags({ paidAt: new Date(iso), payableUntil: until, billStatus: 'open', graceMs: 30 * 60_000 });
    expect(at('2026-12-01T14:59:59Z')).toMatchObject({ late: false });
    expect(at('2026-12-01T15:10:00Z')).toMatchObject({ late: true, beyondGrace: false });
    expect(at('2026-12-01T15:40:00Z')).toMatchObject({ late: true, beyondGrace: true });
  });
});
