import { ACCOUNT_TYPES, JAPAN_POST_BANK_CODE, ZenginError, japanPostAccount, normaliseAccountNumber, parseAccountType, parseBankCode, parseBranchCode } from './index';

function failure(fn: () => unknown): ZenginError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ZenginError) return err;
    throw err;
  }
  throw new Error('expected a ZenginError');
}

describe('bank and branch code formats', () => {
  it('accepts exactly 4 and 3 ASCII digits', () => {
    expect(parseBankCode('0001')).toBe('0001');
    expect(parseBranchCode('001')).toBe('001');
  });

  it.each([['1'], ['001'], ['00001'], ['０００１'], [' 0001'], ['0001 '], ['00a1'], ['-001'], ['1e3']])('bank code %j is refused naming bank_code', (input) => {
    const err = failure(() => parseBankCode(input));
    expect(err.field).toBe('bank_code');
    expect(err.code).toBe('invalid_format');
  });

  it.each([[1], [null], [undefined], [''], [{}]])('bank code %j is refused', (input) => {
    expect(failure(() => parseBankCode(input)).field).toBe('bank_code');
  });

  it.each([['1'], ['01'], ['0001'], ['０１０'], ['1.0']])('branch code %j is refused naming branch_code', (input) => {
    const err = failure(() => parseBranchCode(input));
    expect(err.field).toBe('branch_code');
  });

  it('uses the caller’s field name', () => {
    expect(failure(() => parseBranchCode('1', 'payout.branch')).field).toBe('payout.branch');
  });
});

describe('account types', () => {
  it('has 1 ordinary, 2 current, 4 savings, 9 other', () => {
    expect(Object.values(ACCOUNT_TYPES).map((t) => [t.code, t.nameEn, t.name])).toEqual([
      ['1', 'ordinary', '普通'],
      ['2', 'current', '当座'],
      ['4', 'savings', '貯蓄'],
      ['9', 'other', 'その他'],
    ]);
  });

  it.each([
    ['1', '1'],
    [1, '1'],
    ['ordinary', '1'],
    ['当座', '2'],
    ['savings', '4'],
    [9, '9'],
  ])('%j → %s', (input, code) => expect(parseAccountType(input)).toBe(code));

  it.each([['3'], [3], ['0'], ['Ordinary'], [''], [1.5], [null]])('%j is refused naming account_type', (input) => {
    expect(failure(() => parseAccountType(input)).field).toBe('account_type');
  });
});

describe('account numbers', () => {
  it.each([
    ['1234567', '1234567'],
    ['123', '0000123'],
    ['1', '0000001'],
    ['０１２３４５６', '0123456'],
    [123, '0000123'],
  ])('%j → %s', (input, expected) => expect(normaliseAccountNumber(input)).toBe(expected));

  it.each([
    ['12345678', 'too_long'],
    ['123-456', 'invalid_format'],
    [' 123', 'invalid_format'],
    ['12 34', 'invalid_format'],
    ['0000000', 'invalid_value'],
    ['0', 'invalid_value'],
    ['', 'required'],
    [-1, 'invalid_format'],
    [1.5, 'invalid_format'],
  ])('%j is refused (%s)', (input, code) => {
    const err = failure(() => normaliseAccountNumber(input));
    expect(err.field).toBe('account_number');
    expect(err.code).toBe(code);
  });
});

describe('Japan Post Bank 記号/番号', () => {
  it.each([
    ['12345', '12345671', '238', '1234567'],
    ['10180', '12345671', '018', '1234567'],
    ['17300', '19927651', '738', '1992765'],
    ['14010', '1231', '408', '0000123'],
    ['１２３４５', '１２３４５６７１', '238', '1234567'],
  ])('ordinary %s-%s → branch %s, account %s', (kigou, bangou, branch, account) => {
    expect(japanPostAccount(kigou, bangou)).toEqual({ bankCode: JAPAN_POST_BANK_CODE, branchCode: branch, accountType: '1', accountNumber: account, kind: 'ordinary' });
  });

  it('a 通常貯蓄貯金 is savings when the caller says so', () => {
    expect(japanPostAccount('12345', '12345671', { savings: true }).accountType).toBe('4');
  });

  it.each([
    ['00150', '123456', '019', '0123456'],
    ['00120', '1', '019', '0000001'],
    ['01230', '1234567', '129', '1234567'],
  ])('振替口座 %s-%s → branch %s, account %s, current', (kigou, bangou, branch, account) => {
    expect(japanPostAccount(kigou, bangou)).toEqual({ bankCode: '9900', branchCode: branch, accountType: '2', accountNumber: account, kind: 'transfer' });
  });

  it.each([
    ['1234', '12345671', 'kigou', 'invalid_format'],
    ['123456', '12345671', 'kigou', 'invalid_format'],
    ['22345', '12345671', 'kigou', 'invalid_value'],
    ['9900', '1', 'kigou', 'invalid_format'],
    ['12-45', '12345671', 'kigou', 'invalid_format'],
    ['', '12345671', 'kigou', 'required'],
    ['12345', '12345670', 'bangou', 'invalid_value'],
    ['12345', '123456781', 'bangou', 'invalid_format'],
    ['12345', '1', 'bangou', 'invalid_format'],
    ['12345', '01', 'bangou', 'invalid_value'],
    ['12345', '1234 671', 'bangou', 'invalid_format'],
    ['12345', '', 'bangou', 'required'],
    ['00150', '12345678', 'bangou', 'invalid_format'],
    ['00150', '0', 'bangou', 'invalid_value'],
    ['00150', '1-123456', 'bangou', 'invalid_format'],
  ])('%j / %j is refused naming %s (%s)', (kigou, bangou, field, code) => {
    const err = failure(() => japanPostAccount(kigou, bangou));
    expect(err.field).toBe(field);
    expect(err.code).toBe(code);
  });

  it('a 振替口座 is never savings', () => {
    expect(failure(() => japanPostAccount('00150', '123456', { savings: true })).field).toBe('kigou');
  });

  it('refuses non-string input', () => {
    expect(failure(() => japanPostAccount(12345, '12345671')).code).toBe('invalid_format');
  });
});
