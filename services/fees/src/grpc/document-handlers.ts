import { feesV1 } from '@kessai/contracts';
import type { UnaryHandlers } from '@kessai/platform';
import type { FeesDeps } from '../app/deps';
import type { DocumentFormat, DocumentSettings, RenderedDocument } from '../app/documents';
import { getInvoiceDocument, type InvoiceSource } from '../app/get-invoice-document';
import { getStatementDocument } from '../app/get-statement-document';

const FORMATS: Partial<Record<feesV1.DocumentFormat, DocumentFormat>> = {
  [feesV1.DocumentFormat.DOCUMENT_FORMAT_PDF]: 'pdf',
  [feesV1.DocumentFormat.DOCUMENT_FORMAT_CSV]: 'csv',
};

const wire = (d: RenderedDocument) => ({ filename: d.filename, contentType: d.contentType, content: d.content });

/** DocumentService: wire <-> use case. */
export function documentHandlers(deps: FeesDeps, settings: DocumentSettings, invoices: InvoiceSource): UnaryHandlers<typeof feesV1.DocumentServiceService> {
  return {
    async getStatementDocument(req) {
      return wire(await getStatementDocument(deps, settings, { statementId: req.statementId, merchantId: req.merchantId, format: FORMATS[req.format] ?? '', encoding: req.encoding, includeTenants: req.includeTenants }));
    },
    async getInvoiceDocument(req) {
      return wire(await getInvoiceDocument(deps, settings, invoices, { invoiceId: req.invoiceId, merchantId: req.merchantId, format: FORMATS[req.format] ?? '', encoding: req.encoding, includeTenants: req.includeTenants }));
    },
  };
}
