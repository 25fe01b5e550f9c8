import { Alert, Button, ButtonLink, DetailList, ErrorSummary, FileField, Form, formatDate, formatDateTime, formatYen, Pagination, SelectField, Table, TextField } from '@kessai/web';
import { can } from '../../domain/console/roles';
import type { batchToRest } from '../../http/routes/debit-batches';
import type { debitCustomerToRest } from '../../http/routes/debit-customers';
import type { debitToRest } from '../../http/routes/debits';
import type { mandateToRest } from '../../http/routes/mandates';
import type { mismatchToRest } from '../../http/routes/mandate-mismatches';
import type { ConsoleT } from '../messages';
import type { Errors, RowError } from '../route-kit';
import { ConsoleFrame, CsrfField, type PageContext } from './frame';
import { RowErrors } from './uploads';

/** Direct-debit objects as the REST API shows them (the same mapping, http/routes/debit*.ts). */
export type DebitView = ReturnType<typeof debitToRest>;
export type DebitCustomerView = ReturnType<typeof debitCustomerToRest>;
export type MandateView = ReturnType<typeof mandateToRest>;
export type BatchView = ReturnType<typeof batchToRest>;
export type MismatchView = ReturnType<typeof mismatchToRest>;

export const debitStatusText = (t: ConsoleT, s: DebitView['status']) => t(`debitStatus_${s}`);
const DEBIT_STATUSES: DebitView['status'][] = ['queued', 'pending', 'unknown', 'succeeded', 'failed'];
const MANDATE_STATUSES: MandateView['status'][] = ['requested', 'active', 'rejected', 'cancelled'];
const RESULT_CODES = [0, 1, 2, 3, 4, 8, 9];

function DebitLinks({ ctx }: { ctx: PageContext }) {
  const { t } = ctx;
  return (
    <p class="actions">
      <ButtonLink href="/console/debit-customers">{t('debitCustomers')}</ButtonLink>
      <ButtonLink href="/console/mandates">{t('mandates')}</ButtonLink>
      <ButtonLink href="/console/debits">{t('debitHistory')}</ButtonLink>
      <ButtonLink href="/console/debit-batches">{t('debitBatches')}</ButtonLink>
      <ButtonLink href="/console/mandate-mismatches">{t('mismatches')}</ButtonLink>
    </p>
  );
}

export function DebitCustomersPage({ ctx, customers, search, nextHref }: { ctx: PageContext; customers: DebitCustomerView[]; search?: string; nextHref?: string }) {
  const { t, lang } = ctx;
  return (
    <ConsoleFrame ctx={ctx} heading={t('debitCustomers')}>
      <DebitLinks ctx={ctx} />
      <Form action="/console/debit-customers" method="get" label={t('search')}>
        <div class="filters">
          <TextField t={t} name="query" label={t('customerSearch')} value={search} />
        </div>
        <Button variant="secondary">{t('search')}</Button>
      </Form>
      <Table
        t={t}
        id="debit-customers"
        caption={t('debitCustomers')}
        rows={customers}
        rowKey={(c) => c.id}
        empty={t('noData')}
        columns={[
          { header: t('customerRef'), cell: (c) => c.customer_ref, rowHeader: true },
          { header: 'ID', cell: (c) => c.id },
          { header: t('name'), cell: (c) => c.name },
          { header: t('bankAccount'), cell: (c) => `${c.bank_account.bank_code}-${c.bank_account.branch_code} ${c.bank_account.account_number} ${c.bank_account.holder_name}` },
          { header: t('mandates'), cell: (c) => <a href={`/console/mandates?customer=${encodeURIComponent(c.id)}`}>{t('mandates')}</a> },
          { header: t('debitHistory'), cell: (c) => <a href={`/console/debits?customer=${encodeURIComponent(c.id)}`}>{t('debitHistory')}</a> },
          { header: t('created'), cell: (c) => formatDateTime(new Date(c.created), lang) },
        ]}
      />
      <Pagination t={t} nextHref={nextHref} />
    </ConsoleFrame>
  );
}

export function MandatesPage({ ctx, mandates, filters, nextHref }: { ctx: PageContext; mandates: MandateView[]; filters: { customer?: string; status?: string }; nextHref?: string }) {
  const { t, lang } = ctx;
  return (
    <ConsoleFrame ctx={ctx} heading={t('mandates')}>
      <DebitLinks ctx={ctx} />
      <Form action="/console/mandates" method="get" label={t('filter')}>
        <div class="filters">
          <TextField t={t} name="customer" label={t('customerId')} value={filters.customer} />
          <SelectField t={t} name="status" label={t('status')} value={filters.status ?? ''} options={[{ value: '', label: t('all') }, ...MANDATE_STATUSES.map((s) => ({ value: s, label: t(`mandateStatus_${s}`) }))]} />
        </div>
        <Button variant="secondary">{t('filter')}</Button>
      </Form>
      <Table
        t={t}
        id="mandates"
        caption={t('mandates')}
        rows={mandates}
        rowKey={(m) => m.id}
        empty={t('noData')}
        columns={[
          { header: 'ID', cell: (m) => m.id, rowHeader: true },
          { header: t('customerId'), cell: (m) => m.customer },
          { header: t('contract'), cell: (m) => m.contract },
          { header: t('customerNumber'), cell: (m) => m.customer_number },
          { header: t('status'), cell: (m) => t(`mandateStatus_${m.status}`) },
          { header: t('history'), cell: (m) => m.history.map((h) => `${h.changed_on} ${t(`mandateStatus_${h.status}`)}`).join(' / ') },
          { header: t('created'), cell: (m) => formatDateTime(new Date(m.created), lang) },
        ]}
      />
      <Pagination t={t} nextHref={nextHref} />
    </ConsoleFrame>
  );
}

export interface DebitFilters {
  customer?: string;
  created_from?: string;
  created_to?: string;
  result_code?: string;
  status?: string;
  amount_min?: string;
  amount_max?: string;
  batch?: string;
}

function DebitsTable({ ctx, debits }: { ctx: PageContext; debits: DebitView[] }) {
  const { t, lang } = ctx;
  return (
    <Table
      t={t}
      id="debits"
      caption={t('debitHistory')}
      rows={debits}
      rowKey={(d) => d.id}
      empty={t('noData')}
      columns={[
        { header: 'ID', cell: (d) => <a href={`/console/debits/${d.id}`}>{d.id}</a>, rowHeader: true },
        { header: t('customerRef'), cell: (d) => d.customer_ref },
        { header: t('amount'), cell: (d) => formatYen(d.amount), align: 'end' },
        { header: t('status'), cell: (d) => debitStatusText(t, d.status) },
        { header: t('resultCode'), cell: (d) => (d.result_code === null ? '—' : `${d.result_code} ${t(`result_${d.result_code}` as 'result_0')}`) },
        { header: t('description'), cell: (d) => d.description || '—' },
        { header: t('created'), cell: (d) => formatDateTime(new Date(d.created), lang) },
      ]}
    />
  );
}

export function DebitsPage({ ctx, debits, filters, errors, nextHref, values = {}, debitErrors = [] }: { ctx: PageContext; debits: DebitView[]; filters: DebitFilters; errors: Errors; nextHref?: string; values?: Record<string, string>; debitErrors?: Errors }) {
  const { t } = ctx;
  const err = (f: string) => errors.find((e) => e.field === f)?.message;
  const derr = (f: string) => debitErrors.find((e) => e.field === f)?.message;
  const exportHref = (encoding: string) => {
    const p = new URLSearchParams({ encoding });
    for (const [k, v] of Object.entries(filters)) if (v) p.set(k, v);
    return `/console/debits/export?${p.toString()}`;
  };
  return (
    <ConsoleFrame ctx={ctx} heading={t('debitHistory')}>
      <DebitLinks ctx={ctx} />
      {can(ctx.actor.user.role, 'debits.create') && (
        <section aria-labelledby="debit-heading">
          <h2 id="debit-heading">{t('singleDebit')}</h2>
          <p>{t('singleDebitHint')}</p>
          <ErrorSummary t={t} errors={debitErrors} />
          <Form action="/console/debits" label={t('singleDebit')}>
            <CsrfField ctx={ctx} />
            <TextField t={t} name="customer" id="debit-customer" label={t('customerId')} hint="dcu_…" value={values.customer} required error={derr('customer')} />
            <TextField t={t} name="amount" id="debit-amount" label={t('amount')} kind="digits" value={values.amount} required error={derr('amount')} />
            <TextField t={t} name="description" id="debit-description" label={t('description')} value={values.description} error={derr('description')} maxLength={100} />
            <Button>{t('debitNow')}</Button>
          </Form>
        </section>
      )}
      <h2>{t('search')}</h2>
      <ErrorSummary t={t} errors={errors} />
      <Form action="/console/debits" method="get" label={t('search')}>
        <div class="filters">
          <TextField t={t} name="customer" label={t('customerId')} value={filters.customer} error={err('customer')} />
          <TextField t={t} name="created_from" label={`${t('created')} ${t('from')}`} hint="YYYY-MM-DD" value={filters.created_from} error={err('created_from')} />
          <TextField t={t} name="created_to" label={`${t('created')} ${t('to')}`} hint="YYYY-MM-DD" value={filters.created_to} error={err('created_to')} />
          <SelectField t={t} name="result_code" label={t('resultCode')} value={filters.result_code ?? ''} options={[{ value: '', label: t('all') }, ...RESULT_CODES.map((c) => ({ value: String(c), label: `${c} ${t(`result_${c}` as 'result_0')}` }))]} error={err('result_code')} />
          <SelectField t={t} name="status" label={t('status')} value={filters.status ?? ''} options={[{ value: '', label: t('all') }, ...DEBIT_STATUSES.map((s) => ({ value: s, label: debitStatusText(t, s) }))]} error={err('status')} />
          <TextField t={t} name="amount_min" label={t('amountMin')} kind="digits" value={filters.amount_min} error={err('amount_min')} />
          <TextField t={t} name="amount_max" label={t('amountMax')} kind="digits" value={filters.amount_max} error={err('amount_max')} />
        </div>
        <Button variant="secondary">{t('search')}</Button>
      </Form>
      <p class="actions" aria-label={t('download')}>
        <ButtonLink href={exportHref('utf-8')}>{`${t('download')}: ${t('csvUtf8')}`}</ButtonLink>
        <ButtonLink href={exportHref('shift_jis')}>{`${t('download')}: ${t('csvSjis')}`}</ButtonLink>
      </p>
      <DebitsTable ctx={ctx} debits={debits} />
      <Pagination t={t} nextHref={nextHref} />
    </ConsoleFrame>
  );
}

export function DebitPage({ ctx, debit }: { ctx: PageContext; debit: DebitView }) {
  const { t, lang } = ctx;
  const ok = debit.status === 'succeeded';
  return (
    <ConsoleFrame ctx={ctx} heading={t('debitDetail', debit.id)}>
      <DebitLinks ctx={ctx} />
      <div id="debit-result">
        <Alert kind={ok ? 'success' : debit.status === 'failed' ? 'error' : 'info'} title={debitStatusText(t, debit.status)}>
          {debit.result_code === null ? t('debitNoResult') : `${t('resultCode')} ${debit.result_code}: ${t(`result_${debit.result_code}` as 'result_0')}`}
        </Alert>
      </div>
      <DetailList
        items={[
          { term: 'ID', detail: debit.id },
          { term: t('customerRef'), detail: `${debit.customer_ref}（${debit.customer}）` },
          { term: t('amount'), detail: formatYen(debit.amount) },
          { term: t('status'), detail: debitStatusText(t, debit.status) },
          { term: t('resultCode'), detail: debit.result_code === null ? '—' : `${debit.result_code}（${debit.result_message ?? ''}）` },
          { term: t('debitedOn'), detail: debit.debited_on ? formatDate(debit.debited_on, lang) : '—' },
          { term: t('expectedCreditOn'), detail: debit.expected_credit_on ? formatDate(debit.expected_credit_on, lang) : '—' },
          { term: t('description'), detail: debit.description || '—' },
          { term: t('debitBatch'), detail: debit.batch ? <a href={`/console/debit-batches/${debit.batch}`}>{`${debit.batch} #${debit.batch_row}`}</a> : '—' },
          { term: t('created'), detail: formatDateTime(new Date(debit.created), lang) },
        ]}
      />
    </ConsoleFrame>
  );
}

export function BatchesPage({ ctx, batches, nextHref, rowErrors, errors = [] }: { ctx: PageContext; batches: BatchView[]; nextHref?: string; rowErrors?: RowError[]; errors?: Errors }) {
  const { t, lang } = ctx;
  return (
    <ConsoleFrame ctx={ctx} heading={t('debitBatches')}>
      <DebitLinks ctx={ctx} />
      {can(ctx.actor.user.role, 'debits.create') && (
        <section aria-labelledby="batch-upload-heading">
          <h2 id="batch-upload-heading">{t('uploadBatch')}</h2>
          <p>{t('uploadBatchHint')}</p>
          <ErrorSummary t={t} errors={errors} />
          {rowErrors && <RowErrors ctx={ctx} errors={rowErrors} />}
          <Form action="/console/debit-batches" label={t('uploadBatch')} upload>
            <CsrfField ctx={ctx} />
            <FileField t={t} name="file" label={t('csvFile')} accept=".csv,text/csv" required hint={t('csvFileHint')} />
            <Button>{t('upload')}</Button>
          </Form>
        </section>
      )}
      <Table
        t={t}
        id="batches"
        caption={t('debitBatches')}
        rows={batches}
        rowKey={(b) => b.id}
        empty={t('noData')}
        columns={[
          { header: 'ID', cell: (b) => <a href={`/console/debit-batches/${b.id}`}>{b.id}</a>, rowHeader: true },
          { header: t('filename'), cell: (b) => b.filename || '—' },
          { header: t('status'), cell: (b) => t(`batchStatus_${b.status}`) },
          { header: t('total'), cell: (b) => String(b.total), align: 'end' },
          { header: t('debitStatus_succeeded'), cell: (b) => String(b.counts.succeeded), align: 'end' },
          { header: t('debitStatus_failed'), cell: (b) => String(b.counts.failed), align: 'end' },
          { header: t('created'), cell: (b) => formatDateTime(new Date(b.created), lang) },
        ]}
      />
      <Pagination t={t} nextHref={nextHref} />
    </ConsoleFrame>
  );
}

export function BatchPage({ ctx, batch, debits }: { ctx: PageContext; batch: BatchView; debits: DebitView[] }) {
  const { t, lang } = ctx;
  const done = batch.status === 'completed';
  const finished = batch.counts.succeeded + batch.counts.failed;
  return (
    <ConsoleFrame ctx={ctx} heading={t('batchDetail', batch.id)}>
      <DebitLinks ctx={ctx} />
      <section aria-labelledby="progress-heading">
        <h2 id="progress-heading">{t('progress')}</h2>
        <p id="batch-progress" role="status">
          {done ? t('batchDone', batch.total) : t('batchRunning', finished, batch.total)}
        </p>
        <progress max={batch.total} value={finished} aria-labelledby="progress-heading" />
        <DetailList
          items={[
            { term: t('status'), detail: t(`batchStatus_${batch.status}`) },
            { term: t('filename'), detail: batch.filename || '—' },
            { term: t('total'), detail: String(batch.total) },
            ...DEBIT_STATUSES.map((s) => ({ term: debitStatusText(t, s), detail: String(batch.counts[s]) })),
            { term: t('succeededAmount'), detail: formatYen(batch.succeeded_amount) },
            { term: t('created'), detail: formatDateTime(new Date(batch.created), lang) },
            { term: t('completedAt'), detail: batch.completed ? formatDateTime(new Date(batch.completed), lang) : '—' },
          ]}
        />
        {!done && <p>{t('autoRefresh')}</p>}
      </section>
      {done && (
        <p class="actions" aria-label={t('download')}>
          <ButtonLink href={`/console/debit-batches/${batch.id}/results?encoding=utf-8`}>{`${t('resultsCsv')}: ${t('csvUtf8')}`}</ButtonLink>
          <ButtonLink href={`/console/debit-batches/${batch.id}/results?encoding=shift_jis`}>{`${t('resultsCsv')}: ${t('csvSjis')}`}</ButtonLink>
        </p>
      )}
      <DebitsTable ctx={ctx} debits={debits} />
    </ConsoleFrame>
  );
}

export function MismatchesPage({ ctx, mismatches, runOn, nextHref, errors }: { ctx: PageContext; mismatches: MismatchView[]; runOn?: string; nextHref?: string; errors: Errors }) {
  const { t } = ctx;
  const side = (s: MismatchView['master']) => (s ? `${s.status} ${s.account} ${s.holder_name}` : '—');
  const exportHref = (encoding: string) => `/console/mandate-mismatches/export?${new URLSearchParams({ encoding, ...(runOn ? { run_on: runOn } : {}) }).toString()}`;
  return (
    <ConsoleFrame ctx={ctx} heading={t('mismatches')}>
      <DebitLinks ctx={ctx} />
      <p>{t('mismatchesHint')}</p>
      <ErrorSummary t={t} errors={errors} />
      <Form action="/console/mandate-mismatches" method="get" label={t('filter')}>
        <div class="filters">
          <TextField t={t} name="run_on" label={t('runOn')} hint="YYYY-MM-DD" value={runOn} error={errors.find((e) => e.field === 'run_on')?.message} />
        </div>
        <Button variant="secondary">{t('filter')}</Button>
      </Form>
      <p class="actions" aria-label={t('download')}>
        <ButtonLink href={exportHref('utf-8')}>{`${t('download')}: ${t('csvUtf8')}`}</ButtonLink>
        <ButtonLink href={exportHref('shift_jis')}>{`${t('download')}: ${t('csvSjis')}`}</ButtonLink>
      </p>
      <Table
        t={t}
        id="mismatches"
        caption={t('mismatches')}
        rows={mismatches}
        rowKey={(m) => m.id}
        empty={t('noData')}
        columns={[
          { header: t('runOn'), cell: (m) => m.run_on, rowHeader: true },
          { header: t('kind'), cell: (m) => t(`mismatch_${m.kind}`) },
          { header: t('customerRef'), cell: (m) => m.customer_ref ?? '—' },
          { header: t('customerNumber'), cell: (m) => m.customer_number },
          { header: t('master'), cell: (m) => side(m.master) },
          { header: t('bank'), cell: (m) => side(m.bank) },
        ]}
      />
      <Pagination t={t} nextHref={nextHref} />
    </ConsoleFrame>
  );
}
