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

/**
 * The status a mandate takes when the bank reports `bank`, or null when
 * nothing changes: a request becomes active, rejected or cancelled as the
 * bank says; an active mandate can only be cancelled. An ended mandate
 * (rejected, cancelled) stays ended — a new mandate is a new request — so a
 * bank that lists it otherwise shows on the mismatch list, never silently
 * revived.
 */
export function statusFromBank(current: MandateStatus, bank: BankMandateStatus): MandateStatus | null {
  if (current === 'requested') return bank === 'registered' ? 'active' : bank;
  if (current === 'active' && bank === 'cancelled') return 'cancelled';
  return null;
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
