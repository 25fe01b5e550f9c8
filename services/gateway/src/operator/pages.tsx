import type { feesV1 } from '@kessai/contracts';
import { Alert, Button, ButtonLink, DetailList, ErrorSummary, Form, formatDateTime, formatYen, Layout, type Lang, type NavItem, Pagination, SelectField, Table, TextField } from '@kessai/web';
import type { ComponentChildren } from 'preact';
import type { OperatorT } from './messages';

export interface OperatorContext {
  t: OperatorT;
  lang: Lang;
  languageHrefs: Record<Lang, string>;
  path: string;
}

function OperatorFrame({ ctx, heading, children }: { ctx: OperatorContext; heading: string; children?: ComponentChildren }) {
  const nav: NavItem[] = [
    { href: '/operator/reconciliation', label: ctx.t('reconciliation'), current: ctx.path.startsWith('/operator/reconciliation') },
    { href: '/operator/invoice-payments', label: ctx.t('invoicePayments'), current: ctx.path.startsWith('/operator/invoice-payments') },
  ];
  return (
    <Layout t={ctx.t} lang={ctx.lang} heading={heading} languageHrefs={ctx.languageHrefs} nav={nav}>
      {children}
    </Layout>
  );
}

const yen = (n: number) => (n === 0 ? '—' : formatYen(n));

export function ReconciliationPage(props: {
  ctx: OperatorContext;
  day: string;
  livemode: boolean;
  previous: string;
  next: string;
  errors: { field: string; message: string }[];
  result?: { run?: feesV1.ReconciliationRun; differences: feesV1.ReconciliationDifference[] };
}) {
  const { ctx, day, livemode, result } = props;
  const { t, lang } = ctx;
  const run = result?.run;
  const mode = livemode ? 'live' : 'test';
  const q = (d: string) => `/operator/reconciliation?day=${d}&mode=${mode}`;
  return (
    <OperatorFrame ctx={ctx} heading={t('reconciliationOf', day)}>
      <p>{t('reconciliationHint')}</p>
      <ErrorSummary t={t} errors={props.errors} />
      <Form action="/operator/reconciliation" method="get" label={t('show')}>
        <div class="filters">
          <TextField t={t} name="day" label={t('day')} hint="YYYY-MM-DD" value={day} error={props.errors.find((e) => e.field === 'day')?.message} />
          <SelectField t={t} name="mode" label={t('mode')} value={mode} options={[{ value: 'test', label: t('modeTest') }, { value: 'live', label: t('modeLive') }]} />
        </div>
        <Button variant="secondary">{t('show')}</Button>
      </Form>
      <p class="actions">
        <ButtonLink href={q(props.previous)}>{t('previousDay')}</ButtonLink>
        <ButtonLink href={q(props.next)}>{t('nextDay')}</ButtonLink>
      </p>
      {!run && props.errors.length === 0 && <Alert kind="info">{t('notReconciled')}</Alert>}
      {run && (
        <>
          {run.status === 'clean' ? <Alert kind="success">{t('clean')}</Alert> : <Alert kind="warning">{t('differencesFound', run.differenceCount)}</Alert>}
          <DetailList
            items={[
              { term: t('bankMovements'), detail: String(run.bankMovements) },
              { term: t('ledgerEntries'), detail: String(run.ledgerEntries) },
              { term: t('matched'), detail: String(run.matched) },
              { term: t('bankTotal'), detail: formatYen(run.bankTotal) },
              { term: t('ledgerTotal'), detail: formatYen(run.ledgerTotal) },
              { term: t('reconciledAt'), detail: run.reconciledAt ? formatDateTime(run.reconciledAt, lang) : '—' },
            ]}
          />
          <Table
            t={t}
            id="differences"
            caption={t('differences')}
            rows={result.differences}
            rowKey={(d) => d.id}
            empty={t('clean')}
            columns={[
              { header: t('category'), cell: (d) => d.category, rowHeader: true },
              { header: t('kind'), cell: (d) => d.kind },
              { header: t('bankSide'), cell: (d) => `${yen(d.bankAmount)} ${d.bankReference}`.trim() },
              { header: t('ledgerSide'), cell: (d) => `${yen(d.ledgerAmount)} ${d.ledgerReference}`.trim() },
              { header: t('serviceSide'), cell: (d) => `${yen(d.serviceAmount)} ${d.serviceReference}`.trim() },
              { header: t('cause'), cell: (d) => d.cause },
            ]}
          />
          <p class="actions" aria-label={t('exportCsv')}>
            <ButtonLink href={`/operator/reconciliation/export?from=${day}&to=${day}&mode=${mode}`}>{t('exportCsv')}</ButtonLink>
            <ButtonLink href={`/operator/reconciliation/export?from=${day}&to=${day}&mode=${mode}&encoding=shift_jis`}>{t('exportCsvSjis')}</ButtonLink>
          </p>
        </>
      )}
    </OperatorFrame>
  );
}

export function InvoicePaymentsPage({ ctx, payments, nextHref }: { ctx: OperatorContext; payments: feesV1.InvoicePayment[]; nextHref?: string }) {
  const { t, lang } = ctx;
  return (
    <OperatorFrame ctx={ctx} heading={t('invoicePayments')}>
      <p>{t('invoicePaymentsHint')}</p>
      <Table
        t={t}
        id="invoice-payments"
        caption={t('invoicePayments')}
        rows={payments}
        rowKey={(p) => p.depositId}
        empty={t('noData')}
        columns={[
          { header: t('receivedAt'), cell: (p) => (p.receivedAt ? formatDateTime(p.receivedAt, lang) : '—'), rowHeader: true },
          { header: t('merchant'), cell: (p) => p.merchantId },
          { header: t('amount'), cell: (p) => formatYen(p.amount), align: 'end' },
          { header: t('account'), cell: (p) => p.virtualAccountNumber },
          { header: t('payer'), cell: (p) => p.payerNameKana },
          { header: t('status'), cell: (p) => p.status },
        ]}
      />
      <Pagination t={t} nextHref={nextHref} />
    </OperatorFrame>
  );
}
