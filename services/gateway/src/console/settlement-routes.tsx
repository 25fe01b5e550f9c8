import { feesV1 } from '@kessai/contracts';
import type { Request, Router } from 'express';
import { productScope } from '../app/console/actor';
import type { ConsoleDeps } from '../app/console/deps';
import { query } from './http-helpers';
import { FeeItemsPage, INVOICE_STATUSES, InvoicePage, InvoicesPage, PAYOUT_STATES, PayoutsPage, StatementPage, StatementsPage } from './pages/settlement';
import { ISO_DATE, PAGE, sendFile, withQuery, type SignedIn } from './route-kit';

/** an owner acting as itself sees its tenants' statements and fee items too (as its bills) */
const withTenants = (actor: Parameters<typeof productScope>[0]) => productScope(actor).includeTenants;

const oneOf = <T extends string>(all: readonly T[], v: string | undefined): T | undefined => (v && (all as readonly string[]).includes(v) ? (v as T) : undefined);

/** ?format=pdf|csv&encoding=shift_jis of a document download (anything else: PDF, UTF-8). */
function documentFormat(req: Request) {
  const csv = query(req, 'format') === 'csv';
  // the encoding applies to CSV only (the fees service refuses one with a PDF)
  if (!csv) return { format: feesV1.DocumentFormat.DOCUMENT_FORMAT_PDF, encoding: '' };
  return { format: feesV1.DocumentFormat.DOCUMENT_FORMAT_CSV, encoding: query(req, 'encoding') === 'shift_jis' ? 'shift_jis' : 'utf-8' };
}

/**
 * The settlement pages (docs/console.md, "Settlement"): the acting merchant's
 * collection statements and the fee items behind them, payouts and their
 * state, remittance-fee invoices and their payment, and the qualified-invoice
 * documents (PDF, CSV), all on the fees service's gRPC APIs. A tenant's are
 * seen by switching to the tenant; another merchant's are "not found" (the
 * fees service checks the merchant of every one).
 */
export function mountSettlementPages(r: Router, { deps, signedIn }: { deps: ConsoleDeps; signedIn: SignedIn }): void {
  const { fees, payouts, invoices, documents } = deps.settlement;

  r.get('/statements', signedIn('settlement.view', async ({ req, actor, ctx, render }) => {
    const res = await fees.listStatements({ merchantId: actor.merchant.id, livemode: actor.livemode, includeTenants: withTenants(actor), pageSize: PAGE, pageToken: query(req, 'page') ?? '' });
    const nextHref = res.nextPageToken ? withQuery('/console/statements', { page: res.nextPageToken }) : undefined;
    render(200, ctx.t('statements'), <StatementsPage ctx={ctx} statements={res.statements} nextHref={nextHref} />);
  }));

  r.get('/statements/:id', signedIn('settlement.view', async ({ req, actor, ctx, render }) => {
    const { statement } = await fees.getStatement({ statementId: String(req.params.id), merchantId: actor.merchant.id, includeTenants: withTenants(actor) });
    if (!statement) throw new Error('the fees service answered without a statement');
    render(200, ctx.t('statements'), <StatementPage ctx={ctx} statement={statement} />);
  }));

  r.get('/statements/:id/document', signedIn('settlement.export', async ({ req, res, actor }) => {
    const d = await documents.getStatementDocument({ statementId: String(req.params.id), merchantId: actor.merchant.id, includeTenants: withTenants(actor), ...documentFormat(req) });
    sendFile(res, { contentType: d.contentType, filename: d.filename, data: d.content });
  }));

  r.get('/fee-items', signedIn('settlement.view', async ({ req, actor, ctx, render }) => {
    const date = (name: string) => {
      const v = query(req, name);
      return v && ISO_DATE.test(v) ? v : undefined;
    };
    const filters = { from: date('from'), to: date('to'), kind: query(req, 'kind') };
    const res = await fees.listFeeItems({
      merchantId: actor.merchant.id, livemode: actor.livemode, includeTenants: withTenants(actor), pageSize: PAGE, pageToken: query(req, 'page') ?? '',
      kind: filters.kind ?? '', causeId: '', fromDate: filters.from ?? '', toDate: filters.to ?? '',
    });
    const nextHref = res.nextPageToken ? withQuery('/console/fee-items', { ...filters, page: res.nextPageToken }) : undefined;
    render(200, ctx.t('feeItems'), <FeeItemsPage ctx={ctx} items={res.items} filters={filters} nextHref={nextHref} />);
  }));

  r.get('/payouts', signedIn('settlement.view', async ({ req, actor, ctx, render }) => {
    const status = oneOf(PAYOUT_STATES, query(req, 'status'));
    const res = await payouts.listPayouts({ merchantId: actor.merchant.id, livemode: actor.livemode, pageSize: PAGE, pageToken: query(req, 'page') ?? '', state: status ?? '' });
    const nextHref = res.nextPageToken ? withQuery('/console/payouts', { status, page: res.nextPageToken }) : undefined;
    render(200, ctx.t('payouts'), <PayoutsPage ctx={ctx} payouts={res.payouts} status={status} nextHref={nextHref} />);
  }));

  r.get('/invoices', signedIn('settlement.view', async ({ req, actor, ctx, render }) => {
    const status = oneOf(INVOICE_STATUSES, query(req, 'status'));
    const res = await invoices.listInvoices({ merchantId: actor.merchant.id, livemode: actor.livemode, pageSize: PAGE, pageToken: query(req, 'page') ?? '', status: status ?? '' });
    const nextHref = res.nextPageToken ? withQuery('/console/invoices', { status, page: res.nextPageToken }) : undefined;
    render(200, ctx.t('invoices'), <InvoicesPage ctx={ctx} invoices={res.invoices} status={status} nextHref={nextHref} payInto={invoiceAccount(actor)} />);
  }));

  r.get('/invoices/:id', signedIn('settlement.view', async ({ req, actor, ctx, render }) => {
    const { invoice } = await invoices.getInvoice({ invoiceId: String(req.params.id), merchantId: actor.merchant.id });
    if (!invoice) throw new Error('the fees service answered without an invoice');
    render(200, ctx.t('invoices'), <InvoicePage ctx={ctx} invoice={invoice} payInto={invoiceAccount(actor)} />);
  }));

  r.get('/invoices/:id/document', signedIn('settlement.export', async ({ req, res, actor }) => {
    const d = await documents.getInvoiceDocument({ invoiceId: String(req.params.id), merchantId: actor.merchant.id, includeTenants: withTenants(actor), ...documentFormat(req) });
    sendFile(res, { contentType: d.contentType, filename: d.filename, data: d.content });
  }));
}

/** The acting merchant's invoice account number in the acting mode: where its invoices are paid (docs/reference/fees-and-settlement.md#invoices). */
function invoiceAccount(actor: { livemode: boolean; merchant: { test_invoice_account_number: string; live_invoice_account_number: string } }): string | undefined {
  return (actor.livemode ? actor.merchant.live_invoice_account_number : actor.merchant.test_invoice_account_number) || undefined;
}
