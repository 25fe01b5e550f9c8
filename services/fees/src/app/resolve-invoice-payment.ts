import { NotFoundError, useCase, ValidationError, type FieldViolation } from '@kessai/platform';
import { invoicePaymentsStore } from '../db/invoice-payments-store';
import { invoicesStore } from '../db/invoices-store';
import type { PaymentResolution } from '../domain/invoice';
import type { FeesDeps } from './deps';
import { invoicePaidEvent } from './invoice-events';
import type { InvoicePaymentView, InvoiceView } from './views';

const ACTIONS: readonly PaymentResolution[] = ['apply', 'refund'];

/**
 * An operator's decision on an unmatched invoice payment: apply it to a named
 * unpaid invoice of the same merchant and mode (the invoice is paid; the
 * ledger books what the deposit brought, so a short payment leaves the rest
 * owed on fees_receivable), or mark it refunded (returned outside Kessai;
 * nothing posted). The same decision again answers the payment as it is; a
 * different one on a resolved payment is refused.
 */
export function resolveInvoicePayment(
  deps: FeesDeps,
  req: { depositId: string; action: string; invoiceId: string; note: string },
): Promise<{ payment: InvoicePaymentView; invoice: InvoiceView | null }> {
  return useCase('fees.resolve_invoice_payment', async () => {
    const v: FieldViolation[] = [];
    if (!req.depositId) v.push({ field: 'deposit_id', description: 'is required' });
    if (!ACTIONS.includes(req.action as PaymentResolution)) v.push({ field: 'action', description: `must be one of ${ACTIONS.join(', ')}` });
    if (req.action === 'apply' && !req.invoiceId) v.push({ field: 'invoice_id', description: 'is required to apply a payment' });
    if (req.action === 'refund' && req.invoiceId) v.push({ field: 'invoice_id', description: 'must be empty to refund a payment' });
    if (req.note.length > 500) v.push({ field: 'note', description: 'at most 500 characters' });
    if (v.length) throw new ValidationError(v);
    const result = await deps.dataSource.transaction(async (tx) => {
      const payment = await invoicePaymentsStore.get(tx, req.depositId, true);
      if (!payment) throw new NotFoundError('invoice payment', req.depositId);
      const wanted = req.action === 'apply' ? 'applied' : 'refunded';
      if (payment.status !== 'unmatched') {
        if (payment.status === wanted && (wanted === 'refunded' || payment.invoiceId === req.invoiceId)) {
          return { payment, invoice: payment.invoiceId ? await invoicesStore.get(tx, payment.invoiceId) : null, changed: false };
        }
        throw ValidationError.field('deposit_id', `the payment is already ${payment.status}${payment.invoiceId ? ` (invoice ${payment.invoiceId})` : ''}`);
      }
      const now = deps.clock.now();
      if (wanted === 'refunded') {
        const done = await invoicePaymentsStore.resolve(tx, payment.depositId, { status: 'refunded', invoiceId: null, note: req.note, at: now });
        return { payment: done!, invoice: null, changed: true };
      }
      const invoice = await invoicesStore.get(tx, req.invoiceId, true);
      if (!invoice || invoice.merchantId !== payment.merchantId || invoice.livemode !== payment.livemode) throw ValidationError.field('invoice_id', 'no invoice of the payment’s merchant and mode has this id');
      if (invoice.status === 'paid') throw ValidationError.field('invoice_id', `invoice ${invoice.id} is already paid`);
      const paid = await invoicesStore.markPaid(tx, invoice.id, payment.depositId, now);
      const done = await invoicePaymentsStore.resolve(tx, payment.depositId, { status: 'applied', invoiceId: invoice.id, note: req.note, at: now });
      await deps.outbox.add(tx, [invoicePaidEvent(paid!, payment.depositId, payment.amount, now)]);
      return { payment: done!, invoice: paid, changed: true };
    });
    if (result.changed) deps.eventsCommitted();
    return { payment: result.payment, invoice: result.invoice };
  });
}
