import { randomBytes } from 'node:crypto';
import {
  createDataSource, createLogger, DataSource, edgeMigration, Idempotency, MESH, Metrics, Outbox, platformMigration, requestHash, runMigrations, systemClock,
} from '@kessai/platform';
import { bootstrapServiceSchema, createDatabase, dropDatabase } from '../../../scripts/src/lib/infra';
import { testContext } from '../../../scripts/test/support/context';
import { migratedPool } from '../../../scripts/test/support/db';
import { createMerchant } from '../src/app/create-merchant';
import type { GatewayDeps } from '../src/app/deps';
import { gatewayMetrics } from '../src/app/metrics';
import { DepositNoticeStore } from '../src/db/deposit-notice-store';
import { MerchantStore } from '../src/db/merchant-store';
import { Gateway1764000000200 } from '../src/db/migrations/1764000000200-gateway';
import { GATEWAY_MIGRATIONS } from '../src/db/migrations';
import type { MerchantSettings } from '../src/domain/merchant';

// Migration 1764900000100 moves merchant create keys from merchants.create_key /
// create_hash into idempotency_commands: a database migrated from the old
// schema must replay old keys and reject them for another request.
const ctx = testContext();
const dbName = `${ctx.dbName}_gwkeys_${randomBytes(3).toString('hex')}`;
const schema = MESH.gateway.schema;
const settings: MerchantSettings = { enabled_store_chains: ['lawson'], fee_plan: 'standard', settlement_cycle: 'monthly_end', payout_account: null };
let db: DataSource;
let deps: GatewayDeps;
let applied: string[];

/** A merchant as the gateway stored it before the migration (the old create_hash fingerprint). */
async function oldMerchant(old: DataSource, id: string, name: string, key: string | null, numbers: [string, string]): Promise<void> {
  const hash = key ? requestHash({ name, ownerId: '', settings }) : null;
  await old.query(
    `INSERT INTO merchants (id, name, owner_id, settings, test_virtual_account_number, live_virtual_account_number, created_at, create_key, create_hash)
     VALUES ($1, $2, NULL, $3, $4, $5, now(), $6, $7)`,
    [id, name, JSON.stringify(settings), numbers[0], numbers[1], key, hash],
  );
}

beforeAll(async () => {
  await createDatabase(ctx.adminUrl, dbName);
  const url = await bootstrapServiceSchema(ctx.adminUrl, dbName, MESH.gateway);
  // the schema as released before the migration, with merchants created by the old code
  const old = createDataSource({ url, schema, service: 'gateway', migrations: [platformMigration(schema), edgeMigration(schema), Gateway1764000000200] });
  await old.initialize();
  try {
    await runMigrations(old, schema);
    await oldMerchant(old, 'mer_oldkeyed', 'Old KK', 'old-create-key', ['1000001', '2000001']);
    await oldMerchant(old, 'mer_oldplain', 'Plain KK', null, ['1000002', '2000002']);
    // renamed after creation: the key still replays (it is bound to the create request, not to the current name)
    await old.query(`UPDATE merchants SET name = 'Old KK (renamed)' WHERE id = 'mer_oldkeyed'`);
  } finally {
    await old.destroy();
  }
  ({ db, applied } = await migratedPool(url, schema, 'gateway', GATEWAY_MIGRATIONS));
  deps = {
    store: new MerchantStore(db),
    notices: new DepositNoticeStore(db),
    clock: systemClock,
    logger: createLogger({ service: 'gateway', level: 'silent' }),
    keyPepper: 'test-pepper-xxxxxxxxxx',
    dataSource: db,
    outbox: new Outbox(schema, 'gateway', ctx.prefix),
    idempotency: new Idempotency(schema),
    metrics: gatewayMetrics(new Metrics('gateway')),
    eventsCommitted: () => undefined,
  };
}, 60_000);

afterAll(async () => {
  await db?.destroy();
  await dropDatabase(ctx.adminUrl, dbName);
});

const merchantCount = async () => Number((await db.query(`SELECT count(*) AS n FROM merchants`))[0].n);
const createdTotal = async () => (await deps.metrics.merchantsCreated.get()).values.reduce((sum, v) => sum + v.value, 0);

describe('migration 1764900000100: merchant create keys → idempotency_commands', () => {
  it('runs after the platform idempotency table, and copies only keyed merchants', async () => {
    expect(applied.slice(0, 2)).toEqual(['PlatformIdempotency1764900000000', 'GatewayCreateKeys1764900000100']);
    const rows = await db.query(`SELECT scope, key, operation, response FROM idempotency_commands ORDER BY key`);
    expect(rows).toEqual([{ scope: 'merchant.create', key: 'old-create-key', operation: 'merchant.create', response: { merchantId: 'mer_oldkeyed' } }]);
  });

  it('replays an old key with the merchant as it is now, creating nothing', async () => {
    const before = await merchantCount();
    const counted = await createdTotal();
    const m = await createMerchant(deps, { idempotencyKey: 'old-create-key', name: ' Old KK ', ownerId: '', settings });
    expect(m).toMatchObject({ id: 'mer_oldkeyed', name: 'Old KK (renamed)', test_virtual_account_number: '1000001' });
    expect(await merchantCount()).toBe(before);
    expect(await createdTotal()).toBe(counted);
  });

  it('rejects an old key used for another request with idempotency_key_reused', async () => {
    await expect(createMerchant(deps, { idempotencyKey: 'old-create-key', name: 'Another KK', ownerId: '', settings })).rejects.toMatchObject({
      kind: 'already_exists',
      code: 'idempotency_key_reused',
    });
    await expect(
      createMerchant(deps, { idempotencyKey: 'old-create-key', name: 'Old KK', ownerId: '', settings: { ...settings, enabled_store_chains: ['seven_eleven'] } }),
    ).rejects.toMatchObject({ code: 'idempotency_key_reused' });
  });

  it('creates, counts and replays a new key after the migration', async () => {
    const counted = await createdTotal();
    const a = await createMerchant(deps, { idempotencyKey: 'new-create-key', name: 'New KK', ownerId: '', settings });
    const b = await createMerchant(deps, { idempotencyKey: 'new-create-key', name: 'New KK', ownerId: '', settings });
    expect(b.id).toBe(a.id);
    expect(await createdTotal()).toBe(counted + 1);
    const cols = await db.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'gateway' AND table_name = 'merchants' AND column_name IN ('create_key', 'create_hash')`);
    expect(cols).toEqual([]);
  });
});
