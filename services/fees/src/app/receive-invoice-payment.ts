import { webhookEventsV1 } from '@kessai/contracts';
import { useCase, type EntityManager, type EventEnvelope } from '@kessai/platform';
import { invoicePaymentsStore, type InvoicePaymentRow } from '../db/invoice-payments-store';
import { invoicesStore } from '../db/invoices-store';
import type { FeesDeps } from './deps';
import { invoicePaidEvent, paymentUnmatchedEvent } from './invoice-events';

/**
 * webhook.invoice_payment.received, in the inbox's transaction
 * (docs/reference/fees-and-settlement.md#remittance-fees): a deposit into the
 * merchant's invoice account settles its **oldest unpaid invoice of exactly
 * that amount** (fees.invoice.paid; the ledger posting follows from it); any
 * other amount is held as unmatched for an operator (nothing automatic).
 * Once per deposit (its id). Nothing is ever taken from the merchant's deposit.
 */
export function receiveInvoicePayment(deps: FeesDeps, tx: EntityManager, envelope: EventEnvelope): Promise<InvoicePaymentRow['status'] | 'duplicate'> {
  return useCase('fees.receive_invoice_payment', async () => {
    const e = webhookEventsV1.InvoicePaymentReceived.decode(envelope.payload);
    const merchantId = e.merchantId || envelope.merchantId;
    if (!merchantId || !e.depositId) throw new Error(`event ${envelope.id}: no merchant or deposit`);
    const now = deps.clock.now();
    const invoice = e.amount > 0 ? await invoicesStore.oldestUnpaidOf(tx, merchantId, envelope.livemode, e.amount) : null;
    const row: InvoicePaymentRow = {
      depositId: e.depositId, merchantId, livemode: envelope.livemode, amount: e.amount, virtualAccountNumber: e.virtualAccountNumber, payerNameKana: e.payerNameKana,
      receivedAt: e.receivedAt ?? envelope.occurredAt ?? now, eventId: envelope.id, status: invoice ? 'settled' : 'unmatched', invoiceId: invoice?.id ?? null,
      resolvedAt: invoice ? now : null, note: '', bankReference: e.bankReference, businessDate: e.businessDate || null,
    };
    if (!(await invoicePaymentsStore.insert(tx, row))) return 'duplicate';
    if (invoice) {
      const paid = await invoicesStore.markPaid(tx, invoice.id, e.depositId, now);
      if (!paid) throw new Error(`invoice ${invoice.id} changed while locked`);
      await deps.outbox.add(tx, [invoicePaidEvent(paid, e.depositId, e.amount, now)]);
    } else {
      await deps.outbox.add(tx, [paymentUnmatchedEvent(row, now)]);
      deps.logger.warn({ deposit_id: e.depositId, merchant_id: merchantId, amount: e.amount }, 'invoice payment matches no unpaid invoice by amount: held for review');
    }
    deps.eventsCommitted();
    return row.status;
  }, { livemode: envelope.livemode });
}
