import type { feesV1 } from '@kessai/contracts';
import { decodeCursor, encodeCursor, NotFoundError } from '@kessai/platform';
import { z } from 'zod';
import type { FeesDocumentClient, FeesInvoiceClient } from '../../app/deps';
import { listOf, listQuery, route } from '../api';
import { DOCUMENT_FORMAT, documentQuery } from './statements';

const INVOICE_STATUSES = ['open', 'overdue', 'paid'] as const;

export const invoiceSchema = z
  .object({
    id: z.string(),
    object: z.literal('invoice'),
    livemode: z.boolean(),
    account: z.string().describe('The merchant (or tenant) invoiced.'),
    month: z.string().describe('YYYY-MM: the month invoiced (Asia/Tokyo).'),
    period_start: z.string().describe('YYYY-MM-DD, the month\'s first day.'),
    period_end: z.string().describe('YYYY-MM-DD, the month\'s last day.'),
    due_date: z.string().describe('YYYY-MM-DD: the last day of the following month.'),
    status: z.enum(INVOICE_STATUSES).describe('open, overdue (open past its due date) or paid.'),
    lines: z.array(z.object({ kind: z.string(), quantity: z.number().int(), amount: z.number().int().describe('Yen, excluding tax.') })),
    fees: z.number().int().describe('The lines summed, excluding tax.'),
    consumption_tax: z.number().int().describe('10% on the fees, once per invoice, rounded down.'),
    tax_rate: z.literal(10),
    total: z.number().int().describe('What to pay into the invoice account (see the merchant\'s invoice_account_number).'),
    issued_at: z.string(),
    paid_at: z.string().nullable(),
    overdue_at: z.string().nullable(),
    document_url: z.string().describe('The invoice as a qualified invoice (適格請求書): add ?format=pdf or csv.'),
  })
  .meta({ id: 'Invoice' });

const iso = (d: Date | undefined) => (d ? d.toISOString() : null);

export function invoiceToRest(i: feesV1.Invoice) {
  return {
    id: i.id, object: 'invoice' as const, livemode: i.livemode, account: i.merchantId, month: i.month, period_start: i.periodStart, period_end: i.periodEnd,
    due_date: i.dueDate, status: i.status as (typeof INVOICE_STATUSES)[number], lines: i.lines.map((l) => ({ kind: l.kind, quantity: l.quantity, amount: l.amount })),
    fees: i.fees, consumption_tax: i.consumptionTax, tax_rate: 10 as const, total: i.total, issued_at: iso(i.issuedAt) ?? '', paid_at: iso(i.paidAt),
    overdue_at: iso(i.overdueAt), document_url: `/v1/invoices/${i.id}/document`,
  };
}

const ID = { id: 'The invoice id (inv_…)' };
const listInvoicesQuery = listQuery.extend({ status: z.enum(INVOICE_STATUSES).optional() });

/**
 * Monthly remittance-fee invoices (docs/reference/fees-and-settlement.md#remittance-fees)
 * and their qualified-invoice documents. An invoice is the acting merchant's
 * (an owner reaches a tenant's with Kessai-Account); anyone else's is 404.
 */
export function invoiceRoutes(invoices: Pick<FeesInvoiceClient, 'listInvoices' | 'getInvoice'>, documents: Pick<FeesDocumentClient, 'getInvoiceDocument'>) {
  async function invoiceOf(id: string, merchantId: string, livemode: boolean): Promise<feesV1.Invoice> {
    const { invoice } = await invoices.getInvoice({ invoiceId: id, merchantId });
    // an invoice of the other mode is not this key's
    if (!invoice || invoice.livemode !== livemode) throw new NotFoundError('invoice', id);
    return invoice;
  }
  return [
    route({
      method: 'get',
      path: '/v1/invoices',
      operationId: 'ListInvoices',
      summary: 'List monthly remittance-fee invoices, newest month first',
      tag: 'Statements',
      query: listInvoicesQuery,
      response: listOf(invoiceSchema, 'Invoice'),
      handler: async ({ merchant, livemode, query }) => {
        const list = `invoices:${merchant.id}:${livemode}:${query.status ?? ''}`;
        const pageToken = query.starting_after ? String(decodeCursor(list, query.starting_after).t) : '';
        const r = await invoices.listInvoices({ merchantId: merchant.id, livemode, pageSize: query.limit, pageToken, status: query.status ?? '' });
        const more = r.nextPageToken !== '';
        return { body: { object: 'list', data: r.invoices.map(invoiceToRest), has_more: more, next_cursor: more ? encodeCursor(list, { t: r.nextPageToken }) : null } };
      },
    }),
    route({
      method: 'get',
      path: '/v1/invoices/:id',
      operationId: 'GetInvoice',
      summary: 'Get a monthly invoice: its lines, tax, total, due date and status',
      tag: 'Statements',
      params: ID,
      response: invoiceSchema,
      handler: async ({ merchant, livemode, params }) => ({ body: invoiceToRest(await invoiceOf(params.id, merchant.id, livemode)) }),
    }),
    route({
      method: 'get',
      path: '/v1/invoices/:id/document',
      operationId: 'GetInvoiceDocument',
      summary: 'Download the invoice as a qualified invoice (適格請求書), PDF or CSV',
      description:
        'The remittance fees of the month with their consumption tax (10%, once per document, rounded down), Kessai\'s registration number (T + 13 digits), the due date and the invoice account to pay into.',
      tag: 'Statements',
      params: ID,
      query: documentQuery,
      response: z.string(),
      produces: ['application/pdf', 'text/csv'],
      handler: async ({ merchant, livemode, params, query }) => {
        await invoiceOf(params.id, merchant.id, livemode);
        const d = await documents.getInvoiceDocument({ invoiceId: params.id, merchantId: merchant.id, includeTenants: false, format: DOCUMENT_FORMAT[query.format], encoding: query.encoding ?? '' });
        return { body: null, file: { contentType: d.contentType, data: Buffer.from(d.content), filename: d.filename } };
      },
    }),
  ];
}
