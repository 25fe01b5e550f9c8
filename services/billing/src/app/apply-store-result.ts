import { webhookEventsV1 } from '@kessai/contracts';
import { ChainId, isChainId, stampDuty } from '@kessai/konbini';
import { EntityManager, EventEnvelope, newId, useCase } from '@kessai/platform';
import { billableUnpaid, isPayable, payableUntil } from '../domain/bill';
import { billAfterPayment, paymentFlags, ResultKind } from '../domain/payment';
import { foldStoreResult, paymentKey, paymentState } from '../domain/store-results';
import { findBill, findBillByPaymentNumber, setBillStatus } from '../db/bill-store';
import {
  countOtherPayments, insertPayment, lockPaymentByKey, recordPaymentResult, recordUnmatchedResult,
} from '../db/payment-store';
import type { BillingDeps } from './deps';
import { billEvent, paymentEvent, PaymentEventType } from './events';

const KIND: Record<number, ResultKind | undefined> = {
  [webhookEventsV1.StorePaymentStatus.STORE_PAYMENT_STATUS_PRELIMINARY]: 'preliminary',
  [webhookEventsV1.StorePaymentStatus.STORE_PAYMENT_STATUS_CONFIRMED]: 'confirmed',
  [webhookEventsV1.StorePaymentStatus.STORE_PAYMENT_STATUS_CANCELLED]: 'cancelled',
};

/**
 * One store result (`webhook.store_payment.reported`), applied in the inbox
 * transaction. A payment is identified by the store network's transaction id
 * (else by chain, number, the moment it was paid and the store: paymentKey):
 * its preliminary, confirmed and cancelled results fold into one row
 * (domain/store-results.ts), in any order, any number of times. Only a change
 * of the payment's status writes an event — so `billing.payment.confirmed`
 * (which the ledger credits) is written once however often the store repeats
 * itself. What it does to the bill: domain/payment.ts billAfterPayment; on an
 * expired bill the first payment taking money undoes the expiry's unpaid flag
 * (`billing.bill.paid_after_expiry`), and losing it again re-flags it.
 */
export function applyStoreResult(deps: BillingDeps, envelope: EventEnvelope, tx: EntityManager): Promise<void> {
  return useCase('billing.apply_store_result', async () => {
    const report = webhookEventsV1.StorePaymentReported.decode(envelope.payload);
    const kind = KIND[report.status];
    const paidAt = report.paidAt ?? envelope.occurredAt ?? deps.clock.now();
    const now = deps.clock.now();
    // the bill, locked, found by its number (one statement)
    const bill = kind && isChainId(report.chain) ? await findBillByPaymentNumber(tx, report.chain, report.paymentNumber, envelope.livemode, { lock: true }) : null;
    if (!kind || !bill) {
      // no bill has this number (or a malformed status): kept for operators, never dropped
      await recordUnmatchedResult(tx, {
        eventId: envelope.id, livemode: envelope.livemode, chain: report.chain, paymentNumber: report.paymentNumber, status: kind ?? String(report.status),
        amount: report.amount, paidAt, receivedAt: now,
      });
      deps.logger.warn({ chain: report.chain, status: kind }, 'store result for an unknown payment number kept as unmatched');
      return;
    }
    const chain = report.chain as ChainId;
    const storeTransactionId = report.storeTransactionId ?? '';
    const key = paymentKey({ livemode: envelope.livemode, chain, paymentNumber: report.paymentNumber, paidAt, storeCode: report.storeCode, storeTransactionId });
    const before = await lockPaymentByKey(tx, key);
    const fold = foldStoreResult(before ? paymentState(before) : null, kind);
    if (!fold.recorded) return; // a repeat: nothing changes

    const flags = paymentFlags({ paidAt, payableUntil: payableUntil(bill.dueDate), billStatus: bill.status, graceMs: deps.lateGraceMs });
    if (!before && (flags.beyondGrace || flags.billDeleted || flags.billExpired)) {
      deps.logger.warn({ bill_id: bill.id, beyond_grace: flags.beyondGrace, bill_deleted: flags.billDeleted, bill_expired: flags.billExpired }, 'store payment accepted for a bill no longer payable');
    }
    // cash was taken for another amount than the bill's: recorded and flagged, never dropped, never paying the bill
    const mismatch = report.amount !== bill.amount;
    if (mismatch && !before) deps.logger.warn({ bill_id: bill.id, reported: report.amount, bill_amount: bill.amount }, 'store reported an amount other than the bill\'s: payment flagged');
    const payment = before
      ? await recordPaymentResult(tx, before.id, fold.state.status, kind, now)
      : await insertPayment(tx, {
        id: newId('pay', now.getTime()), livemode: envelope.livemode, merchantId: bill.merchantId, ownerId: bill.ownerId, billId: bill.id, key,
        status: fold.state.status, chain, paymentNumber: report.paymentNumber, amount: report.amount,
        stampDuty: stampDuty({ amount: report.amount, taxAmount: bill.taxAmount, chain }), late: flags.late, storeCode: report.storeCode, paidAt,
        amountMismatch: mismatch, billAmount: bill.amount, storeTransactionId,
      }, kind, now);
    if (fold.cancelledAfterConfirmed) deps.logger.warn({ payment_id: payment.id }, 'store cancelled a payment it had already confirmed: kept confirmed');
    // e.g. a late preliminary after its confirmation: nothing to announce
    if (!fold.emit) return;
    const events = [paymentEvent(`billing.payment.${fold.emit}` as PaymentEventType, payment, now)];

    // a flagged payment (another amount than the bill's) leaves the bill as it is: the merchant decides
    const payable = isPayable(bill.dueDate, now);
    const others = await countOtherPayments(tx, bill.id, payment.id);
    const billStatus = payment.amountMismatch ? bill.status : billAfterPayment(bill, fold.emit, others.live, payable);
    // the unpaid-bill flag of an expiry follows whether the bill took any money (domain/bill.ts billableUnpaid)
    const otherMoney = others.takingMoney;
    const unpaidBefore = billableUnpaid(otherMoney + (before && before.status !== 'cancelled' ? 1 : 0));
    const unpaidAfter = billableUnpaid(otherMoney + (payment.status !== 'cancelled' ? 1 : 0));
    if (billStatus !== bill.status) {
      await setBillStatus(tx, bill.id, billStatus, billStatus === 'paid' ? paidAt : null, now);
      const changed = (await findBill(tx, bill.id))!;
      // a cancellation after the due date's end: not payable again, the bill ends as the expiry job would end it
      events.push(billStatus === 'expired' ? billEvent('billing.bill.expired', changed, now, unpaidAfter) : billEvent('billing.bill.updated', changed, now));
    }
    if (bill.status === 'expired' && unpaidBefore && !unpaidAfter) {
      events.push(billEvent('billing.bill.paid_after_expiry', (await findBill(tx, bill.id))!, now));
    } else if (bill.status === 'expired' && billStatus === 'expired' && !unpaidBefore && unpaidAfter) {
      // an expired repeat bill (or one paid only by another amount) lost its only payment: flagged again
      events.push(billEvent('billing.bill.expired', bill, now, true));
    }
    await deps.outbox.add(tx, events);
    deps.metrics.storePayments.inc({ status: fold.emit });
    deps.eventsCommitted();
  }, { livemode: envelope.livemode, event_id: envelope.id });
}
