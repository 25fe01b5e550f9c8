import { countByKind, findMismatches, type BankMandate, type MasterMandate } from './mismatch';

const acct = { bankCode: '0001', branchCode: '001', accountType: '1', accountNumber: '1234567' };
const master = (n: string, over: Partial<MasterMandate> = {}): MasterMandate => ({ customerNumber: n, customerId: `dcu_${n}`, customerRef: `C${n}`, status: 'active', holderName: 'ﾔﾏﾀﾞ ﾀﾛｳ', ...acct, ...over });
const bank = (n: string, over: Partial<BankMandate> = {}): BankMandate => ({ customerNumber: n, status: 'registered', holderName: 'ﾔﾏﾀﾞ ﾀﾛｳ', ...acct, ...over });

describe('findMismatches', () => {
  it('finds nothing when the master and the bank agree (names compared width-insensitively)', () => {
    expect(findMismatches([master('1'), master('2', { holderName: 'やまだ たろう' })], [bank('1'), bank('2', { holderName: 'ﾔﾏﾀﾞﾀﾛｳ' })])).toEqual([]);
  });

  it('lists one case of each kind', () => {
    const list = findMismatches(
      [
        master('1'), // missing at the bank
        master('3', { accountNumber: '7654321' }), // different account
        master('4', { holderName: 'ｽｽﾞｷ ｲﾁﾛｳ' }), // different holder name
        master('5', { status: 'active' }), // the bank has cancelled it
        master('6', { status: 'requested' }), // not yet at the bank: no mismatch
      ],
      [bank('2'), bank('3'), bank('4'), bank('5', { status: 'cancelled' })],
    );
    expect(list.map((m) => [m.customerNumber, m.kind])).toEqual([
      ['1', 'missing_at_bank'],
      ['2', 'missing_in_master'],
      ['3', 'different_account'],
      ['4', 'different_holder_name'],
      ['5', 'mandate_state_differs'],
    ]);
    expect(countByKind(list)).toEqual({ missing_at_bank: 1, missing_in_master: 1, different_account: 1, different_holder_name: 1, mandate_state_differs: 1 });
    expect(list[1]).toMatchObject({ customerId: '', master: null, bank: { status: 'registered', account: '0001-001-1-1234567' } });
  });

  it('ignores a bank entry without a name (the callback carries none) and ended mandates the bank no longer lists', () => {
    expect(findMismatches([master('1', { status: 'cancelled' }), master('2')], [bank('2', { holderName: '' })])).toEqual([]);
  });

  it('does not list a bank mandate that is cancelled and unknown to the master', () => {
    expect(findMismatches([], [bank('9', { status: 'cancelled' })])).toEqual([]);
  });
});
