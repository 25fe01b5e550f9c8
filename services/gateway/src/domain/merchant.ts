import { CHAIN_IDS, isChainId } from '@kessai/konbini';
import { isEmail, ValidationError, type FieldViolation } from '@kessai/platform';

const SETTLEMENT_CYCLES = ['monthly_end', 'semi_monthly', 'weekly'] as const;

/** The bank account a merchant's payouts go to. */
export interface PayoutAccount {
  bank_code: string;
  branch_code: string;
  account_type: number;
  account_number: string;
  holder_name_kana: string;
}

/** A merchant's contract: which store chains it may use, its fees and settlement, where payouts go. */
export interface MerchantSettings {
  enabled_store_chains: string[];
  fee_plan: string;
  settlement_cycle: string;
  payout_account: PayoutAccount | null;
  /** konbini: remind customers this many days before a bill's due date (absent or 0 = off) */
  konbini_reminder_days_before?: number;
  /** konbini: email customers a receipt notice when a bill is paid (absent = off) */
  konbini_receipt_notice?: boolean;
}

/** The most days before the due date a reminder may go out. */
export const MAX_REMINDER_DAYS = 30;

/** The customer mails a merchant's new bills get (docs/reference/konbini.md#customer-emails). */
export function konbiniMailSettings(s: MerchantSettings): { reminderDaysBefore: number; receiptNotice: boolean } {
  return { reminderDaysBefore: s.konbini_reminder_days_before ?? 0, receiptNotice: s.konbini_receipt_notice ?? false };
}

/** A merchant (a tenant when it has an owner), with its virtual deposit account numbers per mode. */
export interface Merchant {
  id: string;
  name: string;
  owner_id: string | null;
  settings: MerchantSettings;
  test_virtual_account_number: string;
  live_virtual_account_number: string;
  created_at: Date;
  /** where notices to the merchant go (shortfalls, results, statements); the first is the primary one */
  contact_emails: string[];
}

export const MAX_CONTACT_EMAILS = 5;

/** Contact emails as stored: trimmed, each a valid address, no duplicates (case-insensitive), at most 5. */
export function contactEmails(emails: string[]): string[] {
  const out: string[] = [];
  const v: FieldViolation[] = [];
  for (const [i, raw] of emails.entries()) {
    const e = raw.trim();
    if (!isEmail(e)) v.push({ field: `contact_emails[${i}]`, description: 'must be an email address' });
    else if (out.some((x) => x.toLowerCase() === e.toLowerCase())) v.push({ field: `contact_emails[${i}]`, description: 'is listed twice' });
    else out.push(e);
  }
  if (emails.length > MAX_CONTACT_EMAILS) v.push({ field: 'contact_emails', description: `must have at most ${MAX_CONTACT_EMAILS} addresses` });
  if (v.length) throw new ValidationError(v);
  return out;
}

/** Contract settings: known store chains, a settlement cycle, a well-formed payout account. */
export function validateSettings(s: MerchantSettings): void {
  const v: FieldViolation[] = [];
  for (const [i, c] of s.enabled_store_chains.entries()) {
    if (!isChainId(c)) v.push({ field: `settings.enabled_store_chains[${i}]`, description: `must be one of ${CHAIN_IDS.join(', ')}` });
  }
  if (s.settlement_cycle && !(SETTLEMENT_CYCLES as readonly string[]).includes(s.settlement_cycle)) {
    v.push({ field: 'settings.settlement_cycle', description: `must be one of ${SETTLEMENT_CYCLES.join(', ')}` });
  }
  const days = s.konbini_reminder_days_before ?? 0;
  if (!Number.isInteger(days) || days < 0 || days > MAX_REMINDER_DAYS) {
    v.push({ field: 'settings.konbini_reminder_days_before', description: `must be 0 (off) to ${MAX_REMINDER_DAYS}` });
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

/** A merchant's name as stored: trimmed, 1 to 200 characters (`required` false: empty means "unchanged"). */
export function merchantName(name: string, required: boolean): string {
  const trimmed = name.trim();
  if (required && !trimmed) throw ValidationError.field('name', 'is required');
  if (trimmed.length > 200) throw ValidationError.field('name', 'must be at most 200 characters');
  return trimmed;
}

/** The store chains a merchant's bills may use: its own contract's, or (a tenant without one) its owner's. */
export function contractChains(merchant: Merchant, owner: Merchant | null): string[] {
  const own = merchant.settings.enabled_store_chains ?? [];
  if (own.length > 0 || !merchant.owner_id) return own;
  return owner?.settings.enabled_store_chains ?? [];
}
