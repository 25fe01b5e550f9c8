import { feesEventsV1, type feesV1 } from '@kessai/contracts';
import type { EventEnvelope } from '@kessai/platform';

/** The remittance-fee invoice part of the public event catalogue (docs/events.md). */
export const INVOICE_PUBLIC_TYPES = {
  'invoice.issued': 'Kessai issued your monthly remittance-fee invoice: pay its `total` into your invoice account by `due_date`.',
  'invoice.paid': 'A payment into your invoice account settled an invoice.',
  'invoice.overdue': 'An invoice passed its due date unpaid.',
} as const;
export type InvoicePublicType = keyof typeof INVOICE_PUBLIC_TYPES;

export const INVOICE_PUBLIC_SOURCES = ['fees.invoice.issued', 'fees.invoice.paid', 'fees.invoice.overdue'] as const;

/** fees.invoice.<event> → invoice.<event> with the invoice as `data.object`, or null. Pure. */
export function invoicePublicEvent(envelope: EventEnvelope): { type: InvoicePublicType; object: Record<string, unknown> } | null {
  let invoice: feesV1.Invoice | undefined;
  if (envelope.type === 'fees.invoice.issued') invoice = feesEventsV1.InvoiceIssued.decode(envelope.payload).invoice;
  else if (envelope.type === 'fees.invoice.paid') invoice = feesEventsV1.InvoicePaid.decode(envelope.payload).invoice;
  else if (envelope.type === 'fees.invoice.overdue') invoice = feesEventsV1.InvoiceOverdue.decode(envelope.payload).invoice;
  else return null;
  if (!invoice) return null;
  const iso = (d: Date | undefined) => (d ? d.toISOString() : null);
  return {
    type: envelope.type.replace(/^fees\./, '') as InvoicePublicType,
    object: {
      object: 'invoice', id: invoice.id, status: invoice.status, month: invoice.month, period_start: invoice.periodStart, period_end: invoice.periodEnd,
      due_date: invoice.dueDate, fees: invoice.fees, consumption_tax: invoice.consumptionTax, total: invoice.total, currency: 'jpy',
      lines: invoice.lines.map((l) => ({ kind: l.kind, quantity: l.quantity, amount: l.amount })),
      issued: iso(invoice.issuedAt), paid: iso(invoice.paidAt), overdue: iso(invoice.overdueAt),
    },
  };
}
