/**
 * Mandates (口座振替契約): `requested` when the merchant registers that the
 * customer signed the bank's form, then what the bank's mandate list says
 * (docs/reference/account-transfer.md#mandates).
 */
export type MandateStatus = 'requested' | 'active' | 'rejected' | 'cancelled';
export const MANDATE_STATUSES: readonly MandateStatus[] = ['requested', 'active', 'rejected', 'cancelled'];

/** Who changed a mandate. */
export type MandateSource = 'merchant' | 'bank_callback' | 'bank_export';

/** A bank's status of a mandate in its list (callback or export). */
export type BankMandateStatus = 'registered' | 'rejected' | 'cancelled';

const FROM_BANK: Record<BankMandateStatus, MandateStatus> = { registered: 'active', rejected: 'rejected', cancelled: 'cancelled' };

/**
 * The status a mandate takes when the bank reports `bank`, or null when
 * nothing changes. The bank's list is the truth for everything it lists:
 * a cancelled or rejected mandate the bank registers again becomes active.
 */
export function statusFromBank(current: MandateStatus, bank: BankMandateStatus): MandateStatus | null {
  const next = FROM_BANK[bank];
  if (next === current) return null;
  // a request the bank has not seen is not "cancelled" by it: a cancellation is of an active mandate
  if (bank === 'cancelled' && current === 'requested') return 'cancelled';
  return next;
}

/** The event type of a change to `status`. */
export function mandateEventType(status: MandateStatus): string {
  return status === 'active' ? 'account_transfer.mandate.activated' : `account_transfer.mandate.${status}`;
}

/** The 20-digit number a bank knows a mandate by (the mandate lists' customer_number, the file's 顧客番号). */
export function customerNumberFor(sequence: number): string {
  return String(sequence).padStart(20, '0');
}

/** A mandate has ended when it is rejected or cancelled (retention counts from then). */
export function hasEnded(status: MandateStatus): boolean {
  return status === 'rejected' || status === 'cancelled';
}
