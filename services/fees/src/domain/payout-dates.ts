import { addBankBusinessDays } from '@kessai/bank-calendar';
import { settlementPeriod, type SettlementCycle } from '@kessai/konbini';

/** Bank business days from the close to the statement's fix date, and from the notification to the payout. */
export const FIX_BUSINESS_DAYS = 5;
export const PAYOUT_BUSINESS_DAYS = 5;

/**
 * A statement's dates (docs/reference/fees-and-settlement.md#payouts): fixed —
 * and the merchant notified — on the 5th bank business day after the close;
 * paid out 5 bank business days after that notification.
 */
export function statementDates(close: string): { fixDate: string; payoutDate: string } {
  const fixDate = addBankBusinessDays(close, FIX_BUSINESS_DAYS);
  return { fixDate, payoutDate: addBankBusinessDays(fixDate, PAYOUT_BUSINESS_DAYS) };
}

/** The period a collection paid on `paidOn` belongs to, with its dates. */
export function statementPeriod(cycle: SettlementCycle, paidOn: string): { start: string; close: string; fixDate: string; payoutDate: string } {
  const p = settlementPeriod(cycle, paidOn);
  return { ...p, ...statementDates(p.close) };
}
