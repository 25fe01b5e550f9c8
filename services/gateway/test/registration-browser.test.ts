import { randomUUID } from 'node:crypto';
import { ledgerV1 } from '@kessai/contracts';
import { connectClient } from '@kessai/platform';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, describeViolations, launchChromium, openGuardedPage, PHONE, screenshot, type GuardedPage } from '../../../scripts/test/support/browser';
import { eventually } from '../../../scripts/test/support/clients';
import { testContext } from '../../../scripts/test/support/context';
import { api, gatewayAdminClient, newMerchant, type NewMerchant } from '../../../scripts/test/support/edge';

/**
 * The recipient's account page (/r/<token>) in chromium at phone size: code,
 * bank search, kana errors in Japanese, Japan Post, confirmation, done; axe
 * clean, nothing from the internet; and guessing: 20 wrong codes lock one link
 * while the right code on another link from the same address still works.
 */
const ctx = testContext();
const http = ctx.services.gateway.httpUrl!;
const uid = () => randomUUID().replace(/-/g, '').slice(0, 10);
const admin = gatewayAdminClient();
const ledger = connectClient(ledgerV1.LedgerServiceClient, ctx.services.ledger.grpcAddr);
let browser: Browser;
let m: NewMerchant;
const invites = new Map<string, { token: string; code: string; recipientId: string }>();

async function mailTo(address: string): Promise<string> {
  let text = '';
  await eventually(async () => {
    const all = (await (await fetch(ctx.mailSink!.apiUrl)).json()) as { to: { address: string }[]; text: string }[];
    text = all.find((x) => x.to.some((t) => t.address === address))?.text ?? '';
    return Boolean(text);
  }, 20_000, `a mail to ${address}`);
  return text;
}

beforeAll(async () => {
  if (!ctx.mailSink) throw new Error('the test run has no mail sink');
  browser = await launchChromium();
  m = await newMerchant(admin, '払戻し興行株式会社');
  const post = (path: string, body?: unknown) => api(http, 'POST', path, { key: m.testKey, idempotencyKey: randomUUID(), body });
  const order = (await post('/v1/remittance_orders', { purpose: '公演中止の払戻し', default_message: 'チケット代金をお返しします。', channels: ['email'] })).body;
  const people = ['a', 'b', 'c', 'd'].map((k, i) => ({ key: k, email: `${k}.${uid()}@example.jp`, amount: (i + 1) * 10_000 }));
  const added = await post(`/v1/remittance_orders/${order.id}/recipients`, {
    recipients: people.map((p) => ({ name: `受取人${p.key}`, name_kana: 'ウケトリ', amount: p.amount, email: p.email, reference: p.key })),
  });
  expect(added.status).toBe(200);
  await ledger.post({
    idempotencyKey: `dep-${uid()}`, livemode: false, kind: 'deposit.received', description: 'test deposit', merchantId: m.merchant.id, metadata: {},
    postings: [
      { account: { ownerId: 'platform', type: ledgerV1.AccountType.ACCOUNT_TYPE_PLATFORM_BANK }, amount: -100_000 },
      { account: { ownerId: m.merchant.id, type: ledgerV1.AccountType.ACCOUNT_TYPE_DEPOSIT }, amount: 100_000 },
    ],
  });
  expect((await post(`/v1/remittance_orders/${order.id}/approve`)).body.status).toBe('funded');
  const res = await fetch(`${ctx.services.remittance.opsUrl}/test/jobs/remittance.outreach/run`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  expect(res.status).toBe(200);
  const recipients = (await api(http, 'GET', `/v1/remittance_orders/${order.id}/recipients`, { key: m.testKey })).body.data as { id: string; reference: string }[];
  for (const p of people) {
    const text = await mailTo(p.email);
    invites.set(p.key, { token: /\/r\/([A-Za-z0-9_-]+)/.exec(text)![1], code: /登録コード：([A-Z0-9-]+)/.exec(text)![1], recipientId: recipients.find((r) => r.reference === p.key)!.id });
  }
}, 60_000);

afterAll(async () => {
  await browser?.close();
  admin.close();
  ledger.close();
});

async function phone(): Promise<GuardedPage> {
  return openGuardedPage(browser, { viewport: PHONE, isMobile: true });
}

/** Form re-renders answer 4xx on purpose (422 etc.); chromium logs those as console errors. */
async function expectClean(g: GuardedPage): Promise<void> {
  const expected = g.problems.filter((p) => /Failed to load resource: the server responded with a status of 4\d\d/.test(p));
  for (const p of expected) g.problems.splice(g.problems.indexOf(p), 1);
  await g.expectClean();
}

async function expectAxeClean(page: Page): Promise<void> {
  expect(describeViolations(await axeViolations(page))).toEqual([]);
}

async function enterCode(page: Page, code: string): Promise<void> {
  await page.fill('#code', code);
  await page.click('button:has-text("次へ")');
}

describe('the recipient\'s account page (phone, real browser)', () => {
  it('code (wrong, then right) → details → bank search → kana error in Japanese → confirmation → done', async () => {
    const a = invites.get('a')!;
    const g = await phone();
    const { page } = g;
    await page.goto(`${http}/r/${a.token}`);
    // nothing about the remittance before the code
    expect(await page.textContent('main')).not.toContain('払戻し興行株式会社');
    expect(await page.textContent('main')).not.toContain('10,000');
    await expectAxeClean(page);
    await enterCode(page, 'AAAA-AAAA');
    expect(await page.textContent('#code-error')).toContain('登録コードが違います');
    expect(await page.textContent('main')).toContain('あと9回');
    await expectAxeClean(page);
    await enterCode(page, a.code.toLowerCase());
    await page.waitForURL(/\/account$/);
    const main = (await page.textContent('main'))!;
    expect(main).toContain('払戻し興行株式会社');
    expect(main).toContain('10,000円');
    expect(main).toContain('チケット代金をお返しします。');
    await expectAxeClean(page);
    await screenshot(page, 'registration-account-phone');

    // bank search by name, then by code
    await page.fill('#q', 'みずほ');
    await page.click('button:has-text("金融機関を探す")');
    const first = page.locator('#bank-results a').first();
    expect(await first.textContent()).toContain('みずほ');
    await page.fill('#q', '0001');
    await page.click('button:has-text("金融機関を探す")');
    await page.locator('#bank-results a', { hasText: '0001' }).click();
    expect(await page.textContent('#chosen-bank')).toContain('0001');
    expect(await page.inputValue('#bank_code')).toBe('0001');

    // a holder name that is not kana: a clear Japanese message on the field
    await page.fill('#branch_code', '001');
    await page.fill('#account_number', '1234567');
    await page.fill('#holder_kana', '山田 太郎');
    await page.click('form[aria-label="銀行・信用金庫などの口座"] button');
    expect(await page.textContent('#holder_kana-error')).toContain('口座名義に使えない文字が含まれています');
    expect(await page.getAttribute('#holder_kana', 'aria-invalid')).toBe('true');
    await expectAxeClean(page);

    // hiragana is normalised to bank kana on the confirmation
    await page.fill('#holder_kana', 'やまだ たろう');
    await page.click('form[aria-label="銀行・信用金庫などの口座"] button');
    const confirm = (await page.textContent('main'))!;
    expect(confirm).toContain('ﾔﾏﾀﾞ ﾀﾛｳ');
    expect(confirm).toContain('1234567');
    await expectAxeClean(page);
    await page.click('button:has-text("この内容で登録する")');
    await page.waitForURL(/\/done/);
    expect(await page.textContent('h1')).toBe('登録が完了しました');
    expect(await page.textContent('main')).toMatch(/\d{4}年\d{1,2}月\d{1,2}日にお振込みの予定です/);
    await expectAxeClean(page);
    await expectClean(g);
    await g.close();

    const r = (await api(http, 'GET', `/v1/remittance_recipients/${a.recipientId}`, { key: m.testKey })).body;
    expect(r).toMatchObject({ status: 'scheduled', account: { bank_code: '0001', branch_code: '001', account_number: '****567', holder_kana: 'ﾔﾏﾀﾞ ﾀﾛｳ' } });
  }, 90_000);

  it('registers a Japan Post account by 記号/番号', async () => {
    const b = invites.get('b')!;
    const g = await phone();
    await g.page.goto(`${http}/r/${b.token}`);
    await enterCode(g.page, b.code);
    await g.page.waitForURL(/\/account$/);
    await g.page.fill('#japan_post_kigou', '12345');
    await g.page.fill('#japan_post_bangou', '12345671');
    await g.page.fill('#jp_holder_kana', 'ｽｽﾞｷ ﾊﾅｺ');
    await g.page.click('form[aria-label="ゆうちょ銀行の口座"] button');
    const confirm = (await g.page.textContent('main'))!;
    expect(confirm).toContain('ゆうちょ（9900）');
    expect(confirm).toContain('二三八（238）');
    expect(confirm).toContain('ｽｽﾞｷ ﾊﾅｺ');
    await g.page.click('button:has-text("この内容で登録する")');
    await g.page.waitForURL(/\/done/);
    await expectClean(g);
    await g.close();
    const r = (await api(http, 'GET', `/v1/remittance_recipients/${b.recipientId}`, { key: m.testKey })).body;
    expect(r.account).toMatchObject({ bank_code: '9900', holder_kana: 'ｽｽﾞｷ ﾊﾅｺ' });
  }, 60_000);

  it('refuses a form without the CSRF token', async () => {
    const d = invites.get('d')!;
    const res = await fetch(`${http}/r/${d.token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `code=${d.code}` });
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie') ?? '').toContain('SameSite=Strict');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('guessing: 20 wrong codes lock one link; the right code on another link from the same address still works', async () => {
    const c = invites.get('c')!;
    const d = invites.get('d')!;
    const g = await phone();
    const { page } = g;
    await page.goto(`${http}/r/${c.token}`);
    for (let i = 0; i < 20; i++) {
      if (!(await page.locator('#code').count())) {
        // locked: the page offers no form any more; keep trying with a direct post (same cookies, same address)
        const csrf = (await g.context.cookies()).find((k) => k.name === 'kessai_csrf')!.value;
        const res = await page.request.post(`${http}/r/${c.token}`, { form: { csrf, code: `WRNG-${String(i).padStart(4, '0')}` } });
        expect(res.status()).toBe(423);
        continue;
      }
      await enterCode(page, `WRNG-${String(i).padStart(4, '0')}`);
    }
    await page.goto(`${http}/r/${c.token}`);
    expect(await page.textContent('h1')).toBe('このリンクは使えなくなりました');
    await expectAxeClean(page);
    // even the right code no longer opens the locked link
    const csrf = (await g.context.cookies()).find((k) => k.name === 'kessai_csrf')!.value;
    expect((await page.request.post(`${http}/r/${c.token}`, { form: { csrf, code: c.code } })).status()).toBe(423);

    await page.goto(`${http}/r/${d.token}`);
    await enterCode(page, d.code);
    await page.waitForURL(/\/account$/);
    expect(await page.textContent('main')).toContain('40,000円');
    await expectClean(g);
    await g.close();
  }, 90_000);
});
