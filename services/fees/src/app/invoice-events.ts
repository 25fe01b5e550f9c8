import { feesEventsV1 } from '@kessai/contracts';
import type { DomainEvent } from '@kessai/platform';
import type { InvoicePaymentView, InvoiceView } from './views';
import { invoicePaymentToWire, invoiceToWire } from './wire';

/** fees.invoice.issued (docs/events.md). */
export function invoiceIssuedEvent(i: InvoiceView): DomainEvent {
  return {
    type: 'fees.invoice.issued', aggregateId: i.id, merchantId: i.merchantId, livemode: i.livemode, occurredAt: i.issuedAt,
    payloadType: 'kessai.fees.events.v1.InvoiceIssued', payload: feesEventsV1.InvoiceIssued.encode({ invoice: invoiceToWire(i) }).finish(),
  };
}

/** fees.invoice.paid: settled by a deposit into the invoice account. */
export function invoicePaidEvent(i: InvoiceView, depositId: string, amount: number, at: Date): DomainEvent {
  return {
    type: 'fees.invoice.paid', aggregateId: i.id, merchantId: i.merchantId, livemode: i.livemode, occurredAt: at,
    payloadType: 'kessai.fees.events.v1.InvoicePaid', payload: feesEventsV1.InvoicePaid.encode({ invoice: invoiceToWire(i), depositId, amount }).finish(),
  };
}

/** fees.invoice.overdue: past its due date unpaid (once). */
export function invoiceOverdueEvent(i: InvoiceView): DomainEvent {
  return {
    type: 'fees.invoice.overdue', aggregateId: i.id, merchantId: i.merchantId, livemode: i.livemode, occurredAt: i.overdueAt ?? new Date(0),
    payloadType: 'kessai.fees.events.v1.InvoiceOverdue', payload: feesEventsV1.InvoiceOverdue.encode({ invoice: invoiceToWire(i) }).finish(),
  };
}

/** fees.invoice_payment.unmatched: held for an operator. */
export function paymentUnmatchedEvent(p: InvoicePaymentView, at: Date): DomainEvent {
  return {
    type: 'fees.invoice_payment.unmatched', aggregateId: p.depositId, merchantId: p.merchantId, livemode: p.livemode, occurredAt: at,
    payloadType: 'kessai.fees.events.v1.InvoicePaymentUnmatched', payload: feesEventsV1.InvoicePaymentUnmatched.encode({ payment: invoicePaymentToWire(p) }).finish(),
  };
}
