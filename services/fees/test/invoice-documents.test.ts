import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { tokyoDate } from '@kessai/bank-calendar';
import { billingEventsV1, remittanceEventsV1 } from '@kessai/contracts';
import { addDays, settlementPeriod } from '@kessai/konbini';
import { newId } from '@kessai/platform';
import { eventually } from '../../../scripts/test/support/clients';
import { api, gatewayAdminClient, newMerchant, OPERATOR, type NewMerchant } from '../../../scripts/test/support/edge';
import { dueDate, monthOf, nextMonth } from '../src/domain/invoice';
import { testClock } from '../../../scripts/test/support/clock';
import { feesTestKit } from './support';

// Monthly invoices and statements' qualified-invoice documents through the
// public REST API (docs/reference/fees-and-settlement.md#qualified-invoice-documents):
// remittance's billable items accrue from published events, the fees clock
// moves past the month end, fees.issue-invoices issues the invoice, and the
// gateway lists it and downloads its document (PDF read back with pdftotext,
// CSV in both encodings) over gRPC from the fees service. An owner's
// statement shows its tenants' breakdown. Anyone else's is 404. (Payouts over
// REST are in payouts.test.ts, on a mesh of its own.)
jest.setTimeout(240_000);
const { ctx, fees, envelope, publish, items } = feesTestKit();
const ops = ctx.services.fees.opsUrl;
const http = ctx.services.gateway.httpUrl!;
const admin = gatewayAdminClient();
// the fees service's development default (services/fees/src/config.ts)
const REGISTRATION_NUMBER = 'T6012345678901';
const HOLDER = 'セイサン テスト';
let other: NewMerchant;

beforeAll(async () => {
  other = await newMerchant(admin, '関係のない商店');
});
afterAll(() => {
  admin.close();
});

const clock = testClock(ops);
const now = () => clock.now();
/** The fees clock to noon (Tokyo) of a day, forward only (another test file may have moved it further already). */
const moveTo = (day: string) => clock.moveForwardTo(new Date(`${day}T12:00:00+09:00`));
async function runJob(name: string): Promise<void> {
  expect((await fetch(`${ops}/test/jobs/${name}/run`, { method: 'POST' })).status).toBe(200);
}
const statements = async (m: string) => (await fees.listStatements({ merchantId: m, livemode: false, pageSize: 0, pageToken: '' })).statements;
const download = (key: string, p: string) => fetch(`${http}${p}`, { headers: { authorization: `Bearer ${key}` } });
/** 404 with the resource's code (statement_not_found, …), never 403. */
const notFound = (res: { status: number; body: any }) => ({ status: res.status, code: res.body.error?.code });

function pdfText(pdf: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fees-invoice-'));
  try {
    fs.writeFileSync(path.join(dir, 'doc.pdf'), pdf);
    return execFileSync('pdftotext', ['-layout', path.join(dir, 'doc.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const settings = (accountNumber?: string) => ({
  enabledStoreChains: ['lawson'], feePlan: 'collection_plan', settlementCycle: 'half_monthly',
  ...(accountNumber ? { payoutAccount: { bankCode: '0001', branchCode: '001', accountType: 1, accountNumber, holderNameKana: HOLDER } } : {}),
});
/** A merchant created at the gateway (a payout account when given) and its test key. */
async function create(name: string, ownerId = '', accountNumber?: string): Promise<{ id: string; key: string }> {
  const { merchant } = await admin.createMerchant({ idempotencyKey: '', name, ownerId, settings: settings(accountNumber) }, OPERATOR);
  const { secret } = await admin.issueApiKey({ merchantId: merchant!.id, livemode: false }, OPERATOR);
  return { id: merchant!.id, key: secret };
}
const paid = (merchantId: string, ownerId: string, amount: number, stampDuty: number, paidAt: Date) =>
  envelope('billing.payment.confirmed', merchantId, 'kessai.billing.events.v1.PaymentChanged', billingEventsV1.PaymentChanged, {
    payment: { paymentId: newId('pay'), billId: newId('bill'), merchantId, ownerId, status: 'confirmed', chain: 'lawson', paymentNumber: '1', amount, stampDuty, paidAt },
  });
/** A half-month of 40 days ago: its fix date (and payout date) has passed. */
async function pastPeriod() {
  const period = settlementPeriod('half_monthly', addDays(tokyoDate(await now()), -40));
  return { ...period, at: new Date(`${period.start}T03:00:00Z`) };
}



it('an owner\'s statement shows its tenant\'s share: GET /v1/statements/{id}/tenants and the document\'s breakdown', async () => {
  const owner = await create('モール運営KK', '', String(2_000_000 + Math.floor(Math.random() * 7_000_000)));
  const tenant = await create('テナント雑貨店', owner.id); // no payout account: settled on its owner's statement
  const period = await pastPeriod();
  await publish([paid(owner.id, '', 3_000, 0, period.at), paid(tenant.id, owner.id, 55_000, 200, period.at)]);
  await eventually(async () => (await items(owner.id)).length === 1 && (await items(tenant.id)).length === 2, 30_000, 'fee items accrued');
  await runJob('fees.fix-statements');
  await eventually(async () => (await statements(owner.id)).length === 1, 15_000, 'statement fixed');
  const [s] = await statements(owner.id);
  expect(s).toMatchObject({ confirmedCollections: 58_000, stampDuty: 200, consumptionTax: 150, payoutFee: 1_500, payoutAmount: 56_150 });

  const res = await api(http, 'GET', `/v1/statements/${s.id}/tenants`, { key: owner.key });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ object: 'list', has_more: false });
  expect(res.body.data).toEqual(expect.arrayContaining([
    { object: 'statement_tenant', statement: s.id, account: owner.id, confirmed_collections: 3_000, collection_count: 1, fees: 0, stamp_duty: 0 },
    { object: 'statement_tenant', statement: s.id, account: tenant.id, confirmed_collections: 55_000, collection_count: 1, fees: 0, stamp_duty: 200 },
  ]));
  expect(res.body.data).toHaveLength(2);
  const page1 = await api(http, 'GET', `/v1/statements/${s.id}/tenants?limit=1`, { key: owner.key });
  const page2 = await api(http, 'GET', `/v1/statements/${s.id}/tenants?limit=1&starting_after=${page1.body.next_cursor}`, { key: owner.key });
  expect([...page1.body.data, ...page2.body.data]).toEqual(res.body.data);
  // the breakdown is the owner's: the tenant and anyone else get 404
  for (const key of [tenant.key, other.testKey]) expect(notFound(await api(http, 'GET', `/v1/statements/${s.id}/tenants`, { key }))).toEqual({ status: 404, code: 'statement_not_found' });

  // the document: the statement's figures and a section per merchant on it
  const pdf = await download(owner.key, `/v1/statements/${s.id}/document?format=pdf`);
  expect(pdf.status).toBe(200);
  const text = pdfText(Buffer.from(await pdf.arrayBuffer()));
  expect(text).toContain('加盟店別内訳');
  expect(text).toContain(`テナント雑貨店（${tenant.id}）`);
  expect(text).toContain(`モール運営KK（${owner.id}）`);
  expect(text).toMatch(/55,000円/);
  expect(text).toMatch(/振込金額\s+56,150円/);
  const csv = await (await download(owner.key, `/v1/statements/${s.id}/document?format=csv`)).text();
  expect(csv).toContain(`加盟店別内訳,テナント雑貨店（${tenant.id}）印紙税相当額,,200,不課税,`);
  expect(csv).toContain(`加盟店別内訳,テナント雑貨店（${tenant.id}）確定収納金額,1,55000,,`);
});

// ---------------------------------------------------------------- invoices

const transfer = (m: string, at: Date) =>
  envelope('remittance.billable_item.recorded', m, 'kessai.remittance.events.v1.BillableItemRecorded', remittanceEventsV1.BillableItemRecorded,
    { itemId: newId('bil'), kind: 'remittance_transfer', amount: 0, transferId: newId('trf'), orderId: 'rord_1', recipientId: newId('rrcp') }, at);

it('issues a monthly invoice and serves it over REST with its qualified-invoice document (PDF, CSV in both encodings); another merchant\'s is 404', async () => {
  const merchant = await newMerchant(admin, '請求書ダウンロード株式会社');
  const m = merchant.merchant.id;
  const payTo = merchant.merchant.testInvoiceAccountNumber;
  expect(payTo).toMatch(/^\d{7}$/);
  // the merchant object shows its invoice account (this mode's)
  expect((await api(http, 'GET', '/v1/account', { key: merchant.testKey })).body).toMatchObject({
    object: 'account', id: m, livemode: false, invoice_account_number: payTo, deposit_account_number: merchant.merchant.testVirtualAccountNumber,
  });
  expect((await api(http, 'GET', '/v1/account', { key: merchant.liveKey })).body).toMatchObject({ livemode: true, invoice_account_number: merchant.merchant.liveInvoiceAccountNumber });

  const start = await now();
  const month = monthOf(tokyoDate(start));
  await publish([transfer(m, start), transfer(m, start)]);
  await eventually(async () => (await items(m)).length === 3, 30_000, 'items accrued'); // two transfers and the initial fee
  await moveTo(`${nextMonth(month)}-01`);
  await runJob('fees.issue-invoices');

  let invoice: any;
  await eventually(async () => {
    invoice = (await api(http, 'GET', '/v1/invoices', { key: merchant.testKey })).body.data?.[0];
    return Boolean(invoice);
  }, 15_000, 'invoice issued');
  expect(invoice).toMatchObject({ object: 'invoice', livemode: false, account: m, month, due_date: dueDate(month), status: 'open', tax_rate: 10, document_url: `/v1/invoices/${invoice.id}/document` });
  expect(invoice.consumption_tax).toBe(Math.floor(invoice.fees / 10));
  expect(invoice.total).toBe(invoice.fees + invoice.consumption_tax);
  expect(Object.fromEntries(invoice.lines.map((l: any) => [l.kind, l.quantity]))).toEqual({ remittance_transfer: 2, initial: 1 });
  expect((await api(http, 'GET', `/v1/invoices/${invoice.id}`, { key: merchant.testKey })).body).toEqual(invoice);
  expect((await api(http, 'GET', '/v1/invoices?status=open', { key: merchant.testKey })).body.data.map((i: any) => i.id)).toEqual([invoice.id]);
  expect((await api(http, 'GET', '/v1/invoices?status=paid', { key: merchant.testKey })).body.data).toEqual([]);
  // a test-mode invoice is nobody's for a live key
  expect(notFound(await api(http, 'GET', `/v1/invoices/${invoice.id}`, { key: merchant.liveKey }))).toEqual({ status: 404, code: 'invoice_not_found' });

  const yen = (n: number) => `${n.toLocaleString('ja-JP')}円`;
  const [y, mo, d] = invoice.due_date.split('-');
  const pdf = await download(merchant.testKey, `/v1/invoices/${invoice.id}/document?format=pdf`);
  expect(pdf.status).toBe(200);
  expect(pdf.headers.get('content-type')).toBe('application/pdf');
  expect(pdf.headers.get('content-disposition')).toContain(`kessai-invoice-${invoice.id}.pdf`);
  const text = pdfText(Buffer.from(await pdf.arrayBuffer()));
  expect(text).toContain('請求書（適格請求書）');
  expect(text).toContain(`登録番号: ${REGISTRATION_NUMBER}`);
  expect(text).toContain('請求書ダウンロード株式会社 御中');
  expect(text).toContain(`お支払期限: ${y}年${Number(mo)}月${Number(d)}日`);
  expect(text).toContain(`お振込先（請求書専用口座）: ${payTo}`);
  expect(text).toMatch(new RegExp(`10%対象 消費税額\\s+${yen(invoice.consumption_tax)}\\s+10%`));
  expect(text).toMatch(new RegExp(`ご請求金額（税込）: ${yen(invoice.total)}`));
  expect(text).toContain('送金手数料');
  expect(text).toContain('初期費用');

  for (const [encoding, decode] of [['utf-8', (b: Buffer) => b.toString('utf8')], ['shift_jis', (b: Buffer) => iconv.decode(b, 'cp932')]] as const) {
    const res = await download(merchant.testKey, `/v1/invoices/${invoice.id}/document?format=csv&encoding=${encoding}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')?.toLowerCase()).toContain(encoding);
    const raw = Buffer.from(await res.arrayBuffer());
    if (encoding === 'utf-8') expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = decode(raw);
    expect(csv).toContain(`登録番号,${REGISTRATION_NUMBER},`);
    expect(csv).toContain(`支払期限,${invoice.due_date},`);
    expect(csv).toContain(`振込先口座,${payTo},`);
    expect(csv).toContain(`税率別合計,10%対象（税抜）,,${invoice.fees},10%,${invoice.consumption_tax}`);
    expect(csv).toContain(`合計,ご請求金額（税込）,,${invoice.total},,`);
  }
  const bad = await api(http, 'GET', `/v1/invoices/${invoice.id}/document?format=pdf&encoding=shift_jis`, { key: merchant.testKey });
  expect({ status: bad.status, param: bad.body.error?.param }).toEqual({ status: 400, param: 'encoding' });

  // another merchant: 404 for the invoice and its document, an empty list
  for (const p of [`/v1/invoices/${invoice.id}`, `/v1/invoices/${invoice.id}/document?format=pdf`]) {
    expect(notFound(await api(http, 'GET', p, { key: other.testKey }))).toEqual({ status: 404, code: 'invoice_not_found' });
  }
  expect((await api(http, 'GET', '/v1/invoices', { key: other.testKey })).body.data).toEqual([]);
});
