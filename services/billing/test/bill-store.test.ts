import { randomBytes } from 'node:crypto';
import { createDataSource, DataSource, MESH, platformMigrations, runMigrations } from '@kessai/platform';
import { bootstrapServiceSchema, createDatabase, dropDatabase } from '../../../scripts/src/lib/infra';
import { testContext } from '../../../scripts/test/support/context';
import { findBill, insertBill, type NewBill } from '../src/db/bill-store';
import { BILLING_MIGRATIONS } from '../src/db/migrations';

/**
 * insertBill writes the bill and its first draw of payment numbers in one
 * statement and answers the bill as stored, so CreateBill does not read it
 * again: what it answers must be what a later read finds.
 */
const ctx = testContext();
const dbName = `${ctx.dbName}_billstore${randomBytes(3).toString('hex')}`;
const schema = MESH.billing.schema;
let db: DataSource;

beforeAll(async () => {
  await createDatabase(ctx.adminUrl, dbName);
  const url = await bootstrapServiceSchema(ctx.adminUrl, dbName, MESH.billing);
  db = createDataSource({ url, schema, service: 'billing-bill-store-test', migrations: [...platformMigrations(schema), ...BILLING_MIGRATIONS], poolSize: 2 });
  await db.initialize();
  await runMigrations(db, schema);
}, 60_000);

afterAll(async () => {
  await db?.destroy();
  await dropDatabase(ctx.adminUrl, dbName);
});

const at = new Date('2026-12-03T01:02:03.456Z');
function newBill(id: string, over: Partial<NewBill> = {}): NewBill {
  return {
    id, livemode: false, merchantId: 'mer_store', ownerId: '', merchantName: '決済 商店', amount: 12_345, taxAmount: 1_122, dueDate: '2026-12-20',
    registeredOn: '2026-12-03', stores: ['lawson', 'seven_eleven'], message: 'お支払いください', orderReference: 'ord-1',
    customer: { name: '山田 太郎', email: 'taro@example.jp', phone: '0312345678' }, customerNumber: '', customerId: '', repeat: false,
    slipToken: `${id}_slip_token_0123456789`, notify: true, createdAt: at, metadata: { campaign: 'winter' }, reminderDaysBefore: 3, receiptNotice: true,
    ...over,
  };
}
const numbers = (suffix: string) => [
  { chain: 'seven_eleven' as const, number: `7${suffix}`, parts: { number: `7${suffix}` } },
  { chain: 'lawson' as const, number: `3${suffix}`, parts: { number: `3${suffix}` } },
];

it('answers the bill exactly as a later read finds it', async () => {
  const { won, bill } = await insertBill(db, newBill('bill_store_a'), numbers('000000000001'));
  expect(won.sort()).toEqual(['lawson', 'seven_eleven']);
  expect(bill).toEqual(await findBill(db, 'bill_store_a'));
  expect(bill.paymentNumbers.map((n) => n.chain)).toEqual(['seven_eleven', 'lawson']);
  expect(bill).toMatchObject({ status: 'open', amount: 12_345, taxAmount: 1_122, dueDate: '2026-12-20', paidAt: null, createdAt: at, updatedAt: at });
});

it('leaves out a number another bill holds, so the caller draws that chain again', async () => {
  const { won, bill } = await insertBill(db, newBill('bill_store_b', { taxAmount: null, metadata: {} }), [
    { chain: 'seven_eleven', number: '7000000000001', parts: { number: '7000000000001' } }, // bill_store_a's
    { chain: 'lawson', number: '3000000000002', parts: { number: '3000000000002' } },
  ]);
  expect(won).toEqual(['lawson']);
  expect(bill.paymentNumbers).toEqual([{ chain: 'lawson', number: '3000000000002', parts: { number: '3000000000002' } }]);
  expect(bill).toEqual(await findBill(db, 'bill_store_b'));
});
