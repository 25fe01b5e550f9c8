import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { addCalendarDays, tokyoDate } from '@kessai/bank-calendar';
import { MESH } from '@kessai/platform';
import { eventually } from '../../../scripts/test/support/clients';
import { testContext } from '../../../scripts/test/support/context';
import { api, gatewayAdminClient, OPERATOR } from '../../../scripts/test/support/edge';
import { axeViolations, describeViolations, launchChromium, openGuardedPage, PHONE, screenshot } from '../../../scripts/test/support/browser';
import { RunningStore, startStoreSimulator } from '../../../scripts/test/support/store';
import { freePort } from '../../../scripts/src/lib/infra';
import { ServiceProcess } from '../../../scripts/src/lib/processes';

/**
 * What merchants expect of konbini (docs/reference/konbini.md): the hosted
 * payment page in a phone-sized chromium, the customer mails read back from
 * the mail sink, the test helpers through the store-network simulator (a second
 * gateway of the shared mesh, configured with the simulator's URL), lookups,
 * metadata and the customer-number card.
 */
const ctx = testContext();
const http = ctx.services.gateway.httpUrl!;
const billingOps = ctx.services.billing.opsUrl;
const admin = gatewayAdminClient();
let store: RunningStore;
let helperGateway: ServiceProcess;
let helperHttp = '';
let browser: Browser;
let m: { id: string; testKey: string; liveKey: string };
let other: { id: string; testKey: string };

const ALL = ['seven_eleven', 'lawson', 'familymart', 'ministop', 'daily_yamazaki', 'seicomart'];

async function merchant(name: string, settings: Record<string, unknown> = {}) {
  const { merchant: mer } = await admin.createMerchant({ idempotencyKey: '', name, ownerId: '', settings: { enabledStoreChains: ALL, feePlan: 'billing_plan', settlementCycle: 'monthly', ...settings } }, OPERATOR);
  const test = await admin.issueApiKey({ merchantId: mer!.id, livemode: false }, OPERATOR);
  const live = await admin.issueApiKey({ merchantId: mer!.id, livemode: true }, OPERATOR);
  return { id: mer!.id, testKey: test.secret, liveKey: live.secret };
}

async function billingDate(plusDays: number): Promise<string> {
  const { now } = (await (await fetch(`${billingOps}/test/clock`)).json()) as { now: string };
  return addCalendarDays(tokyoDate(new Date(now)), plusDays);
}

const post = (base: string, p: string, key: string, body?: unknown) => api(base, 'POST', p, { key, idempotencyKey: randomUUID(), body });
const get = (p: string, key: string) => api(http, 'GET', p, { key });
const newEmail = (who: string) => `${who}.${randomUUID().slice(0, 8)}@example.jp`;

async function mailsTo(email: string, count: number, what: string): Promise<any[]> {
  const sink = ctx.mailSink;
  if (!sink) throw new Error('no mail sink in this run (node_modules/.bin/maildev missing: npm ci)');
  let found: any[] = [];
  await eventually(async () => {
    const all = (await (await fetch(sink.apiUrl)).json()) as any[];
    found = all.filter((x) => x.to?.some((t: any) => t.address === email));
    return found.length >= count;
  }, 20_000, what);
  return found;
}

const runMailJob = async () => {
  const res = await fetch(`${billingOps}/test/jobs/billing.customer-mails/run`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  expect(res.status).toBe(200);
};

beforeAll(async () => {
  store = await startStoreSimulator(undefined, { STORE_SIMULATOR_CONFIRM_DELAY_MS: '-1' });
  const port = await freePort();
  helperGateway = new ServiceProcess({
    service: MESH.gateway,
    repoRoot: ctx.repoRoot,
    env: { ...ctx.services.gateway.env, HTTP_PORT: String(port), GRPC_PORT: String(await freePort()), OPS_PORT: String(await freePort()), GATEWAY_STORE_SIMULATOR_URL: store.url },
    output: 'silent',
    keepLines: 200,
  });
  helperGateway.start();
  await helperGateway.waitReady(30_000);
  helperHttp = `http://127.0.0.1:${port}`;
  m = await merchant('株式会社ほっと商店', { konbiniReminderDaysBefore: 3, konbiniReceiptNotice: true });
  other = await merchant('よその商店');
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await helperGateway?.stop(10_000);
  await store?.stop();
  admin.close();
});

describe('the hosted payment page', () => {
  it('shows a phone the amount, due date, merchant, message, each store\'s numbers and steps, the barcode and the slip; the email links to it', async () => {
    const email = newEmail('hanako');
    const due = await billingDate(10);
    const created = await post(http, '/v1/bills', m.testKey, { amount: 5_500, tax_amount: 500, due_date: due, message: '12月分の会費です', customer: { name: '佐藤 花子', email } });
    expect(created.status).toBe(200);
    const bill = created.body;
    const token = bill.slip_url.split('/slips/')[1];
    expect(bill.hosted_url).toBe(`${http}/pay/${token}`);

    const [mail] = await mailsTo(email, 1, 'the payment-number email');
    expect(mail.text).toContain(bill.hosted_url);
    expect(mail.text).toContain(bill.slip_url);

    const guarded = await openGuardedPage(browser, { viewport: PHONE, isMobile: true });
    const { page } = guarded;
    try {
      const res = await page.goto(bill.hosted_url, { waitUntil: 'load' });
      expect(res?.status()).toBe(200);
      expect(await page.getAttribute('html', 'lang')).toBe('ja');
      expect(await page.textContent('h1')).toBe('コンビニでのお支払い');
      const text = (await page.textContent('main'))!;
      const [y, mo, d] = due.split('-').map(Number);
      for (const s of ['株式会社ほっと商店', '¥5,500', '（うち消費税 ¥500）', `${y}年${mo}月${d}日 23:59まで`, '12月分の会費です', 'セブン-イレブン', 'ローソン', 'ファミリーマート', 'Loppi', 'マルチコピー機']) {
        expect(text).toContain(s);
      }
      for (const n of bill.payment_numbers) for (const part of Object.values(n.parts) as string[]) expect(text).toContain(part);
      expect(await page.locator('#chain-lawson ol li').count()).toBeGreaterThan(2);

      // the barcode image loads from the gateway
      const img = page.locator('img#barcode');
      expect(await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
      expect(await img.getAttribute('alt')).toContain(bill.barcode);

      // the slip one tap away
      const slipHref = await page.getAttribute('a[href^="/slips/"]', 'href');
      const slip = await page.request.get(new URL(slipHref!, bill.hosted_url).toString());
      expect(slip.status()).toBe(200);
      expect(slip.headers()['content-type']).toBe('application/pdf');

      expect(describeViolations(await axeViolations(page))).toEqual([]);
      await screenshot(page, 'hosted-page-phone');
      await guarded.expectClean();

      await page.goto(`${bill.hosted_url}?lang=en`, { waitUntil: 'load' });
      expect(await page.textContent('h1')).toBe('Pay at a convenience store');
      expect(await page.textContent('main')).toContain('At the Loppi kiosk');
      expect(describeViolations(await axeViolations(page))).toEqual([]);
      await guarded.expectClean();
    } finally {
      await guarded.close();
    }
  });

  it('answers 404 for a wrong link, and for the link of a deleted bill', async () => {
    const bill = (await post(http, '/v1/bills', m.testKey, { amount: 800, due_date: await billingDate(5) })).body;
    expect((await fetch(`${http}/pay/${'x'.repeat(32)}`)).status).toBe(404);
    expect((await fetch(`${http}/pay/${'x'.repeat(32)}/barcode.svg`)).status).toBe(404);
    expect((await fetch(bill.hosted_url)).status).toBe(200);
    expect((await api(http, 'DELETE', `/v1/bills/${bill.id}`, { key: m.testKey })).status).toBe(200);
    const gone = await fetch(bill.hosted_url);
    expect(gone.status).toBe(404);
    expect(await gone.text()).toContain('ご請求が見つかりません');
  });
});

describe('test helpers, lookups and the receipt notice', () => {
  it('pays a test bill through the simulator\'s signed path: the bill is paid, the page says so, the payment is found by id, order reference and paid date, a receipt is mailed', async () => {
    const email = newEmail('receipt');
    const ref = `ORD-${randomUUID().slice(0, 8)}`;
    const bill = (await post(http, '/v1/bills', m.testKey, { amount: 2_000, due_date: await billingDate(7), order_reference: ref, customer: { name: '鈴木 一郎', email } })).body;
    const paid = await post(helperHttp, `/v1/test_helpers/bills/${bill.id}/pay`, m.testKey, { store: 'lawson' });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ object: 'test_helpers.store_payment', bill: bill.id, store: 'lawson', amount: 2_000, result: 'preliminary' });
    await eventually(async () => (await get(`/v1/bills/${bill.id}`, m.testKey)).body.status === 'paid', 20_000, 'the bill paid');

    const confirmed = await post(helperHttp, `/v1/test_helpers/bills/${bill.id}/confirm`, m.testKey);
    expect(confirmed.body.result).toBe('confirmed');
    let payment: any;
    await eventually(async () => {
      payment = (await get(`/v1/payments?order_reference=${ref}`, m.testKey)).body.data[0];
      return payment?.status === 'confirmed';
    }, 20_000, 'the confirmed payment');
    expect(payment).toMatchObject({ bill: bill.id, store: 'lawson', order_reference: ref });
    expect((await get(`/v1/payments/${payment.id}`, m.testKey)).body).toEqual(payment);
    // lookups: nobody else, and not the live mode, sees it
    expect((await get(`/v1/payments/${payment.id}`, other.testKey)).status).toBe(404);
    expect((await get(`/v1/payments/${payment.id}`, m.liveKey)).status).toBe(404);
    // the day it was paid in Tokyo (not "today": the billing clock may pass midnight in between)
    const paidOn = tokyoDate(new Date(payment.paid_at));
    const byDate = (await get(`/v1/bills?paid_from=${paidOn}&paid_to=${paidOn}&order_reference=${ref}`, m.testKey)).body.data;
    expect(byDate.map((b: any) => b.id)).toEqual([bill.id]);
    expect((await get(`/v1/bills?paid_to=${addCalendarDays(paidOn, -1)}&order_reference=${ref}`, m.testKey)).body.data).toEqual([]);
    expect((await get(`/v1/payments?paid_from=${addCalendarDays(paidOn, 1)}&order_reference=${ref}`, m.testKey)).body.data).toEqual([]);

    const page = await (await fetch(bill.hosted_url)).text();
    expect(page).toContain('このご請求はお支払い済みです');
    expect(page).not.toContain('/slips/');

    await runMailJob();
    const mails = await mailsTo(email, 2, 'the receipt notice');
    const receipt = mails.find((x) => x.subject.includes('お支払いを確認しました'));
    expect(receipt.text).toContain('2,000円');
  });

  it('cancels a preliminary payment: the bill is open again', async () => {
    const bill = (await post(http, '/v1/bills', m.testKey, { amount: 1_200, due_date: await billingDate(7) })).body;
    await post(helperHttp, `/v1/test_helpers/bills/${bill.id}/pay`, m.testKey);
    await eventually(async () => (await get(`/v1/bills/${bill.id}`, m.testKey)).body.status === 'paid', 20_000, 'the bill paid');
    expect((await post(helperHttp, `/v1/test_helpers/bills/${bill.id}/cancel`, m.testKey)).body.result).toBe('cancelled');
    await eventually(async () => (await get(`/v1/bills/${bill.id}`, m.testKey)).body.status === 'open', 20_000, 'the bill open again');
    const again = await post(helperHttp, `/v1/test_helpers/bills/${bill.id}/confirm`, m.testKey);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('no_open_store_payment');
  });

  it('refuses the test helpers in live mode, without a simulator, and for another merchant\'s bill', async () => {
    const bill = (await post(http, '/v1/bills', m.testKey, { amount: 900, due_date: await billingDate(7) })).body;
    for (const action of ['pay', 'confirm', 'cancel']) {
      const live = await post(helperHttp, `/v1/test_helpers/bills/${bill.id}/${action}`, m.liveKey);
      expect({ status: live.status, code: live.body.error.code }).toEqual({ status: 403, code: 'test_helpers_test_mode_only' });
      expect(live.body.error.message).toContain('test-mode key');
      const none = await post(http, `/v1/test_helpers/bills/${bill.id}/${action}`, m.testKey);
      expect({ status: none.status, code: none.body.error.code }).toEqual({ status: 409, code: 'test_helpers_unavailable' });
      expect((await post(helperHttp, `/v1/test_helpers/bills/${bill.id}/${action}`, other.testKey)).status).toBe(404);
    }
    expect((await get(`/v1/bills/${bill.id}`, m.testKey)).body.status).toBe('open');
  });
});

describe('customer mails beyond the first', () => {
  it('re-sends the number, reminds on the merchant\'s day before the due date, and tells a change of amount', async () => {
    const email = newEmail('mails');
    const soon = (await post(http, '/v1/bills', m.testKey, { amount: 3_000, due_date: await billingDate(3), customer: { name: '田中 花', email } })).body;
    const later = (await post(http, '/v1/bills', m.testKey, { amount: 4_000, due_date: await billingDate(20), customer: { name: '田中 花', email } })).body;
    await mailsTo(email, 2, 'the two payment-number emails');

    const sent = await post(http, `/v1/bills/${soon.id}/send`, m.testKey);
    expect(sent.status).toBe(200);
    await mailsTo(email, 3, 'the re-sent number');

    await runMailJob();
    const withReminder = await mailsTo(email, 4, 'the reminder');
    const reminders = withReminder.filter((x) => x.subject.includes('お支払い期限が近づいています'));
    expect(reminders).toHaveLength(1);
    expect(reminders[0].text).toContain(soon.hosted_url);
    await runMailJob(); // once only
    expect((await mailsTo(email, 4, 'no second reminder')).filter((x) => x.subject.includes('お支払い期限が近づいています'))).toHaveLength(1);

    expect((await post(http, `/v1/bills/${later.id}`, m.testKey, { amount: 4_500 })).status).toBe(200);
    await runMailJob();
    const all = await mailsTo(email, 5, 'the change notice');
    const change = all.find((x) => x.subject.includes('ご請求内容が変更されました'));
    expect(change.text).toContain('変更前のお支払い金額：4,000円');
    expect(change.text).toContain('変更後のお支払い金額：4,500円');
  });

  it('refuses to re-send a bill without an email, and one not open', async () => {
    const bill = (await post(http, '/v1/bills', other.testKey, { amount: 500, due_date: await billingDate(3) })).body;
    const res = await post(http, `/v1/bills/${bill.id}/send`, other.testKey);
    expect({ status: res.status, code: res.body.error.code }).toEqual({ status: 409, code: 'customer_email_missing' });
    expect((await post(http, `/v1/bills/${bill.id}/send`, m.testKey)).status).toBe(404);
  });
});

describe('metadata', () => {
  it('stores up to 20 pairs on a bill, merges updates, and names the faulty field', async () => {
    const created = await post(http, '/v1/bills', m.testKey, { amount: 700, due_date: await billingDate(5), metadata: { order_id: 'A-1', plan: 'gold' } });
    expect(created.body.metadata).toEqual({ order_id: 'A-1', plan: 'gold' });
    const updated = await post(http, `/v1/bills/${created.body.id}`, m.testKey, { metadata: { plan: '', note: 'x' } });
    expect(updated.body.metadata).toEqual({ order_id: 'A-1', note: 'x' });
    expect((await get(`/v1/bills/${created.body.id}`, m.testKey)).body.metadata).toEqual({ order_id: 'A-1', note: 'x' });

    const longKey = await post(http, '/v1/bills', m.testKey, { amount: 700, due_date: await billingDate(5), metadata: { ['k'.repeat(41)]: 'v' } });
    expect({ status: longKey.status, param: longKey.body.error.param }).toEqual({ status: 400, param: `metadata[${'k'.repeat(41)}]` });
    const longValue = await post(http, '/v1/bills', m.testKey, { amount: 700, due_date: await billingDate(5), metadata: { note: 'v'.repeat(501) } });
    expect({ status: longValue.status, param: longValue.body.error.param }).toEqual({ status: 400, param: 'metadata[note]' });
    const many = await post(http, '/v1/bills', m.testKey, { amount: 700, due_date: await billingDate(5), metadata: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v'])) });
    expect({ status: many.status, param: many.body.error.param }).toEqual({ status: 400, param: 'metadata' });
  });
});

describe('the customer-number card', () => {
  it('is a PDF with the number in text and as a barcode that reads back', async () => {
    const customer = (await post(http, '/v1/customers', m.testKey, { name: '山本 太郎', email: newEmail('card') })).body;
    const res = await fetch(`${http}/v1/customers/${customer.id}/card`, { headers: { authorization: `Bearer ${m.testKey}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'card-'));
    try {
      fs.writeFileSync(path.join(dir, 'card.pdf'), Buffer.from(await res.arrayBuffer()));
      const text = execFileSync('pdftotext', [path.join(dir, 'card.pdf'), '-'], { encoding: 'utf8' });
      expect(text).toContain(customer.customer_number);
      expect(text).toContain('山本 太郎 様');
      execFileSync('pdftoppm', ['-r', '300', '-png', '-singlefile', path.join(dir, 'card.pdf'), path.join(dir, 'card')]);
      const read = execFileSync('zbarimg', ['-q', '--raw', path.join(dir, 'card.png')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      expect(read).toBe(customer.customer_number);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect((await fetch(`${http}/v1/customers/${customer.id}/card`, { headers: { authorization: `Bearer ${other.testKey}` } })).status).toBe(404);
  });
});
