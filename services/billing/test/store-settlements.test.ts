import { addCalendarDays, dayOfWeek, tokyoDate } from '@kessai/bank-calendar';
import { settlementDueDate, settlementPeriodOf } from '@kessai/konbini';
import { PartnerBankClient } from '@kessai/partner-bank';
import { ledgerV1 } from '@kessai/contracts';
import { AccountType, acct, eventually, ledgerClient } from '../../../scripts/test/support/clients';
import { gatewayAdminClient } from '../../../scripts/test/support/edge';
import { query } from '../../../scripts/test/support/db';
import { RunningBank, SIMBANK_SECRET, startBankSimulator } from '../../../scripts/test/support/bank';
import { RunningStore, startStoreSimulator } from '../../../scripts/test/support/store';
import { billingDate, createBill, ctx, konbiniMerchant } from './support';

// The store chains hand the confirmed money over (docs/reference/konbini.md#store-chain-settlements):
// bills paid and confirmed at two chains → the dates moved → the store simulator transfers each chain's
// week at the bank simulator → the bank's signed callback → the ledger moves it from the store receivable
// to the platform bank, once, and flags what does not match.
const admin = gatewayAdminClient();
const ledger = ledgerClient(ctx.services.ledger.grpcAddr);
const ledgerOps = ctx.services.ledger.opsUrl;
let bank: RunningBank;
let store: RunningStore;
let m: Awaited<ReturnType<typeof konbiniMerchant>>;

beforeAll(async () => {
  bank = await startBankSimulator();
  [store, m] = await Promise.all([
    startStoreSimulator(undefined, { STORE_SIMULATOR_BANK_URL: bank.url }),
    konbiniMerchant(admin, '株式会社精算テスト', ['lawson', 'familymart']),
  ]);
  await store.call('POST', '/control/faults', { confirm_delay_ms: -1 });
});

afterAll(async () => {
  await store.stop();
  await bank.stop();
  admin.close();
  ledger.close();
});

const RECEIVABLE = acct('platform', AccountType.ACCOUNT_TYPE_PLATFORM_STORE_RECEIVABLE);
const BANK = acct('platform', AccountType.ACCOUNT_TYPE_PLATFORM_BANK);
const total = async (a: ledgerV1.AccountRef) => (await ledger.getBalance({ livemode: false, account: a })).balance!.total;
const lastPostingId = async () => Number((await query(`SELECT coalesce(max(id), 0)::text AS id FROM ledger.postings`)).rows[0].id);
/** Postings to an account after posting id `after` by transactions other than `mine` (other test files share the platform accounts). */
async function othersPosted(account: string, after: number, mine: string[]): Promise<number> {
  const { rows } = await query(`SELECT coalesce(sum(amount), 0)::text AS s FROM ledger.postings WHERE account_id = $1 AND id > $2 AND NOT (transaction_id = ANY($3))`, [account, after, mine]);
  return Number(rows[0].s);
}
/** Confirmed collections at `chain` in the week that are not this test's bills (another file confirming at the same time). */
async function othersConfirmed(chain: string, week: { from: string; to: string }, bills: string[], until: Date): Promise<number> {
  const { rows } = await query(
    `SELECT coalesce(sum(p.amount), 0)::text AS s FROM ledger.transactions t JOIN ledger.postings p ON p.transaction_id = t.id AND p.account_id = 'test:platform:platform_store_receivable'
      WHERE t.kind = 'collection.confirmed' AND t.livemode = false AND t.metadata->>'chain' = $1 AND NOT (t.metadata->>'bill_id' = ANY($2))
        AND t.posted_at >= ($3::date::timestamp AT TIME ZONE 'Asia/Tokyo') AND t.posted_at < (($4::date + 1)::timestamp AT TIME ZONE 'Asia/Tokyo') AND t.posted_at <= $5`,
    [chain, bills, week.from, week.to, until],
  );
  return -Number(rows[0].s);
}
const settlementsOf = async (chain: string, from: string) =>
  (await ledger.listStoreSettlements({ livemode: false, chain, flaggedOnly: false, pageSize: 100, pageToken: '' })).settlements.filter((s) => s.periodFrom === from);

async function setDates(date: string) {
  await bank.call('POST', '/control/date', { date });
  return store.call('POST', '/control/date', { date });
}

async function payAndConfirm(chain: string, amount: number): Promise<{ billId: string; simPayment: string }> {
  const bill = (await createBill(m.testKey, { amount, due_date: await billingDate(20), stores: [chain] })).body;
  const paid = await store.call('POST', '/pay', { chain, number: bill.payment_numbers[0].number });
  await store.call('POST', `/payments/${paid.id}/confirm`);
  return { billId: bill.id, simPayment: paid.id };
}

it('settles each chain\'s confirmed week into Kessai\'s account, clears the store receivable once, and flags a short transfer', async () => {
  // A week of our own: the ledger's test clock (which dates the confirmations it books) moves to a Monday
  // weeks ahead, and the bank and the store network go to the same date.
  const { now } = (await (await fetch(`${ledgerOps}/test/clock`)).json()) as { now: string };
  let monday = addCalendarDays(tokyoDate(new Date(now)), 56 + Math.floor(Math.random() * 28) * 7);
  monday = addCalendarDays(monday, -((dayOfWeek(monday) + 6) % 7));
  const moved = await fetch(`${ledgerOps}/test/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ to: `${monday}T00:30:00Z` }) });
  expect(moved.status).toBe(200);
  await setDates(monday);
  const week = settlementPeriodOf(monday);

  // Lawson: two payments confirmed, one only preliminary (not money yet); FamilyMart: one confirmed.
  const lawson = [await payAndConfirm('lawson', 1_250), await payAndConfirm('lawson', 54_321)];
  const prelimBill = (await createBill(m.testKey, { amount: 999, due_date: await billingDate(20), stores: ['lawson'] })).body;
  await store.call('POST', '/pay', { chain: 'lawson', number: prelimBill.payment_numbers[0].number });
  const family = [await payAndConfirm('familymart', 8_800)];
  const mine = [...lawson, ...family].map((p) => p.billId);
  const confirmedTxns = async () => (await query(`SELECT id FROM ledger.transactions WHERE kind = 'collection.confirmed' AND metadata->>'bill_id' = ANY($1)`, [mine])).rows.map((r) => r.id as string);
  await eventually(async () => (await confirmedTxns()).length === 3, 30_000, 'the three confirmations booked');

  // FamilyMart deducts 300 yen from its transfer (a chain's own charge, or an error): booked, flagged.
  await store.call('POST', '/control/faults', { confirm_delay_ms: -1, settlement_adjust: { familymart: -300 } });
  const lawsonDue = settlementDueDate('lawson', week);
  const familyDue = settlementDueDate('familymart', week);
  expect(lawsonDue < familyDue).toBe(true); // 3 and 4 bank business days after the Sunday

  // The day before Lawson's settlement day nothing is transferred.
  expect((await setDates(addCalendarDays(lawsonDue, -1))).settled).toEqual([]);

  const after = await lastPostingId();
  const [receivable0, bank0] = [await total(RECEIVABLE), await total(BANK)];

  // Lawson's day: Lawson transfers its confirmed week (the preliminary payment is not in it).
  const lawsonDay = await setDates(lawsonDue);
  expect(lawsonDay.settled).toEqual([expect.objectContaining({ chain: 'lawson', amount: 55_571, confirmed_total: 55_571, state: 'transferred', edi_info: expect.stringMatching(/^KSTL\d{12}$/) })]);
  await eventually(async () => (await settlementsOf('lawson', week.from)).length === 1, 30_000, "Lawson's settlement booked");
  // FamilyMart's day
  const familyDay = await setDates(familyDue);
  expect(familyDay.settled).toEqual([expect.objectContaining({ chain: 'familymart', amount: 8_500, confirmed_total: 8_800, state: 'transferred' })]);
  await eventually(async () => (await settlementsOf('familymart', week.from)).length === 1, 30_000, "FamilyMart's settlement booked");

  // What the ledger recorded, chain by chain
  const [lawsonStl] = await settlementsOf('lawson', week.from);
  const [familyStl] = await settlementsOf('familymart', week.from);
  const othersAtLawson = await othersConfirmed('lawson', week, mine, lawsonStl.bookedAt!);
  const othersAtFamily = await othersConfirmed('familymart', week, mine, familyStl.bookedAt!);
  expect(lawsonStl).toMatchObject({
    chain: 'lawson', periodFrom: week.from, periodTo: week.to, amount: 55_571, expected: 55_571 + othersAtLawson, difference: -othersAtLawson, receivedOn: lawsonDue,
    status: othersAtLawson === 0 ? ledgerV1.StoreSettlementStatus.STORE_SETTLEMENT_STATUS_MATCHED : ledgerV1.StoreSettlementStatus.STORE_SETTLEMENT_STATUS_MISMATCH,
  });
  expect(familyStl).toMatchObject({
    chain: 'familymart', amount: 8_500, expected: 8_800 + othersAtFamily, difference: -300 - othersAtFamily, receivedOn: familyDue,
    status: ledgerV1.StoreSettlementStatus.STORE_SETTLEMENT_STATUS_MISMATCH,
  });
  const flagged = (await ledger.listStoreSettlements({ livemode: false, chain: 'familymart', flaggedOnly: true, pageSize: 100, pageToken: '' })).settlements;
  expect(flagged.map((s) => s.id)).toContain(familyStl.id);

  // Each transfer is one transaction: platform bank ← store receivable, to the yen
  for (const [stl, amount] of [[lawsonStl, 55_571], [familyStl, 8_500]] as const) {
    const { transaction } = await ledger.getTransaction({ livemode: false, transactionId: stl.transactionId });
    expect(transaction).toMatchObject({ kind: 'store_settlement.received', postings: [{ account: BANK, amount: -amount }, { account: RECEIVABLE, amount }] });
  }
  const settled = [lawsonStl.transactionId, familyStl.transactionId];
  expect((await total(RECEIVABLE)) - receivable0).toBe(55_571 + 8_500 + (await othersPosted('test:platform:platform_store_receivable', after, settled)));
  expect((await total(BANK)) - bank0).toBe(-(55_571 + 8_500) + (await othersPosted('test:platform:platform_bank', after, settled)));
  // This test's own receivable: Lawson's payments fully cleared, FamilyMart's short by the 300 yen flagged
  const receivableOfMine = async (chain: string) => {
    const txns = [...(await confirmedTxns()), ...settled];
    const { rows } = await query(
      `SELECT coalesce(sum(p.amount), 0)::text AS s FROM ledger.postings p JOIN ledger.transactions t ON t.id = p.transaction_id
        WHERE p.account_id = 'test:platform:platform_store_receivable' AND t.id = ANY($1) AND t.metadata->>'chain' = $2`,
      [txns, chain],
    );
    return Number(rows[0].s);
  };
  expect(await receivableOfMine('lawson')).toBe(0);
  expect(await receivableOfMine('familymart')).toBe(-300);

  // The transfers are on the bank's statement of Kessai's own account, from the chains
  const partnerBank = new PartnerBankClient({ baseUrl: bank.url, secret: SIMBANK_SECRET });
  const statement = await partnerBank.statement(lawsonDue);
  const movements = statement.accounts.flatMap((a) => a.movements);
  expect(movements).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'deposit', amount: 55_571, counterparty: 'ﾛ-ｿﾝ' })]));
  expect((await partnerBank.statement(familyDue)).accounts.flatMap((a) => a.movements)).toEqual(
    expect.arrayContaining([expect.objectContaining({ kind: 'deposit', amount: 8_500, counterparty: 'ﾌｱﾐﾘ-ﾏ-ﾄ' })]),
  );

  // The bank sends Lawson's callback again: Kessai answers it as a duplicate and nothing moves.
  const receivable1 = await total(RECEIVABLE);
  const mark = await lastPostingId();
  const resent = await bank.call('POST', `/deposits/${lawsonDay.settled[0].deposit_id}/resend`);
  expect(resent.callback.last_body).toMatchObject({ received: true, duplicate: true, store_chain: 'lawson' });
  // …and even a second copy of the event on the stream would be booked once (the transaction's key)
  await new Promise((r) => setTimeout(r, 1_000));
  expect(await settlementsOf('lawson', week.from)).toHaveLength(1);
  const { rows: booked } = await query(`SELECT count(*)::int AS n FROM ledger.transactions WHERE kind = 'store_settlement.received' AND metadata->>'deposit_id' = $1`, [lawsonStl.depositId]);
  expect(booked[0].n).toBe(1);
  expect((await total(RECEIVABLE)) - receivable1).toBe(await othersPosted('test:platform:platform_store_receivable', mark, []));

  // Nothing is due twice: the next run of the store network transfers nothing more.
  expect((await store.call('POST', '/control/settle')).settled).toEqual([]);
  // the webhook service recorded the deposits as the chains', not as unattributed ones
  const { rows: deposits } = await query(`SELECT store_chain, merchant_id, edi_info, business_date::text AS d FROM webhook.deposits WHERE id = ANY($1) ORDER BY business_date`, [[lawsonStl.depositId, familyStl.depositId]]);
  expect(deposits).toEqual([
    { store_chain: 'lawson', merchant_id: null, edi_info: lawsonDay.settled[0].edi_info, d: lawsonDue },
    { store_chain: 'familymart', merchant_id: null, edi_info: lawsonDay.settled[0].edi_info, d: familyDue },
  ]);
});

it('books a transfer into a chain\'s account that names no week, and flags it as unknown_period', async () => {
  const { date } = await bank.call('GET', '/control/date');
  const dep = await bank.call('POST', '/accounts/9900104/deposits', { amount: 4_321, payer_name_kana: 'ﾐﾆｽﾄﾂﾌﾟ' });
  expect(dep.callback.last_body).toMatchObject({ received: true, duplicate: false, store_chain: 'ministop' });
  const depositId = dep.callback.last_body.deposit_id as string;
  let found: ledgerV1.StoreSettlement | undefined;
  await eventually(async () => {
    found = (await ledger.listStoreSettlements({ livemode: false, chain: 'ministop', flaggedOnly: true, pageSize: 100, pageToken: '' })).settlements.find((s) => s.depositId === depositId);
    return found !== undefined;
  }, 30_000, 'the transfer booked');
  expect(found).toMatchObject({ amount: 4_321, expected: 0, difference: 4_321, periodFrom: '', status: ledgerV1.StoreSettlementStatus.STORE_SETTLEMENT_STATUS_UNKNOWN_PERIOD, receivedOn: date });
  const { transaction } = await ledger.getTransaction({ livemode: false, transactionId: found!.transactionId });
  expect(transaction!.postings).toEqual([{ account: BANK, amount: -4_321 }, { account: RECEIVABLE, amount: 4_321 }]);
  const { rows } = await query(`SELECT flags FROM webhook.inbound_requests WHERE partner = 'simbank' AND event_id = $1`, [dep.id]);
  expect(rows[0].flags).toEqual(['settlement_without_period']);
  // a page token that is not one answers an error naming the field
  await expect(ledger.listStoreSettlements({ livemode: false, chain: '', flaggedOnly: false, pageSize: 1, pageToken: 'nonsense' })).rejects.toMatchObject({ fieldViolations: [expect.objectContaining({ field: 'page_token' })] });
  const first = await ledger.listStoreSettlements({ livemode: false, chain: '', flaggedOnly: false, pageSize: 1, pageToken: '' });
  const second = await ledger.listStoreSettlements({ livemode: false, chain: '', flaggedOnly: false, pageSize: 1, pageToken: first.nextPageToken });
  expect(second.settlements[0].id).not.toBe(first.settlements[0].id);
});
