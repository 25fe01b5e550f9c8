import { NotFoundError, useCase, ValidationError } from '@kessai/platform';
import { remittanceInvoice, type InvoiceInput } from '../domain/qualified-invoice';
import type { FeesDeps } from './deps';
import { documentRequest, recipient, renderDocument, type DocumentFormat, type DocumentSettings, type RenderedDocument } from './documents';

/**
 * Where a remittance invoice's facts come from: `INVOICES`
 * (app/invoice-source.ts) reads fees.invoices, wired in main.ts;
 * `NO_INVOICES` knows none (every id not found).
 */
export interface InvoiceSource {
  /** The invoice of that merchant, or of one of its tenants with includeTenants (null when there is none, or it is anyone else's). */
  find(deps: FeesDeps, invoiceId: string, merchantId: string, includeTenants: boolean): Promise<InvoiceInput | null>;
}

export const NO_INVOICES: InvoiceSource = { find: async () => null };

/** A monthly remittance invoice as a qualified invoice, PDF or CSV: due date and invoice account included. Another merchant's is not found. */
export function getInvoiceDocument(
  deps: FeesDeps,
  settings: DocumentSettings,
  invoices: InvoiceSource,
  req: { invoiceId: string; merchantId: string; format: DocumentFormat | ''; encoding: string; includeTenants?: boolean },
): Promise<RenderedDocument> {
  return useCase('fees.get_invoice_document', async () => {
    if (!req.invoiceId) throw ValidationError.field('invoice_id', 'is required');
    if (!req.merchantId) throw ValidationError.field('merchant_id', 'is required');
    const wanted = documentRequest(req.format, req.encoding);
    const invoice = await invoices.find(deps, req.invoiceId, req.merchantId, req.includeTenants ?? false);
    if (!invoice) throw new NotFoundError('invoice', req.invoiceId);
    // addressed to the invoice's merchant, with its invoice account of the invoice's mode to pay into
    const to = await recipient(deps, invoice.merchantId, invoice.livemode);
    return renderDocument(remittanceInvoice({ ...invoice, payTo: invoice.payTo || to.invoiceAccount }, settings.issuer, to.name), wanted, settings);
  });
}
