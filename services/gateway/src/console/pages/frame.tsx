import { Alert, Button, Layout, type Lang, type NavItem } from '@kessai/web';
import type { ComponentChildren } from 'preact';
import type { ConsoleActor } from '../../app/console/actor';
import { can, type Permission } from '../../domain/console/roles';
import type { ConsoleT } from '../messages';

/** What every signed-in page gets besides its data. */
export interface PageContext {
  t: ConsoleT;
  lang: Lang;
  languageHrefs: Record<Lang, string>;
  actor: ConsoleActor;
  accounts: { id: string; name: string }[];
  /** the path of the page (for the current navigation item and the return after a switch) */
  path: string;
  notice?: { kind: 'success' | 'error' | 'info' | 'warning'; text: string };
}

const NAV: { href: string; key: Parameters<ConsoleT>[0]; permission: Permission }[] = [
  { href: '/console', key: 'navDashboard', permission: 'dashboard.view' },
  { href: '/console/bills', key: 'navBills', permission: 'bills.view' },
  { href: '/console/payments', key: 'navPayments', permission: 'bills.view' },
  { href: '/console/customers', key: 'navCustomers', permission: 'customers.view' },
  { href: '/console/remittance', key: 'navRemittance', permission: 'remittance.view' },
  { href: '/console/deposit', key: 'navDeposit', permission: 'remittance.view' },
  { href: '/console/debits', key: 'navDebits', permission: 'debits.view' },
  { href: '/console/statements', key: 'navSettlement', permission: 'settlement.view' },
  { href: '/console/payouts', key: 'payouts', permission: 'settlement.view' },
  { href: '/console/invoices', key: 'invoices', permission: 'settlement.view' },
  { href: '/console/webhooks', key: 'navWebhooks', permission: 'webhooks.view' },
  { href: '/console/events', key: 'navEvents', permission: 'events.view' },
  { href: '/console/keys', key: 'navKeys', permission: 'keys.view' },
  { href: '/console/users', key: 'navUsers', permission: 'users.view' },
  { href: '/console/audit', key: 'navAudit', permission: 'audit.view' },
  { href: '/console/account', key: 'navAccount', permission: 'account.manage' },
];

/** The synchroniser token of the session, in every form that changes something. */
export function CsrfField({ ctx }: { ctx: PageContext }) {
  return <input type="hidden" name="_csrf" value={ctx.actor.session.csrf_token} />;
}

/** A one-button form (delete, revoke, redeliver): a POST with the CSRF token. */
export function PostButton({ ctx, action, label, variant = 'secondary', fields = {}, name }: { ctx: PageContext; action: string; label: string; variant?: 'primary' | 'secondary' | 'danger'; fields?: Record<string, string>; name?: string }) {
  return (
    <form action={action} method="post" class="inline-form" aria-label={name ?? label}>
      <CsrfField ctx={ctx} />
      {Object.entries(fields).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <Button variant={variant}>{label}</Button>
    </form>
  );
}

export function roleName(t: ConsoleT, role: string): string {
  return role === 'admin' ? t('role_admin') : role === 'operator' ? t('role_operator') : t('role_viewer');
}

/** The console frame: navigation allowed by the role, the account and mode switch, sign-out. */
export function ConsoleFrame({ ctx, heading, children }: { ctx: PageContext; heading: string; children?: ComponentChildren }) {
  const { t, actor } = ctx;
  const nav: NavItem[] = NAV.filter((n) => can(actor.user.role, n.permission)).map((n) => ({
    href: n.href,
    label: t(n.key),
    current: n.href === '/console' ? ctx.path === '/console' : ctx.path.startsWith(n.href),
  }));
  return (
    <Layout t={t} lang={ctx.lang} heading={heading} languageHrefs={ctx.languageHrefs} nav={nav}>
      <div class="console-bar">
        <p class="console-bar__who">
          {t('signedInAs', actor.user.name, roleName(t, actor.user.role))} · <span class={actor.livemode ? 'mode mode--live' : 'mode mode--test'}>{actor.livemode ? t('liveMode') : t('testMode')}</span>
        </p>
        <form action="/console/switch" method="post" class="inline-form" aria-label={t('account')}>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="return_to" value={ctx.path} />
          {ctx.accounts.length > 1 && (
            <>
              <label for="switch-account">{t('account')}</label>{' '}
              <select id="switch-account" name="account" class="field__input field__input--inline">
                {ctx.accounts.map((a) => (
                  <option key={a.id} value={a.id} selected={a.id === actor.merchant.id}>
                    {a.name}
                  </option>
                ))}
              </select>{' '}
            </>
          )}
          <label for="switch-mode">{t('mode')}</label>{' '}
          <select id="switch-mode" name="mode" class="field__input field__input--inline">
            <option value="test" selected={!actor.livemode}>
              {t('testMode')}
            </option>
            <option value="live" selected={actor.livemode}>
              {t('liveMode')}
            </option>
          </select>{' '}
          <Button variant="secondary">{t('switchAccount')}</Button>
        </form>
        <PostButton ctx={ctx} action="/console/logout" label={t('signOut')} />
      </div>
      {ctx.notice && <Alert kind={ctx.notice.kind}>{ctx.notice.text}</Alert>}
      {children}
    </Layout>
  );
}

/** A page that says one thing (forbidden, not found), inside the frame. */
export function MessagePage({ ctx, heading, text }: { ctx: PageContext; heading: string; text: string }) {
  return (
    <ConsoleFrame ctx={ctx} heading={heading}>
      <Alert kind="error">{text}</Alert>
      <p>
        <a href="/console">{ctx.t('navDashboard')}</a>
      </p>
    </ConsoleFrame>
  );
}
