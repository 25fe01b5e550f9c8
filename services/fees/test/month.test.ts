import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { addCalendarDays, dayOfWeek, isBankBusinessDay, tokyoDate, tokyoStartOfDay } from '@kessai/bank-calendar';
import { eventsV1, feesEventsV1, feesV1, ledgerV1, notificationV1 } from '@kessai/contracts';
import { connectClient, type ConnectedClient } from '@kessai/platform';
import { AccountType, acct, eventually, type LedgerClient } from '../../../scripts/test/support/clients';
import { latestClock, moveAllClocks, runJob as runJobAt, type OpsUrls } from '../../../scripts/test/support/clock';
import { api, OPERATOR } from '../../../scripts/test/support/edge';
import { RunningStore, startStoreSimulator } from '../../../scripts/test/support/store';
import { testContext } from '../../../scripts/test/support/context';
import { startOwnMesh, type OwnMesh } from '../../../scripts/test/support/own-mesh';

// A month of the platform, bounded (docs/reference/fees-and-settlement.md#daily-reconciliation):
// a merchant created at the gateway, bills created through the public API and paid at different
// chains (two of 50,000 yen or more: stamp duty), one left unpaid to expire, a deposit into the
// merchant's virtual account, a deposit refund, a remittance transfer the bank refuses, a postcard
// and a phone reception; every service's clock, the bank's date and the store network's date moved
// together day by day with the jobs triggered; the chains hand their weeks over at the bank; the
// statement is fixed and its payout executed at the bank; the month's remittance fees invoiced and
// the invoice paid into its account. Each day's reconciliation is clean and the ledger matches the
// statements, the payout and the invoice to the yen. Then one bank movement Kessai does not know is
// reported on its day.
//
// The whole mesh is the test's own (./own-mesh.ts, and a store network of its own): the days it
// moves through are its alone, whatever other test files do with the shared clocks and bank.
let own: OwnMesh;
let bank: OwnMesh['bank'];
let store: RunningStore;
let http = '';
let ops: OpsUrls = {};
let admin: OwnMesh['admin'];
let ledger: LedgerClient;
let fees: OwnMesh['fees'];
let reconciliation: ConnectedClient<feesV1.ReconciliationServiceClient>;
let invoiceService: ConnectedClient<feesV1.InvoiceServiceClient>;
const runJob = (service: string, job: string) => runJobAt(service, job, ops);
/** fees.reconciliation.completed as published (core subscription on the mesh's subjects) */
const completed: feesEventsV1.ReconciliationCompleted[] = [];

beforeAll(async () => {
  own = await startOwnMesh();
  ({ bank, http, ops, admin, ledger, fees } = own);
  reconciliation = connectClient(feesV1.ReconciliationServiceClient, own.addr('fees'));
  invoiceService = connectClient(feesV1.InvoiceServiceClient, own.addr('fees'));
  const sub = own.nc.subscribe(`${own.mesh.prefix}fees.reconciliation.completed`);
  void (async () => {
    for await (const msg of sub) completed.push(feesEventsV1.ReconciliationCompleted.decode(eventsV1.EventEnvelope.decode(msg.data).payload));
  })();
  store = await startStoreSimulator(own.webhookUrl, { STORE_SIMULATOR_BANK_URL: bank.url });
  await store.call('POST', '/control/faults', { confirm_delay_ms: -1 }); // confirmed (確報) when the test says so
}, 240_000);
afterAll(async () => {
  await store?.stop();
  reconciliation?.close();
  invoiceService?.close();
  await own?.stop();
});

/** At least this many days; more when the payout or the invoice's payment has not been reconciled yet (e.g. year-end holidays). */
const DAYS = 35;
const MAX_DAYS = 60;
// 16:00 in Tokyo: after the transfer files' 15:00 cut-off, so each day's files are built for the next business day
const afternoon = (day: string) => new Date(tokyoStartOfDay(day).getTime() + 16 * 3_600_000);

/** One day of the mesh: every clock at 16:00 in Tokyo, the bank's and the store network's date (the chains transfer what is due). */
async function goTo(day: string): Promise<{ chain: string; amount: number }[]> {
  await moveAllClocks(afternoon(day), ops);
  await bank.call('POST', '/control/date', { date: day });
  const moved = await store.call('POST', '/control/date', { date: day });
  return (moved.settled ?? []) as { chain: string; amount: number }[];
}

interface PlannedBill {
  /** the day (index from the start) it is paid, or undefined: left unpaid to expire */
  payOn?: number;
  chain: string;
  amount: number;
  dueIn: number;
}

// A few bills; the start is a Monday, so days 0–6 are one settlement week and 7–13 the next.
const PLAN: PlannedBill[] = [
  { payOn: 0, chain: 'seven_eleven', amount: 3_000, dueIn: 10 },
  { payOn: 1, chain: 'lawson', amount: 55_000, dueIn: 10 }, // stamp duty
  { payOn: 2, chain: 'familymart', amount: 8_800, dueIn: 10 },
  { payOn: 8, chain: 'seven_eleven', amount: 62_000, dueIn: 20 }, // stamp duty
  { payOn: 9, chain: 'lawson', amount: 4_400, dueIn: 20 },
  { chain: 'lawson', amount: 1_500, dueIn: 4 }, // expires unpaid
];
const DEPOSIT = { on: 3, amount: 100_000 };
// part of the deposit paid back to the merchant's own account (a remittance transfer, purpose deposit_refund)
const REFUND = { on: 4, amount: 30_000, account: { bank_code: '0001', branch_code: '001', account_number: '2345678', holder_kana: 'ゲツジ タロウ' } };

// the merchant's payout account, where the first statement's payout goes
const PAYOUT_ACCOUNT = { bankCode: '0001', branchCode: '001', accountType: 1, accountNumber: '3456789', holderNameKana: 'ｹﾞﾂｼﾞ ﾀﾛｳ' };
// From the deposit: a transfer-only order whose one transfer the bank refuses (no such account), and a
// full-service order whose recipients are reached by postcard (address only) and by phone (number only)
const REMITTANCE = { on: 5, failing: { amount: 10_000, accountNumber: '4567890' }, postcard: 5_000, phone: 4_000 };
const PHONE_CALL_ON = 6;

let merchantId = '';
/** What the fixed statements took off the merchant's collections in the ledger. */
async function settledByStatements(): Promise<number> {
  const { statements } = await fees.listStatements({ merchantId: merchantId, livemode: false, includeTenants: false, pageSize: 0, pageToken: '' });
  return statements.reduce((a, s) => a + s.confirmedCollections + s.carriedIn - s.carriedOver, 0);
}

it('runs a month: every day reconciles clean, the ledger matches the statements, and an unknown bank movement is reported', async () => {
  // A Monday after every clock (they only move forward), at least a day ahead
  let start = addCalendarDays(tokyoDate(await latestClock(ops)), 1);
  start = addCalendarDays(start, (8 - dayOfWeek(start)) % 7);
  expect(dayOfWeek(start)).toBe(1);
  await goTo(start);
  const day = (i: number) => addCalendarDays(start, i);

  // The merchant, at the gateway: three chains, the billing plan, half-monthly statements
  const { merchant } = await admin.createMerchant(
    { idempotencyKey: '', name: '株式会社月次テスト', ownerId: '', settings: { enabledStoreChains: ['seven_eleven', 'lawson', 'familymart'], feePlan: 'billing_plan', settlementCycle: 'half_monthly', payoutAccount: PAYOUT_ACCOUNT } },
    OPERATOR,
  );
  const m = merchant!;
  merchantId = m.id;
  const key = (await admin.issueApiKey({ merchantId: m.id, livemode: false }, OPERATOR)).secret;
  // the merchant's own account at the bank, where the refund goes
  await bank.call('PUT', `/control/accounts/${REFUND.account.bank_code}/${REFUND.account.branch_code}/${REFUND.account.account_number}`, { account_type: '1', holder_name_kana: 'ｹﾞﾂｼﾞ ﾀﾛｳ', balance: 0 });
  await bank.call('PUT', `/control/accounts/0001/001/${PAYOUT_ACCOUNT.accountNumber}`, { account_type: '1', holder_name_kana: PAYOUT_ACCOUNT.holderNameKana, balance: 0 });
  await bank.call('PUT', '/control/rules', { rules: [{ account_number: REMITTANCE.failing.accountNumber, failure_code: 'no_such_account' }], reversal_policy: 'accept' });

  // The bills, through the public API
  const bills = [];
  for (const p of PLAN) {
    const res = await api(http, 'POST', '/v1/bills', {
      key, idempotencyKey: randomUUID(),
      body: { amount: p.amount, due_date: day(p.dueIn), stores: [p.chain], message: '月次テスト', customer: { name: '佐藤 花子', email: 'hanako@example.jp' } },
    });
    expect(res.status).toBe(200);
    bills.push({ ...p, id: res.body.id as string, number: (res.body.payment_numbers as { store: string; number: string }[])[0].number });
  }

  const settlements: { chain: string; amount: number; on: string }[] = [];
  const confirmedPaidOn = new Map<string, number>(); // the day paid -> yen
  const compared = { movements: 0, matched: 0 };
  let refund: { id: string; execution_date: string; status: string } | undefined;
  let failing: { transfer: string; execution_date: string } | undefined;
  let payout: { id: string; payout_date: string; amount: number; state: string } | undefined;
  let invoice: { id: string; total: number; month: string; status: string } | undefined;
  let invoicePaidOn = '';
  /** the last day whose reconciliation was read */
  let reconciledUpTo = '';
  /** What the phantom ledger credit (below) added to the deposit beside the month's own movements. */
  let phantomDeposit = 0;
  /** Payouts paid at the bank, and the day each was. */
  const paidPayouts = new Map<string, string>();

  /**
   * One day of the month: every clock and the bank's and store network's dates moved to it; what the day
   * plans (payments, the deposit, the refund, remittances, a phone call, the invoice's payment), then
   * `inject` (a movement the test adds); each effect waited for until it is booked; then the day's jobs
   * and the reconciliation of the day before, which it returns.
   */
  async function liveDay(i: number, inject?: () => Promise<void>): Promise<feesV1.GetReconciliationResponse | undefined> {
    const today = day(i);
    if (i > 0) for (const s of await goTo(today)) settlements.push({ ...s, on: today });
    for (const b of bills.filter((x) => x.payOn === i)) {
      const paid = await store.call('POST', '/pay', { chain: b.chain, number: b.number, paid_at: afternoon(today).toISOString() });
      await store.call('POST', `/payments/${paid.id}/confirm`);
      confirmedPaidOn.set(today, (confirmedPaidOn.get(today) ?? 0) + b.amount);
    }
    if (i === DEPOSIT.on) await bank.call('POST', `/accounts/${m.testVirtualAccountNumber}/deposits`, { amount: DEPOSIT.amount, payer_name_kana: 'ｶ)ｹﾞﾂｼﾞ' });
    if (i === REFUND.on) {
      const res = await api(http, 'POST', '/v1/deposit_refunds', { key, idempotencyKey: randomUUID(), body: { amount: REFUND.amount, bank_account: REFUND.account } });
      expect(res.status).toBe(200);
      refund = (await api(http, 'GET', `/v1/transfers/${res.body.transfer}`, { key })).body;
      expect(refund!.execution_date > today).toBe(true);
    }
    if (i === REMITTANCE.on) failing = await remit(key);
    if (i === PHONE_CALL_ON) await takePhoneCall(m.id);
    if (invoice?.status === 'open' && !invoicePaidOn && isBankBusinessDay(today)) {
      // the merchant pays the invoice into its invoice account
      await bank.call('POST', `/accounts/${m.testInvoiceAccountNumber}/deposits`, { amount: invoice.total, payer_name_kana: 'ｶ)ｹﾞﾂｼﾞ' });
      invoicePaidOn = today;
      await eventually(async () => (await api(http, 'GET', `/v1/invoices/${invoice!.id}`, { key })).body.status === 'paid', 30_000, 'the invoice paid');
    }
    await inject?.();
    const refunded = refund !== undefined && today >= refund.execution_date;
    if (refund && today === refund.execution_date) {
      await runJob('remittance', 'remittance.ledger-ops');
      await eventually(async () => (await api(http, 'GET', `/v1/transfers/${refund!.id}`, { key })).body.status === 'succeeded', 30_000, 'the refund transferred');
    }
    // what happened today has reached the ledger before the day ends
    const confirmedSoFar = [...confirmedPaidOn.values()].reduce((a, b) => a + b, 0);
    // (each fixed statement's ledger transaction takes off collections what it settles: collections + carried in − carried over)
    await eventually(async () => (await balance(m.id, AccountType.ACCOUNT_TYPE_COLLECTIONS)) === confirmedSoFar - (await settledByStatements()), 30_000, `day ${i}: collections booked`);
    if (i >= DEPOSIT.on) {
      const expected = DEPOSIT.amount - (refunded ? REFUND.amount : 0) + phantomDeposit;
      await eventually(async () => (await balance(m.id, AccountType.ACCOUNT_TYPE_DEPOSIT)) === expected, 30_000, `day ${i}: deposit ${expected}`);
    }
    await eventually(async () => (await settlementsBooked(settlements.map((s) => s.on))) >= settlements.length, 30_000, `day ${i}: chain settlements booked`);
    if (failing && today === failing.execution_date) {
      await eventually(async () => (await api(http, 'GET', `/v1/transfers/${failing!.transfer}`, { key })).body.status === 'failed', 30_000, 'the failing transfer refused');
    }
    // every payout due today (the first statement's, and a later one's when the days reach it) paid and out of transit
    const payouts = async () => ((await api(http, 'GET', '/v1/payouts', { key })).body.data ?? []) as NonNullable<typeof payout>[];
    const dueToday = (await payouts()).filter((p) => p.payout_date === today && p.state !== 'scheduled');
    for (const due of dueToday) {
      await eventually(async () => (await api(http, 'GET', `/v1/payouts/${due.id}`, { key })).body.state === 'paid', 30_000, `the payout ${due.id} paid`);
      paidPayouts.set(due.id, today);
    }
    if (dueToday.length > 0) {
      if (payout) payout = (await api(http, 'GET', `/v1/payouts/${payout.id}`, { key })).body;
      await runJob('fees', 'fees.ledger-ops');
      const inTransit = async () => (await payouts()).filter((p) => p.state !== 'paid').reduce((a, p) => a + p.amount, 0);
      await eventually(async () => (await balance(m.id, AccountType.ACCOUNT_TYPE_PAYOUTS_IN_TRANSIT)) === (await inTransit()), 30_000, 'the payouts out of transit');
    }
    if (invoicePaidOn === today) await eventually(async () => (await balance(m.id, AccountType.ACCOUNT_TYPE_FEES_RECEIVABLE)) === 0, 30_000, 'the invoice payment booked');

    // the day's jobs: expiry, statements, transfer files, and the reconciliation of the day before
    await runJob('billing', 'billing.expire-bills');
    await runJob('fees', 'fees.fix-statements');
    await runJob('fees', 'fees.ledger-ops');
    await runJob('fees', 'fees.submit-payouts'); // from 2 bank business days before the payout date
    await runJob('fees', 'fees.issue-invoices'); // on the 1st: last month's
    await runJob('remittance', 'remittance.outreach');
    await runJob('notification', 'notification.postcard-batch');
    payout ??= (await api(http, 'GET', '/v1/payouts', { key })).body.data?.[0];
    invoice = (await api(http, 'GET', '/v1/invoices', { key })).body.data?.[0];
    await runJob('remittance', 'remittance.build-files');
    await runJob('remittance', 'remittance.upload-files');
    await runJob('fees', 'fees.reconcile');
    return i > 0 ? reconciliation.getReconciliation({ livemode: false, day: day(i - 1) }) : undefined;
  }

  // The month, day by day, each day before reconciled clean; once its payout and invoice are paid and
  // reconciled, one more day gets a bank movement Kessai does not know (a deposit into an account it has
  // no record of), and the next day's reconciliation reports it
  let injectedOn = '';
  let stray: { bank_reference: string } | undefined;
  const strayDeposit = async () => {
    stray = await bank.call('POST', '/accounts/7654321/deposits', { amount: 12_345, payer_name_kana: 'ﾌﾒｲ ﾀﾛｳ' });
    expect((stray as unknown as { callback: { last_body: unknown } }).callback.last_body).toMatchObject({ received: true });
  };
  let reportedRun: feesV1.GetReconciliationResponse | undefined;
  let i = 0;
  for (; i < MAX_DAYS; i++) {
    const monthDone = i >= DAYS && payout?.state === 'paid' && reconciledUpTo >= payout.payout_date && invoicePaidOn && reconciledUpTo >= invoicePaidOn;
    if (monthDone && !injectedOn) injectedOn = day(i);
    const yesterday = await liveDay(i, day(i) === injectedOn ? strayDeposit : undefined);
    if (!yesterday) continue;
    const { run, differences } = yesterday;
    if (run!.day === injectedOn) {
      reportedRun = yesterday;
      break;
    }
    expect({ day: run!.day, differences }).toEqual({ day: day(i - 1), differences: [] });
    expect(run!.status).toBe('clean');
    expect(run!.bankTotal).toBe(run!.ledgerTotal);
    compared.movements += run!.bankMovements;
    compared.matched += run!.matched;
    reconciledUpTo = day(i - 1);
  }
  expect(i).toBeLessThan(MAX_DAYS);
  /** the injected day (the mesh stands at the day after it now) */
  const end = i - 1;

  // The clean days compared something: each chain transfer, the deposit, the refund's and each payout's
  // debits and the invoice's payment paired with its ledger entry; the refund's and each payout's debits
  // with remittance's transfers, and the refused one (failed at remittance, nothing moved at the bank: they
  // agree); each payment billing confirmed with the ledger's collection credit
  const paidCount = PLAN.filter((p) => p.payOn !== undefined).length;
  const transfersBefore = settlements.filter((s) => s.on < injectedOn).length;
  const payoutsBefore = [...paidPayouts.values()].filter((d) => d < injectedOn).length;
  expect(transfersBefore).toBeGreaterThanOrEqual(5);
  expect(payoutsBefore).toBeGreaterThanOrEqual(1);
  const movements = transfersBefore + 3 + payoutsBefore;
  expect(compared).toEqual({ movements, matched: movements + 2 + payoutsBefore + paidCount });

  // The payout: the first statement's amount, out of transit; in the merchant's own account at the bank
  // with any later statement's payout the days reached (each paid on its payout date)
  expect(payout).toMatchObject({ state: 'paid' });
  const first = (await fees.listStatements({ merchantId: m.id, livemode: false, includeTenants: false, pageSize: 0, pageToken: '' })).statements.find((s) => s.id === (payout as unknown as { statement: string }).statement)!;
  expect(payout!.amount).toBe(first.payoutAmount);
  const allPayouts = (await api(http, 'GET', '/v1/payouts', { key })).body.data as { id: string; state: string; amount: number; payout_date: string }[];
  const paidOut = allPayouts.filter((p) => p.state === 'paid');
  expect(paidOut.map((p) => [p.id, p.payout_date]).sort()).toEqual([...paidPayouts].sort());
  const { accounts } = await bank.call('GET', '/control/accounts');
  expect(accounts.find((a: { account_number: string }) => a.account_number === PAYOUT_ACCOUNT.accountNumber)?.balance).toBe(paidOut.reduce((a, p) => a + p.amount, 0));
  // in transit: only what later statements fixed and have not paid out yet
  const notPaidOut = allPayouts.filter((p) => p.state !== 'paid');
  expect(await balance(m.id, AccountType.ACCOUNT_TYPE_PAYOUTS_IN_TRANSIT)).toBe(notPaidOut.reduce((a, p) => a + p.amount, 0));

  // The remittance fees of the month: the refund, the refused transfer's attempt, the postcard, the phone
  // reception and the initial fee, invoiced once with 10% tax rounded down, and paid: nothing receivable
  const { items: remittanceItems } = await fees.listFeeItems({ merchantId: m.id, livemode: false, pageSize: 100, pageToken: '', kind: '', causeId: '', fromDate: '', toDate: '' });
  const invoiced = remittanceItems.filter((x) => x.settlement === 'remittance');
  expect(invoiced.map((x) => [x.kind, x.amount]).sort()).toEqual([['deposit_refund', 400], ['initial', 10_000], ['phone_reception', 400], ['postcard', 100], ['remittance_transfer', 500]]);
  const feesTotal = invoiced.reduce((a, x) => a + x.amount, 0);
  expect(invoice).toMatchObject({ status: 'paid', total: feesTotal + Math.floor(feesTotal * 0.1) });
  expect(await balance(m.id, AccountType.ACCOUNT_TYPE_FEES_RECEIVABLE)).toBe(0);
  // the deposit: the refund left it, the refused transfer came back; the recipients not yet paid are held
  const deposit = (await ledger.getBalance({ livemode: false, account: acct(m.id, AccountType.ACCOUNT_TYPE_DEPOSIT) })).balance!;
  expect(deposit).toMatchObject({ total: DEPOSIT.amount - REFUND.amount, held: REMITTANCE.postcard + REMITTANCE.phone });

  // Every confirmed yen came from the chains through the bank, matched week by week
  const confirmedTotal = PLAN.filter((p) => p.payOn !== undefined).reduce((a, p) => a + p.amount, 0);
  expect(settlements.reduce((a, s) => a + s.amount, 0)).toBe(confirmedTotal);
  const booked = (await ledger.listStoreSettlements({ livemode: false, chain: '', flaggedOnly: false, pageSize: 100, pageToken: '' })).settlements.filter((s) => settlements.some((x) => x.on === s.receivedOn));
  expect(booked.every((s) => s.status === ledgerV1.StoreSettlementStatus.STORE_SETTLEMENT_STATUS_MATCHED)).toBe(true);

  // The statements: the first half-month's fixed with its confirmed collections and stamp duty, to the yen
  const { statements } = await fees.listStatements({ merchantId: m.id, livemode: false, pageSize: 0, pageToken: '' });
  expect(statements.length).toBeGreaterThanOrEqual(1);
  for (const s of statements) {
    const inPeriod = [...confirmedPaidOn].filter(([d]) => d >= s.periodStart && d <= s.periodClose).reduce((a, [, v]) => a + v, 0);
    expect(s.confirmedCollections).toBe(inPeriod);
    const stamps = PLAN.filter((p) => p.payOn !== undefined && day(p.payOn) >= s.periodStart && day(p.payOn) <= s.periodClose && p.amount >= 50_000).length * 200;
    expect(s.stampDuty).toBe(stamps);
  }
  // the ledger's collections = what is still open + what the statements carried over (each statement's ledger
  // transaction took off what it settled); payouts_in_transit holds what they pay out
  const open = [...confirmedPaidOn].filter(([d]) => !statements.some((s) => d >= s.periodStart && d <= s.periodClose)).reduce((a, [, v]) => a + v, 0);
  const last = [...statements].sort((a, b) => b.periodClose.localeCompare(a.periodClose))[0];
  await eventually(async () => (await balance(m.id, AccountType.ACCOUNT_TYPE_COLLECTIONS)) === open + last.carriedOver, 30_000, 'collections = open + carried over');
  // the unpaid bill expired and cost the billing plan's 20 yen
  const unpaid = bills.find((b) => b.payOn === undefined)!;
  const { items } = await fees.listFeeItems({ merchantId: m.id, livemode: false, pageSize: 100, pageToken: '', kind: 'unpaid_bill', causeId: '', fromDate: '', toDate: '' });
  expect(items.map((x) => [x.causeId, x.amount])).toEqual([[unpaid.id, 20]]);

  // What the merchant and an operator see of the month (the README shows them), beside the run's logs
  const example = {
    statement: (await api(http, 'GET', `/v1/statements/${first.id}`, { key })).body,
    payout: (await api(http, 'GET', `/v1/payouts/${payout!.id}`, { key })).body,
    invoice: (await api(http, 'GET', `/v1/invoices/${invoice!.id}`, { key })).body,
    reconciliation: { payoutDay: await reconciliation.getReconciliation({ livemode: false, day: payout!.payout_date }), invoicePaidDay: await reconciliation.getReconciliation({ livemode: false, day: invoicePaidOn }) },
  };

  // The injected difference, reported on its day
  const reported = reportedRun!;
  expect(reported.run).toMatchObject({ day: injectedOn, status: 'differences', differenceCount: 1 });
  expect(reported.differences).toEqual([
    expect.objectContaining({
      day: injectedOn, category: 'bank_deposit', kind: 'unknown_bank_movement', bankAmount: 12_345, ledgerAmount: 0,
      bankReference: expect.stringContaining(stray!.bank_reference), cause: expect.stringContaining('bank movement Kessai does not know'),
    }),
  ]);

  // …and published: fees.reconciliation.completed, with its difference (the clean days too)
  await eventually(async () => completed.some((e) => e.run?.day === injectedOn), 15_000, 'fees.reconciliation.completed published');
  const event = completed.find((e) => e.run?.day === injectedOn)!;
  expect(event.run).toMatchObject({ status: 'differences', differenceCount: 1 });
  expect(event.differences.map((d) => d.kind)).toEqual(['unknown_bank_movement']);
  expect(completed.filter((e) => e.run!.status === 'clean').length).toBeGreaterThanOrEqual(end - 1);

  // A rerun for the day (the operator's RPC) replaces the result: still one run, the same difference
  // (two at once — the job on one replica, an operator on another — wait for each other; one result stays)
  const both = await Promise.all([0, 1].map(() => reconciliation.runReconciliation({ livemode: false, day: injectedOn })));
  const kept = await reconciliation.getReconciliation({ livemode: false, day: injectedOn });
  expect(both.map((b) => b.run!.id)).toContain(kept.run!.id);
  expect((await reconciliation.listDifferences({ livemode: false, fromDay: injectedOn, toDay: injectedOn, category: '', kind: '', pageSize: 0, pageToken: '' })).differences).toHaveLength(1);
  const rerun = await reconciliation.runReconciliation({ livemode: false, day: injectedOn });
  expect(rerun.run!.id).not.toBe(reported.run!.id);
  expect(rerun.differences.map((d) => [d.kind, d.bankAmount])).toEqual([['unknown_bank_movement', 12_345]]);
  const listed = await reconciliation.listDifferences({ livemode: false, fromDay: start, toDay: injectedOn, category: '', kind: '', pageSize: 0, pageToken: '' });
  expect(listed.differences.map((d) => d.id)).toEqual([rerun.differences[0].id]);
  const exported = await reconciliation.exportDifferences({ livemode: false, fromDay: start, toDay: injectedOn, encoding: '' });
  expect(exported.rows).toBe(1);
  const csvText = Buffer.from(exported.csv).toString('utf8');
  expect(csvText).toContain('bank movement Kessai does not know');
  expect(csvText.split('\r\n')[1]).toMatch(new RegExp(`^${injectedOn},bank_deposit,unknown_bank_movement,12345,`));

  // The gauge an alert watches: the last reconciled day's differences
  const metrics = await (await fetch(`${ops.fees}/metrics`)).text();
  expect(metrics).toMatch(/kessai_reconciliation_differences\{[^}]*livemode="false"[^}]*\} 1/);

  // A second kind: a ledger credit without a bank deposit (booked as if the bank had reported one on the next day)
  const bookedOn = day(end + 1);
  const { transaction } = await ledger.post({
    idempotencyKey: randomUUID(), livemode: false, kind: 'deposit.received', description: 'a deposit the bank never had', merchantId: m.id,
    metadata: { deposit_id: 'dep_phantom', bank_reference: 'SIMPHANTOM', business_date: bookedOn },
    postings: [{ account: acct('platform', AccountType.ACCOUNT_TYPE_PLATFORM_BANK), amount: -777 }, { account: acct(m.id, AccountType.ACCOUNT_TYPE_DEPOSIT), amount: 777 }],
  });
  phantomDeposit = 777;
  const phantom = (await liveDay(end + 2))!;
  expect(phantom.run!.day).toBe(bookedOn);
  expect(phantom.differences.map((d) => [d.category, d.kind, d.bankAmount, d.ledgerAmount, d.ledgerReference, d.cause])).toEqual([
    ['bank_deposit', 'missing_bank_movement', 0, 777, transaction!.id, 'ledger credit without a bank deposit'],
  ]);
  // listed newest day first, a page at a time, and by kind
  const page1 = await reconciliation.listDifferences({ livemode: false, fromDay: start, toDay: bookedOn, category: '', kind: '', pageSize: 1, pageToken: '' });
  const page2 = await reconciliation.listDifferences({ livemode: false, fromDay: start, toDay: bookedOn, category: '', kind: '', pageSize: 1, pageToken: page1.nextPageToken });
  expect([...page1.differences, ...page2.differences].map((d) => d.day)).toEqual([bookedOn, injectedOn]);
  expect(page2.nextPageToken).toBe('');
  const unknown = await reconciliation.listDifferences({ livemode: false, fromDay: '', toDay: '', category: '', kind: 'unknown_bank_movement', pageSize: 0, pageToken: '' });
  expect(unknown.differences.map((d) => d.day)).toEqual([injectedOn]);

  // A third kind: an amount paid into the invoice account that matches no open invoice is held for an
  // operator's review, and its day says so (not a movement Kessai does not know)
  const heldOn = day(end + 2);
  const held = await bank.call('POST', `/accounts/${m.testInvoiceAccountNumber}/deposits`, { amount: 999, payer_name_kana: 'ｶ)ｹﾞﾂｼﾞ' });
  await eventually(async () => (await invoiceService.listInvoicePayments({ merchantId: m.id, livemode: false, status: 'unmatched', pageSize: 0, pageToken: '' })).payments.length === 1, 30_000, 'the payment held');
  const review = (await liveDay(end + 3))!;
  expect(review.run!.day).toBe(heldOn);
  expect(review.differences.map((d) => [d.category, d.kind, d.bankAmount, d.ledgerAmount, d.serviceAmount])).toEqual([['invoice_payment', 'held_for_review', 999, 0, 999]]);
  expect(review.differences[0].bankReference).toContain(held.bank_reference);
  fs.writeFileSync(path.join(testContext().logDir, 'month-example.json'), JSON.stringify({ ...example, unknownMovementDay: reported, heldPaymentDay: review }, null, 2));

  // Bad input names its field; a day not yet over is refused
  await expect(reconciliation.getReconciliation({ livemode: false, day: day(end + 30) })).rejects.toMatchObject({ kind: 'not_found' });
  await expect(reconciliation.exportDifferences({ livemode: false, fromDay: start, toDay: addCalendarDays(start, -1), encoding: '' })).rejects.toMatchObject({ fieldViolations: [expect.objectContaining({ field: 'to_day' })] });
  await expect(reconciliation.runReconciliation({ livemode: false, day: '2026-13-01' })).rejects.toMatchObject({ fieldViolations: [expect.objectContaining({ field: 'day' })] });
  await expect(reconciliation.runReconciliation({ livemode: false, day: day(end + 3) })).rejects.toMatchObject({ fieldViolations: [expect.objectContaining({ field: 'day' })] });
}, 600_000);

async function balance(merchantId: string, type: ledgerV1.AccountType): Promise<number> {
  return (await ledger.getBalance({ livemode: false, account: acct(merchantId, type) })).balance!.total;
}

async function settlementsBooked(days: string[]): Promise<number> {
  if (days.length === 0) return 0;
  const { settlements } = await ledger.listStoreSettlements({ livemode: false, chain: '', flaggedOnly: false, pageSize: 100, pageToken: '' });
  return settlements.filter((s) => days.includes(s.receivedOn)).length;
}

/**
 * The month's remittances from the deposit, through the public API: a transfer-only order whose one
 * transfer goes to an account the bank refuses, and a full-service order whose recipients have only
 * an address (a postcard) or only a phone number (a phone task). Returns the transfer to be refused.
 */
async function remit(key: string): Promise<{ transfer: string; execution_date: string }> {
  const post = async (path: string, body: unknown = {}) => {
    const res = await api(http, 'POST', path, { key, idempotencyKey: randomUUID(), body });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const direct = await post('/v1/remittance_orders', { purpose: '誤入金の返金', mode: 'transfer_only' });
  const account = { bank_code: '0001', branch_code: '001', account_number: REMITTANCE.failing.accountNumber, holder_kana: 'ゴコウザ タロウ' };
  await post(`/v1/remittance_orders/${direct.id}/recipients`, { recipients: [{ name: '誤口座 太郎', name_kana: 'ゴコウザ タロウ', amount: REMITTANCE.failing.amount, account }] });
  await post(`/v1/remittance_orders/${direct.id}/approve`);
  const outreach = await post('/v1/remittance_orders', { purpose: '公演中止のご返金', default_message: '公演中止に伴うご返金のご案内です。', channels: ['email', 'postcard', 'phone'] });
  await post(`/v1/remittance_orders/${outreach.id}/recipients`, {
    recipients: [
      { name: '葉書 花子', name_kana: 'ハガキ ハナコ', amount: REMITTANCE.postcard, postal_address: { postal_code: '100-0001', prefecture: '東京都', city: '千代田区', line1: '千代田1-1' } },
      { name: '電話 次郎', name_kana: 'デンワ ジロウ', amount: REMITTANCE.phone, phone: '09012345678' },
    ],
  });
  await post(`/v1/remittance_orders/${outreach.id}/approve`);
  let recipient: { transfer: string | null; transfer_date: string | null } | undefined;
  await eventually(async () => {
    recipient = (await api(http, 'GET', `/v1/remittance_orders/${direct.id}/recipients`, { key })).body.data?.[0];
    return Boolean(recipient?.transfer);
  }, 30_000, 'the transfer-only recipient scheduled');
  const transfer = (await api(http, 'GET', `/v1/transfers/${recipient!.transfer}`, { key })).body;
  return { transfer: transfer.id, execution_date: transfer.execution_date };
}

/** The call centre takes the phone task of the merchant's recipient and reaches them (a phone reception). */
async function takePhoneCall(merchant: string): Promise<void> {
  const notification = connectClient(notificationV1.NotificationServiceClient, own.addr('notification'));
  try {
    let task: notificationV1.PhoneTask | undefined;
    await eventually(async () => {
      task = (await notification.claimPhoneTask({ livemode: false, operatorId: 'op-month', merchantId: merchant })).task;
      return Boolean(task);
    }, 30_000, 'a phone task for the recipient');
    await notification.completePhoneTask({ livemode: false, taskId: task!.id, operatorId: 'op-month', outcome: notificationV1.CallOutcome.CALL_OUTCOME_REACHED, note: '登録方法をご案内' });
  } finally {
    notification.close();
  }
}
