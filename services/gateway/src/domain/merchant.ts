import {
  addDays, CHAIN_IDS, closeOnOrAfter, FEE_PLANS, feePlanOf, isChainId, SETTLEMENT_CYCLES, settlementCycleOf, type FeePlan, type SettlementCycle,
} from '@kessai/konbini';
import { isEmail, ValidationError, type FieldViolation } from '@kessai/platform';
import {
  bankDirectory, JAPAN_POST_BANK_CODE, normaliseAccountNumber, parseAccountType, parseBankCode, parseBranchCode, toBankKana, ZenginError,
} from '@kessai/zengin';

/** The bank account a merchant's payouts go to. */
export interface PayoutAccount {
  bank_code: string;
  branch_code: string;
  account_type: number;
  account_number: string;
  holder_name_kana: string;
}

/**
 * A merchant's contract as an operator sets it: which store chains it may use,
 * its fee plan and settlement cycle, where payouts go. The plan and cycle are
 * kept as dated terms (`ContractTerms`), not in the stored settings.
 */
export interface MerchantSettings extends StoredSettings {
  /** a plan name, or a deprecated alias (docs/reference/fees-and-settlement.md#the-merchant-contract) */
  fee_plan: string;
  /** a cycle name, or a deprecated alias */
  settlement_cycle: string;
}

/** The settings stored with the merchant (everything but the dated terms). */
export interface StoredSettings {
  enabled_store_chains: string[];
  payout_account: PayoutAccount | null;
  /** konbini: remind customers this many days before a bill's due date (absent or 0 = off) */
  konbini_reminder_days_before?: number;
  /** konbini: email customers a receipt notice when a bill is paid (absent = off) */
  konbini_receipt_notice?: boolean;
}

/** The most days before the due date a reminder may go out. */
export const MAX_REMINDER_DAYS = 30;

/** The customer mails a merchant's new bills get (docs/reference/konbini.md#customer-emails). */
export function konbiniMailSettings(s: StoredSettings): { reminderDaysBefore: number; receiptNotice: boolean } {
  return { reminderDaysBefore: s.konbini_reminder_days_before ?? 0, receiptNotice: s.konbini_receipt_notice ?? false };
}

/** A merchant (a tenant when it has an owner), with its virtual deposit account numbers per mode. */
export interface Merchant {
  id: string;
  name: string;
  owner_id: string | null;
  settings: StoredSettings;
  /** the plan and cycle, each from a date on, oldest first (docs/reference/fees-and-settlement.md#the-merchant-contract) */
  contract_terms: ContractTerms[];
  test_virtual_account_number: string;
  live_virtual_account_number: string;
  /** the second account per mode, for paying fee invoices (docs/reference/fees-and-settlement.md#remittance-fees) */
  test_invoice_account_number: string;
  live_invoice_account_number: string;
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

/** The settings as validated: plan and cycle by their current names, the payout account normalised. */
export interface ValidSettings {
  stored: StoredSettings;
  fee_plan: FeePlan;
  settlement_cycle: SettlementCycle;
}

/**
 * Contract settings: known store chains, a plan and a cycle (their names or a
 * deprecated alias), a payout account the Zengin code list knows — bank and
 * branch listed, the number zero-padded, the holder name in bank kana — and
 * never Japan Post Bank, which cannot receive payouts
 * (docs/reference/fees-and-settlement.md#payouts). Every problem is named.
 */
export function validateSettings(s: MerchantSettings): ValidSettings {
  const v: FieldViolation[] = [];
  for (const [i, c] of s.enabled_store_chains.entries()) {
    if (!isChainId(c)) v.push({ field: `settings.enabled_store_chains[${i}]`, description: `must be one of ${CHAIN_IDS.join(', ')}` });
  }
  const cycle = settlementCycleOf(s.settlement_cycle);
  if (!cycle) v.push({ field: 'settings.settlement_cycle', description: `must be one of ${SETTLEMENT_CYCLES.join(', ')}` });
  const plan = feePlanOf(s.fee_plan);
  if (!plan) v.push({ field: 'settings.fee_plan', description: `must be one of ${FEE_PLANS.join(', ')}` });
  const days = s.konbini_reminder_days_before ?? 0;
  if (!Number.isInteger(days) || days < 0 || days > MAX_REMINDER_DAYS) {
    v.push({ field: 'settings.konbini_reminder_days_before', description: `must be 0 (off) to ${MAX_REMINDER_DAYS}` });
  }
  const payout = s.payout_account ? payoutAccount(s.payout_account, v) : null;
  if (v.length) throw new ValidationError(v);
  const { fee_plan: _plan, settlement_cycle: _cycle, ...rest } = s;
  return { stored: { ...rest, payout_account: payout }, fee_plan: plan!, settlement_cycle: cycle! };
}

/** Longest holder name a Zengin transfer record holds (half-width characters). */
const HOLDER_NAME_MAX = 30;

function payoutAccount(p: PayoutAccount, v: FieldViolation[]): PayoutAccount | null {
  const field = (name: string) => `settings.payout_account.${name}`;
  const attempt = <T>(name: string, fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (err) {
      if (!(err instanceof ZenginError)) throw err;
      v.push({ field: field(name), description: err.issues[0]?.message ?? err.message });
      return undefined;
    }
  };
  const before = v.length;
  const bank = attempt('bank_code', () => parseBankCode(p.bank_code, 'bank_code'));
  const branch = attempt('branch_code', () => parseBranchCode(p.branch_code, 'branch_code'));
  const type = attempt('account_type', () => parseAccountType(p.account_type));
  const number = attempt('account_number', () => normaliseAccountNumber(p.account_number));
  const holder = attempt('holder_name_kana', () => toBankKana(p.holder_name_kana, { maxLength: HOLDER_NAME_MAX }));
  if (holder === '') v.push({ field: field('holder_name_kana'), description: 'is required' });
  if (bank === JAPAN_POST_BANK_CODE) v.push({ field: field('bank_code'), description: 'Japan Post Bank (9900) cannot receive payouts' });
  else if (bank) {
    if (!bankDirectory().bank(bank)) v.push({ field: field('bank_code'), description: `bank ${bank} is not in the Zengin code list` });
    else if (branch && !bankDirectory().branch(bank, branch)) v.push({ field: field('branch_code'), description: `branch ${branch} of bank ${bank} is not in the Zengin code list` });
  }
  if (v.length > before) return null;
  return { bank_code: bank!, branch_code: branch!, account_type: Number(type), account_number: number!, holder_name_kana: holder! };
}

/** A fee plan and settlement cycle in force from a date (Asia/Tokyo) until the next terms' date. */
export interface ContractTerms {
  fee_plan: FeePlan;
  settlement_cycle: SettlementCycle;
  /** 'YYYY-MM-DD', the first day the terms apply */
  effective_from: string;
}

/** The terms in force on `date`: the latest that started on or before it (the first terms before the merchant existed). */
export function termsOn(terms: readonly ContractTerms[], date: string): ContractTerms {
  const sorted = [...terms].sort((a, b) => a.effective_from.localeCompare(b.effective_from));
  let found = sorted[0];
  for (const t of sorted) if (t.effective_from <= date) found = t;
  if (!found) throw new Error('a merchant without contract terms');
  return found;
}

/**
 * A change of plan or cycle requested on `today` takes effect from the next
 * close of the cycle in force: the day after the first close on or after today
 * (docs/reference/fees-and-settlement.md#the-merchant-contract). What replaces
 * the terms not yet in force: the new terms, or none when the request asks for
 * what is in force anyway (a pending change is withdrawn).
 */
export function changeTerms(terms: readonly ContractTerms[], requested: Pick<ContractTerms, 'fee_plan' | 'settlement_cycle'>, today: string): ContractTerms | null {
  const current = termsOn(terms, today);
  if (current.fee_plan === requested.fee_plan && current.settlement_cycle === requested.settlement_cycle) return null;
  return { ...requested, effective_from: addDays(closeOnOrAfter(current.settlement_cycle, today), 1) };
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
