import { ValidationError, type FieldViolation } from '@kessai/platform';
import type { MerchantSettings } from '../db/merchant-store';

export const STORE_CHAINS = ['seven_eleven', 'familymart', 'lawson', 'ministop', 'daily_yamazaki', 'seicomart'] as const;
export const SETTLEMENT_CYCLES = ['monthly_end', 'semi_monthly', 'weekly'] as const;

/** Contract settings: known store chains, a settlement cycle, a well-formed payout account. */
export function validateSettings(s: MerchantSettings): void {
  const v: FieldViolation[] = [];
  for (const [i, c] of s.enabled_store_chains.entries()) {
    if (!(STORE_CHAINS as readonly string[]).includes(c)) v.push({ field: `settings.enabled_store_chains[${i}]`, description: `must be one of ${STORE_CHAINS.join(', ')}` });
  }
  if (s.settlement_cycle && !(SETTLEMENT_CYCLES as readonly string[]).includes(s.settlement_cycle)) {
    v.push({ field: 'settings.settlement_cycle', description: `must be one of ${SETTLEMENT_CYCLES.join(', ')}` });
  }
  const p = s.payout_account;
  if (p) {
    if (!/^\d{4}$/.test(p.bank_code)) v.push({ field: 'settings.payout_account.bank_code', description: 'must be 4 digits' });
    if (!/^\d{3}$/.test(p.branch_code)) v.push({ field: 'settings.payout_account.branch_code', description: 'must be 3 digits' });
    if (![1, 2, 4, 9].includes(p.account_type)) v.push({ field: 'settings.payout_account.account_type', description: 'must be 1, 2, 4 or 9' });
    if (!/^\d{7}$/.test(p.account_number)) v.push({ field: 'settings.payout_account.account_number', description: 'must be 7 digits' });
  }
  if (v.length) throw new ValidationError(v);
}
