import { tokyoDate } from '@kessai/bank-calendar';
import { billingEventsV1, ledgerV1 } from '@kessai/contracts';
import { addDays, settlementPeriod } from '@kessai/konbini';
import { newId } from '@kessai/platform';
import { Client } from 'pg';
import { acct, AccountType, eventually, ledgerClient, type LedgerClient } from '../../../scripts/test/support/clients';
import { statementDates } from '../src/domain/payout-dates';
import { feesTestKit } from './support';

// After a statement is fixed (docs/reference/fees-and-settlement.md#payouts): its
// ledger transaction, posted once by fees.ledger-ops with a key from the statement.
const { ctx, fees, envelope, publish, merchant, payment, items } = feesTestKit();
const ops = ctx.services.fees.opsUrl;
const T = AccountType;
let ledger: LedgerClient;
let db: Client;
beforeAll(async () => {
  ledger = ledgerClient(ctx.services.ledger.grpcAddr);
  db = new Client({ connectionString: ctx.services.fees.databaseUrl });
  await db.connect();
});
afterAll(async () => {
  ledger.close();
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
