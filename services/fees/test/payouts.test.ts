import { previousBankBusinessDay, tokyoDate } from '@kessai/bank-calendar';
import { billingEventsV1, feesV1, ledgerV1, remittanceV1 } from '@kessai/contracts';
import { addDays, settlementPeriod } from '@kessai/konbini';
import { connectClient, newId } from '@kessai/platform';
import { Client } from 'pg';
import { sharedBank } from '../../../scripts/test/support/bank';
import { acct, AccountType, eventually, ledgerClient, type LedgerClient } from '../../../scripts/test/support/clients';
import { api, gatewayAdminClient, OPERATOR } from '../../../scripts/test/support/edge';
import { statementDates } from '../src/domain/payout-dates';
import { feesTestKit } from './support';

// After a statement is fixed (docs/reference/fees-and-settlement.md#payouts): its
// ledger transaction, posted once by fees.ledger-ops with a key from the statement;
// the merchant's email and the statement.fixed webhook event; the payout through
// remittance and the bank simulator, paid or failed, and a failed one paid with the
// next payout after the payout account is corrected.
const { ctx, fees, envelope, publish, merchant, payment, items } = feesTestKit();
const ops = ctx.services.fees.opsUrl;
const T = AccountType;
const admin = gatewayAdminClient();
const payoutsApi = connectClient(feesV1.PayoutServiceClient, ctx.services.fees.grpcAddr);
const transfers = connectClient(remittanceV1.TransferServiceClient, ctx.services.remittance.grpcAddr);
let ledger: LedgerClient;
let db: Client;
beforeAll(async () => {
  ledger = ledgerClient(ctx.services.ledger.grpcAddr);
  db = new Client({ connectionString: ctx.services.fees.databaseUrl });
  await db.connect();
});
afterAll(async () => {
  ledger.close();
  admin.close();
  payoutsApi.close();
  transfers.close();
  await db.end();
});

async function now(): Promise<Date> {
  return new Date(((await (await fetch(`${ops}/test/clock`)).json()) as { now: string }).now);
}
async function runJob(name: string): Promise<unknown> {
  const res = await fetch(`${ops}/test/jobs/${name}/run`, { method: 'POST' });
  expect(res.status).toBe(200);
  return ((await res.json()) as { result: unknown }).result;
}
const statements = async (m: string) => (await fees.listStatements({ merchantId: m, livemode: false, pageSize: 0, pageToken: '' })).statements;
const total = async (owner: string, type: ledgerV1.AccountType) => (await ledger.getBalance({ livemode: false, account: acct(owner, type) })).balance!.total;
const platformTotals = async () => ({
  revenue: await total('platform', T.ACCOUNT_TYPE_PLATFORM_FEE_REVENUE),
  tax: await total('platform', T.ACCOUNT_TYPE_PLATFORM_TAX_PAYABLE),
  stamp: await total('platform', T.ACCOUNT_TYPE_PLATFORM_STAMP_DUTY),
});
const ledgerOps = async (statementId: string) =>
  (await db.query(`SELECT idempotency_key, status, transaction_id FROM fees.ledger_ops WHERE statement_id = $1`, [statementId])).rows as { idempotency_key: string; status: string; transaction_id: string }[];

/** A half-month of 40 days ago: its fix date has passed. */
async function pastPeriod() {
  const period = settlementPeriod('half_monthly', addDays(tokyoDate(await now()), -40));
  return { ...period, ...statementDates(period.close), at: new Date(`${period.start}T03:00:00Z`) };
}



it('posts one ledger transaction per fixed statement: collections → fee revenue, tax, stamp duty, payouts in transit', async () => {
  const m = await merchant('collection_plan');
  const period = await pastPeriod();
  await publish([payment(m, newId('pay'), 200, period.at), payment(m, newId('pay'), 0, period.at)]); // 55,000 (stamp 200) + 3,000
  await eventually(async () => (await items(m)).length === 3, 30_000, 'collections accrued');
  await eventually(async () => (await total(m, T.ACCOUNT_TYPE_COLLECTIONS)) === 58_000, 30_000, 'the ledger credited the collections');
  const before = await platformTotals();

  await runJob('fees.fix-statements');
  await eventually(async () => (await statements(m)).length === 1, 15_000, 'statement fixed');
  const [s] = await statements(m);
  expect(s).toMatchObject({ confirmedCollections: 58_000, stampDuty: 200, payoutFee: 1_500, consumptionTax: 150, payoutAmount: 56_150 });
  await runJob('fees.ledger-ops');
  await eventually(async () => (await ledgerOps(s.id))[0]?.status === 'done', 15_000, 'statement posted');
  const [op] = await ledgerOps(s.id);
  expect(op.idempotency_key).toBe(`fees-statement:${s.id}`);
  const { rows: [row] } = await db.query(`SELECT ledger_transaction_id FROM fees.statements WHERE id = $1`, [s.id]);
  expect(row.ledger_transaction_id).toBe(op.transaction_id);
  expect(op.transaction_id).toBeTruthy();

  expect(await total(m, T.ACCOUNT_TYPE_COLLECTIONS)).toBe(0);
  expect(await total(m, T.ACCOUNT_TYPE_PAYOUTS_IN_TRANSIT)).toBe(56_150);
  // other test files post to the platform accounts too: at least this statement's share arrived
  const after = await platformTotals();
  expect(after.revenue - before.revenue).toBeGreaterThanOrEqual(1_500);
  expect(after.tax - before.tax).toBeGreaterThanOrEqual(150);
  expect(after.stamp - before.stamp).toBeGreaterThanOrEqual(200);
  const entries = await ledger.listEntries({ livemode: false, account: acct('platform', T.ACCOUNT_TYPE_PLATFORM_STAMP_DUTY), pageSize: 100, pageToken: '' });
  expect(entries.entries.filter((e) => e.transactionId === op.transaction_id)).toMatchObject([{ amount: 200, kind: 'statement.fixed' }]);

  // the ledger answers a second post with the same key by replaying it: queue it again, nothing doubles
  await db.query(`UPDATE fees.ledger_ops SET status = 'pending' WHERE idempotency_key = $1`, [op.idempotency_key]);
  await runJob('fees.ledger-ops');
  await eventually(async () => (await ledgerOps(s.id))[0]?.status === 'done', 15_000, 'posted again');
  expect((await ledgerOps(s.id))[0].transaction_id).toBe(op.transaction_id);
  expect(await total(m, T.ACCOUNT_TYPE_PAYOUTS_IN_TRANSIT)).toBe(56_150);
  expect(await total(m, T.ACCOUNT_TYPE_COLLECTIONS)).toBe(0);
});

it('a carried-over statement posts only what moves: its fees and their tax; the rest stays on collections', async () => {
  const m = await merchant('billing_plan');
  const period = await pastPeriod();
  const small = envelope('billing.payment.confirmed', m, 'kessai.billing.events.v1.PaymentChanged', billingEventsV1.PaymentChanged, {
    payment: { paymentId: newId('pay'), billId: newId('bill'), merchantId: m, status: 'confirmed', chain: 'lawson', paymentNumber: '1', amount: 1_000, stampDuty: 0, paidAt: period.at },
  });
  const expired = envelope('billing.bill.expired', m, 'kessai.billing.events.v1.BillChanged', billingEventsV1.BillChanged, { bill: { billId: newId('bill'), merchantId: m, status: 'expired' }, billableUnpaid: true }, period.at);
  await publish([small, expired]);
  await eventually(async () => (await items(m)).length === 2, 30_000, 'fee items accrued'); // paid bill (0) and unpaid bill (20)
  await eventually(async () => (await total(m, T.ACCOUNT_TYPE_COLLECTIONS)) === 1_000, 30_000, 'collection credited');

  await runJob('fees.fix-statements');
  await eventually(async () => (await statements(m)).length === 1, 15_000, 'statement fixed');
  const [s] = await statements(m);
  expect(s).toMatchObject({ confirmedCollections: 1_000, fees: 20, consumptionTax: 2, payoutFee: 0, payoutAmount: 0, carriedOver: 978 });
  await runJob('fees.ledger-ops');
  await eventually(async () => (await ledgerOps(s.id))[0]?.status === 'done', 15_000, 'statement posted');
  expect(await total(m, T.ACCOUNT_TYPE_COLLECTIONS)).toBe(978);
  expect(await total(m, T.ACCOUNT_TYPE_PAYOUTS_IN_TRANSIT)).toBe(0);
  const tx = (await ledger.listEntries({ livemode: false, account: acct(m, T.ACCOUNT_TYPE_COLLECTIONS), pageSize: 100, pageToken: '' })).entries.filter((e) => e.kind === 'statement.fixed');
  expect(tx.map((e) => e.amount)).toEqual([-22]);
});

// ---------------------------------------------------------------- notice, payout

const gateway = ctx.services.gateway.httpUrl!;
const rem = ctx.services.remittance.opsUrl;
const bank = () => sharedBank();
const HOLDER = 'セイサン テスト';
const uid = () => String(1_000_000 + Math.floor(Math.random() * 8_999_999));

async function remOps(path: string, body: unknown = {}): Promise<any> {
  const res = await fetch(`${rem}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = await res.json();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}
/** The fees clock to `to`, forward only (another test file may have moved it further already: then it stays). */
async function moveFeesClock(to: Date): Promise<void> {
  if ((await now()).getTime() >= to.getTime()) return;
  const res = await fetch(`${ops}/test/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ to: to.toISOString() }) });
  expect(res.status).toBe(200);
}

const settings = (accountNumber?: string): { enabledStoreChains: string[]; feePlan: string; settlementCycle: string; payoutAccount?: { bankCode: string; branchCode: string; accountType: number; accountNumber: string; holderNameKana: string } } => ({
  enabledStoreChains: ['lawson'], feePlan: 'collection_plan', settlementCycle: 'half_monthly',
  ...(accountNumber ? { payoutAccount: { bankCode: '0001', branchCode: '001', accountType: 1, accountNumber, holderNameKana: HOLDER } } : {}),
});

/** A merchant with contact email, payout account (an open account at the bank simulator) and a test key. */
async function payoutMerchant(accountNumber?: string) {
  const email = `payout-${uid()}@example.jp`;
  const { merchant } = await admin.createMerchant({ idempotencyKey: '', name: '精算テスト商店', ownerId: '', settings: settings(accountNumber), contactEmails: { emails: [email] } }, OPERATOR);
  const { secret } = await admin.issueApiKey({ merchantId: merchant!.id, livemode: false }, OPERATOR);
  if (accountNumber) await openBankAccount(accountNumber);
  return { id: merchant!.id, email, key: secret };
}
const openBankAccount = (n: string) => bank().call('PUT', `/control/accounts/0001/001/${n}`, { account_type: '1', holder_name_kana: HOLDER, state: 'open', balance: 0 });
const setPayoutAccount = (merchantId: string, accountNumber: string) => admin.updateMerchant({ merchantId, name: '', settings: settings(accountNumber) }, OPERATOR);

/** Fixes and posts the statement of a past period with one 55,000-yen payment (stamp duty 200) → payout 53,150. */
async function fixedStatement(m: string) {
  const period = await pastPeriod();
  await publish([payment(m, newId('pay'), 200, period.at)]);
  await eventually(async () => (await items(m)).length === 2, 30_000, 'collection accrued');
  await eventually(async () => (await total(m, T.ACCOUNT_TYPE_COLLECTIONS)) === 55_000, 30_000, 'the ledger credited the collection');
  await runJob('fees.fix-statements');
  await eventually(async () => (await statements(m)).length === 1, 15_000, 'statement fixed');
  const [s] = await statements(m);
  await runJob('fees.ledger-ops');
  await eventually(async () => (await ledgerOps(s.id))[0]?.status === 'done', 15_000, 'statement posted');
  return s;
}

const payouts = async (m: string) => (await payoutsApi.listPayouts({ merchantId: m, livemode: false, pageSize: 0, pageToken: '', state: '' })).payouts;
const payoutOf = async (m: string, statementId: string) => (await payouts(m)).find((p) => p.statementId === statementId)!;

/**
 * Runs remittance's file jobs at the cut-off of the transfer's date and moves the bank to that date: the bank
 * executes the file. Other test files move the shared remittance clock forward meanwhile (a file date already
 * past is moved to the next one by remittance), so the transfer is read again on each try and its date followed.
 */
async function executeAtBank(transferId: string): Promise<void> {
  const sent = async () => (await transfers.getTransfer({ livemode: false, transferId })).transfer!.status === remittanceV1.TransferStatus.TRANSFER_STATUS_SENT;
  let t = (await transfers.getTransfer({ livemode: false, transferId })).transfer!;
  // the shared bank refuses a file dated before its own date: another file may have moved the bank on
  const { date: bankDay } = await bank().call('GET', '/control/date');
  if (bankDay > t.executionDate) await bank().call('POST', '/control/date', { date: t.executionDate });
  for (let attempt = 0; attempt < 5 && !(await sent()); attempt++) {
    t = (await transfers.getTransfer({ livemode: false, transferId })).transfer!;
    const cutoff = new Date(Date.parse(`${t.executionDate}T00:00:00+09:00`) - 9 * 3_600_000); // 15:00 JST the day before (after the bank-day cut-off)
    const remNow = new Date(((await (await fetch(`${rem}/test/clock`)).json()) as { now: string }).now);
    if (cutoff > remNow) await remOps('/test/clock', { to: cutoff.toISOString() });
    await remOps('/test/jobs/remittance.build-files/run');
    await remOps('/test/jobs/remittance.upload-files/run');
    await eventually(sent, 5_000, 'file sent to the bank').catch(() => undefined);
  }
  await eventually(sent, 20_000, 'file sent to the bank');
  t = (await transfers.getTransfer({ livemode: false, transferId })).transfer!;
  const { date: today } = await bank().call('GET', '/control/date');
  if (today < t.executionDate) await bank().call('POST', '/control/date', { date: t.executionDate });
}

async function mailTo(address: string): Promise<{ subject: string; text: string }> {
  let found: { subject: string; text: string } | undefined;
  await eventually(async () => {
    const all = (await (await fetch(ctx.mailSink!.apiUrl)).json()) as { to: { address: string }[]; subject: string; text: string }[];
    found = all.find((m) => m.to.some((t) => t.address === address));
    return Boolean(found);
  }, 20_000, `a mail to ${address}`);
  return found!;
}
async function publicEvent(key: string, type: string, id: string): Promise<any> {
  let found: any;
  await eventually(async () => {
    const res = await api(gateway, 'GET', `/v1/events?type=${type}`, { key });
    found = (res.body.data ?? []).find((e: any) => e.data?.object?.id === id);
    return Boolean(found);
  }, 20_000, `${type} for ${id}`);
  return found;
}

it('notifies the merchant of a fixed statement (email, statement.fixed) and pays it out through remittance on the payout date', async () => {
  const account = uid();
  const m = await payoutMerchant(account);
  const s = await fixedStatement(m.id);
  expect(s).toMatchObject({ confirmedCollections: 55_000, stampDuty: 200, payoutFee: 1_500, consumptionTax: 150, payoutAmount: 53_150 });

  // the notice: one email to the contact address, the public event with the statement in snake_case
  const mail = await mailTo(m.email);
  expect(mail.subject).toContain('収納代金のお支払い金額確定のお知らせ');
  expect(mail.text).toContain('お振込み金額：53,150円');
  const event = await publicEvent(m.key, 'statement.fixed', s.id);
  expect(event.data.object).toMatchObject({ object: 'statement', id: s.id, period_close: s.periodClose, payout_date: s.payoutDate, payout_amount: 53_150, stamp_duty: 200, payout_fee: 1_500, currency: 'jpy' });
  await eventually(async () => (await db.query(`SELECT notified_at FROM fees.statements WHERE id = $1`, [s.id])).rows[0].notified_at !== null, 15_000, 'notice recorded');

  // the payout: scheduled with the statement, submitted to remittance (purpose payout, reference the statement)
  const scheduled = await payoutOf(m.id, s.id);
  expect(scheduled).toMatchObject({ amount: 53_150, payoutDate: s.payoutDate, state: 'scheduled', statementTransactionId: expect.stringMatching(/.+/) });
  await runJob('fees.submit-payouts');
  const submitted = await payoutOf(m.id, s.id);
  expect(submitted).toMatchObject({ state: 'submitted', bankCode: '0001', branchCode: '001', accountNumberLast4: account.slice(-4) });
  const transfer = (await transfers.getTransfer({ livemode: false, transferId: submitted.transferId })).transfer!;
  expect(transfer).toMatchObject({ purpose: remittanceV1.TransferPurpose.TRANSFER_PURPOSE_PAYOUT, amount: 53_150, reference: s.id, merchantId: m.id, account: { accountNumber: `****${account.slice(-3)}` } }); // (remittance shows it masked)
  expect(transfer.executionDate >= s.payoutDate).toBe(true); // the payout date, or the first file not yet cut when it is past
  await runJob('fees.submit-payouts'); // submitted once
  expect((await payoutOf(m.id, s.id)).transferId).toBe(transfer.id);
  expect((await payoutsApi.getPayout({ payoutId: submitted.id, merchantId: m.id })).payout!.id).toBe(submitted.id);

  // the bank executes it: paid, out of transit and out of Kessai's bank account, payout.paid
  const bankBefore = await total('platform', T.ACCOUNT_TYPE_PLATFORM_BANK);
  await executeAtBank(transfer.id);
  await eventually(async () => (await payoutOf(m.id, s.id)).state === 'paid', 30_000, 'payout paid');
  await runJob('fees.ledger-ops');
  await eventually(async () => (await total(m.id, T.ACCOUNT_TYPE_PAYOUTS_IN_TRANSIT)) === 0, 15_000, 'out of transit');
  expect(await total(m.id, T.ACCOUNT_TYPE_COLLECTIONS)).toBe(0);
  const { rows: [paidOp] } = await db.query(`SELECT transaction_id FROM fees.ledger_ops WHERE payout_id = $1 AND kind = 'payout.paid' AND status = 'done'`, [submitted.id]);
  const bankEntries = await ledger.listEntries({ livemode: false, account: acct('platform', T.ACCOUNT_TYPE_PLATFORM_BANK), pageSize: 100, pageToken: '' });
  expect(bankEntries.entries.find((e) => e.transactionId === paidOp.transaction_id)).toMatchObject({ amount: 53_150, kind: 'payout.paid' });
  expect((await total('platform', T.ACCOUNT_TYPE_PLATFORM_BANK)) - bankBefore).toBeGreaterThanOrEqual(53_150);
  const { accounts } = await bank().call('GET', '/control/accounts');
  expect(accounts.find((a: any) => a.bank_code === '0001' && a.account_number === account)?.balance).toBe(53_150);
  const paid = await publicEvent(m.key, 'payout.paid', submitted.id);
  expect(paid.data.object).toMatchObject({ object: 'payout', statement: s.id, status: 'paid', amount: 53_150, currency: 'jpy' });
});

it('a merchant without a payout account: the payout waits, and is submitted once the account is set', async () => {
  const m = await payoutMerchant();
  const s = await fixedStatement(m.id);
  await runJob('fees.submit-payouts');
  expect(await payoutOf(m.id, s.id)).toMatchObject({ state: 'scheduled', waitingReason: 'no_payout_account', transferId: '' });
  const account = uid();
  await openBankAccount(account);
  await setPayoutAccount(m.id, account);
  await runJob('fees.submit-payouts');
  expect(await payoutOf(m.id, s.id)).toMatchObject({ state: 'submitted', waitingReason: '', accountNumberLast4: account.slice(-4) });
  expect((await payoutsApi.listPayouts({ merchantId: m.id, livemode: false, pageSize: 0, pageToken: '', state: 'scheduled' })).payouts).toEqual([]);

  // as if the service had died between remittance's answer and its record: the bank's result still settles it (by the statement reference)
  const { transferId } = await payoutOf(m.id, s.id);
  await db.query(`UPDATE fees.payouts SET state = 'scheduled', transfer_id = NULL, account = NULL WHERE statement_id = $1`, [s.id]);
  await executeAtBank(transferId);
  await eventually(async () => (await payoutOf(m.id, s.id)).state === 'paid', 30_000, 'payout paid');
  expect((await payoutOf(m.id, s.id)).transferId).toBe(transferId);
});

it('a payout the bank refuses comes back to collections and is paid with the next payout after the account is corrected', async () => {
  const wrong = uid();
  const m = await payoutMerchant(wrong);
  await bank().call('PUT', '/control/rules', { rules: [{ account_number: wrong, failure_code: 'no_such_account' }], reversal_policy: 'accept' });
  try {
    const s = await fixedStatement(m.id);
    await runJob('fees.submit-payouts');
    const first = await payoutOf(m.id, s.id);
    expect(first.state).toBe('submitted');
    await executeAtBank(first.transferId);
    await eventually(async () => (await payoutOf(m.id, s.id)).state === 'failed', 30_000, 'payout failed');
    expect(await payoutOf(m.id, s.id)).toMatchObject({ failureCode: 'no_such_account' });
    await runJob('fees.ledger-ops');
    await eventually(async () => (await total(m.id, T.ACCOUNT_TYPE_PAYOUTS_IN_TRANSIT)) === 0, 15_000, 'out of transit');
    expect(await total(m.id, T.ACCOUNT_TYPE_COLLECTIONS)).toBe(53_150);
    const failed = await publicEvent(m.key, 'payout.failed', first.id);
    expect(failed.data.object).toMatchObject({ status: 'failed', failure_code: 'no_such_account', amount: 53_150 });

    // the same account again changes nothing; a corrected one returns the payout for the next statement
    await setPayoutAccount(m.id, wrong);
    const right = uid();
    await openBankAccount(right);
    await setPayoutAccount(m.id, right);
    await eventually(async () => (await payoutOf(m.id, s.id)).state === 'returned', 20_000, 'payout returned');

    // the next statement (the period of the day it was returned) carries it in and pays it, less a new payout fee
    const returnedOn = tokyoDate(await now());
    const next = statementDates(settlementPeriod('half_monthly', returnedOn).close);
    await moveFeesClock(new Date(Date.parse(`${next.fixDate}T12:00:00+09:00`)));
    await runJob('fees.fix-statements');
    await eventually(async () => (await statements(m.id)).length === 2, 15_000, 'next statement fixed');
    const [second] = await statements(m.id);
    expect(second).toMatchObject({ confirmedCollections: 0, carriedIn: 53_150, payoutFee: 1_500, consumptionTax: 150, payoutAmount: 51_500 });
    expect((await payoutOf(m.id, s.id)).returnedStatementId).toBe(second.id);
    await runJob('fees.ledger-ops');
    await eventually(async () => (await total(m.id, T.ACCOUNT_TYPE_PAYOUTS_IN_TRANSIT)) === 51_500, 15_000, 'second statement posted');
    expect(await total(m.id, T.ACCOUNT_TYPE_COLLECTIONS)).toBe(0);
    // handed to remittance from 2 bank business days before its payout date (the account read as late as that)
    await runJob('fees.submit-payouts');
    expect(await payoutOf(m.id, second.id)).toMatchObject({ state: 'scheduled', payoutDate: second.payoutDate });
    await moveFeesClock(new Date(Date.parse(`${previousBankBusinessDay(previousBankBusinessDay(second.payoutDate))}T09:00:00+09:00`)));
    await runJob('fees.submit-payouts');
    const again = await payoutOf(m.id, second.id);
    expect(again).toMatchObject({ state: 'submitted', accountNumberLast4: right.slice(-4), executionDate: second.payoutDate });
    await executeAtBank(again.transferId);
    await eventually(async () => (await payoutOf(m.id, second.id)).state === 'paid', 30_000, 'second payout paid');
    const { accounts } = await bank().call('GET', '/control/accounts');
    expect(accounts.find((a: any) => a.account_number === right)?.balance).toBe(51_500);
  } finally {
    await bank().call('PUT', '/control/rules', { rules: [] });
  }
});
