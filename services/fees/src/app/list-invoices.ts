import { decodeCursor, encodeCursor, NotFoundError, page, pageSize, useCase, ValidationError } from '@kessai/platform';
import { invoicePaymentsStore, type InvoicePaymentStatus } from '../db/invoice-payments-store';
import { invoicesStore } from '../db/invoices-store';
import type { FeesDeps } from './deps';
import type { InvoicePaymentView, InvoiceView } from './views';

const INVOICE_STATUSES = ['', 'open', 'overdue', 'paid'];
const PAYMENT_STATUSES: InvoicePaymentStatus[] = ['unmatched', 'settled', 'applied', 'refunded'];

/** A merchant's invoices, newest month first (docs/pagination.md). */
export function listInvoices(deps: FeesDeps, req: { merchantId: string; livemode: boolean; status: string; pageSize: number; pageToken: string }): Promise<{ invoices: InvoiceView[]; nextPageToken: string }> {
  return useCase('fees.list_invoices', async () => {
    if (!req.merchantId) throw ValidationError.field('merchant_id', 'is required');
    if (!INVOICE_STATUSES.includes(req.status)) throw ValidationError.field('status', 'must be empty, open, overdue or paid');
    const size = pageSize(req.pageSize);
    const list = `invoices:${req.merchantId}:${req.livemode}:${req.status}`;
    const after = req.pageToken ? decodeCursor(list, req.pageToken, 'page_token') : null;
    const rows = await invoicesStore.list(deps.dataSource, req.merchantId, req.livemode, req.status, after ? { month: String(after.month), id: String(after.id) } : null, size + 1);
    const { items, hasMore } = page(rows, size);
    const last = items[items.length - 1];
    return { invoices: items, nextPageToken: hasMore ? encodeCursor(list, { month: last.month, id: last.id }) : '' };
  }, { livemode: req.livemode });
}

/** One invoice of the merchant (another merchant's is not found). */
export function getInvoice(deps: FeesDeps, invoiceId: string, merchantId: string): Promise<InvoiceView> {
  return useCase('fees.get_invoice', async () => {
    if (!invoiceId) throw ValidationError.field('invoice_id', 'is required');
    if (!merchantId) throw ValidationError.field('merchant_id', 'is required');
    const i = await invoicesStore.get(deps.dataSource, invoiceId);
    if (!i || i.merchantId !== merchantId) throw new NotFoundError('invoice', invoiceId);
    return i;
  });
}

/** Payments into invoice accounts by status (default: unmatched, for review), oldest first; one merchant's or everyone's. */
export function listInvoicePayments(deps: FeesDeps, req: { merchantId: string; livemode: boolean; status: string; pageSize: number; pageToken: string }): Promise<{ payments: InvoicePaymentView[]; nextPageToken: string }> {
  return useCase('fees.list_invoice_payments', async () => {
    const status = (req.status || 'unmatched') as InvoicePaymentStatus;
    if (!PAYMENT_STATUSES.includes(status)) throw ValidationError.field('status', `must be empty or one of ${PAYMENT_STATUSES.join(', ')}`);
    const size = pageSize(req.pageSize);
    const list = `invoice_payments:${req.merchantId}:${req.livemode}:${status}`;
    const after = req.pageToken ? decodeCursor(list, req.pageToken, 'page_token') : null;
    const rows = await invoicePaymentsStore.list(deps.dataSource, {
      merchantId: req.merchantId, livemode: req.livemode, status, after: after ? { at: String(after.at), id: String(after.id) } : null, limit: size + 1,
    });
    const { items, hasMore } = page(rows, size);
    const last = items[items.length - 1];
    return { payments: items, nextPageToken: hasMore ? encodeCursor(list, { at: last.receivedAt.toISOString(), id: last.depositId }) : '' };
  }, { livemode: req.livemode });
}
