import { chainOfSettlementAccount, DEV_SETTLEMENT_ACCOUNTS, parseSettlementAccounts, parseSettlementEdi, settlementDueDate, settlementEdi, settlementPeriodOf } from './store-settlement';

describe('store-chain settlement schedule', () => {
  it.each([
    ['2027-01-11', '2027-01-11', '2027-01-17'], // a Monday
    ['2027-01-17', '2027-01-11', '2027-01-17'], // its Sunday
    ['2026-12-31', '2026-12-28', '2027-01-03'], // across the year end
    ['2028-02-29', '2028-02-28', '2028-03-05'], // leap day
  ])('a confirmation on %s belongs to the week %s – %s', (date, from, to) => {
    expect(settlementPeriodOf(date)).toEqual({ from, to });
  });

  it.each([
    // Sunday 2027-01-17 + 3 business days: Mon 18, Tue 19, Wed 20
    ['lawson', '2027-01-11', '2027-01-20'],
    // + 4: Thu 21
    ['familymart', '2027-01-11', '2027-01-21'],
    // the year-end closure (31 Dec – 3 Jan) and a weekend: Sunday 2027-01-03 + 3 → Mon 4, Tue 5, Wed 6
    ['seven_eleven', '2026-12-28', '2027-01-06'],
    // Coming-of-Age Day 2027-01-11 is closed: Sunday 2027-01-10 + 4 → Tue 12 … Fri 15
    ['ministop', '2027-01-04', '2027-01-15'],
  ] as const)('%s pays the week from %s on %s', (chain, from, due) => {
    expect(settlementDueDate(chain, settlementPeriodOf(from))).toBe(due);
  });

  it('names the week in the EDI field (20 characters at most) and reads it back', () => {
    const week = settlementPeriodOf('2027-01-13');
    expect(settlementEdi(week)).toBe('KSTL270111270117');
    expect(parseSettlementEdi('KSTL270111270117')).toEqual(week);
    for (const bad of ['', 'KSTL270112270118', 'KSTL270111270118', 'XSTL270111270117', 'KSTL271311271317', 'ｶ)ﾃｽﾄ']) expect(parseSettlementEdi(bad)).toBeNull();
  });

  it('reads the settlement accounts from configuration and names what is wrong', () => {
    expect(parseSettlementAccounts('lawson=9900102, seven_eleven=9900101')).toEqual({ lawson: '9900102', seven_eleven: '9900101' });
    expect(() => parseSettlementAccounts('circle_k=1234567')).toThrow(/circle_k/);
    expect(() => parseSettlementAccounts('lawson=123')).toThrow(/lawson needs a 7-digit/);
    expect(() => parseSettlementAccounts('lawson=1234567,ministop=1234567')).toThrow(/two chains/);
    expect(chainOfSettlementAccount(DEV_SETTLEMENT_ACCOUNTS, '9900103')).toBe('familymart');
    expect(chainOfSettlementAccount(DEV_SETTLEMENT_ACCOUNTS, '1234567')).toBeUndefined();
  });
});
