import { randomUUID } from 'node:crypto';
import { ledgerV1 } from '@kessai/contracts';
import { acct, AccountType, ledgerClient, LedgerClient } from '../../../scripts/test/support/clients';
import { testContext } from '../../../scripts/test/support/context';
import { rejection } from '../../../scripts/test/support/errors';

// The accounts the fees service posts to (docs/reference/fees-and-settlement.md#ledger-accounts):
// a collection statement and a remittance invoice with its payment, through the public RPCs.
const T = AccountType;
let ledger: LedgerClient;
beforeAll(() => {
  ledger = ledgerClient(testContext().services.ledger.grpcAddr);
});
afterAll(() => ledger.close());

const merchant = () => `mer_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
const post = (m: string, kind: string, postings: [string, ledgerV1.AccountType, number][]) =>
  ledger.post({
    idempotencyKey: `k-${randomUUID()}`, livemode: false, kind, description: '', merchantId: m, metadata: {},
    postings: postings.map(([owner, type, amount]) => ({ account: acct(owner, type), amount })),
  });
const total = async (owner: string, type: ledgerV1.AccountType) => (await ledger.getBalance({ livemode: false, account: acct(owner, type) })).balance!.total;

it('books a collection statement: collections → fee revenue, consumption tax payable, stamp duty payable, payout', async () => {
  const m = merchant();
  const [revenue, tax, stamp] = await Promise.all([total('platform', T.ACCOUNT_TYPE_PLATFORM_FEE_REVENUE), total('platform', T.ACCOUNT_TYPE_PLATFORM_TAX_PAYABLE), total('platform', T.ACCOUNT_TYPE_PLATFORM_STAMP_DUTY)]);
  await post(m, 'collection.confirmed', [['platform', T.ACCOUNT_TYPE_PLATFORM_STORE_RECEIVABLE, -120_000], [m, T.ACCOUNT_TYPE_COLLECTIONS, 120_000]]);
  // fees 3,000 (incl. the 1,500 payout fee), tax 10% = 300, one stamp 200 → payout 116,500
  const res = await post(m, 'statement.fixed', [
    [m, T.ACCOUNT_TYPE_COLLECTIONS, -120_000],
    ['platform', T.ACCOUNT_TYPE_PLATFORM_FEE_REVENUE, 3_000],
    ['platform', T.ACCOUNT_TYPE_PLATFORM_TAX_PAYABLE, 300],
    ['platform', T.ACCOUNT_TYPE_PLATFORM_STAMP_DUTY, 200],
    [m, T.ACCOUNT_TYPE_PAYOUTS_IN_TRANSIT, 116_500],
  ]);
  expect(res.transaction!.postings.map((p) => p.account!.type)).toEqual([
    T.ACCOUNT_TYPE_COLLECTIONS, T.ACCOUNT_TYPE_PLATFORM_FEE_REVENUE, T.ACCOUNT_TYPE_PLATFORM_TAX_PAYABLE, T.ACCOUNT_TYPE_PLATFORM_STAMP_DUTY, T.ACCOUNT_TYPE_PAYOUTS_IN_TRANSIT,
  ]);
  expect(await total(m, T.ACCOUNT_TYPE_COLLECTIONS)).toBe(0);
  expect(await total(m, T.ACCOUNT_TYPE_PAYOUTS_IN_TRANSIT)).toBe(116_500);
  // other test files may post to the platform accounts too: at least this statement's share arrived
  expect(await total('platform', T.ACCOUNT_TYPE_PLATFORM_FEE_REVENUE)).toBeGreaterThanOrEqual(revenue + 3_000);
  expect(await total('platform', T.ACCOUNT_TYPE_PLATFORM_TAX_PAYABLE)).toBeGreaterThanOrEqual(tax + 300);
  expect(await total('platform', T.ACCOUNT_TYPE_PLATFORM_STAMP_DUTY)).toBeGreaterThanOrEqual(stamp + 200);
  const entries = await ledger.listEntries({ livemode: false, account: acct('platform', T.ACCOUNT_TYPE_PLATFORM_TAX_PAYABLE), pageSize: 50, pageToken: '' });
  expect(entries.entries.find((e) => e.transactionId === res.transaction!.id)).toMatchObject({ amount: 300, kind: 'statement.fixed' });
});

it('books a remittance invoice on the merchant\'s fees receivable, which goes negative, and its payment clears it', async () => {
  const m = merchant();
  // 10,000 initial + 2 × 500 transfers = 11,000; tax 1,100 → invoice 12,100
  await post(m, 'invoice.issued', [
    [m, T.ACCOUNT_TYPE_FEES_RECEIVABLE, -12_100],
    ['platform', T.ACCOUNT_TYPE_PLATFORM_FEE_REVENUE, 11_000],
    ['platform', T.ACCOUNT_TYPE_PLATFORM_TAX_PAYABLE, 1_100],
  ]);
  expect(await ledger.getBalance({ livemode: false, account: acct(m, T.ACCOUNT_TYPE_FEES_RECEIVABLE) })).toMatchObject({ balance: { total: -12_100, available: -12_100 } });
  await post(m, 'invoice.paid', [['platform', T.ACCOUNT_TYPE_PLATFORM_BANK, -12_100], [m, T.ACCOUNT_TYPE_FEES_RECEIVABLE, 12_100]]);
  expect(await total(m, T.ACCOUNT_TYPE_FEES_RECEIVABLE)).toBe(0);
  // an overpayment shows as a positive receivable (unbounded either way)
  await post(m, 'invoice.paid', [['platform', T.ACCOUNT_TYPE_PLATFORM_BANK, -1], [m, T.ACCOUNT_TYPE_FEES_RECEIVABLE, 1]]);
  expect(await total(m, T.ACCOUNT_TYPE_FEES_RECEIVABLE)).toBe(1);
});

it('keeps the owners straight: fees receivable is a merchant\'s, tax payable the platform\'s; nothing can be held on them', async () => {
  const m = merchant();
  const wrongOwner = await rejection(post(m, 'invoice.issued', [['platform', T.ACCOUNT_TYPE_FEES_RECEIVABLE, -10], [m, T.ACCOUNT_TYPE_PLATFORM_TAX_PAYABLE, 10]]));
  expect(wrongOwner.kind).toBe('invalid_argument');
  expect(wrongOwner.fieldViolations.map((v) => v.field)).toEqual(['postings[0].account.owner_id', 'postings[1].account.owner_id']);
  const hold = await rejection(ledger.createHold({ idempotencyKey: `k-${randomUUID()}`, livemode: false, account: acct(m, T.ACCOUNT_TYPE_FEES_RECEIVABLE), amount: 1, reference: 'x', description: '', merchantId: m }));
  expect(hold.fieldViolations.map((v) => v.field)).toEqual(['account.type']);
});
