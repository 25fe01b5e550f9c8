import { remittanceInvoice, statementInvoice, type ChargeGroup, type StatementInput } from './qualified-invoice';
import { corporateNumberCheckDigit, registrationNumberProblem } from './registration-number';
import { computeStatement } from './statement';
import { taxPerRate } from './tax';

const ISSUER = { name: 'Kessai株式会社', registrationNumber: 'T6012345678901', address: '東京都千代田区丸の内1-1-1' };

describe('registration number (T + corporate number with its check digit)', () => {
  it.each<[string, string | null]>([
    // the National Tax Agency's own corporate number, 7000012050002
    ['T7000012050002', null],
    ['T6012345678901', null],
    ['T8000000000001', null],
    ['T9000000000000', null],
    ['T1000012050002', 'has a wrong check digit: the corporate number 1000012050002 should begin with 7'],
    ['T6012345678902', 'has a wrong check digit: the corporate number 6012345678902 should begin with 5'],
    ['7000012050002', 'must be T followed by 13 digits (e.g. T1234567890123)'],
    ['T700001205000', 'must be T followed by 13 digits (e.g. T1234567890123)'],
    ['t7000012050002', 'must be T followed by 13 digits (e.g. T1234567890123)'],
    ['T70000120500０2', 'must be T followed by 13 digits (e.g. T1234567890123)'],
    ['', 'must be T followed by 13 digits (e.g. T1234567890123)'],
  ])('%s → %s', (value, problem) => {
    expect(registrationNumberProblem(value)).toBe(problem);
  });

  it('computes the check digit as 9 − (Σ Pn×Qn mod 9), digits counted from the right', () => {
    // 000012050002: 2×1 + 5×1 + 2×1 + 1×2 = 11; 11 mod 9 = 2; 9 − 2 = 7
    expect(corporateNumberCheckDigit('000012050002')).toBe(7);
    // a sum divisible by 9 gives 9, never 0
    expect(corporateNumberCheckDigit('000000000000')).toBe(9);
    expect(() => corporateNumberCheckDigit('12345')).toThrow(RangeError);
  });
});

describe('tax per rate: one rounding per document and rate, down', () => {
  it.each<[string, { amount: number; taxRatePercent: number | null }[], { ratePercent: number; taxableTotal: number; tax: number }[]]>([
    ['no lines', [], []],
    ['only stamp duty (not taxable)', [{ amount: 200, taxRatePercent: null }], []],
    ['summed then taxed: 3 × 5 yen is 1 yen of tax, not 3 × 0', [{ amount: 5, taxRatePercent: 10 }, { amount: 5, taxRatePercent: 10 }, { amount: 5, taxRatePercent: 10 }], [{ ratePercent: 10, taxableTotal: 15, tax: 1 }]],
    ['rounded down: 1,519 → 151', [{ amount: 1_500, taxRatePercent: 10 }, { amount: 19, taxRatePercent: 10 }], [{ ratePercent: 10, taxableTotal: 1_519, tax: 151 }]],
    ['stamp duty left out of the base', [{ amount: 1_500, taxRatePercent: 10 }, { amount: 400, taxRatePercent: null }], [{ ratePercent: 10, taxableTotal: 1_500, tax: 150 }]],
    [
      'each rate on its own (8% reduced rate beside 10%)',
      [{ amount: 999, taxRatePercent: 10 }, { amount: 999, taxRatePercent: 8 }, { amount: 1, taxRatePercent: 10 }],
      [{ ratePercent: 8, taxableTotal: 999, tax: 79 }, { ratePercent: 10, taxableTotal: 1_000, tax: 100 }],
    ],
  ])('%s', (_name, lines, expected) => {
    expect(taxPerRate(lines)).toEqual(expected);
  });

  it('refuses amounts that are not whole yen', () => {
    expect(() => taxPerRate([{ amount: 1.5, taxRatePercent: 10 }])).toThrow(RangeError);
    expect(() => taxPerRate([{ amount: -1, taxRatePercent: 10 }])).toThrow(RangeError);
  });
});

describe('a collection statement as a qualified invoice', () => {
  const statement = (collections: number, charges: ChargeGroup[], carriedIn = 0): StatementInput => ({
    id: 'stm_1', merchantId: 'mer_1', livemode: false, periodStart: '2026-11-16', periodClose: '2026-11-30', fixDate: '2026-12-07', payoutDate: '2026-12-14',
    figures: computeStatement({ confirmedCollections: collections, lines: charges.map((c) => ({ kind: c.kind, amount: c.amount, taxable: c.taxable })), carriedIn, payoutFee: 1_500 }),
    charges,
  });

  it.each<[string, number, ChargeGroup[], { lines: [string, number, number, number | null][]; tax: number; total: number; payout: number; carriedOver: number }]>([
    [
      'collections with a paid-bill fee and stamp duty: the payout fee is a line, stamp duty a non-taxable one',
      58_000,
      [{ kind: 'paid_bill', count: 2, amount: 233, taxable: true }, { kind: 'stamp_duty', count: 1, amount: 200, taxable: false }],
      { lines: [['paid_bill', 2, 233, 10], ['payout_transfer', 1, 1_500, 10], ['stamp_duty', 1, 200, null]], tax: 173, total: 1_733 + 173 + 200, payout: 58_000 - 2_106, carriedOver: 0 },
    ],
    [
      'no payout (the fees do not fit): no payout fee line, the rest carried over',
      100,
      [{ kind: 'paid_bill', count: 1, amount: 150, taxable: true }],
      { lines: [['paid_bill', 1, 150, 10]], tax: 15, total: 165, payout: 0, carriedOver: -65 },
    ],
  ])('%s', (_name, collections, charges, want) => {
    const doc = statementInvoice(statement(collections, charges), ISSUER, 'テスト商店');
    expect(doc.lines.map((l) => [l.kind, l.count, l.amount, l.taxRatePercent])).toEqual(want.lines);
    expect(doc.rates).toEqual([{ ratePercent: 10, taxableTotal: want.lines.filter((l) => l[3] === 10).reduce((s, l) => s + l[2], 0), tax: want.tax }]);
    expect({ tax: doc.taxTotal, total: doc.total }).toEqual({ tax: want.tax, total: want.total });
    expect(doc.settlement).toMatchObject({ confirmedCollections: collections, deducted: want.total, payoutAmount: want.payout, carriedOver: want.carriedOver });
    expect(doc.settlement!.confirmedCollections + doc.settlement!.carriedIn - doc.settlement!.deducted).toBe(want.payout + want.carriedOver);
    expect(doc).toMatchObject({ kind: 'statement', number: 'stm_1', issuedOn: '2026-12-07', period: { start: '2026-11-16', end: '2026-11-30' }, recipient: { name: 'テスト商店' }, issuer: ISSUER });
  });

  it('refuses to show figures other than the statement\'s', () => {
    const s = statement(58_000, [{ kind: 'paid_bill', count: 2, amount: 233, taxable: true }]);
    expect(() => statementInvoice({ ...s, charges: [{ kind: 'paid_bill', count: 2, amount: 240, taxable: true }] }, ISSUER, 'x')).toThrow(/do not match/);
  });
});

describe('a remittance invoice as a qualified invoice', () => {
  it('sums its fee items per kind and taxes them once', () => {
    const doc = remittanceInvoice(
      {
        id: 'inv_1', merchantId: 'mer_1', livemode: false, periodStart: '2026-11-01', periodEnd: '2026-11-30', issuedOn: '2026-12-01', dueOn: '2026-12-31',
        charges: [{ kind: 'remittance_transfer', count: 3, amount: 1_500, taxable: true }, { kind: 'initial', count: 1, amount: 10_000, taxable: true }, { kind: 'postcard', count: 7, amount: 700, taxable: true }],
      },
      ISSUER,
      '興行KK',
    );
    expect(doc.lines.map((l) => l.label)).toEqual(['送金手数料', 'はがき送付手数料', '初期費用']);
    expect(doc).toMatchObject({ kind: 'invoice', rates: [{ ratePercent: 10, taxableTotal: 12_200, tax: 1_220 }], taxTotal: 1_220, total: 13_420, nonTaxableTotal: 0, settlement: null, dueOn: '2026-12-31' });
  });
});
