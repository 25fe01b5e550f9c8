import { Alert, Button, ButtonLink, DetailList, ErrorSummary, FileField, Form, formatDate, formatDateTime, formatYen, Pagination, SelectField, Table, TextField } from '@kessai/web';
import type { remittanceV1 } from '@kessai/contracts';
import type { DepositView } from '../../app/console/load-remittance-deposit';
import { can } from '../../domain/console/roles';
import type { orderToRest, recipientToRest } from '../../http/routes/remittance-wire';
import type { ConsoleT } from '../messages';
import type { Errors, RowError } from '../route-kit';
import { ConsoleFrame, CsrfField, PostButton, type PageContext } from './frame';
import { RowErrors } from './uploads';

/** Orders and recipients as the REST API shows them (the same mapping, http/routes/remittance-wire.ts). */
export type OrderView = ReturnType<typeof orderToRest>;
export type RecipientView = ReturnType<typeof recipientToRest>;

export const orderStatusText = (t: ConsoleT, s: OrderView['status']) => t(`orderStatus_${s}`);
export const recipientStatusText = (t: ConsoleT, s: RecipientView['status']) => t(`recipientStatus_${s}`);
const ORDER_STATUSES: OrderView['status'][] = ['draft', 'approving', 'waiting_for_funds', 'funded', 'closed', 'cancelled'];
const RECIPIENT_STATUSES: RecipientView['status'][] = ['pending', 'awaiting_registration', 'waiting_for_funds', 'held_for_review', 'scheduled', 'sent', 'paid', 'failed', 'cancelled', 'expired'];
/** who may be contacted again (the remittance service decides; the button only shows where it can succeed) */
const CONTACTABLE: RecipientView['status'][] = ['awaiting_registration', 'failed', 'waiting_for_funds', 'held_for_review'];

function OrdersTable({ ctx, orders, id, caption }: { ctx: PageContext; orders: OrderView[]; id: string; caption: string }) {
  const { t, lang } = ctx;
  return (
    <Table
      t={t}
      id={id}
      caption={caption}
      rows={orders}
      rowKey={(o) => o.id}
      empty={t('noData')}
      columns={[
        { header: 'ID', cell: (o) => <a href={`/console/remittance/${o.id}`}>{o.id}</a>, rowHeader: true },
        { header: t('purpose'), cell: (o) => o.purpose },
        { header: t('status'), cell: (o) => orderStatusText(t, o.status) },
        { header: t('recipientCount'), cell: (o) => String(o.recipient_count), align: 'end' },
        { header: t('totalAmount'), cell: (o) => formatYen(o.total_amount), align: 'end' },
        { header: t('shortfall'), cell: (o) => (o.shortfall_amount > 0 ? formatYen(o.shortfall_amount) : '—'), align: 'end' },
        { header: t('created'), cell: (o) => formatDateTime(new Date(o.created), lang) },
      ]}
    />
  );
}

export function OrdersPage({ ctx, orders, status, nextHref }: { ctx: PageContext; orders: OrderView[]; status?: string; nextHref?: string }) {
  const { t } = ctx;
  return (
    <ConsoleFrame ctx={ctx} heading={t('remittanceOrders')}>
      <p class="actions">
        {can(ctx.actor.user.role, 'remittance.manage') && (
          <ButtonLink href="/console/remittance/new" variant="primary">
            {t('newOrder')}
          </ButtonLink>
        )}
        <ButtonLink href="/console/remittance/waiting">{t('waitingOrders')}</ButtonLink>
        <ButtonLink href="/console/deposit">{t('navDeposit')}</ButtonLink>
      </p>
      <Form action="/console/remittance" method="get" label={t('filter')}>
        <div class="filters">
          <SelectField t={t} name="status" label={t('status')} value={status ?? ''} options={[{ value: '', label: t('all') }, ...ORDER_STATUSES.map((s) => ({ value: s, label: orderStatusText(t, s) }))]} />
        </div>
        <Button variant="secondary">{t('filter')}</Button>
      </Form>
      <OrdersTable ctx={ctx} orders={orders} id="orders" caption={t('remittanceOrders')} />
      <Pagination t={t} nextHref={nextHref} />
    </ConsoleFrame>
  );
}

export function NewOrderPage({ ctx, errors, values = {} }: { ctx: PageContext; errors: Errors; values?: Record<string, string> }) {
  const { t } = ctx;
  const err = (f: string) => errors.find((e) => e.field === f)?.message;
  return (
    <ConsoleFrame ctx={ctx} heading={t('newOrder')}>
      <ErrorSummary t={t} errors={errors} />
      <Form action="/console/remittance" label={t('newOrder')}>
        <CsrfField ctx={ctx} />
        <TextField t={t} name="purpose" label={t('purpose')} hint={t('purposeHint')} value={values.purpose} required error={err('purpose')} maxLength={100} />
        <TextField t={t} name="default_message" label={t('defaultMessage')} value={values.default_message} error={err('default_message')} maxLength={500} />
        <TextField t={t} name="guide_text" label={t('guideText')} hint={t('guideTextHint')} value={values.guide_text} error={err('guide_text')} maxLength={4000} />
        <SelectField
          t={t}
          name="mode"
          label={t('orderMode')}
          value={values.mode ?? 'full_service'}
          options={[
            { value: 'full_service', label: t('mode_full_service') },
            { value: 'transfer_only', label: t('mode_transfer_only') },
          ]}
        />
        <SelectField
          t={t}
          name="channels"
          label={t('channels')}
          value={values.channels ?? 'email,postcard'}
          options={[
            { value: 'email,postcard', label: t('channels_email_postcard') },
            { value: 'email', label: t('channels_email') },
            { value: 'email,postcard,phone', label: t('channels_all') },
          ]}
        />
        <TextField t={t} name="registration_deadline" label={t('registrationDeadline')} hint="YYYY-MM-DD" value={values.registration_deadline} error={err('registration_deadline')} />
        <TextField t={t} name="reference" label={t('reference')} value={values.reference} error={err('reference')} maxLength={100} />
        <Button>{t('createOrder')}</Button>
      </Form>
    </ConsoleFrame>
  );
}

export function OrderPage({ ctx, order, recipients, recipientStatus, nextHref, rowErrors, errors = [] }: { ctx: PageContext; order: OrderView; recipients: RecipientView[]; recipientStatus?: string; nextHref?: string; rowErrors?: RowError[]; errors?: Errors }) {
  const { t, lang } = ctx;
  const role = ctx.actor.user.role;
  const draft = order.status === 'draft';
  const base = `/console/remittance/${order.id}`;
  return (
    <ConsoleFrame ctx={ctx} heading={t('orderDetail', order.purpose)}>
      <ErrorSummary t={t} errors={errors} />
      {recipients.some((r) => r.status === 'held_for_review') && (
        <Alert kind="warning" title={t('recipientStatus_held_for_review')}>
          {t('heldForReviewHint')}
        </Alert>
      )}
      {order.status === 'waiting_for_funds' && (
        <Alert kind="warning" title={t('orderStatus_waiting_for_funds')}>
          {t('waitingHint', formatYen(order.shortfall_amount))}
        </Alert>
      )}
      <DetailList
        items={[
          { term: 'ID', detail: order.id },
          { term: t('status'), detail: orderStatusText(t, order.status) },
          { term: t('orderMode'), detail: t(`mode_${order.mode}`) },
          { term: t('channels'), detail: order.channels.map((c) => t(`channel_${c}`)).join(' → ') },
          { term: t('recipientCount'), detail: String(order.recipient_count) },
          { term: t('totalAmount'), detail: formatYen(order.total_amount) },
          { term: t('shortfall'), detail: formatYen(order.shortfall_amount) },
          { term: t('paidSoFar'), detail: `${formatYen(order.paid_amount)}（${t('countOf', order.paid_count)}）` },
          { term: t('failedExpiredCancelled'), detail: `${order.failed_count} / ${order.expired_count} / ${order.cancelled_count}` },
          { term: t('guideText'), detail: order.guide_text || order.default_message || '—' },
          { term: t('registrationDeadline'), detail: order.registration_deadline ? formatDate(order.registration_deadline, lang) : '—' },
          { term: t('reference'), detail: order.reference || '—' },
          { term: t('created'), detail: formatDateTime(new Date(order.created), lang) },
          { term: t('approvedAt'), detail: order.approved_at ? formatDateTime(new Date(order.approved_at), lang) : '—' },
        ]}
      />
      <p class="actions" aria-label={t('download')}>
        <ButtonLink href={`${base}/results?format=csv`}>{`${t('resultsCsv')}: ${t('csvUtf8')}`}</ButtonLink>
        <ButtonLink href={`${base}/results?format=csv_shift_jis`}>{`${t('resultsCsv')}: ${t('csvSjis')}`}</ButtonLink>
      </p>
      {draft && can(role, 'remittance.manage') && (
        <section aria-labelledby="guide-heading">
          <h2 id="guide-heading">{t('editGuide')}</h2>
          <Form action={`${base}/guide`} label={t('editGuide')}>
            <CsrfField ctx={ctx} />
            <TextField t={t} name="guide_text" id="edit-guide-text" label={t('guideText')} hint={t('guideTextHint')} value={order.guide_text} error={errors.find((e) => e.field === 'guide_text')?.message} maxLength={4000} />
            <Button variant="secondary">{t('saveGuide')}</Button>
          </Form>
        </section>
      )}
      {draft && can(role, 'remittance.manage') && (
        <section aria-labelledby="upload-heading">
          <h2 id="upload-heading">{t('uploadRecipients')}</h2>
          <p>{t('uploadRecipientsHint')}</p>
          {rowErrors && <RowErrors ctx={ctx} errors={rowErrors} />}
          <Form action={`${base}/recipients`} label={t('uploadRecipients')} upload>
            <CsrfField ctx={ctx} />
            <FileField t={t} name="file" label={t('csvFile')} accept=".csv,text/csv" required hint={t('csvFileHint')} />
            <Button>{t('upload')}</Button>
          </Form>
        </section>
      )}
      {draft && can(role, 'remittance.approve') && order.recipient_count > 0 && (
        <section aria-labelledby="approve-heading">
          <h2 id="approve-heading">{t('approve')}</h2>
          <p>{t('approveHint', formatYen(order.total_amount))}</p>
          <PostButton ctx={ctx} action={`${base}/approve`} label={t('approve')} variant="primary" />
        </section>
      )}
      <Form action={base} method="get" label={t('filterRecipients')}>
        <div class="filters">
          <SelectField t={t} name="status" label={t('status')} value={recipientStatus ?? ''} options={[{ value: '', label: t('all') }, ...RECIPIENT_STATUSES.map((s) => ({ value: s, label: recipientStatusText(t, s) }))]} />
        </div>
        <Button variant="secondary">{t('filter')}</Button>
      </Form>
      <Table
        t={t}
        id="recipients"
        caption={t('recipients')}
        rows={recipients}
        rowKey={(r) => r.id}
        empty={t('noData')}
        columns={[
          { header: t('row'), cell: (r) => String(r.row_number), align: 'end' },
          { header: t('name'), cell: (r) => r.name, rowHeader: true },
          { header: t('amount'), cell: (r) => formatYen(r.amount), align: 'end' },
          { header: t('status'), cell: (r) => recipientStatusText(t, r.status) },
          { header: t('contacted'), cell: (r) => (r.contacted_channels.length ? r.contacted_channels.map((c) => t(`channel_${c}`)).join(', ') : '—') },
          { header: t('transferDate'), cell: (r) => (r.transfer_date ? formatDate(r.transfer_date, lang) : '—') },
          { header: t('failureCode'), cell: (r) => r.failure_code ?? '—' },
          {
            header: t('actions'),
            cell: (r) => {
              const review = r.status === 'held_for_review' && can(role, 'remittance.approve');
              const recontact = order.status === 'funded' && CONTACTABLE.includes(r.status) && can(role, 'remittance.manage');
              if (!review && !recontact) return '—';
              return (
                <>
                  {review && <PostButton ctx={ctx} action={`/console/remittance/recipients/${r.id}/review`} label={t('releaseRecipient')} name={`${t('releaseRecipient')} ${r.name}`} fields={{ decision: 'release' }} variant="primary" />}
                  {review && <PostButton ctx={ctx} action={`/console/remittance/recipients/${r.id}/review`} label={t('cancelRecipient')} name={`${t('cancelRecipient')} ${r.name}`} fields={{ decision: 'cancel' }} variant="danger" />}
                  {recontact && <PostButton ctx={ctx} action={`/console/remittance/recipients/${r.id}/recontact`} label={t('recontact')} name={`${t('recontact')} ${r.name}`} fields={{ order: order.id }} />}
                </>
              );
            },
          },
        ]}
      />
      <Pagination t={t} nextHref={nextHref} />
    </ConsoleFrame>
  );
}

export function WaitingOrdersPage({ ctx, orders, available }: { ctx: PageContext; orders: OrderView[]; available: number }) {
  const { t } = ctx;
  const lacking = orders.reduce((s, o) => s + o.shortfall_amount, 0);
  return (
    <ConsoleFrame ctx={ctx} heading={t('waitingOrders')}>
      <p>{t('waitingOrdersHint')}</p>
      <DetailList
        items={[
          { term: t('balanceAvailable'), detail: formatYen(available) },
          { term: t('shortfallTotal'), detail: formatYen(lacking) },
        ]}
      />
      <OrdersTable ctx={ctx} orders={orders} id="waiting-orders" caption={t('waitingOrders')} />
    </ConsoleFrame>
  );
}

/** A deposit refund as the page shows it (the status is its transfer's: scheduled, sent, succeeded, failed). */
export interface RefundView {
  id: string;
  amount: number;
  status: 'scheduled' | 'sent' | 'succeeded' | 'failed';
  transfer: string;
  account: string;
  created: string;
}

export function refundToView(r: remittanceV1.DepositRefund): RefundView {
  const a = r.account;
  return {
    id: r.id,
    amount: r.amount,
    status: (['scheduled', 'sent', 'succeeded', 'failed'] as const).find((s) => s === r.status) ?? 'scheduled',
    transfer: r.transferId,
    account: a ? `${a.bankName || a.bankCode} ${a.branchName || a.branchCode} ****${a.accountNumber.slice(-3)}` : '—',
    created: r.createdAt!.toISOString(),
  };
}

/** The merchant's payout account on record, shortened (the refund goes only there). */
const payoutAccountText = (p: NonNullable<PageContext['actor']['merchant']['settings']['payout_account']>) => `${p.bank_code}-${p.branch_code} ****${p.account_number.slice(-3)} ${p.holder_name_kana}`;

export function DepositPage({ ctx, view, refundForm }: { ctx: PageContext; view: { balance: DepositView['balance']; orders: { order: OrderView; held: number }[]; refunds: RefundView[] }; refundForm: { errors: Errors; amount?: string; requestId: string } }) {
  const { t, lang } = ctx;
  const payout = ctx.actor.merchant.settings.payout_account;
  const err = (f: string) => refundForm.errors.find((e) => e.field === f)?.message;
  return (
    <ConsoleFrame ctx={ctx} heading={t('navDeposit')}>
      <ErrorSummary t={t} errors={refundForm.errors} />
      <DetailList
        items={[
          { term: t('balanceTotal'), detail: formatYen(view.balance.total) },
          { term: t('balanceHeld'), detail: formatYen(view.balance.held) },
          { term: t('balanceAvailable'), detail: formatYen(view.balance.available) },
        ]}
      />
      <Table
        t={t}
        id="holds"
        caption={t('holdsByOrder')}
        rows={view.orders}
        rowKey={(x) => x.order.id}
        empty={t('noData')}
        columns={[
          { header: 'ID', cell: (x) => <a href={`/console/remittance/${x.order.id}`}>{x.order.id}</a>, rowHeader: true },
          { header: t('purpose'), cell: (x) => x.order.purpose },
          { header: t('status'), cell: (x) => orderStatusText(t, x.order.status) },
          { header: t('totalAmount'), cell: (x) => formatYen(x.order.total_amount), align: 'end' },
          { header: t('heldNow'), cell: (x) => formatYen(x.held), align: 'end' },
          { header: t('shortfall'), cell: (x) => (x.order.shortfall_amount > 0 ? formatYen(x.order.shortfall_amount) : '—'), align: 'end' },
        ]}
      />
      {can(ctx.actor.user.role, 'remittance.refund') && (
        <section aria-labelledby="refund-heading">
          <h2 id="refund-heading">{t('depositRefund')}</h2>
          {payout ? (
            <>
              <p>{t('depositRefundHint', payoutAccountText(payout))}</p>
              <Form action="/console/deposit/refunds" label={t('depositRefund')}>
                <CsrfField ctx={ctx} />
                <input type="hidden" name="request_id" value={refundForm.requestId} />
                <TextField t={t} name="amount" id="refund-amount" label={t('amount')} hint={t('refundAmountHint', formatYen(view.balance.available))} value={refundForm.amount} required error={err('amount')} />
                <Button variant="primary">{t('requestRefund')}</Button>
              </Form>
            </>
          ) : (
            <p>{t('noPayoutAccount')}</p>
          )}
        </section>
      )}
      <Table
        t={t}
        id="refunds"
        caption={t('depositRefunds')}
        rows={view.refunds}
        rowKey={(r) => r.id}
        empty={t('noData')}
        columns={[
          { header: 'ID', cell: (r) => r.id, rowHeader: true },
          { header: t('amount'), cell: (r) => formatYen(r.amount), align: 'end' },
          { header: t('status'), cell: (r) => t(`refundStatus_${r.status}`) },
          { header: t('payoutAccount'), cell: (r) => r.account },
          { header: t('created'), cell: (r) => formatDateTime(new Date(r.created), lang) },
        ]}
      />
    </ConsoleFrame>
  );
}
