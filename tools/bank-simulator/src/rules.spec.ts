import { decideTransfer, parseRules } from './rules';

const open = { account_type: '1', holder_name_kana: 'ﾔﾏﾀﾞ ﾀﾛｳ', state: 'open' as const };
const payee = { account_type: '1', account_number: '1234567', payee_name: 'ﾔﾏﾀﾞ ﾀﾛｳ' };

describe('transfer results', () => {
  it('succeeds for an open account whose holder name is the same (width and spaces aside)', () => {
    expect(decideTransfer(payee, open, [])).toBeNull();
    expect(decideTransfer({ ...payee, payee_name: 'ﾔﾏﾀﾞﾀﾛｳ' }, { ...open, holder_name_kana: 'ヤマダ タロウ' }, [])).toBeNull();
  });

  it('fails naturally: unknown account, other account type, closed, another name', () => {
    expect(decideTransfer(payee, undefined, [])).toBe('no_such_account');
    expect(decideTransfer({ ...payee, account_type: '2' }, open, [])).toBe('no_such_account');
    expect(decideTransfer(payee, { ...open, state: 'closed' }, [])).toBe('closed_account');
    expect(decideTransfer({ ...payee, payee_name: 'ｽｽﾞｷ ﾊﾅｺ' }, open, [])).toBe('name_mismatch');
  });

  it('applies rules first, in order: an account number or a name pattern that always fails', () => {
    const rules = parseRules([{ account_number: '1234567', failure_code: 'other' }, { name_pattern: '^ﾃｽﾄ', failure_code: 'name_mismatch' }]);
    expect(decideTransfer(payee, open, rules)).toBe('other');
    expect(decideTransfer({ ...payee, account_number: '7654321', payee_name: 'ﾃｽﾄ ﾀﾛｳ' }, { ...open, holder_name_kana: 'ﾃｽﾄ ﾀﾛｳ' }, rules)).toBe('name_mismatch');
  });

  it('refuses rules it cannot apply', () => {
    expect(() => parseRules([{ failure_code: 'other' }])).toThrow(/account_number or name_pattern/);
    expect(() => parseRules([{ account_number: '1', failure_code: 'other' }])).toThrow(/7 digits/);
    expect(() => parseRules([{ name_pattern: '(', failure_code: 'other' }])).toThrow();
    expect(() => parseRules([{ account_number: '1234567', failure_code: 'account_closed' }])).toThrow(/failure_code/);
  });
});
