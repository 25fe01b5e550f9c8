import { randomBytes } from 'node:crypto';
import {
  createDataSource, DataSource, Idempotency, MESH, platformMigration, platformMigrations, requestHash, runMigrations,
} from '@kessai/platform';
import { bootstrapServiceSchema, createDatabase, dropDatabase } from '../../../scripts/src/lib/infra';
import { testContext } from '../../../scripts/test/support/context';
import { createBillCommand, CreateBillInput } from '../src/app/create-bill';
import { createCustomerCommand, CreateCustomerInput } from '../src/app/create-customer';
import { deleteBillCommand } from '../src/app/delete-bill';
import { reviveBill } from '../src/app/revive-bill';
import { updateBillCommand } from '../src/app/update-bill';
import { Billing1764000000500 } from '../src/db/migrations/1764000000500-billing';
import { CustomersIdempotencyMismatch1764000000510 } from '../src/db/migrations/1764000000510-customers-idempotency-mismatch';
import { BILLING_MIGRATIONS } from '../src/db/migrations';
import { rejection } from './support';

/**
 * Migration 1764900000500 on a database of its own: billing as released
 * (request ids in bills, customers and bill_requests), then every migration.
 * The request ids recorded before must replay through the platform's
 * idempotency_commands, with the commands the use cases build today.
 */
const ctx = testContext();
const dbName = `${ctx.dbName}_idem${randomBytes(3).toString('hex')}`;
const schema = MESH.billing.schema;
let url = '';
let db: DataSource;

const scope = { livemode: false, merchantId: 'mer_old', includeTenants: false, tenantId: '' };
const created = new Date('2026-11-20T01:00:00Z');
const createInput: CreateBillInput = {
  requestId: 'req-create-1', livemode: false, merchantId: 'mer_old', ownerId: '', merchantName: '旧店', contractChains: ['lawson'], amount: 1_200, taxAmount: null,
  dueDate: '2026-12-01', stores: ['lawson'], message: '', orderReference: 'ORD-OLD', customer: { name: '', email: '', phone: '' }, repeat: false,
  customerNumber: '', newCustomerNumber: false, customerId: '',
};
const customerInput: CreateCustomerInput = { requestId: 'req-cus-1', livemode: true, merchantId: 'mer_old', ownerId: '', name: '旧 顧客', email: 'old@example.jp', phone: '' };
// the bill as an UpdateBill answered it (billing.bill_requests.result)
const updatedSnapshot = {
  id: 'bill_old', livemode: false, merchantId: 'mer_old', ownerId: '', merchantName: '旧店', status: 'open', amount: 1_500, taxAmount: null, dueDate: '2026-12-01',
  registeredOn: '2026-11-20', stores: ['lawson'], message: '', orderReference: 'ORD-OLD', customer: { name: '', email: '', phone: '' }, customerNumber: '', customerId: '',
  repeat: false, slipToken: 'tok_old_0123456789abcdef', createdAt: created.toISOString(), updatedAt: '2026-11-21T02:00:00.000Z', paidAt: null, paymentNumbers: [],
};

// The digests the released code stored (app/bills.ts and app/customers.ts before the platform table), written out here on purpose.
const oldCreateHash = requestHash({ ...createInput, requestId: undefined, customerId: createInput.customerId || undefined });
const oldUpdateHash = requestHash({ scope, billId: 'bill_old', amount: 1_500, taxAmount: 'keep', dueDate: 'keep', message: 'keep' });
const oldDeleteHash = requestHash({ scope, billId: 'bill_old' });
const oldCustomerHash = requestHash({ ...customerInput, requestId: undefined });

const dataSource = (migrations: NonNullable<Parameters<typeof createDataSource>[0]['migrations']>) =>
  createDataSource({ url, schema, service: 'billing-migration-test', migrations, poolSize: 2 });

beforeAll(async () => {
  await createDatabase(ctx.adminUrl, dbName);
  url = await bootstrapServiceSchema(ctx.adminUrl, dbName, MESH.billing);
  // billing as released
  const released = dataSource([platformMigration(schema), Billing1764000000500, CustomersIdempotencyMismatch1764000000510]);
  await released.initialize();
  try {
    await runMigrations(released, schema);
    await released.query(
      `INSERT INTO billing.bills (id, livemode, merchant_id, status, amount, due_date, registered_on, stores, order_reference, slip_token, request_id, request_hash, created_at, updated_at)
       VALUES ('bill_old', false, 'mer_old', 'open', 1500, '2026-12-01', '2026-11-20', '{lawson}', 'ORD-OLD', 'tok_old_0123456789abcdef', $1, $2, $3, $3)`,
      [createInput.requestId, oldCreateHash, created],
    );
    await released.query(
      `INSERT INTO billing.bill_requests (livemode, merchant_id, operation, request_id, request_hash, bill_id, result, created_at)
       VALUES (false, 'mer_old', 'update', 'req-update-1', $1, 'bill_old', $3::jsonb, $4), (false, 'mer_old', 'delete', 'req-delete-1', $2, 'bill_old', $3::jsonb, $4)`,
      [oldUpdateHash, oldDeleteHash, JSON.stringify(updatedSnapshot), created],
    );
    await released.query(`INSERT INTO billing.customer_numbers (number, livemode, merchant_id, created_at) VALUES ('90000000000000001', true, 'mer_old', $1)`, [created]);
    await released.query(
      `INSERT INTO billing.customers (id, livemode, merchant_id, customer_number, name, email, request_id, request_hash, created_at)
       VALUES ('cus_old', true, 'mer_old', '90000000000000001', '旧 顧客', 'old@example.jp', $1, $2, $3)`,
      [customerInput.requestId, oldCustomerHash, created],
    );
  } finally {
    await released.destroy();
  }
  // this release
  db = dataSource([...platformMigrations(schema), ...BILLING_MIGRATIONS]);
  await db.initialize();
  await runMigrations(db, schema);
});

afterAll(async () => {
  await db?.destroy();
  await dropDatabase(ctx.adminUrl, dbName);
});

const idempotency = new Idempotency(schema);
const mustNotRun = async (): Promise<never> => {
  throw new Error('a copied request must replay, not run again');
};

describe('migration 1764900000500: billing request ids → idempotency_commands', () => {
  it('copies every recorded request id, one command each', async () => {
    const rows = await db.query(`SELECT scope, key, operation, response, created_at FROM billing.idempotency_commands ORDER BY key COLLATE "C"`);
    expect(rows).toEqual([
      { scope: 'bill.create:test:mer_old', key: 'req-create-1', operation: 'bill.create', response: 'bill_old', created_at: created },
      { scope: 'customer.create:live:mer_old', key: 'req-cus-1', operation: 'customer.create', response: 'cus_old', created_at: created },
      { scope: 'bill.delete:test:mer_old', key: 'req-delete-1', operation: 'bill.delete', response: updatedSnapshot, created_at: created },
      { scope: 'bill.update:test:mer_old', key: 'req-update-1', operation: 'bill.update', response: updatedSnapshot, created_at: created },
    ]);
  });

  it('replays an old CreateBill request id with the command CreateBill builds today', async () => {
    expect(await idempotency.run(db, createBillCommand(createInput), mustNotRun)).toEqual({ value: 'bill_old', replayed: true });
  });

  it('still refuses an old request id reused for another request', async () => {
    const err = await rejection(idempotency.run(db, createBillCommand({ ...createInput, amount: 1_300 }), mustNotRun));
    expect({ kind: err.kind, code: err.code }).toEqual({ kind: 'already_exists', code: 'idempotency_key_reused' });
  });

  it('replays old UpdateBill and DeleteBill ids with the bill they answered first', async () => {
    const update = await idempotency.run(db, updateBillCommand(scope, 'bill_old', { amount: 1_500 }, 'req-update-1'), mustNotRun, reviveBill);
    expect(update.replayed).toBe(true);
    expect(update.value).toEqual({ ...updatedSnapshot, createdAt: created, updatedAt: new Date(updatedSnapshot.updatedAt), paidAt: null });
    const deletion = await idempotency.run(db, deleteBillCommand(scope, 'bill_old', 'req-delete-1'), mustNotRun, reviveBill);
    expect(deletion.replayed).toBe(true);
    // the same id for another bill is another request
    expect((await rejection(idempotency.run(db, deleteBillCommand(scope, 'bill_other', 'req-delete-1'), mustNotRun))).code).toBe('idempotency_key_reused');
  });

  it('replays an old CreateCustomer request id', async () => {
    expect(await idempotency.run(db, createCustomerCommand(customerInput), mustNotRun)).toEqual({ value: 'cus_old', replayed: true });
    expect((await rejection(idempotency.run(db, createCustomerCommand({ ...customerInput, name: '別人' }), mustNotRun))).code).toBe('idempotency_key_reused');
  });

  it('drops the old request records: billing keeps no idempotency table of its own', async () => {
    const cols = await db.query(
      `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = 'billing' AND table_name IN ('bills', 'customers', 'bill_requests') AND column_name IN ('request_id', 'request_hash')`,
    );
    expect(cols).toEqual([]);
    const [{ old }] = await db.query(`SELECT to_regclass('billing.bill_requests') AS old`);
    expect(old).toBeNull();
  });
});
