import { randomBytes } from 'node:crypto';
import { createDataSource, DataSource, MESH, platformMigrations, runMigrations } from '@kessai/platform';
import { bootstrapServiceSchema, createDatabase, dropDatabase } from '../../../scripts/src/lib/infra';
import { testContext } from '../../../scripts/test/support/context';
import { migratedPool } from '../../../scripts/test/support/db';
import { MerchantStore } from '../src/db/merchant-store';
import { GATEWAY_MIGRATIONS } from '../src/db/migrations';
import { GatewayInvoiceAccounts1765400000200 } from '../src/db/migrations/1765400000200-invoice-accounts';

// Migration 1765400000200 gives every merchant created before it a second
// virtual account per mode, for paying fee invoices, and records every number
// once per mode (docs/reference/fees-and-settlement.md#remittance-fees).
const ctx = testContext();
const dbName = `${ctx.dbName}_gwinv_${randomBytes(3).toString('hex')}`;
const schema = MESH.gateway.schema;
let db: DataSource;
let applied: string[];
const OLD = ['mer_old_a', 'mer_old_b', 'mer_old_c'];

beforeAll(async () => {
  await createDatabase(ctx.adminUrl, dbName);
  const url = await bootstrapServiceSchema(ctx.adminUrl, dbName, MESH.gateway);
  const before = GATEWAY_MIGRATIONS.slice(0, GATEWAY_MIGRATIONS.indexOf(GatewayInvoiceAccounts1765400000200));
  const old = createDataSource({ url, schema, service: 'gateway', migrations: [...platformMigrations(schema), ...before] });
  await old.initialize();
  try {
    await runMigrations(old, schema);
    for (const [i, id] of OLD.entries()) {
      await old.query(
        `INSERT INTO merchants (id, name, owner_id, settings, test_virtual_account_number, live_virtual_account_number, created_at) VALUES ($1, $1, NULL, '{}', $2, $3, now())`,
        [id, String(5000000 + i), String(6000000 + i)],
      );
    }
  } finally {
    await old.destroy();
  }
  ({ db, applied } = await migratedPool(url, schema, 'gateway', GATEWAY_MIGRATIONS));
}, 60_000);

afterAll(async () => {
  await db?.destroy();
  await dropDatabase(ctx.adminUrl, dbName);
});

describe('migration 1765400000200: invoice accounts for existing merchants', () => {
  it('runs once, after the earlier ones', () => {
    expect(applied).toEqual(['GatewayInvoiceAccounts1765400000200']);
  });

  it('gives each merchant two invoice numbers, distinct from every other number of the same mode, and keeps the deposit numbers', async () => {
    const store = new MerchantStore(db);
    const numbers = { false: new Set<string>(), true: new Set<string>() };
    for (const [i, id] of OLD.entries()) {
      const m = (await store.getMerchant(id))!;
      expect(m.test_virtual_account_number).toBe(String(5000000 + i));
      expect(m.live_virtual_account_number).toBe(String(6000000 + i));
      expect(m.test_invoice_account_number).toMatch(/^\d{7}$/);
      expect(m.live_invoice_account_number).toMatch(/^\d{7}$/);
      numbers.false.add(m.test_virtual_account_number).add(m.test_invoice_account_number);
      numbers.true.add(m.live_virtual_account_number).add(m.live_invoice_account_number);
    }
    expect(numbers.false.size).toBe(OLD.length * 2);
    expect(numbers.true.size).toBe(OLD.length * 2);
    const rows = await db.query(`SELECT livemode, kind, count(*)::int AS n FROM virtual_accounts GROUP BY livemode, kind ORDER BY livemode, kind`);
    expect(rows).toEqual([
      { livemode: false, kind: 'deposit', n: 3 }, { livemode: false, kind: 'invoice', n: 3 },
      { livemode: true, kind: 'deposit', n: 3 }, { livemode: true, kind: 'invoice', n: 3 },
    ]);
  });

  it('finds the merchant by either number and says which account it is', async () => {
    const store = new MerchantStore(db);
    const m = (await store.getMerchant('mer_old_b'))!;
    expect(await store.findByVirtualAccount(m.test_virtual_account_number, false)).toMatchObject({ merchant: { id: 'mer_old_b' }, kind: 'deposit' });
    expect(await store.findByVirtualAccount(m.test_invoice_account_number, false)).toMatchObject({ merchant: { id: 'mer_old_b' }, kind: 'invoice' });
    expect(await store.findByVirtualAccount(m.test_invoice_account_number, true)).toBeNull();
  });

  it('refuses a new merchant whose number another account already has (the caller draws again)', async () => {
    const store = new MerchantStore(db);
    const taken = (await store.getMerchant('mer_old_a'))!.test_invoice_account_number;
    const row = {
      id: 'mer_new', name: 'new', owner_id: null, settings: { enabled_store_chains: [], payout_account: null }, contract_terms: [],
      test_virtual_account_number: taken, live_virtual_account_number: '7000001', test_invoice_account_number: '7000002', live_invoice_account_number: '7000003',
      created_at: new Date(), contact_emails: [],
    };
    expect(await db.transaction((tx) => store.insertMerchant(tx, row))).toBe(false);
    expect(await store.getMerchant('mer_new')).toBeNull();
    expect(await db.transaction((tx) => store.insertMerchant(tx, { ...row, test_virtual_account_number: '7000004' }))).toBe(true);
    expect(await store.findByVirtualAccount('7000003', true)).toMatchObject({ merchant: { id: 'mer_new' }, kind: 'invoice' });
  });
});
