import { randomBytes } from 'node:crypto';
import { createDataSource, DataSource, MESH, platformMigrations, runMigrations } from '@kessai/platform';
import { bootstrapServiceSchema, createDatabase, dropDatabase } from '../../../scripts/src/lib/infra';
import { testContext } from '../../../scripts/test/support/context';
import { migratedPool } from '../../../scripts/test/support/db';
import { MerchantStore } from '../src/db/merchant-store';
import { GATEWAY_MIGRATIONS } from '../src/db/migrations';
import { GatewayContractTerms1765300000100 } from '../src/db/migrations/1765300000100-contract-terms';

// Migration 1765300000200 turns the free-form fee_plan / settlement_cycle of
// merchants created before it into their first dated contract terms, under the
// current names (docs/reference/fees-and-settlement.md#the-merchant-contract).
const ctx = testContext();
const dbName = `${ctx.dbName}_gwterms_${randomBytes(3).toString('hex')}`;
const schema = MESH.gateway.schema;
let db: DataSource;
let applied: string[];

const before = GATEWAY_MIGRATIONS.slice(0, GATEWAY_MIGRATIONS.indexOf(GatewayContractTerms1765300000100));
const OLD: [string, Record<string, unknown>, string][] = [
  // id, settings as stored before, created_at (UTC)
  ['mer_monthlyend', { enabled_store_chains: ['lawson'], fee_plan: 'standard', settlement_cycle: 'monthly_end', payout_account: null }, '2026-10-31T15:30:00Z'], // 11-01 in Tokyo
  ['mer_semimonthly', { enabled_store_chains: [], fee_plan: 'standard', settlement_cycle: 'semi_monthly', payout_account: null }, '2026-11-02T01:00:00Z'],
  ['mer_weekly', { enabled_store_chains: [], fee_plan: 'billing', settlement_cycle: 'weekly', payout_account: null, konbini_receipt_notice: true }, '2026-11-03T01:00:00Z'],
  ['mer_unknown', { enabled_store_chains: [], fee_plan: 'premium', settlement_cycle: 'daily', payout_account: null }, '2026-11-04T01:00:00Z'],
  ['mer_nothing', {}, '2026-11-05T01:00:00Z'],
  ['mer_current', { enabled_store_chains: [], fee_plan: 'billing_plan', settlement_cycle: 'every_10_days', payout_account: null }, '2026-11-06T01:00:00Z'],
];

beforeAll(async () => {
  await createDatabase(ctx.adminUrl, dbName);
  const url = await bootstrapServiceSchema(ctx.adminUrl, dbName, MESH.gateway);
  const old = createDataSource({ url, schema, service: 'gateway', migrations: [...platformMigrations(schema), ...before] });
  await old.initialize();
  try {
    await runMigrations(old, schema);
    for (const [i, [id, settings, createdAt]] of OLD.entries()) {
      await old.query(
        `INSERT INTO merchants (id, name, owner_id, settings, test_virtual_account_number, live_virtual_account_number, created_at) VALUES ($1, $1, NULL, $2, $3, $4, $5)`,
        [id, JSON.stringify(settings), String(3000000 + i), String(4000000 + i), createdAt],
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

describe('migration 1765300000200: contract names → dated contract terms', () => {
  it('runs after the contract terms table', () => {
    expect(applied.slice(0, 2)).toEqual(['GatewayContractTerms1765300000100', 'GatewayContractNames1765300000200']);
  });

  it('maps every merchant to the current names, in force from its creation day in Tokyo; unknown names become the defaults', async () => {
    const rows = await db.query(`SELECT merchant_id, to_char(effective_from, 'YYYY-MM-DD') AS from, fee_plan, settlement_cycle, legacy FROM contract_terms ORDER BY merchant_id`);
    expect(rows).toEqual([
      { merchant_id: 'mer_current', from: '2026-11-06', fee_plan: 'billing_plan', settlement_cycle: 'every_10_days', legacy: null },
      { merchant_id: 'mer_monthlyend', from: '2026-11-01', fee_plan: 'collection_plan', settlement_cycle: 'monthly', legacy: { fee_plan: 'standard', settlement_cycle: 'monthly_end' } },
      { merchant_id: 'mer_nothing', from: '2026-11-05', fee_plan: 'collection_plan', settlement_cycle: 'monthly', legacy: { fee_plan: null, settlement_cycle: null } },
      { merchant_id: 'mer_semimonthly', from: '2026-11-02', fee_plan: 'collection_plan', settlement_cycle: 'half_monthly', legacy: { fee_plan: 'standard', settlement_cycle: 'semi_monthly' } },
      { merchant_id: 'mer_unknown', from: '2026-11-04', fee_plan: 'collection_plan', settlement_cycle: 'monthly', legacy: { fee_plan: 'premium', settlement_cycle: 'daily' } },
      { merchant_id: 'mer_weekly', from: '2026-11-03', fee_plan: 'billing_plan', settlement_cycle: 'every_5_days', legacy: { fee_plan: 'billing', settlement_cycle: 'weekly' } },
    ]);
  });

  it('takes the two names out of the stored settings and leaves the rest', async () => {
    const store = new MerchantStore(db);
    const weekly = await store.getMerchant('mer_weekly');
    expect(weekly!.settings).toEqual({ enabled_store_chains: [], payout_account: null, konbini_receipt_notice: true });
    expect(weekly!.contract_terms).toEqual([{ fee_plan: 'billing_plan', settlement_cycle: 'every_5_days', effective_from: '2026-11-03' }]);
    const left = await db.query(`SELECT count(*)::int AS n FROM merchants WHERE settings ?| array['fee_plan', 'settlement_cycle']`);
    expect(left[0].n).toBe(0);
  });
});
