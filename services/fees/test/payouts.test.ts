import { previousBankBusinessDay, tokyoDate } from '@kessai/bank-calendar';
import { billingEventsV1, feesV1, ledgerV1, remittanceV1 } from '@kessai/contracts';
import { addDays, settlementPeriod } from '@kessai/konbini';
import { connectClient, newId, type ConnectedClient } from '@kessai/platform';
import { Client } from 'pg';
import { acct, AccountType, eventually, type LedgerClient } from '../../../scripts/test/support/clients';
import { testContext } from '../../../scripts/test/support/context';
import { api, newMerchant, OPERATOR } from '../../../scripts/test/support/edge';
import { statementDates } from '../src/domain/payout-dates';
import { startOwnMesh, type OwnMesh } from '../../../scripts/test/support/own-mesh';
import { collectionCredits, envelope, payment } from './support';

// After a statement is fixed (docs/reference/fees-and-settlement.md#payouts): its
// ledger transaction, posted once by fees.ledger-ops with a key from the statement;
// the merchant's email and the statement.fixed webhook event; the payout through
// remittance and the bank simulator, paid or failed, and a failed one paid with the
// next payout after the payout account is corrected; payouts over REST.
//
// The mesh, bank and clocks are this file's own (./own-mesh.ts): it moves days, and
// has the bank execute files on them, whatever other files do with the shared ones.
jest.setTimeout(180_000);
/**
 * How long an event the test publishes may take to be applied by fees and the ledger: alone, well under a
 * second; in the full suite on two cores, a few seconds at worst. A timed-out wait for a credit prints what
 * the ledger holds (`ledgerLag`).
 */
const EVENT_WAIT_MS = 60_000;
const ctx = testContext();
const T = AccountType;
let own: OwnMesh;
let ops = '';
let gateway = '';
let admin: OwnMesh['admin'];
let fees: OwnMesh['fees'];
let ledger: LedgerClient;
let transfers: OwnMesh['transfers'];
let payoutsApi: ConnectedClient<feesV1.PayoutServiceClient>;
let db: Client;
beforeAll(async () => {
  own = await startOwnMesh();
  ({ admin, fees, ledger, transfers, http: gateway } = own);
  ops = own.ops.fees;
  payoutsApi = connectClient(feesV1.PayoutServiceClient, own.addr('fees'));
  db = new Client({ connectionString: own.mesh.databaseUrl('fees') });
  await db.connect();
}, 240_000);
afterAll(async () => {
  payoutsApi?.close();
  await db?.end();
  await own?.stop();
});

/**
 * Why the ledger has not credited a merchant's collections (on a timeout): its consumer's state, and what
 * the ledger holds for the merchant — the published events in its inbox, the accounts with their totals and
 * pending deltas (deltas of an account without a row included), the entries the API lists.
 */
const ledgerLag = (merchantId: string, events: { id: string }[]) => async () => {
  const ledgerDb = new Client({ connectionString: own.mesh.databaseUrl('ledger') });
  await ledgerDb.connect();
  try {
    const q = async (sql: string, params: unknown[]) => JSON.stringify((await ledgerDb.query(sql, params)).rows);
    const entries = await ledger.listEntries({ livemode: false, account: acct(merchantId, T.ACCOUNT_TYPE_COLLECTIONS), pageSize: 20, pageToken: '' });
    return [
      await own.explainConsumer('ledger', 'billing.payment.confirmed'),
      `ledger inbox: ${await q(`SELECT consumer, event_id, processed_at FROM ledger.inbox WHERE event_id = ANY($1)`, [events.map((e) => e.id)])}`,
      `accounts: ${await q(`SELECT id, total, held FROM ledger.accounts WHERE owner_id = $1`, [merchantId])}`,
      `deltas: ${await q(`SELECT account_id, sum(amount) AS pending, count(*) AS n FROM ledger.balance_deltas WHERE account_id LIKE $1 GROUP BY account_id`, [`%:${merchantId}:%`])}`,
      `collections entries: ${JSON.stringify(entries.entries.map((e) => ({ amount: e.amount, kind: e.kind, tx: e.transactionId, at: e.postedAt })))}`,
      `collections total (API): ${await total(merchantId, T.ACCOUNT_TYPE_COLLECTIONS)}`,
    ].join('\n');
  } finally {
    await ledgerDb.end();
  }
};
const publish = (events: ReturnType<typeof envelope>[]) => own.publish(events);
async function merchant(plan: string): Promise<string> {
  const { merchant: m } = await admin.createMerchant({ idempotencyKey: '', name: `手数料KK ${plan}`, ownerId: '', settings: { enabledStoreChains: ['lawson'], feePlan: plan, settlementCycle: 'half_monthly' } }, OPERATOR);
  return m!.id;
}
const items = async (merchantId: string) =>
  (await fees.listFeeItems({ merchantId, livemode: false, pageSize: 100, pageToken: '', kind: '', causeId: '', fromDate: '', toDate: '', includeTenants: false })).items;
const now = () => own.now('fees');
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
  const paid = [payment(m, newId('pay'), 200, period.at), payment(m, newId('pay'), 0, period.at)]; // 55,000 (stamp 200) + 3,000
  await publish(paid);
  await eventually(async () => (await items(m)).length === 3, EVENT_WAIT_MS, 'collections accrued');
  await eventually(async () => (await total(m, T.ACCOUNT_TYPE_COLLECTIONS)) === 58_000, EVENT_WAIT_MS, 'the ledger credited the collections', ledgerLag(m, paid));
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
  const after = await platformTotals();
  expect({ revenue: after.revenue - before.revenue, tax: after.tax - before.tax, stamp: after.stamp - before.stamp }).toEqual({ revenue: 1_500, tax: 150, stamp: 200 });
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
  await eventually(async () => (await items(m)).length === 2, EVENT_WAIT_MS, 'fee items accrued'); // paid bill (0) and unpaid bill (20)
  await eventually(async () => (await total(m, T.ACCOUNT_TYPE_COLLECTIONS)) === 1_000, EVENT_WAIT_MS, 'collection credited', ledgerLag(m, [small]));

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

const bank = () => own.bank;
const HOLDER = 'セイサン テスト';
const uid = () => String(1_000_000 + Math.floor(Math.random() * 8_999_999));

const moveFeesClock = (to: Date) => own.moveClockTo('fees', to);

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
  const paid = payment(m, newId('pay'), 200, period.at);
  await publish([paid]);
  await eventually(async () => (await items(m)).length === 2, EVENT_WAIT_MS, 'collection accrued');
  // witnessed by its entry (see collectionCredits): in CI, after the tests before this one had moved the fees
  // clock on, the scheduler fixed the statement 94 ms after the credit, and the balance was 55,000 no longer
  await eventually(async () => (await collectionCredits(ledger, m)).includes(55_000), EVENT_WAIT_MS, 'the ledger credited the collection', ledgerLag(m, [paid]));
  await runJob('fees.fix-statements');
  await eventually(async () => (await statements(m)).length === 1, 15_000, 'statement fixed');
  const [s] = await statements(m);
  await runJob('fees.ledger-ops');
  await eventually(async () => (await ledgerOps(s.id))[0]?.status === 'done', 15_000, 'statement posted');
  return s;
}

const payouts = async (m: string) => (await payoutsApi.listPayouts({ merchantId: m, livemode: false, pageSize: 0, pageToken: '', state: '' })).payouts;
const payoutOf = async (m: string, statementId: string) => (await payouts(m)).find((p) => p.statementId === statementId)!;

const executeAtBank = (transferId: string) => own.executeAtBank(transferId);

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
  expect((await total('platform', T.ACCOUNT_TYPE_PLATFORM_BANK)) - bankBefore).toBe(53_150);
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
    // its document (the merchant's download) shows the returned payout carried in, and what is paid now
    const csv = await (await fetch(`${gateway}/v1/statements/${second.id}/document?format=csv`, { headers: { authorization: `Bearer ${m.key}` } })).text();
    expect(csv).toContain('精算,前回繰越,,53150,,');
    expect(csv).toContain('精算,振込金額,,51500,,');
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

/** 404 with the resource's code, never 403. */
const notFound = (res: { status: number; body: any }) => ({ status: res.status, code: res.body.error?.code });

it('lists a fixed statement\'s payout over REST, scheduled then paid; another merchant\'s is 404', async () => {
  const account = uid();
  const m = await payoutMerchant(account);
  const other = await newMerchant(admin, '関係のない商店');
  const s = await fixedStatement(m.id);

  const listed = async (q = '') => (await api(gateway, 'GET', `/v1/payouts${q}`, { key: m.key })).body;
  await eventually(async () => (await listed()).data?.length === 1, 15_000, 'payout scheduled');
  const [scheduled] = (await listed()).data;
  expect(scheduled).toMatchObject({ object: 'payout', livemode: false, account: m.id, statement: s.id, amount: 53_150, payout_date: s.payoutDate, state: 'scheduled' });

  await runJob('fees.submit-payouts');
  const [submitted] = (await listed('?state=submitted')).data;
  expect(submitted).toMatchObject({ id: scheduled.id, bank_account: { bank_code: '0001', branch_code: '001', account_number_last4: account.slice(-4) } });
  const { transferId } = (await payoutsApi.getPayout({ payoutId: scheduled.id, merchantId: m.id })).payout!;
  await executeAtBank(transferId);
  await eventually(async () => (await listed('?state=paid')).data?.length === 1, 30_000, 'payout paid');
  expect((await listed('?state=scheduled')).data).toEqual([]);
  const one = await api(gateway, 'GET', `/v1/payouts/${scheduled.id}`, { key: m.key });
  expect(one.body).toMatchObject({ id: scheduled.id, state: 'paid', amount: 53_150, settled_at: expect.any(String), failure_code: null, returned_statement: null });

  expect(notFound(await api(gateway, 'GET', `/v1/payouts/${scheduled.id}`, { key: other.testKey }))).toEqual({ status: 404, code: 'payout_not_found' });
  expect((await api(gateway, 'GET', '/v1/payouts', { key: other.testKey })).body.data).toEqual([]);
  const bad = await api(gateway, 'GET', '/v1/payouts?state=lost', { key: m.key });
  expect({ status: bad.status, param: bad.body.error?.param }).toEqual({ status: 400, param: 'state' });
});
