import { billingV1 } from '@kessai/contracts';
import { Button, ButtonLink, DetailList, ErrorSummary, Form, formatDate, formatDateTime, formatYen, Pagination, SelectField, Table, TextField } from '@kessai/web';
import { can } from '../../domain/console/roles';
import type { ConsoleT } from '../messages';
import { ConsoleFrame, CsrfField, PostButton, type PageContext } from './frame';

export function billStatusText(t: ConsoleT, s: billingV1.BillStatus): string {
  switch (s) {
    case billingV1.BillStatus.BILL_STATUS_OPEN:
      return t('open');
    case billingV1.BillStatus.BILL_STATUS_PAID:
      return t('paid');
    case billingV1.BillStatus.BILL_STATUS_DELETED:
      return t('deleted');
    default:
      return t('expiredStatus');
  }
}

export function paymentStatusText(t: ConsoleT, s: billingV1.PaymentStatus): string {
  return s === billingV1.PaymentStatus.PAYMENT_STATUS_CONFIRMED ? t('confirmed') : s === billingV1.PaymentStatus.PAYMENT_STATUS_PRELIMINARY ? t('preliminary') : t('cancelled');
}

export interface BillFilters {
  status?: string;
  customer_email?: string;
  due_from?: string;
  due_to?: string;
}

export function BillsPage({ ctx, bills, filters, nextHref, errors }: { ctx: PageContext; bills: billingV1.Bill[]; filters: BillFilters; nextHref?: string; errors: { field: string; message: string }[] }) {
  const { t, lang } = ctx;
  const err = (f: string) => errors.find((e) => e.field === f)?.message;
  return (
    <ConsoleFrame ctx={ctx} heading={t('bills')}>
      <ErrorSummary t={t} errors={errors} />
      <Form action="/console/bills" method="get" label={t('filter')}>
        <div class="filters">
          <SelectField
            t={t}
            name="status"
            label={t('status')}
            value={filters.status ?? ''}
            options={[
              { value: '', label: t('all') },
              { value: 'open', label: t('open') },
              { value: 'paid', label: t('paid') },
              { value: 'deleted', label: t('deleted') },
              { value: 'expired', label: t('expiredStatus') },
            ]}
          />
          <TextField t={t} name="customer_email" label={t('email')} kind="email" value={filters.customer_email} error={err('customer_email')} />
          <TextField t={t} name="due_from" label={`${t('dueDate')} ${t('from')}`} hint="YYYY-MM-DD" value={filters.due_from} error={err('due_from')} />
          <TextField t={t} name="due_to" label={`${t('dueDate')} ${t('to')}`} hint="YYYY-MM-DD" value={filters.due_to} error={err('due_to')} />
        </div>
        <Button variant="secondary">{t('filter')}</Button>
      </Form>
      <Table
        t={t}
        id="bills"
        caption={t('bills')}
        rows={bills}
        rowKey={(b) => b.id}
        empty={t('noData')}
        columns={[
          { header: 'ID', cell: (b) => <a href={`/console/bills/${b.id}`}>{b.id}</a>, rowHeader: true },
          { header: t('status'), cell: (b) => billStatusText(t, b.status) },
          { header: t('amount'), cell: (b) => formatYen(b.amount), align: 'end' },
          { header: t('dueDate'), cell: (b) => formatDate(b.dueDate, lang) },
          { header: t('customerName'), cell: (b) => b.customer?.name ?? '' },
          { header: t('orderReference'), cell: (b) => b.orderReference },
        ]}
      />
      <Pagination t={t} nextHref={nextHref} />
    </ConsoleFrame>
  );
}

export function BillPage({ ctx, bill, payments, errors, values }: { ctx: PageContext; bill: billingV1.Bill; payments: billingV1.Payment[]; errors: { field: string; message: string }[]; values?: Record<string, string> }) {
  const { t, lang } = ctx;
  const open = bill.status === billingV1.BillStatus.BILL_STATUS_OPEN;
  const err = (f: string) => errors.find((e) => e.field === f)?.message;
  const canEdit = can(ctx.actor.user.role, 'bills.edit');
  return (
    <ConsoleFrame ctx={ctx} heading={t('billDetail', bill.id)}>
      <DetailList
        items={[
          { term: t('status'), detail: billStatusText(t, bill.status) },
          { term: t('amount'), detail: formatYen(bill.amount) },
          { term: t('dueDate'), detail: formatDate(bill.dueDate, lang) },
          { term: t('customerName'), detail: bill.customer?.name ?? '' },
          { term: t('email'), detail: bill.customer?.email ?? '' },
          { term: t('customerNumber'), detail: bill.customerNumber || '—' },
          { term: t('orderReference'), detail: bill.orderReference || '—' },
          { term: t('message'), detail: bill.message || '—' },
          { term: t('stores'), detail: bill.stores.join(', ') },
          { term: t('paymentNumbers'), detail: bill.paymentNumbers.map((n) => `${n.chain}: ${n.number}`).join(' / ') || '—' },
          { term: t('created'), detail: bill.createdAt ? formatDateTime(bill.createdAt, lang) : '' },
        ]}
      />
      <p class="actions">
        {bill.slipUrl && <ButtonLink href={bill.slipUrl}>{t('slip')}</ButtonLink>}
        <ButtonLink href={`/console/payments?bill=${encodeURIComponent(bill.id)}`}>{t('payments')}</ButtonLink>
      </p>
      {open && canEdit && (
        <section aria-labelledby="edit-heading">
          <h2 id="edit-heading">{t('edit')}</h2>
          <p>{t('editHint')}</p>
          <ErrorSummary t={t} errors={errors} />
          <Form action={`/console/bills/${bill.id}`} label={t('edit')}>
            <CsrfField ctx={ctx} />
            <TextField t={t} name="amount" label={t('amount')} kind="digits" value={values?.amount ?? String(bill.amount)} required error={err('amount')} />
            <TextField t={t} name="due_date" label={t('dueDate')} hint="YYYY-MM-DD" value={values?.due_date ?? bill.dueDate} required error={err('due_date')} />
            <TextField t={t} name="message" label={t('message')} value={values?.message ?? bill.message} error={err('message')} maxLength={500} />
            <Button>{t('save')}</Button>
          </Form>
          <PostButton ctx={ctx} action={`/console/bills/${bill.id}/delete`} label={t('deleteBill')} variant="danger" />
        </section>
      )}
      <PaymentsTable ctx={ctx} payments={payments} />
    </ConsoleFrame>
  );
}

function PaymentsTable({ ctx, payments }: { ctx: PageContext; payments: billingV1.Payment[] }) {
  const { t, lang } = ctx;
  return (
    <Table
      t={t}
      id="payments"
      caption={t('payments')}
      rows={payments}
      rowKey={(p) => p.id}
      empty={t('noData')}
      columns={[
        { header: 'ID', cell: (p) => p.id, rowHeader: true },
        { header: t('status'), cell: (p) => paymentStatusText(t, p.status) },
        { header: t('amount'), cell: (p) => formatYen(p.amount), align: 'end' },
        { header: t('store'), cell: (p) => p.chain },
        { header: t('bill'), cell: (p) => <a href={`/console/bills/${p.billId}`}>{p.billId}</a> },
        { header: t('paidAt'), cell: (p) => (p.paidAt ? formatDateTime(p.paidAt, lang) : '') },
      ]}
    />
  );
}

export function PaymentsPage({ ctx, payments, filters, nextHref }: { ctx: PageContext; payments: billingV1.Payment[]; filters: { status?: string; bill?: string }; nextHref?: string }) {
  const { t } = ctx;
  const q = (format: string) => {
    const p = new URLSearchParams({ format });
    if (filters.status) p.set('status', filters.status);
    return `/console/payments/export?${p.toString()}`;
  };
  return (
    <ConsoleFrame ctx={ctx} heading={t('payments')}>
      <Form action="/console/payments" method="get" label={t('filter')}>
        <div class="filters">
          <SelectField
            t={t}
            name="status"
            label={t('status')}
            value={filters.status ?? ''}
            options={[
              { value: '', label: t('all') },
              { value: 'preliminary', label: t('preliminary') },
              { value: 'confirmed', label: t('confirmed') },
              { value: 'cancelled', label: t('cancelled') },
            ]}
          />
          <TextField t={t} name="bill" label={t('bill')} value={filters.bill} />
        </div>
        <Button variant="secondary">{t('filter')}</Button>
      </Form>
      <p class="actions" aria-label={t('download')}>
        <ButtonLink href={q('csv')}>{`${t('download')}: ${t('csvUtf8')}`}</ButtonLink>
        <ButtonLink href={q('csv_shift_jis')}>{`${t('download')}: ${t('csvSjis')}`}</ButtonLink>
        <ButtonLink href={q('pdf')}>{`${t('download')}: ${t('pdf')}`}</ButtonLink>
      </p>
      <PaymentsTable ctx={ctx} payments={payments} />
      <Pagination t={t} nextHref={nextHref} />
    </ConsoleFrame>
  );
}
