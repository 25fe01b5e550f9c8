import { nextBankBusinessDay, tokyoDate } from '@kessai/bank-calendar';
import { assertYen } from '@kessai/platform';
import type { ResultCode } from './result-codes';

/** queued (a bulk item not yet sent) → pending (intent recorded) → succeeded | failed; unknown when the answer was lost. */
export type DebitStatus = 'queued' | 'pending' | 'unknown' | 'succeeded' | 'failed';

export function isFinal(status: DebitStatus): boolean {
  return status === 'succeeded' || status === 'failed';
}

/** One debit at most 1,000,000 yen (a bank's usual limit for a real-time debit). */
export const MAX_DEBIT_YEN = 1_000_000;

export function validateAmount(amount: unknown, field = 'amount'): number {
  return assertYen(amount, field, { min: 1, max: MAX_DEBIT_YEN });
}

/**
 * The bank's answer → the debit's outcome. The merchant is credited on the
 * next bank business day after the debit, whatever day it ran on
 * (docs/reference/account-transfer.md#what-it-is--and-is-not).
 */
export function outcomeOf(code: ResultCode, debitedOn: string): { status: 'succeeded' | 'failed'; expectedCreditOn: string | null } {
  if (code !== 0) return { status: 'failed', expectedCreditOn: null };
  return { status: 'succeeded', expectedCreditOn: nextBankBusinessDay(debitedOn) };
}

export function tokyoToday(now: Date): string {
  return tokyoDate(now);
}
