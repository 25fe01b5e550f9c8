import type { feesV1 } from '@kessai/contracts';
import type { UnaryHandlers } from '@kessai/platform';
import type { FeesDeps } from '../app/deps';
import { getInvoice, listInvoicePayments, listInvoices } from '../app/list-invoices';
import { resolveInvoicePayment } from '../app/resolve-invoice-payment';
import { invoicePaymentToWire, invoiceToWire } from '../app/wire';

/** InvoiceService: wire <-> use case. */
export function invoicesHandlers(deps: FeesDeps): UnaryHandlers<typeof feesV1.InvoiceServiceService> {
  return {
    async listInvoices(req) {
      const { invoices, nextPageToken } = await listInvoices(deps, req);
      return { invoices: invoices.map(invoiceToWire), nextPageToken };
    },
    async getInvoice(req) {
      return { invoice: invoiceToWire(await getInvoice(deps, req.invoiceId, req.merchantId)) };
    },
    async listInvoicePayments(req) {
      const { payments, nextPageToken } = await listInvoicePayments(deps, req);
      return { payments: payments.map(invoicePaymentToWire), nextPageToken };
    },
    async resolveInvoicePayment(req) {
      const { payment, invoice } = await resolveInvoicePayment(deps, req);
      return { payment: invoicePaymentToWire(payment), invoice: invoice ? invoiceToWire(invoice) : undefined };
    },
  };
}
