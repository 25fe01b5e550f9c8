import { paymentStatus, PaymentStatus, ResultKind } from './payment';

/** What is known of one payment at a store: the results seen so far and the status they give. */
export interface PaymentState {
  status: PaymentStatus;
  seen: ReadonlySet<ResultKind>;
}

export interface FoldOutcome {
  /** the payment after the result */
  state: PaymentState;
  /** false for a repeat of a result already seen: nothing is written */
  recorded: boolean;
  /** the status to announce (`billing.payment.<status>`), null when the status did not change */
  emit: PaymentStatus | null;
  /** a cancellation after the confirmation: the payment stays confirmed, for operators to look at */
  cancelledAfterConfirmed: boolean;
}

/**
 * Folds one store result into a payment (null: the first result of it). The
 * results (preliminary, confirmed, cancelled) arrive in any order and any
 * number of times; the state depends only on the set seen, so every order ends
 * the same, and only a change of status is announced — `confirmed` (which the
 * ledger credits) once, however often the store repeats itself.
 */
export function foldStoreResult(before: PaymentState | null, result: ResultKind): FoldOutcome {
  if (before?.seen.has(result)) return { state: before, recorded: false, emit: null, cancelledAfterConfirmed: false };
  const seen = new Set(before?.seen ?? []);
  seen.add(result);
  const state: PaymentState = { status: paymentStatus(seen), seen };
  const changed = before === null || before.status !== state.status;
  return {
    state,
    recorded: true,
    emit: changed ? state.status : null,
    cancelledAfterConfirmed: !changed && result === 'cancelled',
  };
}

/** The state of a stored payment, from the moments each result was recorded. */
export function paymentState(p: { status: PaymentStatus; preliminaryAt: Date | null; confirmedAt: Date | null; cancelledAt: Date | null }): PaymentState {
  const seen = new Set<ResultKind>();
  if (p.preliminaryAt) seen.add('preliminary');
  if (p.confirmedAt) seen.add('confirmed');
  if (p.cancelledAt) seen.add('cancelled');
  return { status: p.status, seen };
}

/**
 * What identifies one payment at a store (payments.payment_key): the store
 * network's transaction id when it sends one — two payments of the same number
 * at the same second are then two payments, and every result of one carries
 * its id — else, as before the networks sent ids, chain + number + the moment
 * paid + the store.
 */
export function paymentKey(r: { livemode: boolean; chain: string; paymentNumber: string; paidAt: Date; storeCode: string; storeTransactionId: string }): string {
  if (r.storeTransactionId) return `${r.livemode ? 'live' : 'test'}:${r.chain}:txn:${r.storeTransactionId}`;
  return `${r.chain}:${r.paymentNumber}:${r.paidAt.toISOString()}:${r.storeCode}`;
}
