import { randomBytes } from 'node:crypto';
import { isValidCustomerNumber } from '@kessai/konbini';
import { createDataSource, DataSource, MESH, platformMigrations, runMigrations } from '@kessai/platform';
import { bootstrapServiceSchema, createDatabase, dropDatabase } from '../../../scripts/src/lib/infra';
import { testContext } from '../../../scripts/test/support/context';
import { migratedPool } from '../../../scripts/test/support/db';
import { openBillsForNumber } from '../src/db/bill-store';
import { aliasedCustomerNumber } from '../src/db/customer-store';
import { BILLING_MIGRATIONS } from '../src/db/migrations';
import { KonbiniRules1765100000500 } from '../src/db/migrations/1765100000500-konbini-rules';

/**
 * Migration 1765100000500 on a database of its own: billing as released, with
 * a 17-digit customer number, its customer and bills; then this release. The
 * number gets a 12-digit one; the old one is kept as its alias for the bills
 * registered under it while one of them is open.
 */
const ctx = testContext();
const dbName = `${ctx.dbName}_cusnum${randomBytes(3).toString('hex')}`;
const schema = MESH.billing.schema;
const LEGACY = '90000000000000001';
let db: DataSource;

beforeAll(async () => {
  await createDatabase(ctx.adminUrl, dbName);
  const url = await bootstrapServiceSchema(ctx.adminUrl, dbName, MESH.billing);
  const released = BILLING_MIGRATIONS.filter((m) => m !== KonbiniRules1765100000500);
  const old = createDataSource({ url, schema, service: 'billing-cusnum-test', migrations: [...platformMigrations(schema), ...released], poolSize: 2 });
  await old.initialize();
  try {
    await runMigrations(old, schema);
    const at = new Date('2026-11-20T01:00:00Z');
    await old.query(`INSERT INTO billing.customer_numbers (number, livemode, merchant_id, created_at) VALUES ($1, false, 'mer_old', $2)`, [LEGACY, at]);
    await old.query(`INSERT INTO billing.customers (id, livemode, merchant_id, customer_number, name, email, created_at) VALUES ('cus_old', false, 'mer_old', $1, '旧 顧客', 'old@example.jp', $2)`, [LEGACY, at]);
    for (const [id, status] of [['bill_open', 'open'], ['bill_paid', 'paid']]) {
      await old.query(
        `INSERT INTO billing.bills (id, livemode, merchant_id, status, amount, due_date, registered_on, stores, slip_token, customer_number, created_at, updated_at)
         VALUES ($1, false, 'mer_old', $2, 1500, '2026-12-01', '2026-11-20', '{lawson,seven_eleven}', $1 || '_token_0123456789', $3, $4, $4)`,
        [id, status, LEGACY, at],
      );
    }
  } finally {
    await old.destroy();
  }
  ({ db } = await migratedPool(url, schema, 'billing-cusnum-test', BILLING_MIGRATIONS, 2));
}, 60_000);

afterAll(async () => {
  await db?.destroy();
  await dropDatabase(ctx.adminUrl, dbName);
});

describe('migration 1765100000500: 17-digit customer numbers get a number in the chains\' shape', () => {
  let fresh = '';

  it('gives the customer and its bills a 12-digit number, keeping the old one as an alias', async () => {
    const [customer] = await db.query(`SELECT customer_number FROM billing.customers WHERE id = 'cus_old'`);
    fresh = customer.customer_number;
    expect(isValidCustomerNumber(fresh)).toBe(true);
    expect(await db.query(`SELECT number, alias_of FROM billing.customer_numbers ORDER BY length(number)`)).toEqual([
      { number: fresh, alias_of: null },
      { number: LEGACY, alias_of: fresh },
    ]);
    expect(await db.query(`SELECT id, customer_number, customer_number_alias FROM billing.bills ORDER BY id`)).toEqual([
      { id: 'bill_open', customer_number: fresh, customer_number_alias: LEGACY },
      { id: 'bill_paid', customer_number: fresh, customer_number_alias: LEGACY },
    ]);
  });

  it('answers the old number at a kiosk chain while a bill registered under it is open, then no more', async () => {
    const q = { livemode: false, number: LEGACY, customerNumber: '', legacy: LEGACY, firstDueDate: '2026-11-25' };
    expect((await openBillsForNumber(db, { ...q, chain: 'lawson' }, 20)).map((b) => b.id)).toEqual(['bill_open']);
    expect(await aliasedCustomerNumber(db, LEGACY, false, 'mer_old')).toBe(fresh);
    // the new number finds the same bill
    expect((await openBillsForNumber(db, { ...q, chain: 'lawson', number: `91${fresh}`, customerNumber: fresh, legacy: '' }, 20)).map((b) => b.id)).toEqual(['bill_open']);
    // another merchant's alias is nothing
    expect(await aliasedCustomerNumber(db, LEGACY, false, 'mer_other')).toBe('');
    await db.query(`UPDATE billing.bills SET status = 'paid' WHERE id = 'bill_open'`);
    expect(await openBillsForNumber(db, { ...q, chain: 'lawson' }, 20)).toEqual([]);
    expect(await aliasedCustomerNumber(db, LEGACY, false, 'mer_old')).toBe('');
  });

  it('runs again without renumbering anything', async () => {
    const { renumberLegacyCustomerNumbers } = await import('../src/db/migrations/1765100000500-konbini-rules');
    expect(await renumberLegacyCustomerNumbers(db)).toBe(0);
  });
});
