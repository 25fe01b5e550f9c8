import { Alert, Button, Copyable, DetailList, ErrorSummary, Form, formatDateTime, Pagination, SelectField, Table, TextField } from '@kessai/web';
import type { ApiKey } from '../../domain/api-keys';
import type { AuditEntry, ConsoleUser } from '../../domain/console/user';
import { ConsoleFrame, CsrfField, PostButton, roleName, type PageContext } from './frame';

type Errors = { field: string; message: string }[];

export function KeysPage({ ctx, keys, secret }: { ctx: PageContext; keys: ApiKey[]; secret?: string }) {
  const { t, lang } = ctx;
  const now = Date.now();
  const live = (k: ApiKey) => !k.revoked_at && (!k.expires_at || new Date(k.expires_at).getTime() > now);
  return (
    <ConsoleFrame ctx={ctx} heading={t('keys')}>
      {secret && (
        <Alert kind="success" title={t('keySecretOnce')}>
          <Copyable t={t} id="key-secret" value={secret} label={t('keySecretOnce')} />
        </Alert>
      )}
      <PostButton ctx={ctx} action="/console/keys" label={t('issueKey')} variant="primary" />
      <Table
        t={t}
        id="keys"
        caption={t('keys')}
        rows={keys.filter((k) => k.livemode === ctx.actor.livemode)}
        rowKey={(k) => k.id}
        empty={t('noData')}
        columns={[
          { header: 'ID', cell: (k) => k.id, rowHeader: true },
          { header: t('prefix'), cell: (k) => <code>{k.prefix}</code> },
          { header: t('created'), cell: (k) => formatDateTime(k.created_at, lang) },
          { header: t('expires'), cell: (k) => (k.expires_at ? formatDateTime(k.expires_at, lang) : '—') },
          { header: t('revoked'), cell: (k) => (k.revoked_at ? formatDateTime(k.revoked_at, lang) : '—') },
          {
            header: t('action'),
            cell: (k) =>
              live(k) ? (
                <>
                  <PostButton ctx={ctx} action={`/console/keys/${k.id}/roll`} label={t('roll')} fields={{ grace_seconds: '3600' }} name={`${t('roll')} ${k.id}`} />
                  <PostButton ctx={ctx} action={`/console/keys/${k.id}/revoke`} label={t('revoke')} variant="danger" name={`${t('revoke')} ${k.id}`} />
                </>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </ConsoleFrame>
  );
}

const roleOptions = (ctx: PageContext) => (['admin', 'operator', 'viewer'] as const).map((r) => ({ value: r, label: roleName(ctx.t, r) }));

export function UsersPage({ ctx, users, errors, values }: { ctx: PageContext; users: ConsoleUser[]; errors: Errors; values?: Record<string, string> }) {
  const { t, lang } = ctx;
  const err = (f: string) => errors.find((e) => e.field === f)?.message;
  const now = Date.now();
  return (
    <ConsoleFrame ctx={ctx} heading={t('users')}>
      <Table
        t={t}
        id="users"
        caption={t('users')}
        rows={users}
        rowKey={(u) => u.id}
        columns={[
          { header: t('loginId'), cell: (u) => u.login_id, rowHeader: true },
          { header: t('name'), cell: (u) => u.name },
          { header: t('role'), cell: (u) => roleName(t, u.role) },
          {
            header: t('status'),
            cell: (u) => (u.disabled_at ? t('disabled') : u.locked_until && new Date(u.locked_until).getTime() > now ? t('lockedStatus') : t('active')),
          },
          { header: t('created'), cell: (u) => formatDateTime(u.created_at, lang) },
          {
            header: t('action'),
            cell: (u) =>
              u.id === ctx.actor.user.id ? (
                '—'
              ) : (
                <>
                  <form action={`/console/users/${u.id}/role`} method="post" class="inline-form" aria-label={`${t('changeRole')} ${u.login_id}`}>
                    <CsrfField ctx={ctx} />
                    <label for={`role-${u.id}`} class="visually-hidden">{`${t('role')} ${u.login_id}`}</label>
                    <select id={`role-${u.id}`} name="role" class="field__input field__input--inline">
                      {roleOptions(ctx).map((o) => (
                        <option key={o.value} value={o.value} selected={o.value === u.role}>
                          {o.label}
                        </option>
                      ))}
                    </select>{' '}
                    <Button variant="secondary">{t('changeRole')}</Button>
                  </form>
                  {u.locked_until && new Date(u.locked_until).getTime() > now && <PostButton ctx={ctx} action={`/console/users/${u.id}/unlock`} label={t('unlock')} name={`${t('unlock')} ${u.login_id}`} />}
                  <PostButton ctx={ctx} action={`/console/users/${u.id}/${u.disabled_at ? 'enable' : 'disable'}`} label={u.disabled_at ? t('enable') : t('disable')} variant={u.disabled_at ? 'secondary' : 'danger'} name={`${u.disabled_at ? t('enable') : t('disable')} ${u.login_id}`} />
                </>
              ),
          },
        ]}
      />
      <section aria-labelledby="add-user">
        <h2 id="add-user">{t('addUser')}</h2>
        <ErrorSummary t={t} errors={errors} />
        <Form action="/console/users" label={t('addUser')}>
          <CsrfField ctx={ctx} />
          <TextField t={t} name="login_id" label={t('loginId')} value={values?.login_id} required error={err('login_id')} maxLength={64} />
          <TextField t={t} name="name" label={t('name')} value={values?.name} required error={err('name')} maxLength={100} />
          <TextField t={t} name="email" label={t('email')} kind="email" value={values?.email} required error={err('email')} />
          <SelectField t={t} name="role" label={t('role')} value={values?.role ?? 'viewer'} options={roleOptions(ctx)} required error={err('role')} />
          <div class={err('password') ? 'field field--error' : 'field'}>
            <label for="password" class="field__label">
              {t('password')} <span class="field__required">{t('required')}</span>
            </label>
            <p id="password-hint" class="field__hint">
              {t('passwordHint')}
            </p>
            {err('password') && (
              <p id="password-error" class="field__error">
                {err('password')}
              </p>
            )}
            <input id="password" name="password" type="password" autoComplete="new-password" required class="field__input" aria-describedby={err('password') ? 'password-hint password-error' : 'password-hint'} maxLength={128} />
          </div>
          <Button>{t('add')}</Button>
        </Form>
      </section>
    </ConsoleFrame>
  );
}

export function AuditPage({ ctx, entries, nextHref }: { ctx: PageContext; entries: AuditEntry[]; nextHref?: string }) {
  const { t, lang } = ctx;
  return (
    <ConsoleFrame ctx={ctx} heading={t('audit')}>
      <Table
        t={t}
        id="audit"
        caption={t('audit')}
        rows={entries}
        rowKey={(e) => e.id}
        empty={t('noData')}
        columns={[
          { header: t('when'), cell: (e) => formatDateTime(e.created_at, lang), rowHeader: true },
          { header: t('who'), cell: (e) => e.login_id },
          { header: t('action'), cell: (e) => <code>{e.action}</code> },
          { header: t('target'), cell: (e) => e.target },
          { header: t('account'), cell: (e) => e.merchant_id },
          { header: t('mode'), cell: (e) => (e.livemode ? t('liveMode') : t('testMode')) },
        ]}
      />
      <Pagination t={t} nextHref={nextHref} />
    </ConsoleFrame>
  );
}

export function AccountPage({ ctx, enrolment, error }: { ctx: PageContext; enrolment?: { secret: string; uri: string }; error?: string }) {
  const { t } = ctx;
  const user = ctx.actor.user;
  return (
    <ConsoleFrame ctx={ctx} heading={t('navAccount')}>
      <DetailList
        items={[
          { term: t('loginId'), detail: user.login_id },
          { term: t('name'), detail: user.name },
          { term: t('email'), detail: user.email },
          { term: t('role'), detail: roleName(t, user.role) },
        ]}
      />
      <section aria-labelledby="totp-heading">
        <h2 id="totp-heading">{t('totp')}</h2>
        <p>{user.totp_enabled ? t('totpOn') : t('totpOff')}</p>
        {user.totp_enabled ? (
          <PostButton ctx={ctx} action="/console/account/totp/disable" label={t('totpDisable')} variant="danger" />
        ) : enrolment ? (
          <>
            <DetailList
              items={[
                { term: t('totpSecret'), detail: <Copyable t={t} id="totp-secret" value={enrolment.secret} label={t('totpSecret')} /> },
                { term: t('totpUri'), detail: <code class="break">{enrolment.uri}</code> },
              ]}
            />
            <ErrorSummary t={t} errors={error ? [{ field: 'code', message: error }] : []} />
            <Form action="/console/account/totp/confirm" label={t('totpConfirm')}>
              <CsrfField ctx={ctx} />
              <TextField t={t} name="code" label={t('code')} hint={t('codeHint')} kind="digits" required autoComplete="one-time-code" maxLength={6} error={error} />
              <Button>{t('totpConfirm')}</Button>
            </Form>
          </>
        ) : (
          <PostButton ctx={ctx} action="/console/account/totp" label={t('totpStart')} variant="primary" />
        )}
      </section>
    </ConsoleFrame>
  );
}
