import type { BillStatus } from './bill';

/**
 * Store results and what they do (docs/reference/konbini.md#payment-results). One
 * payment at the store produces up to three results — preliminary (速報),
 * confirmed (確報), preliminary-cancelled (速報取消) — which may arrive in any
 * order and more than once. The payment's state is a function of the set of
 * results seen, so order and repeats cannot change where it ends:
 *   confirmed seen            → confirmed (money will be handed over: final)
 *   else cancellation seen    → cancelled
 *   else                      → preliminary
 */
export type ResultKind = 'preliminary' | 'confirmed' | 'cancelled';
export type PaymentStatus = ResultKind;

export function paymentStatus(seen: ReadonlySet<ResultKind>): PaymentStatus {
  if (seen.has('confirmed')) return 'confirmed';
  if (seen.has('cancelled')) return 'cancelled';
  return 'preliminary';
}

/**
 * The bill after one of its payments changed status
 * (docs/reference/konbini.md#payment-results, the table of orders there):
 * - a live (preliminary or confirmed) payment pays a one-off bill — also an
 *   expired one (a late result: accepted, and the expiry undone);
 * - a cancellation while nothing else holds the bill makes it payable again
 *   (`open`) only while its due date has not ended (`payable`); after that it
 *   is `expired`, as the expiry job would have left it;
 * - a repeat bill stays as it is (each payment its own collection), and a
 *   deleted bill stays deleted (the cash is still recorded, flagged).
 */
export function billAfterPayment(bill: { status: BillStatus; repeat: boolean }, payment: PaymentStatus, otherLivePayments: number, payable: boolean): BillStatus {
  if (bill.status === 'deleted' || bill.repeat) return bill.status;
  if (payment === 'cancelled') {
    if (otherLivePayments > 0) return 'paid';
    return payable ? 'open' : 'expired';
  }
  return 'paid';
}

/** A payment after the due date's end is accepted and flagged; these are the flags. */
export function paymentFlags(p: { paidAt: Date; payableUntil: Date; billStatus: BillStatus; graceMs: number }): {
  late: boolean; beyondGrace: boolean; billDeleted: boolean; billExpired: boolean;
} {
  const late = p.paidAt.getTime() > p.payableUntil.getTime();
  return {
    late,
    beyondGrace: p.paidAt.getTime() > p.payableUntil.getTime() + p.graceMs,
    billDeleted: p.billStatus === 'deleted',
    billExpired: p.billStatus === 'expired',
  };
}
