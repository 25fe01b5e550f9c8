import { tokyoDate } from '@kessai/bank-calendar';
import { billingEventsV1, feesV1, ledgerV1 } from '@kessai/contracts';
import { addDays, settlementPeriod } from '@kessai/konbini';
import { connectClient, newId } from '@kessai/platform';
import { acct, AccountType, eventually, ledgerClient, type LedgerClient } from '../../../scripts/test/support/clients';
import { gatewayAdminClient, OPERATOR } from '../../../scripts/test/support/edge';
import { collectionCredits, feesTestKit } from './support';

// Tenants (docs/reference/fees-and-settlement.md#tenants): a tenant without a payout account of
// its own is settled on its owner's statement (broken down per merchant, ListStatementTenants), its
// collections taken from its own ledger account; a tenant with one gets its own statement, payout
// and payout fee.
const { ctx, fees, envelope, publish, items } = feesTestKit();
const ops = ctx.services.fees.opsUrl;
const T = AccountType;
const admin = gatewayAdminClient();
const payoutsApi = connectClient(feesV1.PayoutServiceClient, ctx.services.fees.grpcAddr);
let ledger: LedgerClient;
beforeAll(() => {
  ledger = ledgerClient(ctx.services.ledger.grpcAddr);
});
afterAll(() => {
  ledger.close();
  admin.close();
  payoutsApi.close();
});

const total = async (owner: string, type: ledgerV1.AccountType) => (await ledger.getBalance({ livemode: false, account: acct(owner, type) })).balance!.total;
const statements = async (m: string) => (await fees.listStatements({ merchantId: m, livemode: false, pageSize: 0, pageToken: '' })).statements;
const account = (n: string) => ({ bankCode: '0001', branchCode: '001', accountType: 1, accountNumber: n, holderNameKana: 'ﾃﾅﾝﾄ ﾃｽﾄ' });
async function create(ownerId: string, accountNumber?: string): Promise<string> {
  const settings = { enabledStoreChains: ['lawson'], feePlan: 'collection_plan', settlementCycle: 'half_monthly', ...(accountNumber ? { payoutAccount: account(accountNumber) } : {}) };
  const { merchant } = await admin.createMerchant({ idempotencyKey: '', name: ownerId ? 'テナント店' : 'モール運営KK', ownerId, settings }, OPERATOR);
  return merchant!.id;
}
const paid = (merchantId: string, ownerId: string, amount: number, stampDuty: number, paidAt: Date) =>
  envelope('billing.payment.confirmed', merchantId, 'kessai.billing.events.v1.PaymentChanged', billingEventsV1.PaymentChanged, {
    payment: { paymentId: newId('pay'), billId: newId('bill'), merchantId, ownerId, status: 'confirmed', chain: 'lawson', paymentNumber: '1', amount, stampDuty, paidAt },
  });
async function runJob(name: string): Promise<void> {
  expect((await fetch(`${ops}/test/jobs/${name}/run`, { method: 'POST' })).status).toBe(200);
}

it('pays a tenant without its own payout account through its owner\'s statement, and one with its own separately', async () => {
  const owner = await create('', '1112223');
  const shared = await create(owner); // no payout account: settled by the owner
  const own = await create(owner, '4445556'); // its own account: its own statement
  const now = new Date(((await (await fetch(`${ops}/test/clock`)).json()) as { now: string }).now);
  const period = settlementPeriod('half_monthly', addDays(tokyoDate(now), -40));
  const at = new Date(`${period.start}T03:00:00Z`);
  await publish([paid(owner, '', 3_000, 0, at), paid(shared, owner, 55_000, 200, at), paid(own, owner, 3_000, 0, at)]);
  await eventually(async () => (await items(owner)).length === 1 && (await items(shared)).length === 2 && (await items(own)).length === 1, 30_000, 'fee items accrued');
  // by the entries, not the balances: other files move the shared fees clock on, so its scheduler may fix these statements any time
  await eventually(async () => (await collectionCredits(ledger, shared)).includes(55_000) && (await collectionCredits(ledger, own)).includes(3_000), 30_000, 'collections credited');

  await runJob('fees.fix-statements');
  await eventually(async () => (await statements(owner)).length === 1 && (await statements(own)).length === 1, 15_000, 'statements fixed');
  expect(await statements(shared)).toEqual([]);
  const [mall] = await statements(owner);
  expect(mall).toMatchObject({ confirmedCollections: 58_000, stampDuty: 200, payoutFee: 1_500, consumptionTax: 150, payoutAmount: 56_150 });
  const [shop] = await statements(own);
  expect(shop).toMatchObject({ confirmedCollections: 3_000, payoutFee: 1_500, consumptionTax: 150, payoutAmount: 1_350 });

  const { tenants } = await payoutsApi.listStatementTenants({ statementId: mall.id, merchantId: owner, pageSize: 0, pageToken: '' });
  expect(tenants).toEqual(expect.arrayContaining([
    { statementId: mall.id, merchantId: owner, confirmedCollections: 3_000, collectionCount: 1, fees: 0, stampDuty: 0 },
    { statementId: mall.id, merchantId: shared, confirmedCollections: 55_000, collectionCount: 1, fees: 0, stampDuty: 200 },
  ]));
  expect(tenants).toHaveLength(2);
  const page1 = await payoutsApi.listStatementTenants({ statementId: mall.id, merchantId: owner, pageSize: 1, pageToken: '' });
  const page2 = await payoutsApi.listStatementTenants({ statementId: mall.id, merchantId: owner, pageSize: 1, pageToken: page1.nextPageToken });
  expect([...page1.tenants, ...page2.tenants].map((t) => t.merchantId)).toEqual(tenants.map((t) => t.merchantId));
  await expect(payoutsApi.listStatementTenants({ statementId: mall.id, merchantId: own, pageSize: 0, pageToken: '' })).rejects.toThrow();

  // the ledger: the tenant's collections go into its owner's statement; each statement's payout in transit
  await runJob('fees.ledger-ops');
  await eventually(async () => (await total(owner, T.ACCOUNT_TYPE_PAYOUTS_IN_TRANSIT)) === 56_150 && (await total(own, T.ACCOUNT_TYPE_PAYOUTS_IN_TRANSIT)) === 1_350, 15_000, 'statements posted');
  for (const m of [owner, shared, own]) expect(await total(m, T.ACCOUNT_TYPE_COLLECTIONS)).toBe(0);
  expect(await total(shared, T.ACCOUNT_TYPE_PAYOUTS_IN_TRANSIT)).toBe(0);

  // a payout each: the owner's (its tenant's money in it) and the tenant's own
  const payoutOf = async (m: string) => (await payoutsApi.listPayouts({ merchantId: m, livemode: false, pageSize: 0, pageToken: '', state: '' })).payouts;
  expect((await payoutOf(owner)).map((p) => [p.statementId, p.amount])).toEqual([[mall.id, 56_150]]);
  expect((await payoutOf(own)).map((p) => [p.statementId, p.amount])).toEqual([[shop.id, 1_350]]);
  expect(await payoutOf(shared)).toEqual([]);
});
