import { CHAIN_IDS } from '@kessai/konbini';
import { contractChains, konbiniMailSettings, merchantName, validateSettings, type Merchant, type MerchantSettings } from './merchant';

const settings = (chains: string[]): MerchantSettings => ({ enabled_store_chains: chains, fee_plan: 'standard', settlement_cycle: 'monthly_end', payout_account: null });
const merchant = (id: string, chains: string[], owner: string | null = null): Merchant => ({
  id, name: id, owner_id: owner, settings: settings(chains), test_virtual_account_number: '1', live_virtual_account_number: '2', created_at: new Date(0),
});

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
