import type { feesV1 } from '@kessai/contracts';
import { Alert, Button, ButtonLink, DetailList, Form, formatDate, formatDateTime, formatYen, Pagination, SelectField, Table } from '@kessai/web';
import { can } from '../../domain/console/roles';
import { consoleMessages } from '../messages';
import { ConsoleFrame, type PageContext } from './frame';

/** The settlement pages (docs/console.md, "Settlement"): the fees service's statements and fee items as its gRPC API gives them. */
export type StatementView = feesV1.Statement;

/** the word for a value the fees service sends as text (a cycle, a fee kind); an unknown one is shown as sent */
function wordFor(ctx: PageContext, key: string, value: string): string {
  return key in consoleMessages.ja ? (ctx.t as (k: string) => string)(key) : value;
}

const statementStatusText = (ctx: PageContext, s: StatementView) => (s.status === 'fixed' ? ctx.t('statementFixed') : ctx.t('statementOpen'));

export function StatementsPage({ ctx, statements, nextHref }: { ctx: PageContext; statements: StatementView[]; nextHref?: string }) {
  const { t, lang } = ctx;
  return (
    <ConsoleFrame ctx={ctx} heading={t('statements')}>
      <p>{t('statementsHint')}</p>
      <Table
        t={t}
        id="statements"
        caption={t('statements')}
        rows={statements}
        rowKey={(s) => s.id}
        empty={t('noData')}
        columns={[
          { header: t('period'), cell: (s) => <a href={`/console/statements/${s.id}`}>{`${formatDate(s.periodStart, lang)} – ${formatDate(s.periodClose, lang)}`}</a>, rowHeader: true },
          { header: t('status'), cell: (s) => statementStatusText(ctx, s) },
          { header: t('statementAccount'), cell: (s) => (s.merchantId === ctx.actor.merchant.id ? t('statementOwn') : s.merchantId) },
          { header: t('confirmedCollections'), cell: (s) => formatYen(s.confirmedCollections), align: 'end' },
          { header: t('feesAndTax'), cell: (s) => formatYen(s.fees + s.payoutFee + s.consumptionTax), align: 'end' },
          { header: t('payoutAmount'), cell: (s) => formatYen(s.payoutAmount), align: 'end' },
          { header: t('payoutDate'), cell: (s) => (s.payoutAmount > 0 ? formatDate(s.payoutDate, lang) : t('carriedOverShort')), align: 'end' },
        ]}
      />
      <Pagination t={t} nextHref={nextHref} />
    </ConsoleFrame>
  );
}

export function StatementPage({ ctx, statement: s }: { ctx: PageContext; statement: StatementView }) {
  const { t, lang } = ctx;
  const base = `/console/statements/${s.id}`;
  return (
    <ConsoleFrame ctx={ctx} heading={t('statementOf', `${formatDate(s.periodStart, lang)} – ${formatDate(s.periodClose, lang)}`)}>
      <DetailList
        items={[
          { term: 'ID', detail: s.id },
          { term: t('status'), detail: statementStatusText(ctx, s) },
          { term: t('settlementCycle'), detail: wordFor(ctx, `cycle_${s.settlementCycle}`, s.settlementCycle) },
          { term: t('fixDate'), detail: formatDate(s.fixDate, lang) },
          { term: t('fixedAt'), detail: s.fixedAt ? formatDateTime(s.fixedAt, lang) : '—' },
          { term: t('confirmedCollections'), detail: formatYen(s.confirmedCollections) },
          { term: t('carriedIn'), detail: formatYen(s.carriedIn) },
          { term: t('feesExclTax'), detail: formatYen(s.fees) },
          { term: t('payoutFee'), detail: formatYen(s.payoutFee) },
          { term: t('consumptionTax'), detail: formatYen(s.consumptionTax) },
          { term: t('stampDuty'), detail: formatYen(s.stampDuty) },
          { term: t('payoutAmount'), detail: formatYen(s.payoutAmount) },
          { term: t('payoutDate'), detail: s.payoutAmount > 0 ? formatDate(s.payoutDate, lang) : '—' },
          { term: t('carriedOver'), detail: formatYen(s.carriedOver) },
        ]}
      />
      <p class="actions">
        <ButtonLink href={`/console/fee-items?from=${s.periodStart}&to=${s.periodClose}`}>{t('feeItemsOfPeriod')}</ButtonLink>
      </p>
      {can(ctx.actor.user.role, 'settlement.export') && (
        <p class="actions" aria-label={t('download')}>
          <ButtonLink href={`${base}/document?format=pdf`}>{t('downloadPdf')}</ButtonLink>
          <ButtonLink href={`${base}/document?format=csv`}>{t('csvUtf8')}</ButtonLink>
          <ButtonLink href={`${base}/document?format=csv&encoding=shift_jis`}>{t('csvSjis')}</ButtonLink>
        </p>
      )}
    </ConsoleFrame>
  );
}

export function FeeItemsPage({ ctx, items, filters, nextHref }: { ctx: PageContext; items: feesV1.FeeItem[]; filters: { from?: string; to?: string; kind?: string }; nextHref?: string }) {
  const { t, lang } = ctx;
  return (
    <ConsoleFrame ctx={ctx} heading={t('feeItems')}>
      <p>{filters.from && filters.to ? t('feeItemsBetween', formatDate(filters.from, lang), formatDate(filters.to, lang)) : t('feeItemsHint')}</p>
      <Table
        t={t}
        id="fee-items"
        caption={t('feeItems')}
        rows={items}
        rowKey={(i) => i.id}
        empty={t('noData')}
        columns={[
          { header: t('occurredOn'), cell: (i) => formatDate(i.occurredOn, lang), rowHeader: true },
          { header: t('feeKind'), cell: (i) => wordFor(ctx, `feeKind_${i.kind}`, i.kind) },
          { header: t('amountExclTax'), cell: (i) => formatYen(i.amount), align: 'end' },
          { header: t('cause'), cell: (i) => `${i.causeType} ${i.causeId}` },
          { header: t('settledBy'), cell: (i) => (i.settlement === 'collection' ? t('settledByPayout') : t('settledByInvoice')) },
        ]}
      />
      <Pagination t={t} nextHref={nextHref} />
    </ConsoleFrame>
  );
}

export type PayoutView = feesV1.Payout;
export type InvoiceView = feesV1.Invoice;

export const PAYOUT_STATES = ['scheduled', 'submitted', 'paid', 'failed', 'returned'] as const;
export const INVOICE_STATUSES = ['open', 'overdue', 'paid'] as const;

const payoutStateText = (ctx: PageContext, p: PayoutView) => {
  const state = wordFor(ctx, `payoutState_${p.state}`, p.state);
  if (p.state === 'scheduled' && p.waitingReason) return `${state}（${wordFor(ctx, `payoutWaiting_${p.waitingReason}`, p.waitingReason)}）`;
  if (p.state === 'failed' && p.failureCode) return `${state}（${p.failureCode}）`;
  return state;
};
const invoiceStatusText = (ctx: PageContext, i: InvoiceView) => wordFor(ctx, `invoiceStatus_${i.status}`, i.status);
const accountText = (p: PayoutView) => (p.bankCode ? `${p.bankCode}-${p.branchCode} ****${p.accountNumberLast4}` : '—');

function StatusFilter({ ctx, action, value, options }: { ctx: PageContext; action: string; value?: string; options: { value: string; label: string }[] }) {
  const { t } = ctx;
  return (
    <Form action={action} method="get" label={t('filter')}>
      <div class="filters">
        <SelectField t={t} name="status" label={t('status')} value={value ?? ''} options={[{ value: '', label: t('all') }, ...options]} />
      </div>
      <Button variant="secondary">{t('filter')}</Button>
    </Form>
  );
}

export function PayoutsTable({ ctx, payouts, id, caption }: { ctx: PageContext; payouts: PayoutView[]; id: string; caption: string }) {
  const { t, lang } = ctx;
  return (
    <Table
      t={t}
      id={id}
      caption={caption}
      rows={payouts}
      rowKey={(p) => p.id}
      empty={t('noData')}
      columns={[
        { header: t('payoutDate'), cell: (p) => formatDate(p.payoutDate, lang), rowHeader: true },
        { header: t('payoutAmount'), cell: (p) => formatYen(p.amount), align: 'end' },
        { header: t('status'), cell: (p) => payoutStateText(ctx, p) },
        { header: t('payoutAccount'), cell: (p) => accountText(p) },
        { header: t('statements'), cell: (p) => <a href={`/console/statements/${p.statementId}`}>{p.statementId}</a> },
      ]}
    />
  );
}

export function PayoutsPage({ ctx, payouts, status, nextHref }: { ctx: PageContext; payouts: PayoutView[]; status?: string; nextHref?: string }) {
  const { t } = ctx;
  return (
    <ConsoleFrame ctx={ctx} heading={t('payouts')}>
      <p>{t('payoutsHint')}</p>
      {payouts.some((p) => p.state === 'failed') && (
        <Alert kind="warning" title={t('payoutState_failed')}>
          {t('payoutFailedHint')}
        </Alert>
      )}
      <StatusFilter ctx={ctx} action="/console/payouts" value={status} options={PAYOUT_STATES.map((s) => ({ value: s, label: wordFor(ctx, `payoutState_${s}`, s) }))} />
      <PayoutsTable ctx={ctx} payouts={payouts} id="payouts" caption={t('payouts')} />
      <Pagination t={t} nextHref={nextHref} />
    </ConsoleFrame>
  );
}

export function InvoicesTable({ ctx, invoices, id, caption }: { ctx: PageContext; invoices: InvoiceView[]; id: string; caption: string }) {
  const { t, lang } = ctx;
  return (
    <Table
      t={t}
      id={id}
      caption={caption}
      rows={invoices}
      rowKey={(i) => i.id}
      empty={t('noData')}
      columns={[
        { header: t('invoiceMonth'), cell: (i) => <a href={`/console/invoices/${i.id}`}>{i.month}</a>, rowHeader: true },
        { header: t('status'), cell: (i) => invoiceStatusText(ctx, i) },
        { header: t('invoiceTotal'), cell: (i) => formatYen(i.total), align: 'end' },
        { header: t('dueDate'), cell: (i) => formatDate(i.dueDate, lang), align: 'end' },
      ]}
    />
  );
}

export function InvoicesPage({ ctx, invoices, status, nextHref, payInto }: { ctx: PageContext; invoices: InvoiceView[]; status?: string; nextHref?: string; payInto?: string }) {
  const { t } = ctx;
  return (
    <ConsoleFrame ctx={ctx} heading={t('invoices')}>
      <p>{t('invoicesHint')}</p>
      {payInto && <p>{t('payInto', payInto)}</p>}
      {invoices.some((i) => i.status === 'overdue') && (
        <Alert kind="warning" title={t('invoiceStatus_overdue')}>
          {t('overdueHint')}
        </Alert>
      )}
      <StatusFilter ctx={ctx} action="/console/invoices" value={status} options={INVOICE_STATUSES.map((s) => ({ value: s, label: wordFor(ctx, `invoiceStatus_${s}`, s) }))} />
      <InvoicesTable ctx={ctx} invoices={invoices} id="invoices" caption={t('invoices')} />
      <Pagination t={t} nextHref={nextHref} />
    </ConsoleFrame>
  );
}

export function InvoicePage({ ctx, invoice: i, payInto }: { ctx: PageContext; invoice: InvoiceView; payInto?: string }) {
  const { t, lang } = ctx;
  const base = `/console/invoices/${i.id}`;
  return (
    <ConsoleFrame ctx={ctx} heading={t('invoiceOf', i.month)}>
      {i.status === 'overdue' && (
        <Alert kind="warning" title={t('invoiceStatus_overdue')}>
          {t('overdueHint')}
        </Alert>
      )}
      <DetailList
        items={[
          { term: 'ID', detail: i.id },
          { term: t('status'), detail: invoiceStatusText(ctx, i) },
          { term: t('period'), detail: `${formatDate(i.periodStart, lang)} – ${formatDate(i.periodEnd, lang)}` },
          { term: t('feesExclTax'), detail: formatYen(i.fees) },
          { term: t('consumptionTax'), detail: formatYen(i.consumptionTax) },
          { term: t('invoiceTotal'), detail: formatYen(i.total) },
          { term: t('dueDate'), detail: formatDate(i.dueDate, lang) },
          { term: t('issuedAt'), detail: i.issuedAt ? formatDateTime(i.issuedAt, lang) : '—' },
          { term: t('paidAt'), detail: i.paidAt ? formatDateTime(i.paidAt, lang) : '—' },
          ...(payInto && i.status !== 'paid' ? [{ term: t('payIntoTerm'), detail: payInto }] : []),
        ]}
      />
      <Table
        t={t}
        id="invoice-lines"
        caption={t('invoiceLines')}
        rows={i.lines}
        rowKey={(l) => l.kind}
        empty={t('noData')}
        columns={[
          { header: t('feeKind'), cell: (l) => wordFor(ctx, `feeKind_${l.kind}`, l.kind), rowHeader: true },
          { header: t('quantity'), cell: (l) => String(l.quantity), align: 'end' },
          { header: t('amountExclTax'), cell: (l) => formatYen(l.amount), align: 'end' },
        ]}
      />
      {can(ctx.actor.user.role, 'settlement.export') && (
        <p class="actions" aria-label={t('download')}>
          <ButtonLink href={`${base}/document?format=pdf`}>{t('downloadPdf')}</ButtonLink>
          <ButtonLink href={`${base}/document?format=csv`}>{t('csvUtf8')}</ButtonLink>
          <ButtonLink href={`${base}/document?format=csv&encoding=shift_jis`}>{t('csvSjis')}</ButtonLink>
        </p>
      )}
    </ConsoleFrame>
  );
}
