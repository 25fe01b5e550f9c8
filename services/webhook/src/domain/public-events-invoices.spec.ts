import { feesEventsV1, feesV1 } from '@kessai/contracts';
import type { EventEnvelope } from '@kessai/platform';
import { PUBLIC_EVENT_SOURCES, PUBLIC_EVENT_TYPES, toPublicEvents } from './public-events';

const envelope = (type: string, payload: Uint8Array, merchantId = 'mer_1'): EventEnvelope => ({
  id: 'evt_1', type, version: 1, occurredAt: new Date('2027-02-01T03:00:00Z'), source: 'fees', merchantId, livemode: false,
  traceparent: '', payloadType: '', payload: Buffer.from(payload), aggregateId: 'inv_1',
});
const invoice = feesV1.Invoice.fromPartial({
  id: 'inv_1', merchantId: 'mer_1', month: '2026-12', periodStart: '2026-12-01', periodEnd: '2026-12-31', dueDate: '2027-01-31', status: 'overdue',
  fees: 11_100, consumptionTax: 1_110, total: 12_210, lines: [{ kind: 'initial', quantity: 1, amount: 10_000 }], issuedAt: new Date('2027-01-01T00:00:00Z'), overdueAt: new Date('2027-02-01T03:00:00Z'),
});

describe('invoice events made public', () => {
  it('maps fees.invoice.issued, .paid and .overdue to invoice.*, with the invoice', () => {
    for (const t of ['issued', 'paid', 'overdue']) expect(PUBLIC_EVENT_SOURCES).toContain(`fees.invoice.${t}`);
    for (const t of ['issued', 'paid', 'overdue']) expect(PUBLIC_EVENT_TYPES).toHaveProperty([`invoice.${t}`]);
    const [overdue] = toPublicEvents(envelope('fees.invoice.overdue', feesEventsV1.InvoiceOverdue.encode({ invoice }).finish()));
    expect(overdue).toMatchObject({ type: 'invoice.overdue', merchantId: 'mer_1', livemode: false });
    expect(overdue.object).toMatchObject({ object: 'invoice', id: 'inv_1', status: 'overdue', total: 12_210, consumption_tax: 1_110, due_date: '2027-01-31', paid: null, overdue: '2027-02-01T03:00:00.000Z' });
    const [paid] = toPublicEvents(envelope('fees.invoice.paid', feesEventsV1.InvoicePaid.encode({ invoice: { ...invoice, status: 'paid' }, depositId: 'dep_1', amount: 12_210 }).finish()));
    expect(paid.type).toBe('invoice.paid');
    expect(toPublicEvents(envelope('fees.invoice.issued', feesEventsV1.InvoiceIssued.encode({ invoice }).finish(), ''))).toEqual([]);
    expect(toPublicEvents(envelope('fees.invoice_payment.unmatched', new Uint8Array()))).toEqual([]);
  });
});
