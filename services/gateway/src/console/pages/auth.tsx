import { Alert, Button, ErrorSummary, Form, Layout, TextField, type Lang } from '@kessai/web';
import type { ComponentChildren } from 'preact';
import type { ConsoleT } from '../messages';

export interface PublicContext {
  t: ConsoleT;
  lang: Lang;
  languageHrefs: Record<Lang, string>;
  /** the pre-session anti-forgery token (double submit: cookie and field) */
  formToken: string;
}

function Frame({ ctx, heading, children }: { ctx: PublicContext; heading: string; children?: ComponentChildren }) {
  return (
    <Layout t={ctx.t} lang={ctx.lang} heading={heading} languageHrefs={ctx.languageHrefs} narrow>
      {children}
    </Layout>
  );
}

const FormToken = ({ ctx }: { ctx: PublicContext }) => <input type="hidden" name="_form" value={ctx.formToken} />;

export function LoginPage({ ctx, loginId, notice }: { ctx: PublicContext; loginId?: string; notice?: { kind: 'error' | 'info' | 'success' | 'warning'; text: string } }) {
  const { t } = ctx;
  return (
    <Frame ctx={ctx} heading={`${t('console')} ${t('signIn')}`}>
      {notice && <Alert kind={notice.kind}>{notice.text}</Alert>}
      <Form action="/console/login" label={t('signIn')}>
        <FormToken ctx={ctx} />
        <TextField t={t} name="login_id" label={t('loginId')} value={loginId} required autoComplete="username" maxLength={64} />
        <div class="field">
          <label for="password" class="field__label">
            {t('password')} <span class="field__required">{t('required')}</span>
          </label>
          <input id="password" name="password" type="password" required autoComplete="current-password" class="field__input" maxLength={128} />
        </div>
        <Button>{t('signIn')}</Button>
      </Form>
      <p>
        <a href="/console/forgot">{t('forgot')}</a>
      </p>
    </Frame>
  );
}

export function SecondFactorPage({ ctx, csrf, error }: { ctx: PublicContext; csrf: string; error?: string }) {
  const { t } = ctx;
  return (
    <Frame ctx={ctx} heading={t('secondFactorTitle')}>
      <ErrorSummary t={t} errors={error ? [{ field: 'code', message: error }] : []} />
      <Form action="/console/login/code" label={t('secondFactorTitle')}>
        <input type="hidden" name="_csrf" value={csrf} />
        <TextField t={t} name="code" label={t('code')} hint={t('codeHint')} kind="digits" required autoComplete="one-time-code" maxLength={6} error={error} />
        <Button>{t('verify')}</Button>
      </Form>
    </Frame>
  );
}

export function ForgotPage({ ctx, sent }: { ctx: PublicContext; sent?: boolean }) {
  const { t } = ctx;
  return (
    <Frame ctx={ctx} heading={t('forgotTitle')}>
      {sent && <Alert kind="success">{t('forgotSent')}</Alert>}
      <Form action="/console/forgot" label={t('forgotTitle')}>
        <FormToken ctx={ctx} />
        <TextField t={t} name="login_id" label={t('loginId')} required autoComplete="username" maxLength={64} />
        <Button>{t('send')}</Button>
      </Form>
      <p>
        <a href="/console/login">{t('signIn')}</a>
      </p>
    </Frame>
  );
}

export function ResetPage({ ctx, action, error, invalid }: { ctx: PublicContext; action: string; error?: string; invalid?: boolean }) {
  const { t } = ctx;
  return (
    <Frame ctx={ctx} heading={t('resetTitle')}>
      {invalid ? (
        <Alert kind="error">{t('resetInvalid')}</Alert>
      ) : (
        <>
          <ErrorSummary t={t} errors={error ? [{ field: 'password', message: error }] : []} />
          <Form action={action} label={t('resetTitle')}>
            <FormToken ctx={ctx} />
            <div class={error ? 'field field--error' : 'field'}>
              <label for="password" class="field__label">
                {t('newPassword')} <span class="field__required">{t('required')}</span>
              </label>
              <p id="password-hint" class="field__hint">
                {t('passwordHint')}
              </p>
              {error && (
                <p id="password-error" class="field__error">
                  {error}
                </p>
              )}
              <input id="password" name="password" type="password" required autoComplete="new-password" class="field__input" aria-describedby={error ? 'password-hint password-error' : 'password-hint'} aria-invalid={error ? 'true' : undefined} maxLength={128} />
            </div>
            <Button>{t('save')}</Button>
          </Form>
        </>
      )}
      <p>
        <a href="/console/login">{t('signIn')}</a>
      </p>
    </Frame>
  );
}

export function PublicMessagePage({ ctx, heading, text }: { ctx: PublicContext; heading: string; text: string }) {
  return (
    <Frame ctx={ctx} heading={heading}>
      <Alert kind="error">{text}</Alert>
      <p>
        <a href="/console/login">{ctx.t('signIn')}</a>
      </p>
    </Frame>
  );
}
