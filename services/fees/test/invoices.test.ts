import { feesEventsV1, feesV1, notificationEventsV1, remittanceEventsV1 } from '@kessai/contracts';
import { PartnerBankClient } from '@kessai/partner-bank';
import { connectClient, newId } from '@kessai/platform';
import { acct, AccountType, eventually, ledgerClient } from '../../../scripts/test/support/clients';
import { RunningBank, SIMBANK_SECRET, startBankSimulator } from '../../../scripts/test/support/bank';
import { query } from '../../../scripts/test/support/db';
import { api, gatewayAdminClient, newMerchant, type NewMerchant } from '../../../scripts/test/support/edge';
import { rejection } from '../../../scripts/test/support/errors';
import { mailMatching } from '../../../services/remittance/test/support/remittance';
import { dueDate, monthOf, monthPeriod, nextMonth } from '../src/domain/invoice';
import { testClock } from '../../../scripts/test/support/clock';
import { feesTestKit } from './support';

// Monthly remittance-fee invoices (docs/reference/fees-and-settlement.md#remittance-fees),
// through the real mesh: fee items accrue from published events, the fees clock
// moves past a month end, the job issues the invoice; the ledger books it; a
// payment through the bank simulator into the merchant's invoice account
// settles it (never the deposit); a wrong amount is held for an operator; an
// unpaid invoice past its due date is flagged overdue, counted by the gauge,
// emailed and published.
jest.setTimeout(240_000);
const { ctx, fees, envelope, publish } = feesTestKit();
const ops = ctx.services.fees.opsUrl;
const invoices = connectClient(feesV1.InvoiceServiceClient, ctx.services.fees.grpcAddr);
const ledger = ledgerClient(ctx.services.ledger.grpcAddr);
const admin = gatewayAdminClient();
const T = AccountType;
let bank: RunningBank;

beforeAll(async () => {
  bank = await startBankSimulator();
});
afterAll(async () => {
  await bank?.stop();
  invoices.close();
  ledger.close();
  admin.close();
});

const clock = testClock(ops);
const now = () => clock.now();
/** The fees clock to noon (Tokyo) of a day, forward only (another test file may have moved it further already). */
const moveTo = (day: string) => clock.moveForwardTo(new Date(`${day}T12:00:00+09:00`));
async function runJob(name: string): Promise<void> {
  const res = await fetch(`${ops}/test/jobs/${name}/run`, { method: 'POST' });
  expect(res.status).toBe(200);
}
const tokyoDay = (d: Date) => new Date(d.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
const list = async (m: string) => (await invoices.listInvoices({ merchantId: m, livemode: false, pageSize: 0, pageToken: '', status: '' })).invoices;
const receivable = async (m: string) => (await ledger.getBalance({ livemode: false, account: acct(m, T.ACCOUNT_TYPE_FEES_RECEIVABLE) })).balance!.total;
const unmatched = async (m: string) => (await invoices.listInvoicePayments({ merchantId: m, livemode: false, status: '', pageSize: 0, pageToken: '' })).payments;
const pay = (amount: number, account: string) => bank.call('POST', `/accounts/${account}/deposits`, { amount, payer_name_kana: 'ｶ)ﾃｽﾄ' });
const depositTotal = async (m: NewMerchant) => (await api(ctx.services.gateway.httpUrl!, 'GET', '/v1/balance', { key: m.testKey })).body.total as number;
async function overdueGauge(): Promise<number> {
  const text = await (await fetch(`${ops}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('kessai_fees_invoices_overdue{') && l.includes('livemode="false"'));
  return line ? Number(line.split(' ').pop()) : NaN;
}
/** The gauge says what the database says (other test files' invoices may be overdue too, so never a fixed number). */
async function gaugeMatches(what: string): Promise<number> {
  let n = -1;
  await eventually(async () => {
    const { rows } = await query(`SELECT count(*)::int AS n FROM fees.invoices WHERE status = 'overdue' AND NOT livemode`);
    n = rows[0].n;
    return (await overdueGauge()) === n;
  }, 15_000, `overdue gauge ${what}`);
  return n;
}
const invoiceOf = async (m: string, month: string) => (await list(m)).find((i) => i.month === month)!;
/** The ledger's `invoice.paid` entry of a deposit (on the merchant's fees receivable). */
async function invoicePaidEntry(m: string, depositId: string) {
  const { entries } = await ledger.listEntries({ livemode: false, account: acct(m, T.ACCOUNT_TYPE_FEES_RECEIVABLE), pageSize: 100, pageToken: '' });
  return entries.find((e) => e.kind === 'invoice.paid' && e.metadata.deposit_id === depositId);
}
/**
 * The posting carries the bank's reference and business date of the deposit, and that
 * reference is the deposit's on the bank's statement of Kessai's own account: the daily
 * reconciliation pairs them by it, on that date (docs/reference/fees-and-settlement.md#daily-reconciliation).
 */
async function expectBankSide(m: string, depositId: string, deposit: { amount: number; bank_reference: string; business_date: string }): Promise<void> {
  const entry = await invoicePaidEntry(m, depositId);
  expect(entry?.metadata).toMatchObject({ deposit_id: depositId, bank_reference: deposit.bank_reference, business_date: deposit.business_date });
  const statement = await new PartnerBankClient({ baseUrl: bank.url, secret: SIMBANK_SECRET }).statement(deposit.business_date);
  const movements = statement.accounts.flatMap((a) => a.movements);
  expect(movements.filter((mv) => mv.reference === deposit.bank_reference)).toEqual([expect.objectContaining({ kind: 'deposit', amount: deposit.amount })]);
}

const transfer = (m: string, at: Date) =>
  envelope('remittance.billable_item.recorded', m, 'kessai.remittance.events.v1.BillableItemRecorded', remittanceEventsV1.BillableItemRecorded,
    { itemId: newId('bil'), kind: 'remittance_transfer', amount: 0, transferId: newId('trf'), orderId: 'rord_1', recipientId: newId('rrcp') }, at);
const postcard = (m: string, at: Date) =>
  envelope('notification.postcard.sent', m, 'kessai.notification.events.v1.PostcardSent', notificationEventsV1.PostcardSent,
    { messageId: newId('msg'), batchId: 'pcb_1', reference: 'rrcp_1', kind: 'remittance_invitation', sentAt: at }, at);

it('invoices a month once, books it, is paid through the invoice account, holds a wrong amount, and flags an unpaid one overdue', async () => {
  const email = `invoices-${newId('x').slice(-8)}@example.com`;
  const merchant = await newMerchant(admin, '請求書テスト株式会社', '', [email]);
  const m = merchant.merchant.id;
  const idle = (await newMerchant(admin, '手数料なし株式会社')).merchant.id;
  expect(merchant.merchant.testInvoiceAccountNumber).toMatch(/^\d{7}$/);
  expect(merchant.merchant.testInvoiceAccountNumber).not.toBe(merchant.merchant.testVirtualAccountNumber);

  const start = await now();
  const month = monthOf(tokyoDay(start));
  const next = nextMonth(month);
  // a monthly base fee for next month only (from a date after today, as the schedule requires)
  await fees.setFeeSchedule({ requestId: newId('req'), merchantId: m, effectiveFrom: `${next}-01`, amounts: [{ kind: 'base', amount: 333 }] });
  await fees.setFeeSchedule({ requestId: newId('req'), merchantId: m, effectiveFrom: `${nextMonth(next)}-01`, amounts: [{ kind: 'base', amount: 0 }] });

  // this month: two transfer attempts and a postcard; the initial fee comes with the first
  await publish([transfer(m, start), transfer(m, start), postcard(m, start)]);
  await eventually(async () => (await fees.listFeeItems({ merchantId: m, livemode: false, pageSize: 100, pageToken: '', kind: '', causeId: '', fromDate: '', toDate: '' })).items.length === 4, 30_000, 'items accrued');

  // not before the month has ended
  await runJob('fees.issue-invoices');
  expect(await list(m)).toEqual([]);

  await moveTo(`${next}-01`);
  await runJob('fees.issue-invoices');
  await runJob('fees.issue-invoices'); // issued once
  const [first, ...others] = await list(m);
  expect(others).toEqual([]);
  const period = monthPeriod(month);
  // 2 × 500 + 100 + 10,000 = 11,100; tax 1,110
  expect(first).toMatchObject({ merchantId: m, livemode: false, month, periodStart: period.start, periodEnd: period.end, dueDate: dueDate(month), status: 'open', fees: 11_100, consumptionTax: 1_110, total: 12_210 });
  expect(Object.fromEntries(first.lines.map((l) => [l.kind, [l.quantity, l.amount]]))).toEqual({ remittance_transfer: [2, 1_000], postcard: [1, 100], initial: [1, 10_000] });
  expect((await invoices.getInvoice({ invoiceId: first.id, merchantId: m })).invoice!.id).toBe(first.id);
  expect((await rejection(invoices.getInvoice({ invoiceId: first.id, merchantId: idle }))).kind).toBe('not_found');
  expect(await list(idle)).toEqual([]); // nothing to charge, no invoice

  // the ledger: fees receivable −total (fee revenue and tax payable on the other side); the merchant's email
  await eventually(async () => (await receivable(m)) === -12_210, 30_000, 'invoice posted to the ledger');
  const issuedMail = await mailMatching(email, /ご請求/);
  expect(issuedMail.text).toContain(merchant.merchant.testInvoiceAccountNumber);
  expect(issuedMail.text).toContain('12,210');

  // a wrong amount into the invoice account: held for review, nothing settled, the deposit untouched
  const wrong = await pay(12_000, merchant.merchant.testInvoiceAccountNumber);
  expect(wrong.callback.state).toBe('delivered');
  await eventually(async () => (await unmatched(m)).length === 1, 30_000, 'wrong amount held');
  const [held] = await unmatched(m);
  expect(held).toMatchObject({ merchantId: m, amount: 12_000, status: 'unmatched', invoiceId: '', virtualAccountNumber: merchant.merchant.testInvoiceAccountNumber });
  expect((await invoiceOf(m, month)).status).toBe('open');
  expect(await receivable(m)).toBe(-12_210);

  // the exact amount settles it
  const exact = await pay(12_210, merchant.merchant.testInvoiceAccountNumber);
  await eventually(async () => (await invoiceOf(m, month)).status === 'paid', 30_000, 'invoice paid');
  await eventually(async () => (await receivable(m)) === 0, 30_000, 'payment posted');
  expect(await depositTotal(merchant)).toBe(0);
  // the posting names the bank's deposit: reference and bank date
  await expectBankSide(m, (await invoiceOf(m, month)).paidByDepositId, exact);
  // the held payment keeps them too (the reconciliation knows its deposit as held for review)
  const { rows: [kept] } = await query(`SELECT bank_reference, to_char(business_date, 'YYYY-MM-DD') AS business_date FROM fees.invoice_payments WHERE deposit_id = $1`, [held.depositId]);
  expect(kept).toEqual({ bank_reference: wrong.bank_reference, business_date: wrong.business_date });

  // an operator refunds the wrong payment; a bad decision names its field
  expect((await rejection(invoices.resolveInvoicePayment({ depositId: held.depositId, action: 'apply', invoiceId: '', note: '' }))).fieldViolations.map((v) => v.field)).toEqual(['invoice_id']);
  expect((await rejection(invoices.resolveInvoicePayment({ depositId: held.depositId, action: 'keep', invoiceId: '', note: '' }))).fieldViolations.map((v) => v.field)).toEqual(['action']);
  const refunded = await invoices.resolveInvoicePayment({ depositId: held.depositId, action: 'refund', invoiceId: '', note: 'returned to the payer' });
  expect(refunded.payment).toMatchObject({ status: 'refunded', note: 'returned to the payer' });
  expect(await unmatched(m)).toEqual([]);
  expect(await receivable(m)).toBe(0);

  // next month: a postcard and the base fee; no initial fee again; tax on 433 rounded down to 43
  await publish([postcard(m, await now())]);
  await eventually(async () => (await fees.listFeeItems({ merchantId: m, livemode: false, pageSize: 100, pageToken: '', kind: 'postcard', causeId: '', fromDate: '', toDate: '' })).items.length === 2, 30_000, 'postcard accrued');
  await moveTo(`${nextMonth(next)}-01`);
  await runJob('fees.issue-invoices');
  await eventually(async () => (await list(m)).length === 2, 15_000, 'second invoice');
  const second = (await list(m))[0];
  expect(second).toMatchObject({ month: next, dueDate: dueDate(next), status: 'open', fees: 433, consumptionTax: 43, total: 476 });
  expect(Object.fromEntries(second.lines.map((l) => [l.kind, [l.quantity, l.amount]]))).toEqual({ postcard: [1, 100], base: [1, 333] });
  await eventually(async () => (await receivable(m)) === -476, 30_000, 'second invoice posted');

  // unpaid past its due date: overdue once, gauge, email, public webhook
  await runJob('fees.flag-overdue-invoices');
  expect((await invoiceOf(m, next)).status).toBe('open'); // not yet due
  await moveTo(`${nextMonth(nextMonth(next))}-01`);
  await runJob('fees.flag-overdue-invoices');
  await runJob('fees.flag-overdue-invoices');
  const overdue = await invoiceOf(m, next);
  expect(overdue).toMatchObject({ id: second.id, status: 'overdue' });
  expect(overdue.overdueAt).toBeDefined();
  expect(await gaugeMatches('with the overdue invoice')).toBeGreaterThanOrEqual(1);
  await mailMatching(email, /お支払期限を過ぎています/);
  await eventually(async () => {
    const { rows } = await query(`SELECT type FROM webhook.events WHERE merchant_id = $1 ORDER BY type`, [m]);
    const types = rows.map((r) => r.type as string);
    return ['invoice.issued', 'invoice.overdue', 'invoice.paid'].every((t) => types.includes(t));
  }, 30_000, 'public invoice events');
  // flagged once: one public event, the first flag's time kept
  const { rows: flagged } = await query(`SELECT count(*)::int AS n FROM webhook.events WHERE type = 'invoice.overdue' AND merchant_id = $1 AND NOT livemode`, [m]);
  expect(flagged[0].n).toBe(1);
  await runJob('fees.flag-overdue-invoices');
  expect((await invoiceOf(m, next)).overdueAt).toEqual(overdue.overdueAt);

  // paying it late still settles it (the oldest unpaid invoice of that amount), and the gauge goes down
  await pay(476, merchant.merchant.testInvoiceAccountNumber);
  await eventually(async () => (await invoiceOf(m, next)).status === 'paid', 30_000, 'overdue invoice paid');
  await eventually(async () => (await receivable(m)) === 0, 30_000, 'late payment posted');
  expect(await list(m)).toHaveLength(2); // the base fee was for one month only: nothing more to invoice
  // the monthly fee is the merchant's in live mode too: an invoice of its own there, with nothing of test mode's
  const live = (await invoices.listInvoices({ merchantId: m, livemode: true, pageSize: 0, pageToken: '', status: '' })).invoices;
  expect(live.map((i) => [i.month, i.total, i.lines.map((l) => l.kind)])).toEqual([[next, 366, ['base']]]);
  await gaugeMatches('after the payment');
  expect(await depositTotal(merchant)).toBe(0);
});

it('lets an operator apply a held payment to a named invoice; the ledger books what came in', async () => {
  const merchant = await newMerchant(admin, '請求書適用株式会社');
  const m = merchant.merchant.id;
  await publish([transfer(m, await now())]);
  await eventually(async () => (await fees.listFeeItems({ merchantId: m, livemode: false, pageSize: 100, pageToken: '', kind: '', causeId: '', fromDate: '', toDate: '' })).items.length === 2, 30_000, 'items accrued');
  await moveTo(`${nextMonth(monthOf(tokyoDay(await now())))}-01`);
  await runJob('fees.issue-invoices');
  await eventually(async () => (await list(m)).length === 1, 15_000, 'invoice issued');
  const [invoice] = await list(m);
  expect(invoice).toMatchObject({ fees: 10_500, consumptionTax: 1_050, total: 11_550 });
  await eventually(async () => (await receivable(m)) === -11_550, 30_000, 'invoice posted');
  // the issued event again under another event id (a relay re-publishing, a replayed outbox): the ledger posting is keyed by the invoice, never doubled
  // (made from the invoice as served, not read back from the outbox: its published rows are pruned by a job on the
  // run's shared fees clock, which other files move on — the row may be gone already)
  const again = envelope('fees.invoice.issued', m, 'kessai.fees.events.v1.InvoiceIssued', feesEventsV1.InvoiceIssued, { invoice });
  await publish([again]);
  await eventually(async () => (await query(`SELECT 1 FROM fees.inbox WHERE event_id = $1`, [again.id])).rows.length === 1, 30_000, 'the copy processed');
  expect(await receivable(m)).toBe(-11_550);

  const short = await pay(11_500, merchant.merchant.testInvoiceAccountNumber); // 50 yen short
  await eventually(async () => (await unmatched(m)).length === 1, 30_000, 'held');
  const [held] = await unmatched(m);
  const other = await rejection(invoices.resolveInvoicePayment({ depositId: held.depositId, action: 'apply', invoiceId: 'inv_nope', note: '' }));
  expect(other.fieldViolations.map((v) => v.field)).toEqual(['invoice_id']);
  const applied = await invoices.resolveInvoicePayment({ depositId: held.depositId, action: 'apply', invoiceId: invoice.id, note: 'short by the bank charge' });
  expect(applied.payment).toMatchObject({ status: 'applied', invoiceId: invoice.id });
  expect(applied.invoice).toMatchObject({ id: invoice.id, status: 'paid', paidByDepositId: held.depositId });
  // the same decision again answers the same; another is refused
  expect((await invoices.resolveInvoicePayment({ depositId: held.depositId, action: 'apply', invoiceId: invoice.id, note: '' })).payment!.status).toBe('applied');
  expect((await rejection(invoices.resolveInvoicePayment({ depositId: held.depositId, action: 'refund', invoiceId: '', note: '' }))).fieldViolations.map((v) => v.field)).toEqual(['deposit_id']);
  await eventually(async () => (await receivable(m)) === -50, 30_000, 'what came in posted');
  expect(await depositTotal(merchant)).toBe(0);
  // applied later, it is posted through the same follow-up: with the deposit's bank reference and date
  await expectBankSide(m, held.depositId, short);
});
