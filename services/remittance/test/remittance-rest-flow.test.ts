import { randomUUID } from 'node:crypto';
import { sharedBank } from '../../../scripts/test/support/bank';
import { eventually } from '../../../scripts/test/support/clients';
import { testContext } from '../../../scripts/test/support/context';
import { api, gatewayAdminClient, newMerchant } from '../../../scripts/test/support/edge';
import { linkAndCode, mailMatching, opsOf, uid } from './support/remittance';

// One remittance end to end through what a merchant and a recipient use: the gateway's public REST API,
// the recipient's page /r/<token> (plain HTTP forms, as a browser without JavaScript posts them), the bank
// simulator (the merchant's deposit, the file's execution and its results) and the mail sink. Only the
// test controls move time and run jobs. The same flow through gRPC, with failures and expiry, is
// remittance-flow.test.ts.
const ctx = testContext();
const http = ctx.services.gateway.httpUrl!;
const admin = gatewayAdminClient();
const rem = opsOf(ctx.services.remittance.opsUrl);
afterAll(() => admin.close());

/** A browser's cookie jar for the page (name → value; paths are not needed for one link). */
class Browser {
  private readonly jar = new Map<string, string>();
  async request(method: 'GET' | 'POST', path: string, form?: Record<string, string>): Promise<{ status: number; location: string; html: string }> {
    const res = await fetch(`${http}${path}`, {
      method,
      redirect: 'manual',
      headers: { ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), cookie: [...this.jar].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ') },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      this.jar.set(pair.slice(0, i), decodeURIComponent(pair.slice(i + 1)));
    }
    return { status: res.status, location: res.headers.get('location') ?? '', html: await res.text() };
  }
}
const csrfOf = (html: string) => /name="csrf" value="([A-Za-z0-9_-]{43})"/.exec(html)![1];

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
    await rem.runJobNow('remittance.outreach');
    const { token, code } = linkAndCode(await mailMatching(email, /受取口座ご登録のお願い/));

    // the page: code, account, confirmation, done
    const browser = new Browser();
    const codePage = await browser.request('GET', `/r/${token}`);
    expect(codePage.status).toBe(200);
    const verified = await browser.request('POST', `/r/${token}`, { csrf: csrfOf(codePage.html), code });
    expect(verified).toMatchObject({ status: 303, location: `/r/${token}/account` });
    const accountPage = await browser.request('GET', `/r/${token}/account`);
    expect(accountPage.html).toContain('30,000円');
    const number = String(1_000_000 + Math.floor(Math.random() * 8_999_999));
    const form = { csrf: csrfOf(accountPage.html), via: 'bank', bank_code: '0001', branch_code: '001', account_type: '1', account_number: number, holder_kana: 'やまだ たろう' };
    const confirm = await browser.request('POST', `/r/${token}/account`, form);
    expect(confirm.status).toBe(200);
    expect(confirm.html).toContain('ﾔﾏﾀﾞ ﾀﾛｳ');
    const done = await browser.request('POST', `/r/${token}/confirm`, { ...form, csrf: csrfOf(confirm.html) });
    expect(done.status).toBe(303);
    const transferDate = /date=(\d{4}-\d{2}-\d{2})/.exec(done.location)![1];
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
      if ((await rem.now()) < cutoff) await rem.moveClock(cutoff).catch(() => undefined);
      await rem.runJobNow('remittance.build-files');
      await rem.runJobNow('remittance.upload-files');
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
