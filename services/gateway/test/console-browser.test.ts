import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { Secret, TOTP } from 'otpauth';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, launchChromium, openGuardedPage, PHONE, type GuardedPage } from '../../../scripts/test/support/browser';
import { eventually } from '../../../scripts/test/support/clients';
import { testContext } from '../../../scripts/test/support/context';
import { api, gatewayAdminClient, OPERATOR } from '../../../scripts/test/support/edge';
import { startReceiver } from '../../../scripts/test/support/receiver';
import { startStoreSimulator, type RunningStore } from '../../../scripts/test/support/store';
import { checkPage, httpSignIn, PASSWORD, publishScreenshots, signInAt } from './console-support';

/**
 * The merchant console in a real browser against the run's mesh
 * (docs/console.md): sign-in, lockout, roles refused on the server, CSRF,
 * every page's main action, downloads read back, the tenant switch, the
 * password reset mail, the idle timeout, axe on every page, screenshots.
 */
jest.setTimeout(180_000);

const ctx = testContext();
const base = ctx.services.gateway.httpUrl!;
const admin = gatewayAdminClient();
const tag = randomUUID().slice(0, 6);
const login = (who: string) => `${who}-${tag}`;

let browser: Browser;
let desktop: GuardedPage;
let store: RunningStore;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const m = { owner: { id: '', key: '' }, tenant: { id: '', key: '' } };
const bills = { edit: '', remove: '', paid: '', tenant: '', viewerTarget: '' };

const dueIn = (n: number) => new Date(Date.now() + 9 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10);

async function merchant(name: string, ownerId = '') {
  const { merchant: mer } = await admin.createMerchant({ idempotencyKey: '', name, ownerId, settings: { enabledStoreChains: ['seven_eleven', 'lawson'], feePlan: 'collection_plan', settlementCycle: 'monthly' } }, OPERATOR);
  const key = await admin.issueApiKey({ merchantId: mer!.id, livemode: false }, OPERATOR);
  return { id: mer!.id, key: key.secret };
}

async function bill(key: string, amount: number, extra: Record<string, unknown> = {}) {
  const res = await api(base, 'POST', '/v1/bills', { key, idempotencyKey: randomUUID(), body: { amount, due_date: dueIn(10), customer: { name: '山田 太郎', email: `taro.${tag}@example.jp` }, ...extra } });
  expect(res.status).toBe(200);
  return res.body;
}

async function consoleUser(merchantId: string, who: string, role: string) {
  await admin.createConsoleUser({ merchantId, loginId: login(who), name: `${who} さん`, email: `${who}.${tag}@example.jp`, role, password: PASSWORD }, OPERATOR);
}

const signInPage = (page: Page, who: string, password = PASSWORD) => signInAt(page, base, login(who), password);

const billStatus = async (key: string, id: string) => (await api(base, 'GET', `/v1/bills/${id}`, { key })).body.status;

beforeAll(async () => {
  [browser, store, receiver] = await Promise.all([launchChromium(), startStoreSimulator(), startReceiver()]);
  m.owner = await merchant(`株式会社コンソール商店 ${tag}`);
  m.tenant = await merchant(`テナント商店 ${tag}`, m.owner.id);
  await consoleUser(m.owner.id, 'admin', 'admin');
  await consoleUser(m.owner.id, 'operator', 'operator');
  await consoleUser(m.owner.id, 'viewer', 'viewer');
  await consoleUser(m.owner.id, 'locky', 'viewer');
  await consoleUser(m.owner.id, 'totp', 'operator');
  await consoleUser(m.owner.id, 'forgetful', 'viewer');
  await consoleUser(m.tenant.id, 'tenant', 'admin');
  // a webhook endpoint receiving the payment events, then bills and a paid one
  await api(base, 'POST', '/v1/webhook_endpoints', { key: m.owner.key, idempotencyKey: randomUUID(), body: { url: receiver.url, enabled_events: ['*'] } });
  bills.edit = (await bill(m.owner.key, 3_000)).id;
  bills.remove = (await bill(m.owner.key, 4_000)).id;
  bills.viewerTarget = (await bill(m.owner.key, 4_500)).id;
  const paid = await bill(m.owner.key, 5_000, { stores: ['seven_eleven'], order_reference: 'ORD-コンソール' });
  bills.paid = paid.id;
  bills.tenant = (await bill(m.tenant.key, 7_000)).id;
  const payment = await store.call('POST', '/pay', { chain: 'seven_eleven', number: paid.payment_numbers[0].number });
  await eventually(async () => (await billStatus(m.owner.key, bills.paid)) === 'paid', 15_000, 'the bill paid');
  await store.call('POST', `/payments/${payment.id}/confirm`).catch(() => undefined);
  await api(base, 'POST', '/v1/customers', { key: m.owner.key, idempotencyKey: randomUUID(), body: { name: '佐藤 花子', email: `hanako.${tag}@example.jp` } });
  await eventually(async () => receiver.received.length > 0, 20_000, 'a webhook delivered');
  desktop = await openGuardedPage(browser, { viewport: DESKTOP });
});

afterAll(async () => {
  await desktop?.close();
  await browser?.close();
  await store?.stop();
  await receiver?.close();
  admin.close();
});

describe('signing in', () => {
  it('signs in, and refuses a wrong password without saying which part was wrong', async () => {
    const { page } = desktop;
    await page.goto(`${base}/console/login`);
    await checkPage(page, 'login-desktop');
    await signInPage(page, 'admin', 'wrong password!!');
    await expect(page.locator('[role=alert]').textContent()).resolves.toContain('ユーザーIDまたはパスワードが正しくありません');
    await signInPage(page, 'admin');
    expect(new URL(page.url()).pathname).toBe('/console');
    const cookie = (await desktop.context.cookies()).find((c) => c.name === 'kessai_console')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/console' });
  });

  it('locks the account after five failures: then even the right password is refused', async () => {
    for (let i = 0; i < 5; i++) expect((await httpSignIn(base, login('locky'), 'not the password')).status).toBe(i < 4 ? 401 : 423);
    const right = await httpSignIn(base, login('locky'));
    expect(right.status).toBe(423);
    expect(right.body).toContain('ロック');
  });
});

describe('pages (admin of an owner)', () => {
  const PAGES = [
    ['dashboard', '/console'],
    ['bills', '/console/bills'],
    ['bill', () => `/console/bills/${bills.paid}`],
    ['payments', '/console/payments'],
    ['customers', '/console/customers'],
    ['webhooks', '/console/webhooks'],
    ['events', '/console/events'],
    ['keys', '/console/keys'],
    ['users', '/console/users'],
    ['audit', '/console/audit'],
    ['account', '/console/account'],
  ] as const;

  it('every page passes axe at desktop and phone size, without outside requests or CSP violations', async () => {
    const phone = await openGuardedPage(browser, { viewport: PHONE, isMobile: true });
    await signInPage(phone.page, 'admin');
    await signInPage(desktop.page, 'admin'); // (again: `npm run screenshots` runs this test alone)
    desktop.problems.splice(0); // the wrong password of the sign-in test was a 401 on purpose
    for (const [name, target] of PAGES) {
      const url = `${base}${typeof target === 'function' ? target() : target}`;
      for (const [g, size] of [[desktop, 'desktop'], [phone, 'phone']] as const) {
        const res = await g.page.goto(url);
        expect([name, res!.status()]).toEqual([name, 200]);
        await checkPage(g.page, `${name}-${size}`);
      }
    }
    await desktop.expectClean();
    await phone.expectClean();
    await phone.close();
    publishScreenshots(['dashboard-desktop', 'bill-desktop', 'payments-phone']);
  });

  it('the dashboard shows today\'s collections, the deposit and a chart; English on request', async () => {
    const { page } = desktop;
    await page.goto(`${base}/console`);
    await expect(page.locator('svg[role=img]').count()).resolves.toBeGreaterThanOrEqual(2);
    await expect(page.locator('main').textContent()).resolves.toContain('¥5,000');
    await page.click('a[hreflang=en]');
    await expect(page.locator('h1').textContent()).resolves.toBe('Dashboard');
    await page.goto(`${base}/console/bills`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Bills');
    await page.click('a[hreflang=ja]');
    await expect(page.locator('h1').textContent()).resolves.toBe('請求一覧');
  });

  it('filters bills, edits an unpaid bill and deletes another', async () => {
    const { page } = desktop;
    await page.goto(`${base}/console/bills?status=paid`);
    await expect(page.locator('#bills tbody tr').count()).resolves.toBe(1);
    await page.goto(`${base}/console/bills/${bills.edit}`);
    await page.fill('#amount', '3300');
    await page.click('form[aria-label="請求の変更"] button[type=submit]');
    await expect(page.locator('[role=status]').first().textContent()).resolves.toContain('保存しました');
    expect((await api(base, 'GET', `/v1/bills/${bills.edit}`, { key: m.owner.key })).body.amount).toBe(3_300);
    // a bad amount is refused next to its field
    await page.fill('#amount', '3,3x');
    await page.click('form[aria-label="請求の変更"] button[type=submit]');
    await expect(page.locator('#amount-error').textContent()).resolves.toContain('整数');
    await page.goto(`${base}/console/bills/${bills.remove}`);
    await page.click('form[action$="/delete"] button');
    await expect(page.locator('main').textContent()).resolves.toContain('請求を削除しました');
    expect(await billStatus(m.owner.key, bills.remove)).toBe('deleted');
  });

  it('downloads payments as CSV (UTF-8 with BOM, Shift_JIS) and PDF, each read back', async () => {
    const { page } = desktop;
    await page.goto(`${base}/console/payments`);
    const download = async (format: string) => {
      const [d] = await Promise.all([page.waitForEvent('download'), page.click(`a[href*="format=${format}"]`)]);
      const file = path.join(os.tmpdir(), `console-${tag}-${d.suggestedFilename()}`);
      await d.saveAs(file);
      return fs.readFileSync(file);
    };
    const utf8 = await download('csv');
    expect([...utf8.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(utf8.toString('utf8')).toContain(bills.paid);
    const sjis = await download('csv_shift_jis');
    expect(sjis.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    const decoded = iconv.decode(sjis, 'Shift_JIS');
    expect(decoded).toContain(bills.paid);
    expect(decoded).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/); // Japanese headers survive the round trip
    const pdf = await download('pdf');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pdfFile = path.join(os.tmpdir(), `console-${tag}.pdf`);
    fs.writeFileSync(pdfFile, pdf);
    expect(execFileSync('pdftotext', [pdfFile, '-']).toString()).toContain('5,000');
  });

  it('webhooks: adds an endpoint (its secret once), redelivers an event, shows the event log', async () => {
    const { page } = desktop;
    await page.goto(`${base}/console/webhooks`);
    await page.fill('#url', `${receiver.url}?second`);
    await page.click('form[aria-label="エンドポイントの追加"] button[type=submit]');
    await expect(page.locator('#endpoint-secret').textContent()).resolves.toMatch(/^whsec_/);
    await page.goto(`${base}/console/webhooks`);
    await expect(page.locator('#endpoint-secret').count()).resolves.toBe(0);
    await page.click(`#endpoints a:text-is("${receiver.url}")`);
    const before = receiver.received.length;
    await page.locator('form[action$="/redeliver"] button').first().click();
    await expect(page.locator('main').textContent()).resolves.toContain('再送しました');
    await eventually(async () => receiver.received.length > before, 15_000, 'the redelivery');
    await page.goto(`${base}/console/events`);
    await expect(page.locator('#events tbody tr').count()).resolves.toBeGreaterThan(0);
  });

  it('API keys: issues (secret shown once), rolls and revokes', async () => {
    const { page } = desktop;
    await page.goto(`${base}/console/keys`);
    await page.click('form[action="/console/keys"] button');
    const secret = (await page.locator('#key-secret').textContent())!;
    expect(secret).toMatch(/^sk_test_/);
    expect((await api(base, 'GET', '/v1/balance', { key: secret })).status).toBe(200);
    await page.goto(`${base}/console/keys`);
    await expect(page.content()).resolves.not.toContain(secret);
    const rows = page.locator('#keys tbody tr');
    const count = await rows.count();
    await page.locator('form[action$="/roll"] button').last().click();
    await expect(page.locator('#key-secret').textContent()).resolves.toMatch(/^sk_test_/);
    await expect(page.locator('#keys tbody tr').count()).resolves.toBe(count + 1);
    await page.locator('form[action$="/revoke"] button').last().click();
    await page.waitForURL(/notice=saved/);
  });

  it('users: adds one, changes a role, and the audit log shows every change', async () => {
    const { page } = desktop;
    await page.goto(`${base}/console/users`);
    await page.fill('#login_id', login('newbie'));
    await page.fill('#name', '新人 さん');
    await page.fill('#email', `newbie.${tag}@example.jp`);
    await page.selectOption('#role', 'viewer');
    await page.fill('#password', 'short');
    await page.click('form[aria-label="ユーザーの追加"] button[type=submit]');
    await expect(page.locator('#password-error').textContent()).resolves.toContain('12');
    await page.fill('#password', PASSWORD);
    await page.click('form[aria-label="ユーザーの追加"] button[type=submit]');
    await page.waitForURL(/notice=saved/);
    const form = page.locator(`form[aria-label="権限の変更 ${login('newbie')}"]`);
    await form.locator('select').selectOption('operator');
    await form.locator('button').click();
    await page.waitForURL(/notice=saved/);
    await page.goto(`${base}/console/audit`);
    const text = (await page.locator('#audit').textContent())!;
    for (const action of ['user.created', 'user.role_changed', 'bill.updated', 'bill.deleted', 'api_key.issued', 'api_key.rolled', 'api_key.revoked', 'webhook_endpoint.created', 'webhook.redelivered', 'user.locked']) {
      expect([action, text.includes(action)]).toEqual([action, true]);
    }
  });
});

describe('roles and forgery, refused on the server', () => {
  it('a viewer sees no delete button, and a hand-made delete is refused (403), the bill untouched', async () => {
    const viewer = await openGuardedPage(browser, { viewport: DESKTOP });
    await signInPage(viewer.page, 'viewer');
    await viewer.page.goto(`${base}/console/bills/${bills.viewerTarget}`);
    await expect(viewer.page.locator('form[action$="/delete"]').count()).resolves.toBe(0);
    await expect(viewer.page.locator('a[href="/console/users"]').count()).resolves.toBe(0);
    await checkPage(viewer.page, 'bill-viewer-desktop');
    await viewer.close();
    const { session } = await httpSignIn(base, login('viewer'));
    const csrf = await session.csrf();
    const res = await session.post(`/console/bills/${bills.viewerTarget}/delete`, { _csrf: csrf });
    expect(res.status).toBe(403);
    expect((await session.get('/console/users')).status).toBe(403);
    expect((await session.post('/console/keys', { _csrf: csrf })).status).toBe(403);
    expect(await billStatus(m.owner.key, bills.viewerTarget)).toBe('open');
  });

  it('an operator may delete bills but not manage users or keys', async () => {
    const { session } = await httpSignIn(base, login('operator'));
    const csrf = await session.csrf();
    expect((await session.post('/console/users', { _csrf: csrf, login_id: login('sneaky'), name: 'x', email: 'x@example.jp', role: 'admin', password: PASSWORD })).status).toBe(403);
    expect((await session.get('/console/audit')).status).toBe(403);
  });

  it('a POST without the session\'s CSRF token is refused, and so is another session\'s token', async () => {
    const { session } = await httpSignIn(base, login('admin'));
    const { session: other } = await httpSignIn(base, login('operator'));
    expect((await session.post(`/console/bills/${bills.viewerTarget}/delete`, {})).status).toBe(403);
    expect((await session.post(`/console/bills/${bills.viewerTarget}/delete`, { _csrf: await other.csrf() })).status).toBe(403);
    expect(await billStatus(m.owner.key, bills.viewerTarget)).toBe('open');
    // the sign-in form has its own token (no session yet)
    const res = await fetch(`${base}/console/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ login_id: login('admin'), password: PASSWORD }) });
    expect(res.status).toBe(403);
  });
});

describe('tenants', () => {
  it('an owner\'s admin switches to a tenant and sees only its bills; back again', async () => {
    const { page } = desktop;
    await page.goto(`${base}/console/bills`);
    await expect(page.locator('#bills').textContent()).resolves.toContain(bills.edit);
    await page.selectOption('#switch-account', m.tenant.id);
    await page.click('form[action="/console/switch"] button');
    const text = (await page.locator('#bills').textContent())!;
    expect(text).toContain(bills.tenant);
    expect(text).not.toContain(bills.edit);
    await checkPage(page, 'bills-tenant-desktop');
    await page.selectOption('#switch-account', m.owner.id);
    await page.click('form[action="/console/switch"] button');
  });

  it('a tenant\'s user sees only the tenant, and cannot switch to the owner even by hand', async () => {
    const { session } = await httpSignIn(base, login('tenant'));
    const html = await (await session.get('/console/bills')).text();
    expect(html).toContain(bills.tenant);
    expect(html).not.toContain(bills.edit);
    expect(html).not.toContain('switch-account');
    const res = await session.post('/console/switch', { _csrf: await session.csrf(), account: m.owner.id });
    expect(res.status).toBe(404);
    expect((await session.get(`/console/bills/${bills.edit}`)).status).toBe(404);
  });
});

describe('second factor and password reset', () => {
  it('turns on TOTP, then sign-in asks for the code', async () => {
    const g = await openGuardedPage(browser, { viewport: DESKTOP });
    await signInPage(g.page, 'totp');
    await g.page.goto(`${base}/console/account`);
    await g.page.click('form[action="/console/account/totp"] button');
    const secret = (await g.page.locator('#totp-secret').textContent())!.trim();
    const code = () => new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate();
    await g.page.fill('#code', '000000' === code() ? '111111' : '000000');
    await g.page.click('form[action="/console/account/totp/confirm"] button');
    await expect(g.page.locator('#code-error').count()).resolves.toBe(1);
    await g.page.fill('#code', code());
    await g.page.click('form[action="/console/account/totp/confirm"] button');
    await expect(g.page.locator('main').textContent()).resolves.toContain('2段階認証は有効です');
    await g.page.click('form[action="/console/logout"] button');
    await signInPage(g.page, 'totp');
    expect(new URL(g.page.url()).pathname).toBe('/console/login/code');
    await checkPage(g.page, 'second-factor-desktop');
    await g.page.fill('#code', code());
    await g.page.click('form[action="/console/login/code"] button');
    expect(new URL(g.page.url()).pathname).toBe('/console');
    // (the wrong code's 422 is a console message by design: only leaks and CSP count here)
    expect(g.outside).toEqual([]);
    expect(g.cspViolations).toEqual([]);
    await g.close();
  });

  it('resets a forgotten password through the emailed link, once', async () => {
    const sink = ctx.mailSink;
    if (!sink) throw new Error('no mail sink in this run (maildev): the reset email cannot be checked');
    const g = await openGuardedPage(browser, { viewport: PHONE, isMobile: true });
    await g.page.goto(`${base}/console/forgot`);
    await checkPage(g.page, 'forgot-phone');
    await g.page.fill('#login_id', login('forgetful'));
    await g.page.click('form[action="/console/forgot"] button');
    await expect(g.page.locator('[role=status]').first().textContent()).resolves.toContain('送りました');
    let mail: any;
    await eventually(async () => {
      const all = (await (await fetch(sink.apiUrl)).json()) as any[];
      mail = all.find((x) => x.to?.some((t: any) => t.address === `forgetful.${tag}@example.jp`));
      return mail !== undefined;
    }, 20_000, 'the reset email');
    expect(mail.subject).toContain('パスワード再設定');
    const link = /https?:\/\/\S+\/console\/reset\/[\w-]+/.exec(mail.text)![0];
    const resetPath = new URL(link).pathname;
    await g.page.goto(`${base}${resetPath}`);
    await checkPage(g.page, 'reset-phone');
    await g.page.fill('#password', 'a brand new password 7');
    await g.page.click('form button[type=submit]');
    expect([g.page.url(), await g.page.locator('main').textContent()]).toEqual([expect.stringContaining('/console/login?reset=1'), expect.stringContaining('パスワードを変更しました')]);
    expect((await httpSignIn(base, login('forgetful'), 'a brand new password 7')).status).toBe(303);
    expect((await fetch(`${base}${resetPath}`)).status).toBe(410);
    await g.close();
  });
});

describe('idle timeout', () => {
  it('a session unused for more than 30 minutes is over', async () => {
    const { session } = await httpSignIn(base, login('operator'));
    expect((await session.get('/console')).status).toBe(200);
    const res = await fetch(`${ctx.services.gateway.opsUrl}/test/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance_ms: 31 * 60_000 }) });
    expect(res.ok).toBe(true);
    const after = await session.get('/console');
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toBe('/console/login?expired=1');
    expect((await session.get('/console')).headers.get('location')).toBe('/console/login');
  });
});
