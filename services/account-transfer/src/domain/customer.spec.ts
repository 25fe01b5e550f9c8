import { DomainError } from '@kessai/platform';
import { validateContract } from './contract';
import { validateCustomer } from './customer';
import { outcomeOf } from './debit';
import { erasableFrom } from './retention';
import { RESULT_CODES, resultMeaning, resultName } from './result-codes';
import { nextTokyoMorning } from './schedule';

const base = { customerRef: 'C-1', name: '山田太郎', holderName: 'やまだ たろう', bankCode: '0001', branchCode: '001', accountType: 'ordinary', accountNumber: '12345', email: '' };

function fields(f: () => unknown): string[] {
  try {
    f();
  } catch (err) {
    return (err as DomainError).fieldViolations.map((v) => v.field);
  }
  throw new Error('no error');
}

describe('debit customers', () => {
  it('normalises with the Zengin library', () => {
    expect(validateCustomer(base)).toMatchObject({ holderName: 'ﾔﾏﾀﾞ ﾀﾛｳ', accountType: '1', accountNumber: '0012345' });
  });

  it('names every bad field at once', () => {
    expect(fields(() => validateCustomer({ ...base, customerRef: '', bankCode: '1', accountType: 'x', accountNumber: '12345678', holderName: '山田', email: 'nope' })).sort()).toEqual(
      ['account_number', 'account_type', 'bank_code', 'customer_ref', 'email', 'holder_name'].sort(),
    );
    expect(fields(() => validateCustomer({ ...base, bankCode: '0998' }))).toEqual(['bank_code']);
    expect(fields(() => validateCustomer({ ...base, branchCode: '998' }))).toEqual(['branch_code']);
    expect(fields(() => validateCustomer({ ...base, accountType: '4' }))).toEqual(['account_type']);
  });

  it('checks contracts: 10-digit requester code, kana name, account, email', () => {
    const c = { partner: 'simbank', requesterCode: '1234567890', requesterName: 'カブシキガイシャ テスト', bankCode: '0001', branchCode: '001', accountType: '1', accountNumber: '7654321', mode: undefined, notifyEmail: 'ops@example.com' };
    expect(validateContract(c)).toMatchObject({ requesterName: 'ｶ)ﾃｽﾄ', mode: 'realtime', account: { accountNumber: '7654321' } });
    expect(fields(() => validateContract({ ...c, requesterCode: '123', notifyEmail: '' })).sort()).toEqual(['notify_email', 'requester_code']);
  });
});

describe('debit outcomes, result codes, retention, schedule', () => {
  it('has one meaning per Zengin code', () => {
    expect(RESULT_CODES).toEqual([0, 1, 2, 3, 4, 8, 9]);
    expect(RESULT_CODES.map(resultName)).toEqual(['debited', 'insufficient_funds', 'no_account', 'stopped_by_depositor', 'no_mandate', 'stopped_by_requester', 'other']);
    expect(resultMeaning(1)).toBe('insufficient funds');
  });

  it('credits the merchant the next bank business day, even after a holiday debit', () => {
    expect(outcomeOf(0, '2026-12-30')).toEqual({ status: 'succeeded', expectedCreditOn: '2027-01-04' });
    expect(outcomeOf(0, '2026-09-19')).toEqual({ status: 'succeeded', expectedCreditOn: '2026-09-24' });
    expect(outcomeOf(1, '2026-09-19')).toEqual({ status: 'failed', expectedCreditOn: null });
  });

  it('erases 10 years after the last activity', () => {
    expect(erasableFrom('2026-12-01')).toBe('2036-12-01');
    expect(erasableFrom('2028-02-29')).toBe('2038-03-01');
  });

  it('runs the morning jobs at 06:00 Tokyo', () => {
    expect(nextTokyoMorning(new Date('2026-12-01T20:00:00Z')).toISOString()).toBe('2026-12-01T21:00:00.000Z');
    expect(nextTokyoMorning(new Date('2026-12-01T21:00:00Z')).toISOString()).toBe('2026-12-02T21:00:00.000Z');
  });
});
