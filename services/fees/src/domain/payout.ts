import { addBankBusinessDays } from '@kessai/bank-calendar';

/**
 * A statement's payout (docs/reference/fees-and-settlement.md#payouts):
 * scheduled (waiting, when the merchant has no usable payout account) →
 * submitted to remittance → paid, or failed (the amount back on the merchant's
 * collections) → returned once the payout account is corrected (the amount
 * then goes on the next statement).
 */
export type PayoutState = 'scheduled' | 'submitted' | 'paid' | 'failed' | 'returned';
export const PAYOUT_STATES: readonly PayoutState[] = ['scheduled', 'submitted', 'paid', 'failed', 'returned'];

/** The merchant's payout account as the gateway keeps it (already checked there: Zengin list, 9900 refused). */
export interface PayoutAccount {
  bankCode: string;
  branchCode: string;
  accountType: number;
  accountNumber: string;
  holderNameKana: string;
}

/** Why a payout cannot be submitted yet, or null when it can. */
export function waitingReason(account: PayoutAccount | null | undefined): string | null {
  if (!account || !account.bankCode || !account.accountNumber) return 'no_payout_account';
  return null;
}

/** Whether two payout accounts are the same account (a failed payout is paid again only to another one). */
export function sameAccount(a: PayoutAccount | null | undefined, b: PayoutAccount | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  return a.bankCode === b.bankCode && a.branchCode === b.branchCode && a.accountType === b.accountType && a.accountNumber === b.accountNumber && a.holderNameKana === b.holderNameKana;
}

/** Bank business days before its payout date that a payout is handed to remittance. */
export const SUBMIT_BUSINESS_DAYS_BEFORE = 2;

/**
 * The latest payout date submitted on `today`: a payout goes to remittance 2
 * bank business days before its payout date (its file is cut at 15:00 on the
 * business day before), so the payout account is read late and a missed run
 * still leaves a day. A payout date already past is submitted at once
 * (remittance puts it into the next file).
 */
export function submitHorizon(today: string): string {
  return addBankBusinessDays(today, SUBMIT_BUSINESS_DAYS_BEFORE);
}
