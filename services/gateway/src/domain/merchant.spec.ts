import { CHAIN_IDS } from '@kessai/konbini';
import {
  changeTerms, contractChains, konbiniMailSettings, merchantName, termsOn, validateSettings, type ContractTerms, type Merchant, type MerchantSettings, type PayoutAccount,
} from './merchant';

const settings = (chains: string[]): MerchantSettings => ({ enabled_store_chains: chains, fee_plan: 'collection_plan', settlement_cycle: 'monthly', payout_account: null });
const merchant = (id: string, chains: string[], owner: string | null = null): Merchant => ({
  id, name: id, owner_id: owner, settings: { enabled_store_chains: chains, payout_account: null }, test_virtual_account_number: '1', live_virtual_account_number: '2', test_invoice_account_number: '3', live_invoice_account_number: '4',
  created_at: new Date(0), contact_emails: [], contract_terms: [{ fee_plan: 'collection_plan', settlement_cycle: 'monthly', effective_from: '1970-01-01' }],
});
const fields = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (err) {
    return (err as { fieldViolations: { field: string }[] }).fieldViolations.map((v) => v.field);
  }
  return [];
};

describe('merchant contract settings', () => {
  it('keeps the konbini customer mails off by default and bounds the reminder to 0..30 days', () => {
    expect(konbiniMailSettings(settings([]))).toEqual({ reminderDaysBefore: 0, receiptNotice: false });
    expect(konbiniMailSettings({ ...settings([]), konbini_reminder_days_before: 3, konbini_receipt_notice: true })).toEqual({ reminderDaysBefore: 3, receiptNotice: true });
    expect(() => validateSettings({ ...settings([]), konbini_reminder_days_before: 30 })).not.toThrow();
    for (const days of [31, -1, 1.5]) {
      expect(() => validateSettings({ ...settings([]), konbini_reminder_days_before: days })).toThrow(
        expect.objectContaining({ fieldViolations: [expect.objectContaining({ field: 'settings.konbini_reminder_days_before' })] }),
      );
    }
  });

  it('accepts every chain of the konbini table and names the one it does not know', () => {
    expect(() => validateSettings(settings([...CHAIN_IDS]))).not.toThrow();
    expect(() => validateSettings(settings(['lawson', 'circle_k']))).toThrow(
      expect.objectContaining({ fieldViolations: [expect.objectContaining({ field: 'settings.enabled_store_chains[1]' })] }),
    );
    expect(() => validateSettings({ ...settings([]), settlement_cycle: 'daily' })).toThrow(expect.objectContaining({ fieldViolations: [expect.objectContaining({ field: 'settings.settlement_cycle' })] }));
  });

  it('a tenant without chains of its own uses its owner\'s; anyone with chains uses its own', () => {
    const owner = merchant('mer_owner', ['seven_eleven']);
    expect(contractChains(merchant('mer_t', [], 'mer_owner'), owner)).toEqual(['seven_eleven']);
    expect(contractChains(merchant('mer_t', ['lawson'], 'mer_owner'), owner)).toEqual(['lawson']);
    expect(contractChains(merchant('mer_solo', []), null)).toEqual([]);
    expect(contractChains(merchant('mer_t', [], 'mer_gone'), null)).toEqual([]);
  });

  it('trims names, requires one on creation, caps them at 200 characters', () => {
    expect(merchantName('  KK  ', true)).toBe('KK');
    expect(merchantName('  ', false)).toBe('');
    expect(() => merchantName('  ', true)).toThrow(expect.objectContaining({ fieldViolations: [{ field: 'name', description: 'is required' }] }));
    expect(() => merchantName('x'.repeat(201), false)).toThrow(expect.objectContaining({ fieldViolations: [expect.objectContaining({ field: 'name' })] }));
  });
});

describe('fee plan and settlement cycle', () => {
  it('stores the current names; the deprecated aliases map to them; anything else is refused, naming the field', () => {
    expect(validateSettings({ ...settings([]), fee_plan: 'billing_plan', settlement_cycle: 'every_5_days' })).toMatchObject({ fee_plan: 'billing_plan', settlement_cycle: 'every_5_days' });
    expect(validateSettings({ ...settings([]), fee_plan: 'standard', settlement_cycle: 'monthly_end' })).toMatchObject({ fee_plan: 'collection_plan', settlement_cycle: 'monthly' });
    expect(validateSettings({ ...settings([]), settlement_cycle: 'semi_monthly' }).settlement_cycle).toBe('half_monthly');
    expect(validateSettings({ ...settings([]), settlement_cycle: 'weekly' }).settlement_cycle).toBe('every_5_days');
    expect(fields(() => validateSettings({ ...settings([]), fee_plan: 'premium', settlement_cycle: 'daily' }))).toEqual(['settings.settlement_cycle', 'settings.fee_plan']);
    expect(validateSettings(settings(['lawson'])).stored).toEqual({ enabled_store_chains: ['lawson'], payout_account: null });
  });

  const terms = (...t: [string, string, string][]): ContractTerms[] =>
    t.map(([effective_from, fee_plan, settlement_cycle]) => ({ effective_from, fee_plan, settlement_cycle }) as ContractTerms);

  it.each<[string, string, string, string, string | null]>([
    // [today, cycle in force, requested plan, requested cycle, effective from]
    ['2026-11-03', 'monthly', 'billing_plan', 'monthly', '2026-12-01'],
    ['2026-11-30', 'monthly', 'collection_plan', 'every_5_days', '2026-12-01'], // on the close day itself: from the day after
    ['2026-12-01', 'monthly', 'collection_plan', 'every_5_days', '2027-01-01'],
    ['2026-12-21', 'every_10_days', 'collection_plan', 'monthly', '2027-01-01'], // across the year end
    ['2027-01-12', 'every_5_days', 'collection_plan', 'monthly', '2027-01-16'],
    ['2028-02-16', 'half_monthly', 'billing_plan', 'half_monthly', '2028-03-01'], // after 29 February
    ['2026-11-03', 'monthly', 'collection_plan', 'monthly', null], // what is in force: nothing to change
  ])('requested on %s under %s: %s/%s from %s', (today, cycle, plan, newCycle, from) => {
    const current = terms(['2026-01-01', 'collection_plan', cycle]);
    const next = changeTerms(current, { fee_plan: plan as ContractTerms['fee_plan'], settlement_cycle: newCycle as ContractTerms['settlement_cycle'] }, today);
    expect(next?.effective_from ?? null).toBe(from);
  });

  it('the terms in force on a date are the latest started on or before it, never retroactively', () => {
    const t = terms(['2026-11-02', 'collection_plan', 'monthly'], ['2026-12-01', 'billing_plan', 'every_10_days']);
    expect(termsOn(t, '2026-11-30')).toMatchObject({ fee_plan: 'collection_plan', settlement_cycle: 'monthly' });
    expect(termsOn(t, '2026-12-01')).toMatchObject({ fee_plan: 'billing_plan', settlement_cycle: 'every_10_days' });
    expect(termsOn(t, '2027-06-01')).toMatchObject({ fee_plan: 'billing_plan' });
    expect(termsOn(t, '2026-10-01')).toMatchObject({ fee_plan: 'collection_plan' }); // before the merchant existed: its first terms
  });
});

describe('payout account', () => {
  const account = (p: Partial<PayoutAccount>): MerchantSettings => ({
    ...settings([]),
    payout_account: { bank_code: '0001', branch_code: '001', account_type: 1, account_number: '1234567', holder_name_kana: 'ｶ)ﾃｽﾄ', ...p },
  });

  it('normalises the number and the holder name to bank kana', () => {
    const valid = validateSettings(account({ account_number: '１２３', holder_name_kana: '株式会社テスト ショウテン' }));
    expect(valid.stored.payout_account).toEqual({ bank_code: '0001', branch_code: '001', account_type: 1, account_number: '0000123', holder_name_kana: 'ｶ)ﾃｽﾄ ｼﾖｳﾃﾝ' });
    expect(validateSettings(account({ holder_name_kana: 'やまだ たろう', account_type: 2 })).stored.payout_account).toMatchObject({ holder_name_kana: 'ﾔﾏﾀﾞ ﾀﾛｳ', account_type: 2 });
  });

  it.each<[Partial<PayoutAccount>, string[]]>([
    [{ bank_code: '9900', branch_code: '018' }, ['settings.payout_account.bank_code']], // Japan Post Bank cannot receive payouts
    [{ bank_code: '12' }, ['settings.payout_account.bank_code']],
    [{ bank_code: '0999' }, ['settings.payout_account.bank_code']], // not in the Zengin list
    [{ branch_code: '998' }, ['settings.payout_account.branch_code']],
    [{ account_type: 3 }, ['settings.payout_account.account_type']],
    [{ account_number: '12345678' }, ['settings.payout_account.account_number']],
    [{ holder_name_kana: '山田' }, ['settings.payout_account.holder_name_kana']],
    [{ holder_name_kana: ' ' }, ['settings.payout_account.holder_name_kana']],
    [{ holder_name_kana: 'ｱ'.repeat(31) }, ['settings.payout_account.holder_name_kana']],
  ])('refuses %j, naming %j', (p, expected) => {
    expect(fields(() => validateSettings(account(p)))).toEqual(expected);
  });
});
