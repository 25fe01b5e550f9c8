import { randomBytes } from 'node:crypto';
import { DataSource, Idempotency, isUniqueViolation, MESH, Outbox, SqlParams } from '@kessai/platform';
import { bootstrapServiceSchema, createDatabase, dropDatabase } from '../../../scripts/src/lib/infra';
import { testContext } from '../../../scripts/test/support/context';
import { migratedPool } from '../../../scripts/test/support/db';
import { billEvent } from '../src/app/events';
import type { BillRecord } from '../src/app/types';
import { billAsWritten, findBill, insertNewBill, type NewBill, PAYMENT_NUMBER_TAKEN } from '../src/db/bill-store';
import { BILLING_MIGRATIONS } from '../src/db/migrations';

/**
 * insertNewBill writes a bill, its payment numbers, its event and (given) its
 * command's claim in one statement, and CreateBill answers billAsWritten
 * without reading the bill back: what it answers must be what a read finds,
 * and a failed or repeated write must leave nothing behind.
 */
const ctx = testContext();
const dbName = `${ctx.dbName}_billstore${randomBytes(3).toString('hex')}`;
const schema = MESH.billing.schema;
let db: DataSource;

beforeAll(async () => {
  await createDatabase(ctx.adminUrl, dbName);
  const url = await bootstrapServiceSchema(ctx.adminUrl, dbName, MESH.billing);
  ({ db } = await migratedPool(url, schema, 'billing-bill-store-test', BILLING_MIGRATIONS, 2));
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
const idempotency = new Idempotency(schema);
const outbox = new Outbox(schema, 'billing', 'test.');
const command = (key: string) => ({ scope: 'bill.create:test:mer_store', key, operation: 'bill.create', request: { key } });
const eventOf = (bill: BillRecord) => billEvent('billing.bill.created', bill, at);
const count = async (sql: string, params: unknown[]) => Number((await db.query(sql, params))[0].n);

it('writes the bill, its numbers and its event in one statement, as billAsWritten says and findBill reads', async () => {
  const b = newBill('bill_store_a');
  const record = billAsWritten(b, numbers('000000000001'));
  expect(await insertNewBill(db, b, numbers('000000000001'), { events: (p, when) => outbox.insertSql(p, [eventOf(record)], when).sql })).toBe(true);
  expect(record).toEqual(await findBill(db, 'bill_store_a'));
  expect(record.paymentNumbers.map((n) => n.chain)).toEqual(['seven_eleven', 'lawson']);
  expect(record).toMatchObject({ status: 'open', amount: 12_345, taxAmount: 1_122, dueDate: '2026-12-20', paidAt: null, createdAt: at, updatedAt: at });
  expect(await count(`SELECT count(*) AS n FROM billing.outbox WHERE aggregate_id = $1 AND type = 'billing.bill.created'`, ['bill_store_a'])).toBe(1);
});

it('under a claim: writes once; a second claim of the command writes nothing, not even its event', async () => {
  const b = newBill('bill_store_c', { taxAmount: null, metadata: {}, customer: { name: '', email: '', phone: '' } });
  const nums = numbers('000000000003');
  const parts = { claim: (p: SqlParams) => idempotency.claimKnownSql(p, command('req-c'), b.id), events: (p: SqlParams, when: string) => outbox.insertSql(p, [eventOf(billAsWritten(b, nums))], when).sql };
  expect(await insertNewBill(db, b, nums, parts)).toBe(true);
  expect(billAsWritten(b, nums)).toEqual(await findBill(db, 'bill_store_c'));
  const again = { ...b, id: 'bill_store_c2', slipToken: 'bill_store_c2_slip_token_0123456789' };
  expect(await insertNewBill(db, again, numbers('000000000004'), { ...parts, claim: (p: SqlParams) => idempotency.claimKnownSql(p, command('req-c'), again.id) })).toBe(false);
  expect(await findBill(db, 'bill_store_c2')).toBeNull();
  expect(await count(`SELECT count(*) AS n FROM billing.payment_numbers WHERE number = $1`, ['7000000000004'])).toBe(0);
  expect(await count(`SELECT count(*) AS n FROM billing.outbox WHERE aggregate_id = $1`, ['bill_store_c2'])).toBe(0);
  expect(await idempotency.replay(db, command('req-c'))).toEqual({ value: 'bill_store_c', replayed: true });
});

it('fails whole on a number another bill holds (PAYMENT_NUMBER_TAKEN), so the caller draws again', async () => {
  const b = newBill('bill_store_b');
  const taken = [
    { chain: 'seven_eleven' as const, number: '7000000000001', parts: { number: '7000000000001' } }, // bill_store_a's
    { chain: 'lawson' as const, number: '3000000000002', parts: { number: '3000000000002' } },
  ];
  const err = await insertNewBill(db, b, taken, { claim: (p) => idempotency.claimKnownSql(p, command('req-b'), b.id), events: (p, when) => outbox.insertSql(p, [eventOf(billAsWritten(b, taken))], when).sql }).then(
    () => new Error('written'),
    (e: unknown) => e,
  );
  expect(isUniqueViolation(err, PAYMENT_NUMBER_TAKEN)).toBe(true);
  expect(await findBill(db, 'bill_store_b')).toBeNull();
  expect(await count(`SELECT count(*) AS n FROM billing.payment_numbers WHERE number = $1`, ['3000000000002'])).toBe(0);
  expect(await count(`SELECT count(*) AS n FROM billing.idempotency_commands WHERE key = $1`, ['req-b'])).toBe(0);
  expect(await count(`SELECT count(*) AS n FROM billing.outbox WHERE aggregate_id = $1`, ['bill_store_b'])).toBe(0);
});
