import { csvContentType, csvEncodingOf, ValidationError } from '@kessai/platform';
import { renderInvoiceCsv } from '../documents/csv';
import { documentFilename } from '../documents/labels';
import { renderInvoicePdf } from '../documents/pdf';
import type { Issuer, QualifiedInvoice } from '../domain/qualified-invoice';
import type { FeesDeps } from './deps';

/** How documents are issued: the issuer on every one (config FEES_ISSUER_*) and the font embedded in PDFs. */
export interface DocumentSettings {
  issuer: Issuer;
  fontPath: string;
}

export type DocumentFormat = 'pdf' | 'csv';

/** A rendered document, ready to download. */
export interface RenderedDocument {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** Checks the format and encoding before anything is read (each problem names its field). */
export function documentRequest(format: DocumentFormat | '', encoding: string): { format: DocumentFormat; encoding: 'utf-8' | 'shift_jis' } {
  if (format !== 'pdf' && format !== 'csv') throw ValidationError.field('format', 'must be pdf or csv');
  const enc = csvEncodingOf(encoding, 'encoding') ?? 'utf-8';
  if (format === 'pdf' && encoding) throw ValidationError.field('encoding', 'applies to csv only');
  return { format, encoding: enc };
}

export async function renderDocument(doc: QualifiedInvoice, req: { format: DocumentFormat; encoding: 'utf-8' | 'shift_jis' }, settings: DocumentSettings): Promise<RenderedDocument> {
  if (req.format === 'pdf') return { filename: documentFilename(doc, 'pdf'), contentType: 'application/pdf', content: await renderInvoicePdf(doc, { fontPath: settings.fontPath }) };
  return { filename: documentFilename(doc, 'csv'), contentType: csvContentType(req.encoding), content: renderInvoiceCsv(doc, req.encoding) };
}

/** The recipient's name as the gateway has it now (the merchant or tenant the document is addressed to). */
export async function recipientName(deps: Pick<FeesDeps, 'gateway'>, merchantId: string): Promise<string> {
  return (await recipient(deps, merchantId, false)).name;
}

/** The recipient's name and its invoice account of the mode ('' when the gateway knows none). */
export async function recipient(deps: Pick<FeesDeps, 'gateway'>, merchantId: string, livemode: boolean): Promise<{ name: string; invoiceAccount: string }> {
  const { merchant } = await deps.gateway.getMerchant({ merchantId });
  return { name: merchant?.name ?? merchantId, invoiceAccount: (livemode ? merchant?.liveInvoiceAccountNumber : merchant?.testInvoiceAccountNumber) ?? '' };
}
