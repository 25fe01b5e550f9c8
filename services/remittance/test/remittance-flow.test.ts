import { randomUUID } from 'node:crypto';
import { sharedBank } from '../../../scripts/test/support/bank';
import type { Browser } from 'playwright-core';
import { launchChromium, openGuardedPage, PHONE } from '../../../scripts/test/support/browser';
import { eventually } from '../../../scripts/test/support/clients';
import { testContext } from '../../../scripts/test/support/context';
import { api, gatewayAdminClient, newMerchant } from '../../../scripts/test/support/edge';
import { linkAndCode, mailMatching, opsOf } from './support/remittance';

const ctx = testContext();
const uid = () => randomUUID().replace(/-/g, '').slice(0, 10);

// One remittance end to end through what a merchant and a recipient use: the gateway's public REST API,
// the recipient's page /r/<token> in a real browser (chromium, phone size), the bank
// simulator (the merchant's deposit, the file's execution and its results) and the mail sink. Only the
// test controls move time and run jobs, and only forward to the next cut-off (the run's shared clocks).
// The same flow through gRPC, with failures, expiry and retention, is full-service-grpc.test.ts, on a
// mesh of its own (it moves years).
const http = ctx.services.gateway.httpUrl!;
const admin = gatewayAdminClient();
const remOps = opsOf(ctx.services.remittance.opsUrl);
afterAll(() => admin.close());

let chromium: Browser | undefined;
afterAll(async () => chromium?.close());

describe('a remittance through the public REST API and the recipient’s page', () => {
  it('order → recipients → approve short → deposit at the bank → funded → email → account on /r/<token> → file → bank result → paid, closed, results', async () => {
    const contact = `keiri.${uid()}@example.jp`;
    const m = await newMerchant(admin, 'レスト興行株式会社', '', [contact]);
    const key = m.testKey;
    const post = (path: string, body?: unknown) => api(http, 'POST', path, { key, idempotencyKey: randomUUID(), body });
    const get = (path: string) => api(http, 'GET', path, { key });

    const order = (await post('/v1/remittance_orders', { purpose: '公演中止の払戻し', default_message: 'チケット代金をお返しします。', channels: ['email'], reference: 'rest-1' })).body;
    expect(order).toMatchObject({ object: 'remittance_order', status: 'draft' });
    const email = `taro.${uid()}@example.jp`;
    const added = await post(`/v1/remittance_orders/${order.id}/recipients`, { recipients: [{ name: '山田 太郎', name_kana: 'ヤマダ タロウ', amount: 30_000, email, reference: 'R-1' }] });
    expect(added.body).toMatchObject({ added: 1, order: { recipient_count: 1, total_amount: 30_000 } });

    // approved with an empty deposit: waiting for funds; the merchant's contact address is told the shortfall
    const approved = await post(`/v1/remittance_orders/${order.id}/approve`);
    expect(approved.body).toMatchObject({ status: 'waiting_for_funds', shortfall_amount: 30_000 });
    expect((await mailMatching(contact, /資金が不足/)).text).toContain('不足額：30,000円');

    // the merchant transfers to its virtual account at the bank: the bank's callback, the ledger's credit, the order funded by itself
    const bank = sharedBank();
    await bank.call('POST', `/accounts/${m.merchant.testVirtualAccountNumber}/deposits`, { amount: 30_000, payer_name_kana: 'ﾚｽﾄｺｳｷﾞﾖｳ(ｶ' });
    await eventually(async () => (await get(`/v1/remittance_orders/${order.id}`)).body.status === 'funded', 20_000, 'order funded');
    expect((await get('/v1/balance')).body).toMatchObject({ total: 30_000, held: 30_000, available: 0 });

    // outreach: the recipient's email with the link and code
    await remOps.runJobNow('remittance.outreach');
    const { token, code } = linkAndCode(await mailMatching(email, /受取口座ご登録のお願い/));

    // the page in chromium at phone size: code, bank, account, confirmation, done
    chromium = await launchChromium();
    const g = await openGuardedPage(chromium, { viewport: PHONE, isMobile: true });
    const { page } = g;
    await page.goto(`${http}/r/${token}`);
    await page.fill('#code', code);
    await page.click('button:has-text("次へ")');
    await page.waitForURL(/\/account$/);
    expect(await page.textContent('main')).toContain('30,000円');
    await page.fill('#q', '0001');
    await page.click('button:has-text("金融機関を探す")');
    await page.locator('#bank-results a', { hasText: '0001' }).click();
    const number = String(1_000_000 + Math.floor(Math.random() * 8_999_999));
    await page.fill('#branch_code', '001');
    await page.fill('#account_number', number);
    await page.fill('#holder_kana', 'やまだ たろう');
    await page.click('form[aria-label="銀行・信用金庫などの口座"] button');
    expect(await page.textContent('main')).toContain('ﾔﾏﾀﾞ ﾀﾛｳ');
    await page.click('button:has-text("この内容で登録する")');
    await page.waitForURL(/\/done/);
    const transferDate = /date=(\d{4}-\d{2}-\d{2})/.exec(page.url())![1];
    await g.expectClean();
    await g.close();
    const recipient = (await get(`/v1/remittance_orders/${order.id}/recipients`)).body.data[0];
    expect(recipient).toMatchObject({ status: 'scheduled', transfer_date: transferDate, account: { account_number: '****' + number.slice(-3) } });
    expect((await get(`/v1/transfers/${recipient.transfer}`)).body).toMatchObject({ status: 'scheduled', amount: 30_000, execution_date: transferDate });

    // the day's file at its cut-off (15:00 Tokyo the day before), uploaded to the bank; the bank executes it on the date.
    // Other tests of the run move the same clocks (forward only): follow the transfer's date until its file is
    // sent, and the bank's date until the file is executed.
    await bank.call('PUT', `/control/accounts/0001/001/${number}`, { account_type: '1', holder_name_kana: 'ヤマダ タロウ', state: 'open', balance: 0 });
    await eventually(async () => {
      const t = (await get(`/v1/transfers/${recipient.transfer}`)).body;
      if (t.status === 'sent') return true;
      const cutoff = new Date(Date.parse(`${t.execution_date}T00:00:00+09:00`) - 9 * 3_600_000);
      if ((await remOps.now()) < cutoff) await remOps.moveClock(cutoff).catch(() => undefined);
      await remOps.runJobNow('remittance.build-files');
      await remOps.runJobNow('remittance.upload-files');
      return (await get(`/v1/transfers/${recipient.transfer}`)).body.status === 'sent';
    }, 40_000, 'transfer sent');
    const executionDate = (await get(`/v1/transfers/${recipient.transfer}`)).body.execution_date as string;
    expect(executionDate >= transferDate).toBe(true);
    let lastMove = 0;
    await eventually(async () => {
      if ((await get(`/v1/remittance_recipients/${recipient.id}`)).body.status === 'paid') return true;
      if (Date.now() - lastMove < 2_000) return false;
      lastMove = Date.now();
      const { date, business_day } = await bank.call('GET', '/control/date');
      await bank.call('POST', '/control/date', date < executionDate ? { date: executionDate } : business_day ? { date } : { advance_days: 1 });
      return false;
    }, 30_000, 'recipient paid');

    // the bank's signed result: paid, the share captured, the order closed, results as CSV and by email
    expect((await get(`/v1/transfers/${recipient.transfer}`)).body).toMatchObject({ status: 'succeeded' });
    await eventually(async () => (await get('/v1/balance')).body.held === 0, 20_000, 'share captured');
    expect((await get('/v1/balance')).body).toMatchObject({ total: 0, held: 0, available: 0 });
    const closed = (await get(`/v1/remittance_orders/${order.id}`)).body;
    expect(closed).toMatchObject({ status: 'closed', paid_count: 1, paid_amount: 30_000 });
    expect(closed.closed_at).not.toBeNull();
    const { accounts } = await bank.call('GET', '/control/accounts');
    expect(accounts.find((a: { bank_code: string; account_number: string }) => a.bank_code === '0001' && a.account_number === number).balance).toBe(30_000);
    const csv = await fetch(`${http}/v1/remittance_orders/${order.id}/results`, { headers: { authorization: `Bearer ${key}` } });
    expect(Buffer.from(await csv.arrayBuffer()).toString('utf8')).toContain('R-1,山田 太郎,ﾔﾏﾀﾞ ﾀﾛｳ,30000,paid');
    const results = await mailMatching(contact, /結果のお知らせ/);
    expect(results.text).toContain('お振込み済み：1件 30,000円');
    expect(results.text).toContain('未送金（残高へ返却）：0件 0円');
  }, 60_000);
});
