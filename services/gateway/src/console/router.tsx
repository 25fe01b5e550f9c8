import { billingV1 } from '@kessai/contracts';
import { DomainError, type Logger } from '@kessai/platform';
import { assetHandler, type AssetBundle } from '@kessai/web';
import express, { type NextFunction, type Request, type Response } from 'express';
import { authorize, billingScope } from '../app/console/actor';
import type { ConsoleDeps } from '../app/console/deps';
import { listAudit } from '../app/console/list-audit';
import { loadDashboard } from '../app/console/load-dashboard';
import { consoleApiKeys, consoleIssueKey, consoleRevokeKey, consoleRollKey } from '../app/console/manage-api-keys';
import { consoleDeleteBill, consoleUpdateBill } from '../app/console/manage-bills';
import { addConsoleUser, changeUserRole, listConsoleUsers, setUserDisabled, unlockUser } from '../app/console/manage-users';
import { consoleCreateEndpoint, consoleDeleteEndpoint, consoleRedeliver } from '../app/console/manage-webhooks';
import { requestPasswordReset } from '../app/console/request-password-reset';
import { resetLinkLive, resetPassword } from '../app/console/reset-password';
import { resolveSession } from '../app/console/resolve-session';
import { confirmTotpEnrolment, disableTotp, pendingTotpEnrolment, startTotpEnrolment } from '../app/console/second-factor-enrolment';
import { signIn } from '../app/console/sign-in';
import { signOut } from '../app/console/sign-out';
import { switchableAccounts, switchAccount } from '../app/console/switch-account';
import { verifySecondFactor } from '../app/console/verify-second-factor';
import { newToken } from '../app/console/secrets';
import { SESSION_IDLE_MS } from '../domain/console/policy';
import type { Permission } from '../domain/console/roles';
import { clearCookie, field, FORM_COOKIE, language, query, readCookies, SESSION_COOKIE, sendPage, setCookie, tokensMatch, type CookiePolicy, type Language } from './http-helpers';
import { AccountPage, AuditPage, KeysPage, UsersPage } from './pages/admin';
import { ForgotPage, LoginPage, PublicMessagePage, ResetPage, SecondFactorPage, type PublicContext } from './pages/auth';
import { BillPage, BillsPage, PaymentsPage, type BillFilters } from './pages/bills';
import { CustomerPage, CustomersPage } from './pages/customers';
import { DashboardPage } from './pages/dashboard';
import { MessagePage, type PageContext } from './pages/frame';
import { EndpointPage, EndpointsPage, EventsPage } from './pages/webhooks';
import { mountDebitPages } from './debit-routes';
import { mountRemittancePages } from './remittance-routes';
import { mountSettlementPages } from './settlement-routes';
import { ISO_DATE, PAGE, sendFile, violations, withQuery, type Call, type Errors, type SignedIn } from './route-kit';

export interface ConsoleOptions {
  deps: ConsoleDeps;
  assets: AssetBundle;
  cookies: CookiePolicy;
  logger: Logger;
}

const BILL_STATUS: Record<string, billingV1.BillStatus> = {
  open: billingV1.BillStatus.BILL_STATUS_OPEN,
  paid: billingV1.BillStatus.BILL_STATUS_PAID,
  deleted: billingV1.BillStatus.BILL_STATUS_DELETED,
  expired: billingV1.BillStatus.BILL_STATUS_EXPIRED,
};
const PAYMENT_STATUS: Record<string, billingV1.PaymentStatus> = {
  preliminary: billingV1.PaymentStatus.PAYMENT_STATUS_PRELIMINARY,
  confirmed: billingV1.PaymentStatus.PAYMENT_STATUS_CONFIRMED,
  cancelled: billingV1.PaymentStatus.PAYMENT_STATUS_CANCELLED,
};
const EXPORT_FORMAT: Record<string, billingV1.ExportFormat> = {
  csv: billingV1.ExportFormat.EXPORT_FORMAT_CSV_UTF8,
  csv_shift_jis: billingV1.ExportFormat.EXPORT_FORMAT_CSV_SHIFT_JIS,
  pdf: billingV1.ExportFormat.EXPORT_FORMAT_PDF,
};
/**
 * The merchant console at /console (docs/console.md): server-rendered pages
 * on @kessai/web, sessions in Postgres, a CSRF token in every form, and the
 * role checked on the server before every action.
 */
export function mountConsole(app: express.Express, opts: ConsoleOptions): void {
  const { deps, assets, cookies: policy } = opts;
  app.use(assetHandler(assets));
  const r = express.Router();
  r.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 100 }));

  const publicContext = (req: Request, res: Response): { l: Language; ctx: PublicContext } => {
    const l = language(req, res, policy);
    let formToken = readCookies(req)[FORM_COOKIE];
    if (!formToken) {
      formToken = newToken();
      setCookie(res, policy, FORM_COOKIE, formToken);
    }
    return { l, ctx: { t: l.t, lang: l.lang, languageHrefs: l.hrefs, formToken } };
  };
  /** the sign-in forms' double-submit check (no session yet) */
  const formTokenOk = (req: Request) => tokensMatch(field(req.body, '_form'), readCookies(req)[FORM_COOKIE]);

  const wrap = (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: NextFunction) => {
    fn(req, res).catch(next);
  };

  // --- signing in -------------------------------------------------------------
  r.get('/login', wrap(async (req, res) => {
    const { l, ctx } = publicContext(req, res);
    const notice = req.query.expired ? { kind: 'warning' as const, text: l.t('expired') } : req.query.signed_out ? { kind: 'success' as const, text: l.t('signedOut') } : req.query.reset ? { kind: 'success' as const, text: l.t('resetDone') } : undefined;
    sendPage(res, assets, 200, l.lang, l.t('signIn'), <LoginPage ctx={ctx} notice={notice} />);
  }));
  r.post('/login', wrap(async (req, res) => {
    const { l, ctx } = publicContext(req, res);
    if (!formTokenOk(req)) return sendPage(res, assets, 403, l.lang, l.t('signIn'), <LoginPage ctx={ctx} notice={{ kind: 'error', text: l.t('csrfRefused') }} />);
    const loginId = field(req.body, 'login_id');
    const result = await signIn(deps, loginId, field(req.body, 'password'));
    if (!result.ok) {
      const text = result.reason === 'locked' ? l.t('locked') : l.t('invalidLogin');
      return sendPage(res, assets, result.reason === 'locked' ? 423 : 401, l.lang, l.t('signIn'), <LoginPage ctx={ctx} loginId={loginId} notice={{ kind: 'error', text }} />);
    }
    setCookie(res, policy, SESSION_COOKIE, result.token);
    res.redirect(303, result.secondFactor ? '/console/login/code' : '/console');
  }));
  r.get('/login/code', wrap(async (req, res) => {
    const { l, ctx } = publicContext(req, res);
    const s = await resolveSession(deps, readCookies(req)[SESSION_COOKIE]);
    if (s.state !== 'second_factor') return res.redirect(303, s.state === 'active' ? '/console' : '/console/login');
    sendPage(res, assets, 200, l.lang, l.t('secondFactorTitle'), <SecondFactorPage ctx={ctx} csrf={s.session.csrf_token} />);
  }));
  r.post('/login/code', wrap(async (req, res) => {
    const { l, ctx } = publicContext(req, res);
    const s = await resolveSession(deps, readCookies(req)[SESSION_COOKIE]);
    if (s.state !== 'second_factor') return res.redirect(303, '/console/login');
    if (!tokensMatch(field(req.body, '_csrf'), s.session.csrf_token)) return sendPage(res, assets, 403, l.lang, l.t('secondFactorTitle'), <PublicMessagePage ctx={ctx} heading={l.t('secondFactorTitle')} text={l.t('csrfRefused')} />);
    const outcome = await verifySecondFactor(deps, s.session, field(req.body, 'code'));
    if (outcome === 'ok') return res.redirect(303, '/console');
    if (outcome === 'locked') {
      clearCookie(res, policy, SESSION_COOKIE);
      return sendPage(res, assets, 423, l.lang, l.t('signIn'), <LoginPage ctx={ctx} notice={{ kind: 'error', text: l.t('locked') }} />);
    }
    sendPage(res, assets, 401, l.lang, l.t('secondFactorTitle'), <SecondFactorPage ctx={ctx} csrf={s.session.csrf_token} error={l.t('codeInvalid')} />);
  }));
  r.get('/forgot', wrap(async (req, res) => {
    const { l, ctx } = publicContext(req, res);
    sendPage(res, assets, 200, l.lang, l.t('forgotTitle'), <ForgotPage ctx={ctx} />);
  }));
  r.post('/forgot', wrap(async (req, res) => {
    const { l, ctx } = publicContext(req, res);
    if (!formTokenOk(req)) return sendPage(res, assets, 403, l.lang, l.t('forgotTitle'), <PublicMessagePage ctx={ctx} heading={l.t('forgotTitle')} text={l.t('csrfRefused')} />);
    await requestPasswordReset(deps, field(req.body, 'login_id'));
    sendPage(res, assets, 200, l.lang, l.t('forgotTitle'), <ForgotPage ctx={ctx} sent />);
  }));
  r.get('/reset/:token', wrap(async (req, res) => {
    const { l, ctx } = publicContext(req, res);
    const live = await resetLinkLive(deps, String(req.params.token));
    sendPage(res, assets, live ? 200 : 410, l.lang, l.t('resetTitle'), <ResetPage ctx={ctx} action={`/console/reset/${encodeURIComponent(String(req.params.token))}`} invalid={!live} />);
  }));
  r.post('/reset/:token', wrap(async (req, res) => {
    const { l, ctx } = publicContext(req, res);
    const action = `/console/reset/${encodeURIComponent(String(req.params.token))}`;
    if (!formTokenOk(req)) return sendPage(res, assets, 403, l.lang, l.t('resetTitle'), <PublicMessagePage ctx={ctx} heading={l.t('resetTitle')} text={l.t('csrfRefused')} />);
    try {
      const done = await resetPassword(deps, String(req.params.token), field(req.body, 'password'));
      if (!done) return sendPage(res, assets, 410, l.lang, l.t('resetTitle'), <ResetPage ctx={ctx} action={action} invalid />);
      res.redirect(303, '/console/login?reset=1');
    } catch (err) {
      const v = violations(err);
      if (!v) throw err;
      sendPage(res, assets, 422, l.lang, l.t('resetTitle'), <ResetPage ctx={ctx} action={action} error={v[0].message} />);
    }
  }));

  // --- signed-in pages --------------------------------------------------------
  const signedIn: SignedIn = (permission: Permission, fn: (c: Call) => Promise<void>) => wrap(async (req, res) => {
    const l = language(req, res, policy);
    const s = await resolveSession(deps, readCookies(req)[SESSION_COOKIE]);
    if (s.state !== 'active') {
      if (s.state === 'none' || s.state === 'expired') clearCookie(res, policy, SESSION_COOKIE);
      const to = s.state === 'second_factor' ? '/console/login/code' : s.state === 'expired' ? '/console/login?expired=1' : '/console/login';
      return void res.redirect(303, to);
    }
    const actor = s.actor;
    // the session cookie lives as long as the idle timeout, renewed with every request
    setCookie(res, policy, SESSION_COOKIE, readCookies(req)[SESSION_COOKIE]!, SESSION_IDLE_MS);
    const ctx: PageContext = { t: l.t, lang: l.lang, languageHrefs: l.hrefs, actor, accounts: await switchableAccounts(deps, actor), path: req.path === '/' ? '/console' : `/console${req.path}` };
    const notice = query(req, 'notice');
    if (notice === 'saved') ctx.notice = { kind: 'success', text: l.t('saved') };
    if (notice === 'deleted') ctx.notice = { kind: 'success', text: l.t('deletedDone') };
    if (notice === 'redelivered') ctx.notice = { kind: 'success', text: l.t('redelivered') };
    if (notice === 'approved') ctx.notice = { kind: 'success', text: l.t('approvedDone') };
    if (notice === 'recontacted') ctx.notice = { kind: 'success', text: l.t('recontactedDone') };
    if (notice === 'released') ctx.notice = { kind: 'success', text: l.t('releasedDone') };
    if (notice === 'recipient_cancelled') ctx.notice = { kind: 'success', text: l.t('recipientCancelledDone') };
    if (notice === 'refund_requested') ctx.notice = { kind: 'success', text: l.t('refundRequestedDone') };
    if (notice === 'uploaded') ctx.notice = { kind: 'success', text: l.t('uploadedDone', Number(query(req, 'added') ?? '0')) };
    const render: Call['render'] = (status, title, page, options) => sendPage(res, assets, status, l.lang, `${title} | ${l.t('console')}`, page, options);
    try {
      if (req.method === 'POST' && !tokensMatch(field(req.body, '_csrf'), actor.session.csrf_token)) {
        return render(403, l.t('forbidden'), <MessagePage ctx={ctx} heading={l.t('forbidden')} text={l.t('csrfRefused')} />);
      }
      authorize(actor, permission);
      await fn({ req, res, actor, ctx, render });
    } catch (err) {
      if (err instanceof DomainError && err.kind === 'permission_denied') return render(403, l.t('forbidden'), <MessagePage ctx={ctx} heading={l.t('forbidden')} text={l.t('forbidden')} />);
      if (err instanceof DomainError && err.kind === 'not_found') return render(404, l.t('notFound'), <MessagePage ctx={ctx} heading={l.t('notFound')} text={l.t('notFound')} />);
      const v = violations(err);
      if (v) return render(422, l.t('failed'), <MessagePage ctx={ctx} heading={l.t('failed')} text={v.map((e) => e.message).join(' ')} />);
      throw err;
    }
  });

  r.get('/', signedIn('dashboard.view', async ({ actor, ctx, render }) => {
    const data = await loadDashboard(deps, actor);
    render(200, ctx.t('navDashboard'), <DashboardPage ctx={ctx} data={data} />);
  }));

  r.post('/logout', signedIn('account.manage', async ({ res, actor }) => {
    await signOut(deps, actor);
    clearCookie(res, policy, SESSION_COOKIE);
    res.redirect(303, '/console/login?signed_out=1');
  }));

  r.post('/switch', signedIn('tenants.switch', async ({ req, res, actor }) => {
    const account = field(req.body, 'account') || undefined;
    const mode = field(req.body, 'mode');
    await switchAccount(deps, actor, { account, livemode: mode === 'live' ? true : mode === 'test' ? false : undefined });
    const back = field(req.body, 'return_to');
    // only back into the console, and to a list rather than an object of the other account
    const safe = /^\/console(\/[a-z]+)?$/.test(back) ? back : '/console';
    res.redirect(303, safe);
  }));

  // bills and payments
  const billsFilters = (req: Request): { filters: BillFilters; errors: Errors } => {
    const filters: BillFilters = { status: query(req, 'status'), customer_email: query(req, 'customer_email'), due_from: query(req, 'due_from'), due_to: query(req, 'due_to') };
    const errors: Errors = [];
    if (filters.status && !BILL_STATUS[filters.status]) errors.push({ field: 'status', message: 'open / paid / deleted / expired' });
    for (const f of ['due_from', 'due_to'] as const) if (filters[f] && !ISO_DATE.test(filters[f]!)) errors.push({ field: f, message: 'YYYY-MM-DD' });
    return { filters, errors };
  };
  r.get('/bills', signedIn('bills.view', async ({ req, actor, ctx, render }) => {
    const { filters, errors } = billsFilters(req);
    if (errors.length) return render(422, ctx.t('bills'), <BillsPage ctx={ctx} bills={[]} filters={filters} errors={errors} />);
    const res = await deps.billing.listBills({
      scope: billingScope(actor),
      status: filters.status ? BILL_STATUS[filters.status] : billingV1.BillStatus.BILL_STATUS_UNSPECIFIED,
      customerEmail: filters.customer_email ?? '',
      customerNumber: '',
      dueFrom: filters.due_from ?? '',
      dueTo: filters.due_to ?? '',
      pageSize: PAGE,
      startingAfter: query(req, 'after') ?? '',
    });
    const last = res.bills[res.bills.length - 1];
    const nextHref = res.hasMore && last ? withQuery('/console/bills', { ...filters, after: last.id }) : undefined;
    render(200, ctx.t('bills'), <BillsPage ctx={ctx} bills={res.bills} filters={filters} nextHref={nextHref} errors={[]} />);
  }));
  const billPage = async (c: Call, status: number, errors: Errors, values?: Record<string, string>) => {
    const id = String(c.req.params.id);
    const { bill } = await deps.billing.getBill({ scope: billingScope(c.actor), billId: id });
    const { payments } = await deps.billing.listPayments({ scope: billingScope(c.actor), billId: id, status: billingV1.PaymentStatus.PAYMENT_STATUS_UNSPECIFIED, pageSize: 50, startingAfter: '' });
    c.render(status, c.ctx.t('billDetail', id), <BillPage ctx={c.ctx} bill={bill!} payments={payments} errors={errors} values={values} />);
  };
  r.get('/bills/:id', signedIn('bills.view', (c) => billPage(c, 200, [])));
  r.post('/bills/:id', signedIn('bills.edit', async (c) => {
    const values = { amount: field(c.req.body, 'amount'), due_date: field(c.req.body, 'due_date'), message: field(c.req.body, 'message') };
    const errors: Errors = [];
    const amount = Number(values.amount.replace(/[,，¥円\s]/g, ''));
    if (!/^\d+$/.test(values.amount.replace(/[,，¥円\s]/g, '')) || !Number.isSafeInteger(amount)) errors.push({ field: 'amount', message: c.ctx.lang === 'ja' ? '金額は整数（円）で入力してください' : 'Enter a whole number of yen' });
    if (!ISO_DATE.test(values.due_date)) errors.push({ field: 'due_date', message: 'YYYY-MM-DD' });
    if (errors.length) return billPage(c, 422, errors, values);
    try {
      await consoleUpdateBill(deps, c.actor, String(c.req.params.id), { amount, dueDate: values.due_date, message: values.message });
    } catch (err) {
      const v = violations(err);
      if (!v) throw err;
      return billPage(c, 422, v, values);
    }
    c.res.redirect(303, `/console/bills/${encodeURIComponent(String(c.req.params.id))}?notice=saved`);
  }));
  r.post('/bills/:id/delete', signedIn('bills.delete', async (c) => {
    await consoleDeleteBill(deps, c.actor, String(c.req.params.id));
    c.res.redirect(303, `/console/bills/${encodeURIComponent(String(c.req.params.id))}?notice=deleted`);
  }));
  r.get('/payments', signedIn('bills.view', async ({ req, actor, ctx, render }) => {
    const status = query(req, 'status');
    const bill = query(req, 'bill');
    const res = await deps.billing.listPayments({
      scope: billingScope(actor),
      billId: bill ?? '',
      status: status && PAYMENT_STATUS[status] ? PAYMENT_STATUS[status] : billingV1.PaymentStatus.PAYMENT_STATUS_UNSPECIFIED,
      pageSize: PAGE,
      startingAfter: query(req, 'after') ?? '',
    });
    const last = res.payments[res.payments.length - 1];
    const nextHref = res.hasMore && last ? withQuery('/console/payments', { status, bill, after: last.id }) : undefined;
    render(200, ctx.t('payments'), <PaymentsPage ctx={ctx} payments={res.payments} filters={{ status, bill }} nextHref={nextHref} />);
  }));
  r.get('/payments/export', signedIn('payments.export', async ({ req, res, actor }) => {
    const format = EXPORT_FORMAT[query(req, 'format') ?? 'csv'] ?? billingV1.ExportFormat.EXPORT_FORMAT_CSV_UTF8;
    const status = query(req, 'status');
    const out = await deps.billing.exportPayments({
      scope: billingScope(actor),
      format,
      status: status && PAYMENT_STATUS[status] ? PAYMENT_STATUS[status] : billingV1.PaymentStatus.PAYMENT_STATUS_UNSPECIFIED,
      paidFrom: query(req, 'paid_from') ?? '',
      paidTo: query(req, 'paid_to') ?? '',
    });
    sendFile(res, { contentType: out.contentType, filename: out.filename, data: out.content });
  }));

  // customers
  r.get('/customers', signedIn('customers.view', async ({ req, actor, ctx, render }) => {
    const res = await deps.billing.listCustomers({ scope: billingScope(actor), pageSize: PAGE, startingAfter: query(req, 'after') ?? '' });
    const last = res.customers[res.customers.length - 1];
    render(200, ctx.t('customers'), <CustomersPage ctx={ctx} customers={res.customers} nextHref={res.hasMore && last ? withQuery('/console/customers', { after: last.id }) : undefined} />);
  }));
  r.get('/customers/:id', signedIn('customers.view', async ({ req, actor, ctx, render }) => {
    const res = await deps.billing.getCustomer({ scope: billingScope(actor), customerId: String(req.params.id) });
    render(200, ctx.t('customerDetail', res.customer!.name), <CustomerPage ctx={ctx} customer={res.customer!} openBills={res.openBills} />);
  }));

  // webhooks and events
  const endpointsPage = async (c: Call, status: number, errors: Errors, values?: Record<string, string>, secret?: string) => {
    const { endpoints } = await deps.webhook.endpoints.listEndpoints({ merchantId: c.actor.merchant.id, livemode: c.actor.livemode, limit: 100, startingAfter: '' });
    c.render(status, c.ctx.t('endpoints'), <EndpointsPage ctx={c.ctx} endpoints={endpoints} errors={errors} values={values} secret={secret} />);
  };
  r.get('/webhooks', signedIn('webhooks.view', (c) => endpointsPage(c, 200, [])));
  r.post('/webhooks', signedIn('webhooks.manage', async (c) => {
    const values = { url: field(c.req.body, 'url').trim(), enabled_events: field(c.req.body, 'enabled_events'), description: field(c.req.body, 'description') };
    const events = values.enabled_events.split(/[,\s]+/).map((e) => e.trim()).filter(Boolean);
    try {
      const endpoint = await consoleCreateEndpoint(deps, c.actor, { url: values.url, enabledEvents: events, description: values.description });
      await endpointsPage(c, 201, [], undefined, endpoint.secret);
    } catch (err) {
      const v = violations(err);
      if (!v) throw err;
      await endpointsPage(c, 422, v.map((e) => ({ ...e, field: e.field === '_' ? 'url' : e.field.replace(/^enabledEvents.*/, 'enabled_events') })), values);
    }
  }));
  r.get('/webhooks/:id', signedIn('webhooks.view', async ({ req, actor, ctx, render }) => {
    const id = String(req.params.id);
    const { endpoint } = await deps.webhook.endpoints.getEndpoint({ merchantId: actor.merchant.id, livemode: actor.livemode, endpointId: id });
    const { deliveries } = await deps.webhook.deliveries.listDeliveries({ merchantId: actor.merchant.id, livemode: actor.livemode, endpointId: id, eventId: '' });
    render(200, ctx.t('endpointDetail', endpoint!.url), <EndpointPage ctx={ctx} endpoint={endpoint!} deliveries={deliveries} />);
  }));
  r.post('/webhooks/:id/redeliver', signedIn('webhooks.redeliver', async ({ req, res, actor }) => {
    await consoleRedeliver(deps, actor, String(req.params.id), field(req.body, 'event'));
    res.redirect(303, `/console/webhooks/${encodeURIComponent(String(req.params.id))}?notice=redelivered`);
  }));
  r.post('/webhooks/:id/delete', signedIn('webhooks.manage', async ({ req, res, actor }) => {
    await consoleDeleteEndpoint(deps, actor, String(req.params.id));
    res.redirect(303, '/console/webhooks?notice=deleted');
  }));
  r.get('/events', signedIn('events.view', async ({ req, actor, ctx, render }) => {
    const page = await deps.webhook.events.listEvents({ merchantId: actor.merchant.id, livemode: actor.livemode, limit: PAGE, startingAfter: query(req, 'after') ?? '', type: query(req, 'type') ?? '', accountId: '' });
    const last = page.events[page.events.length - 1];
    render(200, ctx.t('eventLog'), <EventsPage ctx={ctx} events={page.events} nextHref={page.hasMore && last ? withQuery('/console/events', { after: last.id }) : undefined} />);
  }));

  // API keys
  r.get('/keys', signedIn('keys.view', async ({ actor, ctx, render }) => {
    render(200, ctx.t('keys'), <KeysPage ctx={ctx} keys={await consoleApiKeys(deps, actor)} />);
  }));
  r.post('/keys', signedIn('keys.manage', async ({ actor, ctx, render }) => {
    const { secret } = await consoleIssueKey(deps, actor);
    render(201, ctx.t('keys'), <KeysPage ctx={ctx} keys={await consoleApiKeys(deps, actor)} secret={secret} />);
  }));
  r.post('/keys/:id/roll', signedIn('keys.manage', async ({ req, actor, ctx, render }) => {
    const grace = Number(field(req.body, 'grace_seconds') || '0');
    const { secret } = await consoleRollKey(deps, actor, String(req.params.id), grace);
    render(201, ctx.t('keys'), <KeysPage ctx={ctx} keys={await consoleApiKeys(deps, actor)} secret={secret} />);
  }));
  r.post('/keys/:id/revoke', signedIn('keys.manage', async ({ req, res, actor }) => {
    await consoleRevokeKey(deps, actor, String(req.params.id));
    res.redirect(303, '/console/keys?notice=saved');
  }));

  // console users
  const usersPage = async (c: Call, status: number, errors: Errors, values?: Record<string, string>) => {
    c.render(status, c.ctx.t('users'), <UsersPage ctx={c.ctx} users={await listConsoleUsers(deps, c.actor)} errors={errors} values={values} />);
  };
  r.get('/users', signedIn('users.view', (c) => usersPage(c, 200, [])));
  r.post('/users', signedIn('users.manage', async (c) => {
    const values = { login_id: field(c.req.body, 'login_id'), name: field(c.req.body, 'name'), email: field(c.req.body, 'email'), role: field(c.req.body, 'role') };
    try {
      await addConsoleUser(deps, c.actor, { loginId: values.login_id, name: values.name, email: values.email, role: values.role, password: field(c.req.body, 'password') });
    } catch (err) {
      const v = err instanceof DomainError && err.kind === 'already_exists' ? [{ field: 'login_id', message: err.message }] : violations(err);
      if (!v) throw err;
      return usersPage(c, 422, v, values);
    }
    c.res.redirect(303, '/console/users?notice=saved');
  }));
  r.post('/users/:id/role', signedIn('users.manage', async ({ req, res, actor }) => {
    await changeUserRole(deps, actor, String(req.params.id), field(req.body, 'role'));
    res.redirect(303, '/console/users?notice=saved');
  }));
  for (const [path, disabled] of [['disable', true], ['enable', false]] as const) {
    r.post(`/users/:id/${path}`, signedIn('users.manage', async ({ req, res, actor }) => {
      await setUserDisabled(deps, actor, String(req.params.id), disabled);
      res.redirect(303, '/console/users?notice=saved');
    }));
  }
  r.post('/users/:id/unlock', signedIn('users.manage', async ({ req, res, actor }) => {
    await unlockUser(deps, actor, String(req.params.id));
    res.redirect(303, '/console/users?notice=saved');
  }));

  // the audit log
  r.get('/audit', signedIn('audit.view', async ({ req, actor, ctx, render }) => {
    const { items, hasMore } = await listAudit(deps, actor, query(req, 'before'));
    const last = items[items.length - 1];
    render(200, ctx.t('audit'), <AuditPage ctx={ctx} entries={items} nextHref={hasMore && last ? withQuery('/console/audit', { before: last.id }) : undefined} />);
  }));

  // the user's own account: the second factor
  r.get('/account', signedIn('account.manage', async ({ ctx, render }) => render(200, ctx.t('navAccount'), <AccountPage ctx={ctx} />)));
  r.post('/account/totp', signedIn('account.manage', async ({ actor, ctx, render }) => {
    const enrolment = await startTotpEnrolment(deps, actor);
    render(200, ctx.t('navAccount'), <AccountPage ctx={ctx} enrolment={enrolment} />);
  }));
  r.post('/account/totp/confirm', signedIn('account.manage', async ({ req, res, actor, ctx, render }) => {
    try {
      await confirmTotpEnrolment(deps, actor, field(req.body, 'code'));
    } catch (err) {
      if (!violations(err)) throw err;
      return render(422, ctx.t('navAccount'), <AccountPage ctx={ctx} enrolment={await pendingTotpEnrolment(deps, actor)} error={ctx.t('codeInvalid')} />);
    }
    res.redirect(303, '/console/account?notice=saved');
  }));
  r.post('/account/totp/disable', signedIn('account.manage', async ({ res, actor }) => {
    await disableTotp(deps, actor);
    res.redirect(303, '/console/account?notice=saved');
  }));

  mountRemittancePages(r, { deps, signedIn });
  mountDebitPages(r, { deps, signedIn });
  mountSettlementPages(r, { deps, signedIn });

  app.use('/console', r);
}
