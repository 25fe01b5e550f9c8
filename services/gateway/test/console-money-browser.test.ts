import { randomInt, randomUUID } from 'node:crypto';
import iconv from 'iconv-lite';
import { ledgerV1, remittanceV1 } from '@kessai/contracts';
import { connectClient } from '@kessai/platform';
import type { Browser } from 'playwright-core';
import { sharedBank } from '../../../scripts/test/support/bank';
import { DESKTOP, launchChromium, openGuardedPage, PHONE, type GuardedPage } from '../../../scripts/test/support/browser';
import { eventually, ledgerClient } from '../../../scripts/test/support/clients';
import { testContext } from '../../../scripts/test/support/context';
import { api, gatewayAdminClient, newMerchant, OPERATOR, type NewMerchant } from '../../../scripts/test/support/edge';
import { mailTo } from '../../remittance/test/support/remittance';
import { checkPage, download, httpSignIn, PASSWORD, signInAt } from './console-support';

/**
 * The console's remittance and direct-debit pages in a real browser against
 * the run's mesh (docs/console.md, "Remittance" and "Direct debit"): each
 * page's main action, the uploads with their row errors, the downloads read
 * back, a viewer refused on the server, the audit log, axe on every page.
 */
jest.setTimeout(90_000);

const ctx = testContext();
const base = ctx.services.gateway.httpUrl!;
const admin = gatewayAdminClient();
const ledger = ledgerClient(ctx.services.ledger.grpcAddr);
const remittance = connectClient(remittanceV1.RemittanceServiceClient, ctx.services.remittance.grpcAddr);
const bank = sharedBank();
const tag = randomUUID().slice(0, 6);
const login = (who: string) => `${who}-m-${tag}`;

let browser: Browser;
let g: GuardedPage;
let m: NewMerchant;
const ids = { order: '', debit: '', batch: '', customer: '', customerRef: `cust-${tag}` };
const account = String(randomInt(1_000_000, 9_999_999));
const requester = String(randomInt(1_000_000_000, 9_999_999_999));
const payout = String(randomInt(1_000_000, 9_999_999));

const rest = (method: string, path: string, body?: unknown) => api(base, method, path, { key: m.testKey, body, idempotencyKey: method === 'POST' ? randomUUID() : undefined });
const ops = async (service: string, path: string, body?: unknown) => {
  const res = await fetch(`${ctx.services[service].opsUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
  return res.status;
};
/** runs a job now (or waits while its scheduler runs it) */
const runJob = (service: string, name: string) => eventually(async () => (await ops(service, `/test/jobs/${name}/run`)) === 200, 20_000, `${name} ran`);

async function consoleUser(who: string, role: string) {
  await admin.createConsoleUser({ merchantId: m.merchant.id, loginId: login(who), name: `${who} さん`, email: `${who}.${tag}@example.jp`, role, password: PASSWORD }, OPERATOR);
}

beforeAll(async () => {
  browser = await launchChromium();
  m = await newMerchant(admin, `送金と口座振替の商店 ${tag}`, '', [`keiri.${tag}@example.jp`]);
  await Promise.all([consoleUser('operator', 'operator'), consoleUser('viewer', 'viewer'), consoleUser('admin', 'admin')]);
  // the payout account on record: where a deposit refund goes
  await admin.updateMerchant(
    { merchantId: m.merchant.id, name: '', settings: { enabledStoreChains: ['seven_eleven'], feePlan: 'standard', settlementCycle: 'monthly_end', payoutAccount: { bankCode: '0005', branchCode: '001', accountType: 1, accountNumber: payout, holderNameKana: 'ﾃｽﾄｼﾖｳﾃﾝ' } } },
    OPERATOR,
  );
  // a direct-debit customer with an active mandate at the run's bank simulator
  await bank.call('PUT', `/control/accounts/0005/001/${account}`, { account_type: '1', holder_name_kana: 'サトウ ジロウ', balance: 50_000 });
  const c = await rest('POST', '/v1/debit_customers', { customer_ref: ids.customerRef, name: '佐藤次郎', holder_name: 'さとう じろう', bank_code: '0005', branch_code: '001', account_type: 'ordinary', account_number: account });
  expect(c.status).toBe(200);
  ids.customer = c.body.id;
  const k = await rest('POST', '/v1/debit_contracts', { partner: 'simbank', requester_code: requester, requester_name: 'カブシキガイシャ テスト', bank_code: '0005', branch_code: '001', account_type: '1', account_number: '7777777', notify_email: `billing.${tag}@example.jp` });
  expect(k.status).toBe(200);
  const mandate = await rest('POST', '/v1/mandates', { customer: ids.customer, contract: k.body.id });
  await bank.call('PUT', `/control/debit-mandates/${requester}/${mandate.body.customer_number}`, { bank_code: '0005', branch_code: '001', account_type: '1', account_number: account, holder_name: 'サトウ ジロウ' });
  await bank.call('POST', '/control/debit-mandates/report', { requester_code: requester });
  await eventually(async () => (await rest('GET', `/v1/mandates/${mandate.body.id}`)).body.status === 'active', 30_000, 'the mandate active');
  g = await openGuardedPage(browser, { viewport: DESKTOP });
  await signInAt(g.page, base, login('operator'));
});

afterAll(async () => {
  await g?.close();
  await browser?.close();
  admin.close();
  ledger.close();
  remittance.close();
});

const main = () => g.page.locator('main').textContent();

describe('remittance pages', () => {
  it('creates an order, refuses a bad recipients CSV row by row, takes a good one', async () => {
    const { page } = g;
    await page.goto(`${base}/console/remittance/new`);
    await page.fill('#purpose', `公演中止の払戻し ${tag}`);
    await page.fill('#default_message', 'ご返金のご案内です。');
    await Promise.all([page.waitForNavigation(), page.click('form[aria-label="送金依頼の作成"] button[type=submit]')]);
    expect([page.url(), await main()]).toEqual([expect.stringMatching(/\/console\/remittance\/rmo_[^/?]+\?notice=saved/), expect.anything()]);
    ids.order = /\/console\/remittance\/(rmo_[^/?]+)/.exec(page.url())![1];

    // Shift_JIS, as Excel saves it: row 2 has an amount above the cap, row 3 no name
    const bad = iconv.encode('name,name_kana,amount,email\r\n田中 一,タナカ ハジメ,500,hajime@example.jp\r\n木村 二,キムラ ジ,1000001,ji@example.jp\r\n,ナナシ,100,x@example.jp\r\n', 'Shift_JIS');
    await page.setInputFiles('#file', { name: '受取人.csv', mimeType: 'text/csv', buffer: bad });
    const [res] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/recipients')), page.click('form[aria-label="受取人のアップロード"] button[type=submit]')]);
    expect(res.status()).toBe(422);
    const rows = await page.locator('#row-errors tbody tr').allTextContents();
    expect(rows.some((r) => r.startsWith('2') && r.includes('amount') && r.includes('木村 二'))).toBe(true);
    expect(rows.some((r) => r.startsWith('3') && r.includes('name'))).toBe(true);
    await checkPage(page, 'remittance-upload-errors-desktop');
    expect((await rest('GET', `/v1/remittance_orders/${ids.order}`)).body.recipient_count).toBe(0);

    const good = 'name,name_kana,amount,email\r\n山田 太郎,ヤマダ タロウ,3000,taro.' + tag + '@example.jp\r\n鈴木 花子,スズキ ハナコ,2000,hanako.' + tag + '@example.jp\r\n';
    await page.setInputFiles('#file', { name: 'recipients.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.click('form[aria-label="受取人のアップロード"] button[type=submit]');
    await page.waitForURL(/notice=uploaded/);
    expect(await main()).toContain('2件を追加しました');
    await expect(page.locator('#recipients tbody tr').count()).resolves.toBe(2);
  });

  it('changes the guide text while a draft (audited); a viewer\'s hand-made change is refused (403)', async () => {
    const { page } = g;
    await page.goto(`${base}/console/remittance/${ids.order}`);
    await page.fill('#edit-guide-text', `口座のご登録は ${tag} までにお願いします。`);
    await page.click('form[aria-label="案内文の変更"] button[type=submit]');
    await page.waitForURL(/notice=saved/);
    expect((await rest('GET', `/v1/remittance_orders/${ids.order}`)).body.guide_text).toBe(`口座のご登録は ${tag} までにお願いします。`);
    expect(await main()).toContain(`口座のご登録は ${tag} までにお願いします。`);
    const { session } = await httpSignIn(base, login('viewer'));
    expect((await session.post(`/console/remittance/${ids.order}/guide`, { _csrf: await session.csrf(), guide_text: 'x' })).status).toBe(403);
    expect((await rest('GET', `/v1/remittance_orders/${ids.order}`)).body.guide_text).toBe(`口座のご登録は ${tag} までにお願いします。`);
  });

  it('a viewer sees no approve button and a hand-made approve is refused (403); the order stays a draft', async () => {
    const { session } = await httpSignIn(base, login('viewer'));
    const html = await (await session.get(`/console/remittance/${ids.order}`)).text();
    expect(html).toContain(ids.order);
    expect(html).not.toContain(`/console/remittance/${ids.order}/approve`);
    const csrf = await session.csrf();
    expect((await session.post(`/console/remittance/${ids.order}/approve`, { _csrf: csrf })).status).toBe(403);
    expect((await session.get('/console/remittance/new')).status).toBe(403);
    expect((await rest('GET', `/v1/remittance_orders/${ids.order}`)).body.status).toBe('draft');
  });

  it('the operator approves: short of funds it waits, with the shortfall on the order, the waiting list and the dashboard', async () => {
    const { page } = g;
    await page.goto(`${base}/console/remittance/${ids.order}`);
    await page.click(`form[action="/console/remittance/${ids.order}/approve"] button`);
    await page.waitForURL(/notice=approved/);
    expect(await main()).toContain('承認しました');
    await expect(page.locator('#edit-guide-text').count()).resolves.toBe(0); // approved: the guide is fixed, a hand-made change refused
    const { session } = await httpSignIn(base, login('operator'));
    expect((await session.post(`/console/remittance/${ids.order}/guide`, { _csrf: await session.csrf(), guide_text: '承認後の変更' })).status).toBe(422);
    expect((await rest('GET', `/v1/remittance_orders/${ids.order}`)).body).toMatchObject({ status: 'waiting_for_funds', shortfall_amount: 5_000 });
    expect(await page.locator('.alert').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('¥5,000')]));
    await page.goto(`${base}/console/remittance/waiting`);
    expect(await page.locator('#waiting-orders').textContent()).toContain(ids.order);
    await page.goto(`${base}/console`);
    const waiting = (await page.locator('#dashboard-waiting').textContent())!;
    expect(waiting).toContain(`公演中止の払戻し ${tag}`);
    expect(waiting).toContain('¥5,000');
  });

  it('a deposit funds it: the deposit page shows what the order holds; one recipient is contacted again', async () => {
    const { page } = g;
    await ledger.post({
      idempotencyKey: randomUUID(), livemode: false, kind: 'deposit.received', description: 'test deposit', merchantId: m.merchant.id, metadata: {},
      postings: [
        { account: { ownerId: 'platform', type: ledgerV1.AccountType.ACCOUNT_TYPE_PLATFORM_BANK }, amount: -8_000 },
        { account: { ownerId: m.merchant.id, type: ledgerV1.AccountType.ACCOUNT_TYPE_DEPOSIT }, amount: 8_000 },
      ],
    });
    await runJob('remittance', 'remittance.fund-waiting');
    await eventually(async () => (await rest('GET', `/v1/remittance_orders/${ids.order}`)).body.status === 'funded', 20_000, 'the order funded');
    await page.goto(`${base}/console/deposit`);
    expect(await main()).toContain('¥8,000');
    const holds = (await page.locator('#holds').textContent())!;
    expect(holds).toContain(ids.order);
    expect(holds).toContain('¥5,000');
    await runJob('remittance', 'remittance.outreach');
    await eventually(async () => (await rest('GET', `/v1/remittance_orders/${ids.order}/recipients?status=awaiting_registration`)).body.data.length === 2, 20_000, 'recipients contacted');
    await page.goto(`${base}/console/remittance/${ids.order}`);
    await page.click('form[aria-label="再連絡 山田 太郎"] button');
    await page.waitForURL(/notice=recontacted/);
    expect(await main()).toContain('もう一度連絡します');
  });

  it('refunds part of the available deposit to the payout account: too much is refused at its field, a resent form refunds once, a viewer is refused (403)', async () => {
    const { page } = g;
    const available = async () => (await ledger.getBalance({ livemode: false, account: { ownerId: m.merchant.id, type: ledgerV1.AccountType.ACCOUNT_TYPE_DEPOSIT } })).balance!.available;
    expect(await available()).toBe(3_000);
    await page.goto(`${base}/console/deposit`);
    expect(await page.locator('#refund-heading + p').textContent()).toContain(`****${payout.slice(-3)}`);
    await page.fill('#refund-amount', '5,000');
    const [short] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/console/deposit/refunds')), page.click('form[aria-label="預り金の返金"] button[type=submit]')]);
    expect(short.status()).toBe(422);
    expect(await page.locator('#refund-amount-error').textContent()).toContain('¥2,000');
    await page.fill('#refund-amount', '1,000');
    await page.click('form[aria-label="預り金の返金"] button[type=submit]');
    await page.waitForURL(/notice=refund_requested/);
    expect(await main()).toContain('返金を受け付けました');
    const rows = await page.locator('#refunds tbody tr').allTextContents();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/dpr_.*¥1,000.*振込予定.*\*\*\*\*/);
    expect(await available()).toBe(2_000);

    // the same form sent twice (same request id) refunds once
    const { session: operator } = await httpSignIn(base, login('operator'));
    const form = await (await operator.get('/console/deposit')).text();
    const requestId = /name="request_id" value="([^"]+)"/.exec(form)![1];
    const csrf = await operator.csrf();
    for (let i = 0; i < 2; i++) expect((await operator.post('/console/deposit/refunds', { _csrf: csrf, request_id: requestId, amount: '500' })).status).toBe(303);
    expect(await available()).toBe(1_500);

    const { session: viewer } = await httpSignIn(base, login('viewer'));
    const html = await (await viewer.get('/console/deposit')).text();
    expect(html).toContain('dpr_');
    expect(html).not.toContain('/console/deposit/refunds');
    expect((await viewer.post('/console/deposit/refunds', { _csrf: await viewer.csrf(), request_id: randomUUID(), amount: '100' })).status).toBe(403);
    expect(await available()).toBe(1_500);
    await page.reload();
    await expect(page.locator('#refunds tbody tr').count()).resolves.toBe(2);
  });

  it('a possible split (one account registered by two recipients above the cap): both held; the operator releases one and cancels the other, a viewer is refused (403)', async () => {
    const { page } = g;
    const scope = { livemode: false, merchantId: m.merchant.id, includeTenants: false, tenantId: '' };
    const emails = [`split1.${tag}@example.jp`, `split2.${tag}@example.jp`];
    const { order } = await remittance.createOrder({
      scope, requestId: randomUUID(), merchantName: m.merchant.name, guideText: '', reference: '',
      settings: { purpose: `分割の確認 ${tag}`, defaultMessage: 'ご返金のご案内です。', channels: [remittanceV1.Channel.CHANNEL_EMAIL], mode: remittanceV1.OrderMode.ORDER_MODE_FULL_SERVICE, registrationDeadline: '', postcardAfterDays: 0, phoneAfterDays: 0 },
    });
    await remittance.addRecipients({
      scope, requestId: randomUUID(), orderId: order!.id, csv: Buffer.alloc(0), csvEncoding: 0,
      rows: [
        { name: '高橋 一郎', nameKana: 'タカハシ イチロウ', amount: 600_000, email: emails[0], phone: '', postalAddress: undefined, reference: '', account: undefined },
        { name: '高橋 二郎', nameKana: 'タカハシ ジロウ', amount: 600_000, email: emails[1], phone: '', postalAddress: undefined, reference: '', account: undefined },
      ],
    });
    await ledger.post({
      idempotencyKey: randomUUID(), livemode: false, kind: 'deposit.received', description: 'test deposit', merchantId: m.merchant.id, metadata: {},
      postings: [
        { account: { ownerId: 'platform', type: ledgerV1.AccountType.ACCOUNT_TYPE_PLATFORM_BANK }, amount: -1_200_000 },
        { account: { ownerId: m.merchant.id, type: ledgerV1.AccountType.ACCOUNT_TYPE_DEPOSIT }, amount: 1_200_000 },
      ],
    });
    await remittance.approveOrder({ scope, requestId: randomUUID(), orderId: order!.id });
    await runJob('remittance', 'remittance.outreach');
    const account = { bankCode: '0001', branchCode: '001', accountType: 1, accountNumber: String(randomInt(1_000_000, 9_999_999)), holderKana: 'タカハシ イチロウ', japanPostKigou: '', japanPostBangou: '' };
    for (const email of emails) {
      const mail = await mailTo(email);
      const v = await remittance.verifyCode({ token: /\/r\/([A-Za-z0-9_-]+)/.exec(mail.text)![1], code: /登録コード：([A-Z0-9-]+)/.exec(mail.text)![1], clientAddress: `192.0.2.${randomInt(1, 254)}` });
      await remittance.registerAccount({ sessionId: v.sessionId, account });
    }
    const held = (await rest('GET', `/v1/remittance_orders/${order!.id}/recipients?status=held_for_review`)).body.data;
    expect(held).toHaveLength(2);

    const { session } = await httpSignIn(base, login('viewer'));
    const viewerHtml = await (await session.get(`/console/remittance/${order!.id}`)).text();
    expect(viewerHtml).not.toContain('/review');
    expect((await session.post(`/console/remittance/recipients/${held[0].id}/review`, { _csrf: await session.csrf(), decision: 'release' })).status).toBe(403);

    await page.goto(`${base}/console/remittance/${order!.id}`);
    expect(await page.locator('.alert').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('上限を超えて')]));
    await checkPage(page, 'remittance-review-desktop');
    await page.click('form[aria-label="振込を許可 高橋 一郎"] button');
    await page.waitForURL(/notice=released/);
    await page.click('form[aria-label="取り消す 高橋 二郎"] button');
    await page.waitForURL(/notice=recipient_cancelled/);
    const statuses = Object.fromEntries((await rest('GET', `/v1/remittance_orders/${order!.id}/recipients`)).body.data.map((r: { name: string; status: string }) => [r.name, r.status]));
    expect(statuses).toEqual({ '高橋 一郎': 'scheduled', '高橋 二郎': 'cancelled' });
    expect(await page.locator('#recipients').textContent()).toContain('取消');
  });

  it('downloads the results as CSV (UTF-8 with BOM, Shift_JIS), each read back', async () => {
    const { page } = g;
    await page.goto(`${base}/console/remittance/${ids.order}`);
    const utf8 = await download(page, 'a[href$="/results?format=csv"]');
    expect([...utf8.data.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(utf8.data.toString('utf8')).toContain('山田 太郎');
    const sjis = await download(page, 'a[href$="/results?format=csv_shift_jis"]');
    expect(iconv.decode(sjis.data, 'cp932')).toContain('鈴木 花子');
  });
});

describe('direct-debit pages', () => {
  it('lists the customer and its active mandate', async () => {
    const { page } = g;
    await page.goto(`${base}/console/debit-customers?query=${ids.customerRef}`);
    expect(await page.locator('#debit-customers').textContent()).toContain(ids.customerRef);
    await page.goto(`${base}/console/mandates?customer=${ids.customer}`);
    expect(await page.locator('#mandates').textContent()).toContain('有効');
  });

  it('debits one customer and shows the bank\'s result at once; a second one fails for want of funds', async () => {
    const { page } = g;
    await page.goto(`${base}/console/debits`);
    await page.fill('#debit-customer', ids.customer);
    await page.fill('#debit-amount', '30,000');
    await page.fill('#debit-description', '12月分');
    await page.click('form[aria-label="口座振替（1件）"] button[type=submit]');
    await page.waitForURL(/\/console\/debits\/dbt_/);
    ids.debit = /\/console\/debits\/(dbt_[^/?]+)/.exec(page.url())![1];
    expect(await page.locator('#debit-result').textContent()).toContain('振替済み');
    await page.goto(`${base}/console/debits`);
    await page.fill('#debit-customer', ids.customer);
    await page.fill('#debit-amount', '30000');
    await page.click('form[aria-label="口座振替（1件）"] button[type=submit]');
    await page.waitForURL(/\/console\/debits\/dbt_/);
    expect(await page.locator('#debit-result').textContent()).toContain('資金不足');
    // a bad amount is refused next to its field, nothing sent to the bank
    await page.goto(`${base}/console/debits`);
    await page.fill('#debit-customer', ids.customer);
    await page.fill('#debit-amount', '0');
    await page.click('form[aria-label="口座振替（1件）"] button[type=submit]');
    expect(await page.locator('#debit-amount-error').textContent()).toContain('1,000,000');
  });

  it('a viewer sees no debit form and a hand-made debit is refused (403), nothing debited', async () => {
    const before = (await rest('GET', `/v1/debits?customer=${ids.customer}`)).body.data.length;
    const { session } = await httpSignIn(base, login('viewer'));
    const html = await (await session.get('/console/debits')).text();
    expect(html).not.toContain('debit-amount');
    const res = await session.post('/console/debits', { _csrf: await session.csrf(), customer: ids.customer, amount: '100' });
    expect(res.status).toBe(403);
    expect((await session.post('/console/debit-batches', { _csrf: await session.csrf() })).status).toBe(403);
    expect((await rest('GET', `/v1/debits?customer=${ids.customer}`)).body.data.length).toBe(before);
  });

  it('searches the history and downloads it as CSV', async () => {
    const { page } = g;
    await page.goto(`${base}/console/debits?customer=${ids.customer}&result_code=1`);
    await expect(page.locator('#debits tbody tr').count()).resolves.toBe(1);
    await page.goto(`${base}/console/debits?created_from=2026-13-01`);
    expect(await page.locator('#created_from-error').count()).toBe(1);
    await page.goto(`${base}/console/debits?customer=${ids.customer}`);
    const sjis = await download(page, 'a[href*="/console/debits/export?encoding=shift_jis"]');
    const text = iconv.decode(sjis.data, 'cp932');
    expect(text).toContain('12月分');
    expect(text).toContain(ids.debit);
  });

  it('a bulk upload: a bad file refused row by row; a good one shows its progress and then its results CSV', async () => {
    const { page } = g;
    await page.goto(`${base}/console/debit-batches`);
    await page.setInputFiles('#file', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(`customer_ref,amount\n${ids.customerRef},1000\n${ids.customerRef},0\n`) });
    await page.click('form[aria-label="一括口座振替のアップロード"] button[type=submit]');
    const rows = await page.locator('#row-errors tbody tr').allTextContents();
    expect(rows.some((r) => r.startsWith('2') && r.includes('amount') && r.includes(ids.customerRef))).toBe(true);
    await page.setInputFiles('#file', { name: '請求.csv', mimeType: 'text/csv', buffer: iconv.encode(`顧客ID,金額,摘要\r\n${ids.customerRef},1000,会費\r\n${ids.customerRef},2000,追加\r\n`, 'cp932') });
    await page.click('form[aria-label="一括口座振替のアップロード"] button[type=submit]');
    await page.waitForURL(/\/console\/debit-batches\/dbb_/);
    ids.batch = /\/console\/debit-batches\/(dbb_[^/?]+)/.exec(page.url())![1];
    expect(await page.locator('#batch-progress').textContent()).toMatch(/2件/);
    // the page reloads itself (meta refresh) until the batch is done
    await page.waitForSelector('a[href$="/results?encoding=utf-8"]', { timeout: 30_000 });
    expect(await page.locator('#batch-progress').textContent()).toContain('2件すべて');
    await expect(page.locator('meta[http-equiv=refresh]').count()).resolves.toBe(0);
    const results = await download(page, 'a[href$="/results?encoding=utf-8"]');
    expect(results.data.toString('utf8').replace(/^\uFEFF/, '').split('\r\n').filter(Boolean)).toHaveLength(3);
  });

  it('shows the mismatch list and downloads it as CSV', async () => {
    const { page } = g;
    await page.goto(`${base}/console/mandate-mismatches`);
    expect(await page.locator('h1').textContent()).toBe('不一致リスト');
    const csv = await download(page, 'a[href*="/console/mandate-mismatches/export?encoding=utf-8"]');
    expect([...csv.data.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.data.toString('utf8').split(/\r?\n/)[0].length).toBeGreaterThan(0);
  });
});

describe('audit and accessibility', () => {
  it('the audit log has every action of the new pages', async () => {
    const { session } = await httpSignIn(base, login('admin'));
    const text = await (await session.get('/console/audit')).text();
    for (const action of ['remittance_order.created', 'remittance_recipients.uploaded', 'remittance_order.guide_changed', 'remittance_order.approved', 'remittance_recipient.recontacted', 'remittance_recipient.released', 'remittance_recipient.cancelled', 'deposit_refund.requested', 'debit.created', 'debit_batch.created']) {
      expect([action, text.includes(action)]).toEqual([action, true]);
    }
  });

  it('every new page passes axe (desktop; the main ones on a phone too), without outside requests or CSP violations', async () => {
    const pages: [string, string, boolean][] = [
      ['remittance', '/console/remittance', true],
      ['remittance-new', '/console/remittance/new', false],
      ['remittance-order', `/console/remittance/${ids.order}`, true],
      ['remittance-waiting', '/console/remittance/waiting', false],
      ['deposit', '/console/deposit', false],
      ['dashboard-money', '/console', false],
      ['debit-customers', '/console/debit-customers', false],
      ['mandates', '/console/mandates', false],
      ['debits', '/console/debits', true],
      ['debit', `/console/debits/${ids.debit}`, false],
      ['debit-batches', '/console/debit-batches', false],
      ['debit-batch', `/console/debit-batches/${ids.batch}`, true],
      ['mandate-mismatches', '/console/mandate-mismatches', false],
    ];
    const phone = await openGuardedPage(browser, { viewport: PHONE, isMobile: true });
    await signInAt(phone.page, base, login('operator'));
    g.problems.splice(0); // the refused uploads' 422s were on purpose
    for (const [name, url, onPhone] of pages) {
      for (const [p, size] of onPhone ? ([[g, 'desktop'], [phone, 'phone']] as const) : ([[g, 'desktop']] as const)) {
        const res = await p.page.goto(`${base}${url}`);
        expect([name, res!.status()]).toEqual([name, 200]);
        await checkPage(p.page, `${name}-${size}`);
      }
    }
    await g.expectClean();
    await phone.expectClean();
    await phone.close();
  });
});
