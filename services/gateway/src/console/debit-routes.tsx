import { DomainError } from '@kessai/platform';
import type { Request, Router } from 'express';
import { consoleCreateDebit } from '../app/console/create-debit';
import { consoleCreateDebitBatch } from '../app/console/create-debit-batch';
import type { ConsoleDeps } from '../app/console/deps';
import { batchToRest } from '../http/routes/debit-batches';
import { debitCustomerToRest } from '../http/routes/debit-customers';
import { debitFilter, debitFilterQuery, debitToRest } from '../http/routes/debits';
import { MANDATE_STATUS, mandateToRest } from '../http/routes/mandates';
import { mismatchToRest } from '../http/routes/mandate-mismatches';
import { accountTransferV1 } from '@kessai/contracts';
import { field, query } from './http-helpers';
import { BatchesPage, BatchPage, DebitCustomersPage, DebitPage, DebitsPage, MandatesPage, MismatchesPage, type DebitFilters } from './pages/debits';
import { ISO_DATE, PAGE, rowErrors, sendFile, uploadedFile, uploadForm, violations, withQuery, type Call, type Errors, type RowError, type SignedIn } from './route-kit';

const FILTER_KEYS = ['customer', 'created_from', 'created_to', 'result_code', 'status', 'amount_min', 'amount_max', 'batch'] as const;
const encodingOf = (req: Request) => (query(req, 'encoding') === 'shift_jis' ? 'shift_jis' : 'utf-8');

/** The debit history's search, read with the REST route's schema: each bad filter named. */
function debitFilters(req: Request): { filters: DebitFilters; errors: Errors; parsed?: ReturnType<typeof debitFilterQuery.parse> } {
  const filters: DebitFilters = Object.fromEntries(FILTER_KEYS.map((k) => [k, query(req, k)]).filter(([, v]) => v !== undefined));
  const r = debitFilterQuery.safeParse(filters);
  if (r.success) return { filters, errors: [], parsed: r.data };
  return { filters, errors: r.error.issues.map((i) => ({ field: String(i.path[0] ?? '_'), message: i.message })) };
}

/**
 * The account-transfer pages (docs/console.md, "Direct debit"): the customer
 * master, mandates, a single debit with its result at once, bulk uploads with
 * their progress and results, the history with search, and the mismatch list,
 * on the account-transfer gRPC API as the REST routes use it.
 */
export function mountDebitPages(r: Router, { deps, signedIn }: { deps: ConsoleDeps; signedIn: SignedIn }): void {
  const at = deps.accountTransfer;

  r.get('/debit-customers', signedIn('debits.view', async ({ req, actor, ctx, render }) => {
    const search = query(req, 'query');
    const res = await at.listCustomers({ livemode: actor.livemode, merchantId: actor.merchant.id, query: search ?? '', pageSize: PAGE, startingAfter: query(req, 'after') ?? '' });
    const last = res.customers[res.customers.length - 1];
    render(200, ctx.t('debitCustomers'), <DebitCustomersPage ctx={ctx} customers={res.customers.map(debitCustomerToRest)} search={search} nextHref={res.hasMore && last ? withQuery('/console/debit-customers', { query: search, after: last.id }) : undefined} />);
  }));

  r.get('/mandates', signedIn('debits.view', async ({ req, actor, ctx, render }) => {
    const filters = { customer: query(req, 'customer'), status: query(req, 'status') };
    const status = filters.status && filters.status in MANDATE_STATUS ? MANDATE_STATUS[filters.status as keyof typeof MANDATE_STATUS] : accountTransferV1.MandateStatus.MANDATE_STATUS_UNSPECIFIED;
    const res = await at.listMandates({ livemode: actor.livemode, merchantId: actor.merchant.id, customerId: filters.customer ?? '', status, pageSize: PAGE, startingAfter: query(req, 'after') ?? '' });
    const last = res.mandates[res.mandates.length - 1];
    render(200, ctx.t('mandates'), <MandatesPage ctx={ctx} mandates={res.mandates.map(mandateToRest)} filters={filters} nextHref={res.hasMore && last ? withQuery('/console/mandates', { ...filters, after: last.id }) : undefined} />);
  }));

  const debitsPage = async (c: Call, status: number, single: { values?: Record<string, string>; errors?: Errors } = {}) => {
    const { filters, errors, parsed } = debitFilters(c.req);
    if (!parsed) return c.render(422, c.ctx.t('debitHistory'), <DebitsPage ctx={c.ctx} debits={[]} filters={filters} errors={errors} values={single.values} debitErrors={single.errors} />);
    const res = await at.listDebits({ filter: debitFilter(c.actor.livemode, c.actor.merchant.id, parsed), pageSize: PAGE, startingAfter: query(c.req, 'after') ?? '' });
    const last = res.debits[res.debits.length - 1];
    const nextHref = res.hasMore && last ? withQuery('/console/debits', { ...filters, after: last.id }) : undefined;
    c.render(status, c.ctx.t('debitHistory'), <DebitsPage ctx={c.ctx} debits={res.debits.map(debitToRest)} filters={filters} errors={[]} nextHref={nextHref} values={single.values} debitErrors={single.errors} />);
  };
  r.get('/debits', signedIn('debits.view', (c) => debitsPage(c, 200)));

  r.post('/debits', signedIn('debits.create', async (c) => {
    const values = { customer: field(c.req.body, 'customer').trim(), amount: field(c.req.body, 'amount').trim(), description: field(c.req.body, 'description') };
    const errors: Errors = [];
    const amountText = values.amount.replace(/[,，¥円\s]/g, '');
    const amount = Number(amountText);
    if (!values.customer) errors.push({ field: 'customer', message: c.ctx.t('requiredField') });
    if (!/^\d+$/.test(amountText) || amount < 1 || amount > 1_000_000) errors.push({ field: 'amount', message: c.ctx.t('debitAmountRange') });
    if (errors.length) return debitsPage(c, 422, { values, errors });
    try {
      const debit = await consoleCreateDebit(deps, c.actor, { customerId: values.customer, amount, contractId: '', description: values.description });
      c.res.redirect(303, `/console/debits/${encodeURIComponent(debit.id)}`);
    } catch (err) {
      // a bank in maintenance, or its answer lost: said on the page; the same form can be sent again
      const v = violations(err) ?? (err instanceof DomainError && (err.kind === 'unavailable' || err.kind === 'not_found') ? [{ field: err.kind === 'not_found' ? 'customer' : '_', message: err.message }] : undefined);
      if (!v) throw err;
      await debitsPage(c, err instanceof DomainError && err.kind === 'unavailable' ? 503 : 422, { values, errors: v });
    }
  }));

  r.get('/debits/export', signedIn('debits.export', async ({ req, res, actor, ctx, render }) => {
    const { filters, errors, parsed } = debitFilters(req);
    if (!parsed) return render(422, ctx.t('debitHistory'), <DebitsPage ctx={ctx} debits={[]} filters={filters} errors={errors} />);
    const encoding = encodingOf(req);
    const out = await at.exportDebits({ filter: debitFilter(actor.livemode, actor.merchant.id, parsed), encoding });
    sendFile(res, { contentType: out.contentType, filename: `debits${encoding === 'shift_jis' ? '-sjis' : ''}.csv`, data: out.csv });
  }));

  r.get('/debits/:id', signedIn('debits.view', async ({ req, actor, ctx, render }) => {
    const { debit } = await at.getDebit({ livemode: actor.livemode, merchantId: actor.merchant.id, debitId: String(req.params.id) });
    render(200, ctx.t('debitDetail', debit!.id), <DebitPage ctx={ctx} debit={debitToRest(debit!)} />);
  }));

  const batchesPage = async (c: Call, status: number, extra: { rowErrors?: RowError[]; errors?: Errors } = {}) => {
    const res = await at.listDebitBatches({ livemode: c.actor.livemode, merchantId: c.actor.merchant.id, pageSize: PAGE, startingAfter: query(c.req, 'after') ?? '' });
    const last = res.batches[res.batches.length - 1];
    c.render(status, c.ctx.t('debitBatches'), <BatchesPage ctx={c.ctx} batches={res.batches.map(batchToRest)} nextHref={res.hasMore && last ? withQuery('/console/debit-batches', { after: last.id }) : undefined} {...extra} />);
  };
  r.get('/debit-batches', signedIn('debits.view', (c) => batchesPage(c, 200)));

  r.post('/debit-batches', ...uploadForm(), signedIn('debits.create', async (c) => {
    const file = uploadedFile(c.req, 'file');
    if (!file) return batchesPage(c, 422, { errors: [{ field: 'file', message: c.ctx.t('chooseFile') }] });
    try {
      const batch = await consoleCreateDebitBatch(deps, c.actor, file.data, file.filename);
      c.res.redirect(303, `/console/debit-batches/${encodeURIComponent(batch.id)}`);
    } catch (err) {
      const rows = rowErrors(err, file.data);
      if (!rows) throw err;
      await batchesPage(c, 422, { rowErrors: rows });
    }
  }));

  r.get('/debit-batches/:id', signedIn('debits.view', async ({ req, actor, ctx, render }) => {
    const id = String(req.params.id);
    const { batch } = await at.getDebitBatch({ livemode: actor.livemode, merchantId: actor.merchant.id, batchId: id });
    const view = batchToRest(batch!);
    const filter = debitFilter(actor.livemode, actor.merchant.id, { batch: id });
    const { debits } = await at.listDebits({ filter, pageSize: 100, startingAfter: '' });
    // while the batch runs the page reloads itself (no script needed) to show the counts move
    render(200, ctx.t('batchDetail', id), <BatchPage ctx={ctx} batch={view} debits={debits.map(debitToRest)} />, view.status === 'completed' ? {} : { refreshSeconds: 2 });
  }));

  r.get('/debit-batches/:id/results', signedIn('debits.export', async ({ req, res, actor }) => {
    const id = String(req.params.id);
    const out = await at.exportDebitBatchResults({ livemode: actor.livemode, merchantId: actor.merchant.id, batchId: id, encoding: encodingOf(req) });
    sendFile(res, { contentType: out.contentType, filename: `${id}-results.csv`, data: out.csv });
  }));

  r.get('/mandate-mismatches', signedIn('debits.view', async ({ req, actor, ctx, render }) => {
    const runOn = query(req, 'run_on');
    if (runOn && !ISO_DATE.test(runOn)) return render(422, ctx.t('mismatches'), <MismatchesPage ctx={ctx} mismatches={[]} runOn={runOn} errors={[{ field: 'run_on', message: 'YYYY-MM-DD' }]} />);
    const res = await at.listMandateMismatches({ livemode: actor.livemode, merchantId: actor.merchant.id, runOn: runOn ?? '', pageSize: 100, startingAfter: query(req, 'after') ?? '' });
    const last = res.mismatches[res.mismatches.length - 1];
    render(200, ctx.t('mismatches'), <MismatchesPage ctx={ctx} mismatches={res.mismatches.map(mismatchToRest)} runOn={runOn} errors={[]} nextHref={res.hasMore && last ? withQuery('/console/mandate-mismatches', { run_on: runOn, after: last.id }) : undefined} />);
  }));

  r.get('/mandate-mismatches/export', signedIn('debits.export', async ({ req, res, actor }) => {
    const runOn = query(req, 'run_on');
    const out = await at.exportMandateMismatches({ livemode: actor.livemode, merchantId: actor.merchant.id, runOn: runOn && ISO_DATE.test(runOn) ? runOn : '', encoding: encodingOf(req) });
    sendFile(res, { contentType: out.contentType, filename: `mandate-mismatches${runOn ? `-${runOn}` : ''}.csv`, data: out.csv });
  }));
}
