import { randomUUID } from 'node:crypto';
import { remittanceV1 } from '@kessai/contracts';
import { ledgerV1 } from '@kessai/contracts';
import { DomainError, ValidationError } from '@kessai/platform';
import { formatYen } from '@kessai/web';
import type { Router } from 'express';
import { productScope } from '../app/console/actor';
import { consoleAddRecipients } from '../app/console/add-remittance-recipients';
import { consoleApproveOrder } from '../app/console/approve-remittance-order';
import { consoleCreateOrder } from '../app/console/create-remittance-order';
import type { ConsoleDeps } from '../app/console/deps';
import { loadRemittanceDeposit } from '../app/console/load-remittance-deposit';
import { consoleRecontactRecipient } from '../app/console/recontact-remittance-recipient';
import { consoleRequestDepositRefund } from '../app/console/request-deposit-refund';
import { consoleReviewRecipient } from '../app/console/review-remittance-recipient';
import { consoleSetGuide } from '../app/console/set-remittance-guide';
import { CHANNEL, MODE, ORDER_STATUS, orderToRest, RECIPIENT_STATUS, recipientToRest } from '../http/routes/remittance-wire';
import { field, query } from './http-helpers';
import { DepositPage, NewOrderPage, OrderPage, OrdersPage, refundToView, WaitingOrdersPage } from './pages/remittance';
import { ISO_DATE, PAGE, rowErrors, sendFile, uploadedFile, uploadForm, violations, withQuery, type Call, type Errors, type RowError, type SignedIn } from './route-kit';

const isOrderStatus = (s: string | undefined): s is (typeof ORDER_STATUS.all)[number] => !!s && (ORDER_STATUS.all as string[]).includes(s);
const isRecipientStatus = (s: string | undefined): s is (typeof RECIPIENT_STATUS.all)[number] => !!s && (RECIPIENT_STATUS.all as string[]).includes(s);

/**
 * The remittance pages (docs/console.md, "Remittance"): orders, the recipients
 * upload, approval, waiting for funds, recontact, results and the deposit, on
 * remittance's and the ledger's gRPC APIs as the REST routes use them.
 */
export function mountRemittancePages(r: Router, { deps, signedIn }: { deps: ConsoleDeps; signedIn: SignedIn }): void {
  const orderPage = async (c: Call, status: number, extra: { rowErrors?: RowError[]; errors?: Errors } = {}) => {
    const id = String(c.req.params.id);
    const scope = productScope(c.actor);
    const { order } = await deps.remittance.getOrder({ scope, orderId: id });
    const recipientStatus = query(c.req, 'status');
    const list = await deps.remittance.listRecipients({
      scope,
      orderId: id,
      status: isRecipientStatus(recipientStatus) ? RECIPIENT_STATUS.to(recipientStatus) : remittanceV1.RecipientStatus.RECIPIENT_STATUS_UNSPECIFIED,
      pageSize: 50,
      startingAfter: query(c.req, 'after') ?? '',
    });
    const last = list.recipients[list.recipients.length - 1];
    const nextHref = list.hasMore && last ? withQuery(`/console/remittance/${id}`, { status: recipientStatus, after: last.id }) : undefined;
    const view = orderToRest(order);
    c.render(status, c.ctx.t('orderDetail', view.purpose), <OrderPage ctx={c.ctx} order={view} recipients={list.recipients.map(recipientToRest)} recipientStatus={recipientStatus} nextHref={nextHref} {...extra} />);
  };

  r.get('/remittance', signedIn('remittance.view', async ({ req, actor, ctx, render }) => {
    const status = query(req, 'status');
    const res = await deps.remittance.listOrders({
      scope: productScope(actor),
      status: isOrderStatus(status) ? ORDER_STATUS.to(status) : remittanceV1.OrderStatus.ORDER_STATUS_UNSPECIFIED,
      pageSize: PAGE,
      startingAfter: query(req, 'after') ?? '',
    });
    const last = res.orders[res.orders.length - 1];
    const nextHref = res.hasMore && last ? withQuery('/console/remittance', { status, after: last.id }) : undefined;
    render(200, ctx.t('remittanceOrders'), <OrdersPage ctx={ctx} orders={res.orders.map(orderToRest)} status={status} nextHref={nextHref} />);
  }));

  r.get('/remittance/new', signedIn('remittance.manage', async ({ ctx, render }) => render(200, ctx.t('newOrder'), <NewOrderPage ctx={ctx} errors={[]} />)));

  r.post('/remittance', signedIn('remittance.manage', async (c) => {
    const b = c.req.body as unknown;
    const values = Object.fromEntries(['purpose', 'default_message', 'guide_text', 'mode', 'channels', 'registration_deadline', 'reference'].map((k) => [k, field(b, k).trim()]));
    const errors: Errors = [];
    if (!values.purpose) errors.push({ field: 'purpose', message: c.ctx.t('requiredField') });
    if (values.registration_deadline && !ISO_DATE.test(values.registration_deadline)) errors.push({ field: 'registration_deadline', message: 'YYYY-MM-DD' });
    const mode = values.mode === 'transfer_only' ? 'transfer_only' : 'full_service';
    const channels = values.channels.split(',').filter((ch): ch is (typeof CHANNEL.all)[number] => (CHANNEL.all as string[]).includes(ch));
    if (errors.length) return c.render(422, c.ctx.t('newOrder'), <NewOrderPage ctx={c.ctx} errors={errors} values={values} />);
    try {
      const order = await consoleCreateOrder(deps, c.actor, {
        purpose: values.purpose,
        defaultMessage: values.default_message,
        guideText: values.guide_text,
        channels: (channels.length ? channels : (['email', 'postcard'] as const)).map(CHANNEL.to),
        mode: MODE.to(mode),
        registrationDeadline: values.registration_deadline,
        reference: values.reference,
      });
      c.res.redirect(303, `/console/remittance/${encodeURIComponent(order.id)}?notice=saved`);
    } catch (err) {
      const v = violations(err);
      if (!v) throw err;
      c.render(422, c.ctx.t('newOrder'), <NewOrderPage ctx={c.ctx} errors={v.map((e) => ({ ...e, field: e.field.replace(/([A-Z])/g, '_$1').toLowerCase() }))} values={values} />);
    }
  }));

  r.get('/remittance/waiting', signedIn('remittance.view', async ({ actor, ctx, render }) => {
    const { orders } = await deps.remittance.listOrders({ scope: productScope(actor), status: remittanceV1.OrderStatus.ORDER_STATUS_WAITING_FOR_FUNDS, pageSize: 100, startingAfter: '' });
    const { balance } = await deps.ledger.getBalance({ livemode: actor.livemode, account: { ownerId: actor.merchant.id, type: ledgerV1.AccountType.ACCOUNT_TYPE_DEPOSIT } });
    render(200, ctx.t('waitingOrders'), <WaitingOrdersPage ctx={ctx} orders={orders.map(orderToRest)} available={balance?.available ?? 0} />);
  }));

  const depositPage = async (c: Call, status: number, form: { errors: Errors; amount?: string } = { errors: [] }) => {
    const view = await loadRemittanceDeposit(deps, c.actor);
    c.render(
      status,
      c.ctx.t('navDeposit'),
      <DepositPage
        ctx={c.ctx}
        view={{ balance: view.balance, orders: view.orders.map((x) => ({ order: orderToRest(x.order), held: x.held })), refunds: view.refunds.map(refundToView) }}
        refundForm={{ ...form, requestId: randomUUID() }}
      />,
    );
  };

  r.get('/deposit', signedIn('remittance.view', (c) => depositPage(c, 200)));

  r.post('/deposit/refunds', signedIn('remittance.refund', async (c) => {
    const amountText = field(c.req.body, 'amount').replace(/[,，¥円\s]/g, '');
    const amount = Number(amountText);
    if (!/^\d+$/.test(amountText) || amount < 1) return depositPage(c, 422, { errors: [{ field: 'amount', message: c.ctx.t('refundAmountInvalid') }], amount: field(c.req.body, 'amount') });
    try {
      await consoleRequestDepositRefund(deps, c.actor, { requestId: field(c.req.body, 'request_id'), amount });
    } catch (err) {
      const v = violations(err);
      if (!v) throw err;
      const shortBy = err instanceof DomainError && err.code === 'insufficient_funds' ? Number(err.metadata.shortfall ?? 0) : undefined;
      const errors = shortBy !== undefined ? [{ field: 'amount', message: c.ctx.t('refundShortOfFunds', formatYen(shortBy)) }] : v.map((e) => ({ ...e, field: e.field === '_' || e.field === 'request_id' ? 'amount' : e.field }));
      return depositPage(c, 422, { errors, amount: field(c.req.body, 'amount') });
    }
    c.res.redirect(303, '/console/deposit?notice=refund_requested');
  }));

  r.post('/remittance/recipients/:rid/recontact', signedIn('remittance.manage', async ({ req, res, actor }) => {
    const recipient = await consoleRecontactRecipient(deps, actor, String(req.params.rid));
    res.redirect(303, `/console/remittance/${encodeURIComponent(recipient.orderId)}?notice=recontacted`);
  }));

  r.post('/remittance/recipients/:rid/review', signedIn('remittance.approve', async ({ req, res, actor }) => {
    const decision = field(req.body, 'decision');
    if (decision !== 'release' && decision !== 'cancel') throw ValidationError.field('decision', 'release or cancel');
    const recipient = await consoleReviewRecipient(deps, actor, String(req.params.rid), decision === 'release');
    res.redirect(303, `/console/remittance/${encodeURIComponent(recipient.orderId)}?notice=${decision === 'release' ? 'released' : 'recipient_cancelled'}`);
  }));

  r.get('/remittance/:id', signedIn('remittance.view', (c) => orderPage(c, 200)));

  r.post('/remittance/:id/recipients', ...uploadForm(), signedIn('remittance.manage', async (c) => {
    const id = String(c.req.params.id);
    const file = uploadedFile(c.req, 'file');
    if (!file) return orderPage(c, 422, { errors: [{ field: 'file', message: c.ctx.t('chooseFile') }] });
    const before = (await deps.remittance.getOrder({ scope: productScope(c.actor), orderId: id })).order!;
    try {
      const { added } = await consoleAddRecipients(deps, c.actor, id, file.data, file.filename);
      c.res.redirect(303, `/console/remittance/${encodeURIComponent(id)}?notice=uploaded&added=${added}`);
    } catch (err) {
      const rows = rowErrors(err, file.data, before.recipientCount + 1);
      if (!rows) throw err;
      await orderPage(c, 422, { rowErrors: rows });
    }
  }));

  r.post('/remittance/:id/guide', signedIn('remittance.manage', async (c) => {
    const id = String(c.req.params.id);
    try {
      await consoleSetGuide(deps, c.actor, id, field(c.req.body, 'guide_text'));
    } catch (err) {
      const v = violations(err);
      if (!v) throw err;
      return orderPage(c, 422, { errors: v.map((e) => ({ ...e, field: e.field === '_' ? 'guide_text' : e.field })) });
    }
    c.res.redirect(303, `/console/remittance/${encodeURIComponent(id)}?notice=saved`);
  }));

  r.post('/remittance/:id/approve', signedIn('remittance.approve', async (c) => {
    const id = String(c.req.params.id);
    try {
      await consoleApproveOrder(deps, c.actor, id);
    } catch (err) {
      const v = violations(err);
      if (!v) throw err;
      return orderPage(c, 422, { errors: v });
    }
    c.res.redirect(303, `/console/remittance/${encodeURIComponent(id)}?notice=approved`);
  }));

  r.get('/remittance/:id/results', signedIn('remittance.export', async ({ req, res, actor }) => {
    const out = await deps.remittance.exportResults({
      scope: productScope(actor),
      orderId: String(req.params.id),
      format: query(req, 'format') === 'csv_shift_jis' ? remittanceV1.ExportFormat.EXPORT_FORMAT_CSV_SHIFT_JIS : remittanceV1.ExportFormat.EXPORT_FORMAT_CSV_UTF8,
    });
    sendFile(res, { contentType: out.contentType, filename: out.filename, data: out.content });
  }));
}
