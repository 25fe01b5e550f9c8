import { randomBytes, timingSafeEqual } from 'node:crypto';
import { remittanceV1 } from '@kessai/contracts';
import { DomainError, isDomainError, type Logger } from '@kessai/platform';
import { assetHandler, pageHeaders, renderPage, type AssetBundle } from '@kessai/web';
import { bankDirectory } from '@kessai/zengin';
import express, { type Request, type Response } from 'express';
import type { VNode } from 'preact';
import type { RemittanceClient } from '../../app/deps';
import { AccountPage, CodePage, ConfirmPage, DonePage, EMPTY_ACCOUNT, StatePage, type AccountFormValues, type FieldError, type RegistrationView } from './pages';

/**
 * The recipient's account page at /r/<token> (docs/reference/remittance.md#registration-page).
 * No API key: the token is unguessable and the one-time code unlocks the
 * remittance's details. Guessing limits (10 wrong codes per link, a limit per
 * address) are the remittance service's: every attempt passes the caller's
 * address. Forms carry a CSRF token that must equal a SameSite=Strict cookie;
 * the verified session lives in an HttpOnly cookie scoped to the link.
 */
export interface RegistrationPageOptions {
  remittance: Pick<RemittanceClient, 'openRegistration' | 'verifyCode' | 'getRegistration' | 'registerAccount'>;
  assets: AssetBundle;
  logger: Logger;
}

const CSRF_COOKIE = 'kessai_csrf';
const SESSION_COOKIE = 'kessai_reg';
const TOKEN = /^[A-Za-z0-9_-]{16,128}$/;
const STATE = remittanceV1.RegistrationState;

function cookies(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

function setCookie(req: Request, res: Response, name: string, value: string, path: string, maxAgeSeconds?: number): void {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${path}`, 'HttpOnly', 'SameSite=Strict'];
  if (req.secure) parts.push('Secure');
  if (maxAgeSeconds !== undefined) parts.push(`Max-Age=${maxAgeSeconds}`);
  res.append('Set-Cookie', parts.join('; '));
}

/** The CSRF token of this browser (a new one when it has none). */
function csrfToken(req: Request, res: Response): string {
  const existing = cookies(req)[CSRF_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  setCookie(req, res, CSRF_COOKIE, token, '/r/');
  return token;
}

function csrfOk(req: Request): boolean {
  const cookie = cookies(req)[CSRF_COOKIE] ?? '';
  const sent = String((req.body as Record<string, unknown> | undefined)?.csrf ?? '');
  return cookie.length === 43 && sent.length === 43 && timingSafeEqual(Buffer.from(cookie), Buffer.from(sent));
}

function formValues(body: Record<string, unknown>): AccountFormValues {
  const s = (k: keyof AccountFormValues) => String(body[k] ?? '').slice(0, 100);
  return {
    via: s('via') === 'japan_post' ? 'japan_post' : 'bank',
    bank_code: s('bank_code').trim(),
    branch_code: s('branch_code').trim(),
    account_type: ['1', '2', '4'].includes(s('account_type')) ? s('account_type') : '1',
    account_number: s('account_number').trim(),
    japan_post_kigou: s('japan_post_kigou').trim(),
    japan_post_bangou: s('japan_post_bangou').trim(),
    holder_kana: s('holder_kana'),
  };
}

function accountInput(v: AccountFormValues): remittanceV1.BankAccountInput {
  return v.via === 'japan_post'
    ? { bankCode: '', branchCode: '', accountType: 0, accountNumber: '', japanPostKigou: v.japan_post_kigou, japanPostBangou: v.japan_post_bangou, holderKana: v.holder_kana }
    : { bankCode: v.bank_code, branchCode: v.branch_code, accountType: Number(v.account_type), accountNumber: v.account_number, japanPostKigou: '', japanPostBangou: '', holderKana: v.holder_kana };
}

/** The remittance service's violations (account.holder_kana …) as the form's fields. */
function fieldErrors(err: DomainError): FieldError[] {
  const list = err.fieldViolations.map((v) => ({ field: v.field.replace(/^account\.?/, '') || 'bank_code', message: v.description }));
  return list.length ? list : [{ field: 'bank_code', message: err.message }];
}

function view(r: remittanceV1.GetRegistrationResponse): RegistrationView {
  return {
    merchantName: r.merchantName,
    amount: r.amount,
    message: r.message,
    guideText: r.guideText,
    purpose: r.purpose,
    deadline: r.registrationDeadline,
    failureCode: r.failureCode,
    hasAccount: Boolean(r.account),
  };
}

export function mountRegistrationPages(app: express.Express, opts: RegistrationPageOptions): void {
  const { remittance, assets, logger } = opts;
  const form = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 });
  app.use(assetHandler(assets));

  const send = (res: Response, status: number, page: VNode, title: string) => {
    res.status(status).set(pageHeaders()).send(renderPage(page, { lang: 'ja', title, assets, noindex: true }));
  };
  const failed = (res: Response, err: unknown) => {
    if (isDomainError(err) && err.kind === 'not_found') return send(res, 404, <StatePage state="not_found" />, 'リンクが見つかりません');
    if (isDomainError(err) && err.kind === 'resource_exhausted') return send(res, 429, <StatePage state="limited" />, 'しばらくしてからお試しください');
    logger.error({ err: String(err) }, 'registration page failed');
    res.status(500).set(pageHeaders()).type('text/plain; charset=utf-8').send('エラーが発生しました。時間をおいてもう一度お試しください。');
  };
  /** The registration behind this browser's session cookie, or undefined (→ enter the code again). */
  const session = async (req: Request) => {
    const id = cookies(req)[SESSION_COOKIE];
    if (!id) return undefined;
    try {
      return { id, registration: await remittance.getRegistration({ sessionId: id }) };
    } catch (err) {
      if (isDomainError(err) && (err.kind === 'unauthenticated' || err.kind === 'not_found' || err.kind === 'failed_precondition')) return undefined;
      throw err;
    }
  };
  const stateName = (s: remittanceV1.RegistrationState) => (s === STATE.REGISTRATION_STATE_LOCKED ? 'locked' : s === STATE.REGISTRATION_STATE_EXPIRED ? 'expired' : 'closed');
  const token = (req: Request) => String(req.params.token);
  const guard = (handler: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response) => {
    if (!TOKEN.test(token(req))) return send(res, 404, <StatePage state="not_found" />, 'リンクが見つかりません');
    handler(req, res).catch((err: unknown) => failed(res, err));
  };

  app.get('/r/:token', guard(async (req, res) => {
    const base = `/r/${token(req)}`;
    if (await session(req)) return void res.redirect(303, `${base}/account`);
    const { state } = await remittance.openRegistration({ token: token(req) });
    if (state !== STATE.REGISTRATION_STATE_CODE_REQUIRED) return send(res, 410, <StatePage state={stateName(state)} />, '振込先口座のご登録');
    send(res, 200, <CodePage action={base} csrf={csrfToken(req, res)} />, '振込先口座のご登録');
  }));

  app.post('/r/:token', form, guard(async (req, res) => {
    const base = `/r/${token(req)}`;
    if (!csrfOk(req)) return send(res, 403, <CodePage action={base} csrf={csrfToken(req, res)} error="画面の有効期限が切れました。もう一度入力してください。" />, '振込先口座のご登録');
    const code = String((req.body as Record<string, unknown>).code ?? '').slice(0, 40);
    if (!code.trim()) return send(res, 422, <CodePage action={base} csrf={csrfToken(req, res)} error="登録コードを入力してください。" />, '振込先口座のご登録');
    const r = await remittance.verifyCode({ token: token(req), code, clientAddress: req.socket.remoteAddress ?? '' });
    if (r.ok) {
      setCookie(req, res, SESSION_COOKIE, r.sessionId, base);
      return void res.redirect(303, `${base}/account`);
    }
    if (r.state !== STATE.REGISTRATION_STATE_CODE_REQUIRED) return send(res, 423, <StatePage state={stateName(r.state)} />, 'このリンクは使えなくなりました');
    send(res, 422, <CodePage action={base} csrf={csrfToken(req, res)} error="登録コードが違います。" attemptsLeft={r.attemptsLeft} />, '振込先口座のご登録');
  }));

  app.get('/r/:token/account', guard(async (req, res) => {
    const base = `/r/${token(req)}`;
    const s = await session(req);
    if (!s) return send(res, 401, <StatePage state="session" retryHref={base} />, 'もう一度コードを入力してください');
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 60) : undefined;
    const bankCode = typeof req.query.bank === 'string' && /^\d{4}$/.test(req.query.bank) ? req.query.bank : undefined;
    const bq = typeof req.query.bq === 'string' ? req.query.bq.slice(0, 60) : undefined;
    const branchCode = typeof req.query.branch === 'string' && /^\d{3}$/.test(req.query.branch) ? req.query.branch : undefined;
    const dir = bankDirectory();
    const banks = q !== undefined && q.trim() ? dir.searchBanks(q, { limit: 10 }).map((b) => ({ code: b.code, name: b.name })) : undefined;
    const found = bankCode ? dir.bank(bankCode) : undefined;
    const bank = found ? { code: found.code, name: found.name } : undefined;
    const branches = bank && bq?.trim() ? dir.searchBranches(bank.code, bq, { limit: 10 }).map((b) => ({ code: b.code, name: b.name })) : undefined;
    const values = { ...EMPTY_ACCOUNT, bank_code: bank?.code ?? '', branch_code: branchCode ?? '' };
    send(res, 200, <AccountPage base={base} csrf={csrfToken(req, res)} view={view(s.registration)} values={values} errors={[]} bankQuery={q} banks={banks} bank={bank} branchQuery={bq} branches={branches} />, '振込先口座のご登録');
  }));

  /** Checks the account (validate only) and shows the confirmation; errors come back on the form. */
  const submit = (confirm: boolean) =>
    guard(async (req, res) => {
      const base = `/r/${token(req)}`;
      const s = await session(req);
      if (!s) return send(res, 401, <StatePage state="session" retryHref={base} />, 'もう一度コードを入力してください');
      const values = formValues(req.body as Record<string, unknown>);
      const again = (errors: FieldError[], status: number) =>
        send(res, status, <AccountPage base={base} csrf={csrfToken(req, res)} view={view(s.registration)} values={values} errors={errors} />, '振込先口座のご登録');
      if (!csrfOk(req)) return again([{ field: 'bank_code', message: '画面の有効期限が切れました。もう一度入力してください。' }], 403);
      try {
        const r = await remittance.registerAccount({ sessionId: s.id, account: accountInput(values), validateOnly: !confirm });
        if (confirm) return void res.redirect(303, `${base}/done${r.transferDate ? `?date=${r.transferDate}` : ''}`);
        const a = r.account!;
        send(res, 200, <ConfirmPage base={base} csrf={csrfToken(req, res)} view={view(s.registration)} values={values} account={{ ...a }} />, '登録内容の確認');
      } catch (err) {
        if (isDomainError(err) && err.kind === 'invalid_argument') return again(fieldErrors(err), 422);
        if (isDomainError(err) && err.kind === 'failed_precondition') return send(res, 410, <StatePage state="closed" />, '登録は不要です');
        throw err;
      }
    });
  app.post('/r/:token/account', form, submit(false));
  app.post('/r/:token/confirm', form, submit(true));

  app.get('/r/:token/done', guard(async (req, res) => {
    const date = typeof req.query.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(req.query.date) ? req.query.date : '';
    send(res, 200, <DonePage transferDate={date} />, '登録が完了しました');
  }));
}
