import { billingEventsV1, webhookEventsV1 } from '@kessai/contracts';
import { ChainId, isChainId, stampDuty } from '@kessai/konbini';
import { EntityManager, EventEnvelope, newId } from '@kessai/platform';
import { billAfterPayment, paymentFlags, paymentStatus, ResultKind } from '../domain/payment';
import { LATE_PAYMENT_GRACE_MS, payableUntil } from '../domain/bill';
import { PAYMENT_COLS, PaymentRecord, paymentFromRow } from '../db/rows';
import { loadBill } from './bills';
import type { BillingDeps } from './deps';
import { billEvent, paymentEvent, PaymentEventType } from './events';

const KIND: Record<number, ResultKind | undefined> = {
  [webhookEventsV1.StorePaymentStatus.STORE_PAYMENT_STATUS_PRELIMINARY]: 'preliminary',
  [webhookEventsV1.StorePaymentStatus.STORE_PAYMENT_STATUS_CONFIRMED]: 'confirmed',
  [webhookEventsV1.StorePaymentStatus.STORE_PAYMENT_STATUS_CANCELLED]: 'cancelled',
};

/**
 * One store result (`webhook.store_payment.reported`), applied in the inbox
 * transaction. A payment is identified by chain, number, the moment it was
 * paid and the store: its preliminary, confirmed and cancelled results fold
 * into one row, in any order, any number of times. Only a change of the
 * payment's status writes an event — so `billing.payment.confirmed` (which
 * the ledger credits) is written once however often the store repeats itself.
 */
export async function applyStoreResult(deps: BillingDeps, envelope: EventEnvelope, tx: EntityManager): Promise<void> {
  const report = webhookEventsV1.StorePaymentReported.decode(envelope.payload);
  const kind = KIND[report.status];
  const paidAt = report.paidAt ?? envelope.occurredAt ?? deps.clock.now();
  const now = deps.clock.now();
  const numberRow = isChainId(report.chain)
    ? await tx.query(`SELECT bill_id FROM billing.payment_numbers WHERE chain = $1 AND number = $2 AND livemode = $3`, [report.chain, report.paymentNumber, envelope.livemode])
    : [];
  if (!kind || numberRow.length === 0) {
    // no bill has this number (or a malformed status): kept for operators, never dropped
    await tx.query(
      `INSERT INTO billing.unmatched_results (event_id, livemode, chain, payment_number, status, amount, paid_at, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
      [envelope.id, envelope.livemode, report.chain, report.paymentNumber, kind ?? String(report.status), report.amount, paidAt, now],
    );
    deps.logger.warn({ chain: report.chain, status: kind }, 'store result for an unknown payment number kept as unmatched');
    return;
  }
  const chain = report.chain as ChainId;
  const bill = (await loadBill(tx, 'b.id = $1', [numberRow[0].bill_id], true))!;
  const key = `${chain}:${report.paymentNumber}:${paidAt.toISOString()}:${report.storeCode}`;
  const existing = await tx.query(`SELECT ${PAYMENT_COLS} FROM billing.payments p WHERE p.payment_key = $1 FOR UPDATE`, [key]);
  const before: PaymentRecord | null = existing[0] ? paymentFromRow(existing[0]) : null;
  const seen = new Set<ResultKind>();
  if (before?.preliminaryAt) seen.add('preliminary');
  if (before?.confirmedAt) seen.add('confirmed');
  if (before?.cancelledAt) seen.add('cancelled');
  const already = seen.has(kind);
  seen.add(kind);
  const status = paymentStatus(seen);
  if (before && already) return; // a repeat: nothing changes

  let payment: PaymentRecord;
  const stamp = stampDuty({ amount: report.amount, taxAmount: bill.taxAmount, chain });
  const flags = paymentFlags({ paidAt, payableUntil: payableUntil(bill.dueDate), billStatus: bill.status, graceMs: LATE_PAYMENT_GRACE_MS });
  if (flags.beyondGrace || flags.billDeleted) deps.logger.warn({ bill_id: bill.id, beyond_grace: flags.beyondGrace, bill_deleted: flags.billDeleted }, 'store payment accepted for a bill no longer payable');
  // cash was taken for another amount than the bill's: recorded and flagged, never dropped, never paying the bill
  const mismatch = report.amount !== bill.amount;
  if (mismatch && !before) deps.logger.warn({ bill_id: bill.id, reported: report.amount, bill_amount: bill.amount }, 'store reported an amount other than the bill\'s: payment flagged');
  const col = `${kind}_at`;
  if (!before) {
    const rows = await tx.query(
      `INSERT INTO billing.payments (id, livemode, merchant_id, owner_id, bill_id, payment_key, status, chain, payment_number, amount, stamp_duty, late, store_code, paid_at, ${col}, created_at, updated_at,
         amount_mismatch, bill_amount)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $15, $16, $17) RETURNING id`,
      [newId('pay', now.getTime()), envelope.livemode, bill.merchantId, bill.ownerId, bill.id, key, status, chain, report.paymentNumber, report.amount, stamp, flags.late, report.storeCode, paidAt, now, mismatch, bill.amount],
    );
    payment = paymentFromRow((await tx.query(`SELECT ${PAYMENT_COLS} FROM billing.payments p WHERE p.id = $1`, [rows[0].id]))[0]);
  } else {
    await tx.query(`UPDATE billing.payments SET status = $2, ${col} = $3, updated_at = $3 WHERE id = $1`, [before.id, status, now]);
    payment = paymentFromRow((await tx.query(`SELECT ${PAYMENT_COLS} FROM billing.payments p WHERE p.id = $1`, [before.id]))[0]);
  }
  if (before && before.status === status) {
    // e.g. a late preliminary after its confirmation; a cancellation after it is for operators to look at
    if (kind === 'cancelled') deps.logger.warn({ payment_id: before.id }, 'store cancelled a payment it had already confirmed: kept confirmed');
    return;
  }
  const events = [paymentEvent(`billing.payment.${status}` as PaymentEventType, payment, now)];

  const [{ n }] = await tx.query(`SELECT count(*)::int AS n FROM billing.payments WHERE bill_id = $1 AND id <> $2 AND status <> 'cancelled' AND NOT amount_mismatch`, [bill.id, payment.id]);
  // a flagged payment (another amount than the bill's) leaves the bill as it is: the merchant decides
  const billStatus = payment.amountMismatch ? bill.status : billAfterPayment(bill, status, n);
  if (billStatus !== bill.status) {
    await tx.query(`UPDATE billing.bills SET status = $2, paid_at = $3, updated_at = $4 WHERE id = $1`, [bill.id, billStatus, billStatus === 'paid' ? paidAt : null, now]);
    const changed = (await loadBill(tx, 'b.id = $1', [bill.id]))!;
    events.push(billEvent('billing.bill.updated', changed, now));
  }
  await deps.outbox.add(tx, events);
  deps.eventsCommitted();
}

/** For the ledger and tests: the wire payload of a payment event. */
export const decodePaymentChanged = (payload: Uint8Array) => billingEventsV1.PaymentChanged.decode(payload);
