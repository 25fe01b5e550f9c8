import { execFileSync } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import { tokyoDate } from '@kessai/bank-calendar';
import { feesV1, remittanceEventsV1 } from '@kessai/contracts';
import { addDays } from '@kessai/konbini';
import { connectClient, newId } from '@kessai/platform';
import { formatYen } from '@kessai/web';
import type { Browser } from 'playwright-core';
import { DESKTOP, launchChromium, openGuardedPage, PHONE, type GuardedPage } from '../../../scripts/test/support/browser';
import { eventually } from '../../../scripts/test/support/clients';
import { gatewayAdminClient, OPERATOR, OPERATOR_TOKEN } from '../../../scripts/test/support/edge';
import { feesTestKit } from '../../fees/test/support';
import { checkPage, download, httpSignIn, PASSWORD, signInAt } from './console-support';

/**
 * The console's settlement pages and Kessai's operator pages in a real browser
 * against the run's mesh (docs/console.md, "Settlement" and "Operator pages"):
 * a statement fixed by the fees service from confirmed payments, its payout
 * handed to remittance, a remittance-fee invoice; each page, the PDF and CSV
 * documents read back, another merchant's statement "not found", the dashboard's
 * next payout and open invoices, the reconciliation report behind the operator
 * token, axe on every page.
 *
 * The data come as the producers publish it (billing's confirmed payments,
 * remittance's billable items, in the past); the fees service's clock is never
 * moved here, only its jobs triggered, so other test files' clocks are left alone.
 */
jest.setTimeout(180_000);

const { ctx, fees, envelope, publish, payment } = feesTestKit();
const base = ctx.services.gateway.httpUrl!;
const feesOps = ctx.services.fees.opsUrl;
const admin = gatewayAdminClient();
const payouts = connectClient(feesV1.PayoutServiceClient, ctx.services.fees.grpcAddr);
const invoices = connectClient(feesV1.InvoiceServiceClient, ctx.services.fees.grpcAddr);
const reconciliation = connectClient(feesV1.ReconciliationServiceClient, ctx.services.fees.grpcAddr);
const tag = randomUUID().slice(0, 6);
const login = (who: string) => `${who}-s-${tag}`;

let browser: Browser;
let g: GuardedPage;
const ids = { merchant: '', other: '', statement: '', otherStatement: '', invoice: '' };
let statement: feesV1.Statement;
let invoice: feesV1.Invoice;

async function feesNow(): Promise<Date> {
  return new Date(((await (await fetch(`${feesOps}/test/clock`)).json()) as { now: string }).now);
}
/** runs a fees job now (or waits while its scheduler runs it) */
const runJob = (name: string) => eventually(async () => (await fetch(`${feesOps}/test/jobs/${name}/run`, { method: 'POST' })).status === 200, 20_000, `${name} ran`);
const statementsOf = async (m: string) => (await fees.listStatements({ merchantId: m, livemode: false, includeTenants: false, pageSize: 0, pageToken: '' })).statements;

async function merchant(name: string, payoutAccount?: { bankCode: string; branchCode: string; accountType: number; accountNumber: string; holderNameKana: string }): Promise<string> {
  const { merchant: m } = await admin.createMerchant(
    { idempotencyKey: '', name, ownerId: '', settings: { enabledStoreChains: ['lawson'], feePlan: 'collection_plan', settlementCycle: 'half_monthly', payoutAccount }, contactEmails: { emails: [`keiri.${tag}@example.jp`] } },
    OPERATOR,
  );
  return m!.id;
}

beforeAll(async () => {
  browser = await launchChromium();
  ids.merchant = await merchant(`精算の商店 ${tag}`, { bankCode: '0005', branchCode: '001', accountType: 1, accountNumber: String(randomInt(1_000_000, 9_999_999)), holderNameKana: 'ｾｲｻﾝｼﾖｳﾃﾝ' });
  ids.other = await merchant(`よその商店 ${tag}`);
  for (const [who, role] of [['viewer', 'viewer'], ['admin', 'admin']] as const) {
    await admin.createConsoleUser({ merchantId: ids.merchant, loginId: login(who), name: `${who} さん`, email: `${who}.${tag}@example.jp`, role, password: PASSWORD }, OPERATOR);
  }

  // confirmed payments in a half-month whose statement's fix and payout dates have passed: 55,000 (stamp duty 200) and 3,000
  const paidOn = addDays(tokyoDate(await feesNow()), -40);
  const at = new Date(`${paidOn}T03:00:00Z`);
  await publish([payment(ids.merchant, newId('pay'), 200, at), payment(ids.merchant, newId('pay'), 0, at), payment(ids.other, newId('pay'), 0, at)]);
  // a remittance transfer attempt last month (Tokyo): invoiced once that month has ended, which it has
  const lastMonth = new Date(`${tokyoDate(await feesNow()).slice(0, 8)}01T03:00:00Z`).getTime() - 5 * 86_400_000;
  await publish([
    envelope('remittance.billable_item.recorded', ids.merchant, 'kessai.remittance.events.v1.BillableItemRecorded', remittanceEventsV1.BillableItemRecorded,
      { itemId: newId('bil'), kind: 'remittance_transfer', amount: 0, transferId: newId('trf'), orderId: 'rord_1', recipientId: newId('rrcp') }, new Date(lastMonth)),
  ]);
  await eventually(async () => (await fees.listFeeItems({ merchantId: ids.merchant, livemode: false, includeTenants: false, pageSize: 100, pageToken: '', kind: '', causeId: '', fromDate: '', toDate: '' })).items.length >= 4, 30_000, 'fee items accrued');
  await eventually(async () => (await fees.listFeeItems({ merchantId: ids.other, livemode: false, includeTenants: false, pageSize: 100, pageToken: '', kind: '', causeId: '', fromDate: '', toDate: '' })).items.length >= 1, 30_000, 'the other merchant accrued');

  await runJob('fees.fix-statements');
  await eventually(async () => (await statementsOf(ids.merchant)).length === 1 && (await statementsOf(ids.other)).length === 1, 30_000, 'statements fixed');
  [statement] = await statementsOf(ids.merchant);
  ids.statement = statement.id;
  ids.otherStatement = (await statementsOf(ids.other))[0].id;
  await runJob('fees.ledger-ops');
  await runJob('fees.submit-payouts');
  await eventually(async () => {
    await runJob('fees.ledger-ops');
    await runJob('fees.submit-payouts');
    const { payouts: p } = await payouts.listPayouts({ merchantId: ids.merchant, livemode: false, pageSize: 0, pageToken: '', state: '' });
    return p.length === 1 && p[0].state !== 'scheduled';
  }, 60_000, 'the payout handed to remittance');
  await runJob('fees.issue-invoices');
  await eventually(async () => (await invoices.listInvoices({ merchantId: ids.merchant, livemode: false, pageSize: 0, pageToken: '', status: '' })).invoices.length === 1, 30_000, 'invoice issued');
  [invoice] = (await invoices.listInvoices({ merchantId: ids.merchant, livemode: false, pageSize: 0, pageToken: '', status: '' })).invoices;
  ids.invoice = invoice.id;

  g = await openGuardedPage(browser, { viewport: DESKTOP });
  await signInAt(g.page, base, login('viewer'));
});

afterAll(async () => {
  await g?.close();
  await browser?.close();
  for (const c of [admin, payouts, invoices, reconciliation]) c.close();
});

const main = () => g.page.locator('main').textContent();
const pdfText = (pdf: Buffer) => execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString('utf8');

describe('settlement pages', () => {
  it('lists the statement and shows every figure of it; its fee items by period', async () => {
    const { page } = g;
    await page.goto(`${base}/console/statements`);
    const rows = await page.locator('#statements tbody tr').allTextContents();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(formatYen(statement.payoutAmount));
    await checkPage(page, 'settlement-statements-desktop');

    await Promise.all([page.waitForNavigation(), page.click(`#statements a[href="/console/statements/${ids.statement}"]`)]);
    const text = await main();
    expect(statement).toMatchObject({ confirmedCollections: 58_000, stampDuty: 200, payoutFee: 1_500, status: 'fixed' });
    for (const figure of [statement.confirmedCollections, statement.stampDuty, statement.payoutFee, statement.consumptionTax, statement.payoutAmount]) expect(text).toContain(formatYen(figure));
    expect(text).toContain('月2回（15日・月末）');
    await checkPage(page, 'settlement-statement-desktop');

    await Promise.all([page.waitForNavigation(), page.click('a:has-text("この期間の手数料明細")')]);
    expect(page.url()).toContain(`from=${statement.periodStart}&to=${statement.periodClose}`);
    expect((await page.locator('#fee-items tbody tr').allTextContents()).some((r) => r.includes('印紙税相当額') && r.includes(formatYen(200)))).toBe(true);
    await checkPage(page, 'settlement-fee-items-desktop');
  });

  it('downloads the statement as a qualified invoice: PDF with the registration number and tax, CSV in both encodings', async () => {
    const { page } = g;
    await page.goto(`${base}/console/statements/${ids.statement}`);
    const pdf = await download(page, `a[href="/console/statements/${ids.statement}/document?format=pdf"]`);
    expect(pdf.data.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf.data);
    expect(text).toMatch(/T\d{13}/);
    expect(text).toContain('10%');
    expect(text.replace(/\s/g, '')).toContain(statement.consumptionTax.toLocaleString('en-US'));
    const csv = await download(page, `a[href="/console/statements/${ids.statement}/document?format=csv"]`);
    expect([...csv.data.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.data.toString('utf8')).toContain(String(statement.payoutAmount));
    const sjis = await download(page, `a[href="/console/statements/${ids.statement}/document?format=csv&encoding=shift_jis"]`);
    expect(sjis.data[0]).not.toBe(0xef); // no BOM in Shift_JIS
  });

  it("another merchant's statement is not found, page and document alike", async () => {
    const { session } = await httpSignIn(base, login('viewer'));
    expect((await session.get(`/console/statements/${ids.otherStatement}`)).status).toBe(404);
    expect((await session.get(`/console/statements/${ids.otherStatement}/document?format=pdf`)).status).toBe(404);
    expect((await session.get('/console/invoices/inv_does_not_exist')).status).toBe(404);
  });

  it('shows the payout with its state and account; the dashboard shows it and the open invoice', async () => {
    const { page } = g;
    await page.goto(`${base}/console/payouts`);
    const rows = await page.locator('#payouts tbody tr').allTextContents();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(formatYen(statement.payoutAmount));
    expect(rows[0]).toMatch(/振込手続中|振込済み/);
    expect(rows[0]).toMatch(/0005-001 \*\*\*\*\d{4}/);
    await checkPage(page, 'settlement-payouts-desktop');

    await page.goto(`${base}/console`);
    expect(await page.locator('#open-invoices-heading').textContent()).toBe('未払いのご請求');
    expect((await page.locator('#dashboard-invoices tbody tr').allTextContents()).some((r) => r.includes(invoice.month) && r.includes(formatYen(invoice.total)))).toBe(true);
    await checkPage(page, 'settlement-dashboard-desktop');
  });

  it('shows the invoice with its lines and the account to pay into; downloads its PDF', async () => {
    const { page } = g;
    await page.goto(`${base}/console/invoices`);
    expect((await page.locator('#invoices tbody tr').allTextContents())[0]).toContain(formatYen(invoice.total));
    await Promise.all([page.waitForNavigation(), page.click(`#invoices a[href="/console/invoices/${ids.invoice}"]`)]);
    const text = await main();
    expect(text).toContain('送金手数料');
    expect(text).toContain(formatYen(invoice.consumptionTax));
    expect(text).toMatch(/お振込先（請求書専用口座）\s*\d{7}/);
    await checkPage(page, 'settlement-invoice-desktop');
    const pdf = await download(page, `a[href="/console/invoices/${ids.invoice}/document?format=pdf"]`);
    expect(pdfText(pdf.data)).toMatch(/T\d{13}/);
  });

  it('fits a phone: the statements list and an invoice', async () => {
    const phone = await openGuardedPage(browser, { viewport: PHONE, isMobile: true });
    try {
      await signInAt(phone.page, base, login('admin'));
      await phone.page.goto(`${base}/console/statements`);
      await checkPage(phone.page, 'settlement-statements-phone');
      await phone.page.goto(`${base}/console/invoices/${ids.invoice}`);
      await checkPage(phone.page, 'settlement-invoice-phone');
      await phone.expectClean();
    } finally {
      await phone.close();
    }
  });

  it('loads nothing from outside and breaks no content policy', async () => {
    await g.expectClean();
  });
});

describe('operator pages', () => {
  it('refuses without the operator token (401, a Basic challenge), and with a wrong one', async () => {
    const none = await fetch(`${base}/operator/reconciliation`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic /);
    const wrong = await fetch(`${base}/operator/reconciliation`, { headers: { authorization: `Basic ${Buffer.from('ops:not-the-token').toString('base64')}` } });
    expect(wrong.status).toBe(401);
  });

  it("shows a day's reconciliation, its differences and their CSV; a bad day is named", async () => {
    const day = addDays(tokyoDate(await feesNow()), -2);
    const { run } = await reconciliation.runReconciliation({ livemode: false, day });
    const ops = await openGuardedPage(browser, { viewport: DESKTOP, httpCredentials: { username: 'ops', password: OPERATOR_TOKEN } });
    try {
      await ops.page.goto(`${base}/operator/reconciliation?day=${day}&mode=test`);
      const text = (await ops.page.locator('main').textContent())!;
      expect(text).toContain(`日次照合 ${day}`);
      expect(text).toContain(run!.status === 'clean' ? '差異はありません。' : `差異が ${run!.differenceCount} 件あります。`);
      await checkPage(ops.page, 'operator-reconciliation-desktop');
      const csv = await download(ops.page, `a[href="/operator/reconciliation/export?from=${day}&to=${day}&mode=test"]`);
      expect([...csv.data.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(csv.data.toString('utf8').split('\r\n').filter(Boolean).length).toBe(run!.differenceCount + 1); // the header, then a row per difference

      await ops.page.goto(`${base}/operator/invoice-payments`);
      await checkPage(ops.page, 'operator-invoice-payments-desktop');
      await ops.expectClean();
      // (after the clean check: the browser logs the 400 of the page below as a problem)
      const bad = await ops.page.goto(`${base}/operator/reconciliation?day=2026-02-30`);
      expect(bad!.status()).toBe(400);
      expect(await ops.page.locator('main').textContent()).toContain('日付は YYYY-MM-DD で指定してください');
    } finally {
      await ops.close();
    }
  });
});
