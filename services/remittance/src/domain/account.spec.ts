import { accountKey, maskAccountNumber, normaliseAccount } from './account';

describe('account registration', () => {
  it.each<[string, Record<string, unknown>, Record<string, string>]>([
    ['a bank account', { bankCode: '0001', branchCode: '001', accountType: 1, accountNumber: '1234567', holderKana: 'やまだ たろう' }, { bankCode: '0001', branchCode: '001', accountType: '1', accountNumber: '1234567', holderKana: 'ﾔﾏﾀﾞ ﾀﾛｳ' }],
    ['short number padded', { bankCode: '0001', branchCode: '001', accountType: '2', accountNumber: '89', holderKana: 'カ)テスト' }, { accountNumber: '0000089', accountType: '2' }],
    ['Japan Post 記号/番号', { japanPostKigou: '12345', japanPostBangou: '12345671', holderKana: 'ヤマダ' }, { bankCode: '9900', branchCode: '238', accountType: '1', accountNumber: '1234567' }],
  ])('%s', (_what, input, expected) => {
    const r = normaliseAccount(input);
    expect(r.violations).toEqual([]);
    expect(r.account).toMatchObject(expected);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['unknown bank', { bankCode: '0002', branchCode: '001', accountType: 1, accountNumber: '1', holderKana: 'ア' }, ['account.bank_code']],
    ['branch of 2 digits', { bankCode: '0001', branchCode: '01', accountType: 1, accountNumber: '1', holderKana: 'ア' }, ['account.branch_code']],
    ['no account type', { bankCode: '0001', branchCode: '001', accountNumber: '1', holderKana: 'ア' }, ['account.account_type']],
    ['8-digit number', { bankCode: '0001', branchCode: '001', accountType: 1, accountNumber: '12345678', holderKana: 'ア' }, ['account.account_number']],
    ['kanji holder', { bankCode: '0001', branchCode: '001', accountType: 1, accountNumber: '1', holderKana: '山田' }, ['account.holder_kana']],
    ['Japan Post ordinary 番号 not ending in 1', { japanPostKigou: '12345', japanPostBangou: '12345678', holderKana: 'ア' }, ['account.japan_post_bangou']],
    ['everything missing', {}, ['account.bank_code', 'account.branch_code', 'account.account_type', 'account.account_number', 'account.holder_kana']],
  ])('%s → errors on %j, in Japanese', (_what, input, fields) => {
    const r = normaliseAccount(input);
    expect(r.account).toBeUndefined();
    expect(r.violations.map((v) => v.field)).toEqual(fields);
    for (const v of r.violations) expect(v.description).toMatch(/[ぁ-んァ-ン一-龥]/);
  });

  it('keys and masks', () => {
    expect(accountKey({ bankCode: '0001', branchCode: '001', accountType: '1', accountNumber: '1234567' })).toBe('0001-001-1-1234567');
    expect(maskAccountNumber('1234567')).toBe('****567');
  });
});
