import { randomBytes } from 'node:crypto';
import {
  ConflictError, createDataSource, createLogger, DataSource, Idempotency, MESH, Metrics, Outbox, platformMigration, platformMigrations, requestHash, runMigrations, systemClock,
} from '@kessai/platform';
import { bootstrapServiceSchema, createDatabase, dropDatabase } from '../../../scripts/src/lib/infra';
import { testContext } from '../../../scripts/test/support/context';
import { captureHold } from '../src/app/capture-hold';
import { createHold, CreateHoldInput } from '../src/app/create-hold';
import type { LedgerDeps } from '../src/app/deps';
import { ledgerMetrics } from '../src/app/metrics';
import { LedgerStore } from '../src/db/ledger-store';
import { Ledger1764000000100 } from '../src/db/migrations/1764000000100-ledger';
import { LEDGER_MIGRATIONS } from '../src/db/migrations';

// A database that ran the ledger's first migration and recorded hold commands
// in the old `ledger.commands` table is migrated forward: the records move to
// the platform's `idempotency_commands`, and the new code replays them.
const ctx = testContext();
const dbName = `${ctx.dbName}_ledger_mig_${randomBytes(3).toString('hex')}`;
let url: string;
let db: DataSource;

const input = (over: Partial<CreateHoldInput> = {}): CreateHoldInput => ({
  idempotencyKey: 'hold-key-1', livemode: false, account: { ownerId: 'mer_migrated', type: 'deposit' }, amount: 500, reference: 'order-1', description: 'seat', merchantId: 'mer_migrated',
  ...over,
});
const storedHold = (livemode: boolean) => ({
  id: `hold_${livemode ? 'live' : 'test'}`, livemode, accountId: `${livemode ? 'live' : 'test'}:mer_migrated:deposit`, merchantId: 'mer_migrated',
  amount: 500, captured: 0, released: 0, reference: 'order-1', description: 'seat', createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z',
});

/** What the old `idempotentCommand` stored: requestHash({ operation, request }) and the response JSON. */
function legacyHash(operation: string, i: CreateHoldInput): string {
  const { idempotencyKey: _key, ...request } = i;
  return requestHash({ operation, request });
}

beforeAll(async () => {
  await createDatabase(ctx.adminUrl, dbName);
  url = await bootstrapServiceSchema(ctx.adminUrl, dbName, MESH.ledger);
  const old = createDataSource({ url, schema: 'ledger', service: 'ledger', migrations: [platformMigration('ledger'), Ledger1764000000100] });
  await old.initialize();
  try {
    await runMigrations(old, 'ledger');
    for (const livemode of [false, true]) {
      await old.query(`INSERT INTO ledger.commands (livemode, idempotency_key, operation, request_hash, response) VALUES ($1, $2, 'hold.create', $3, $4)`, [
        livemode, 'hold-key-1', legacyHash('hold.create', input({ livemode })), JSON.stringify(storedHold(livemode)),
      ]);
    }
  } finally {
    await old.destroy();
  }
  db = createDataSource({ url, schema: 'ledger', service: 'ledger', migrations: [...platformMigrations('ledger'), ...LEDGER_MIGRATIONS] });
  await db.initialize();
});

afterAll(async () => {
  await db?.destroy();
  await dropDatabase(ctx.adminUrl, dbName);
});

it('copies ledger.commands into idempotency_commands (one scope per mode, hashes as they were) and drops it', async () => {
  const applied = await runMigrations(db, 'ledger');
  // these two first; migrations added since run after them
  expect(applied.slice(0, 2)).toEqual(['PlatformIdempotency1764900000000', 'HoldCommandsToPlatform1764900000200']);
  const [{ old }] = await db.query(`SELECT to_regclass('ledger.commands') AS old`);
  expect(old).toBeNull();
  const rows = await db.query(`SELECT scope, key, operation, request_hash, response FROM ledger.idempotency_commands ORDER BY scope`);
  expect(rows).toEqual([
    { scope: 'ledger:live', key: 'hold-key-1', operation: 'hold.create', request_hash: legacyHash('hold.create', input({ livemode: true })), response: storedHold(true) },
    { scope: 'ledger:test', key: 'hold-key-1', operation: 'hold.create', request_hash: legacyHash('hold.create', input()), response: storedHold(false) },
  ]);
});

describe('the new code on the migrated records', () => {
  let deps: LedgerDeps;
  beforeAll(() => {
    const outbox = new Outbox('ledger', 'ledger', 'migration-test.');
    deps = {
      dataSource: db, store: new LedgerStore(outbox), committer: undefined as never, clock: systemClock, outbox,
      logger: createLogger({ service: 'ledger', level: 'silent' }), idempotency: new Idempotency('ledger'),
      metrics: ledgerMetrics(new Metrics('ledger')), eventsCommitted: () => undefined,
    };
  });

  it('replays a hold recorded before the migration, in each mode', async () => {
    for (const livemode of [false, true]) {
      const r = await createHold(deps, input({ livemode }));
      expect(r.replayed).toBe(true);
      expect(r.value).toEqual({ ...storedHold(livemode), createdAt: new Date('2026-11-01T00:00:00Z'), updatedAt: new Date('2026-11-01T00:00:00Z') });
    }
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM ledger.holds`);
    expect(n).toBe(0); // nothing ran again
  });

  it('refuses the same key for another request or another operation', async () => {
    const other = await createHold(deps, input({ amount: 501 })).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(ConflictError);
    expect(other).toMatchObject({ code: 'idempotency_key_reused' });
    const capture = await captureHold(deps, {
      idempotencyKey: 'hold-key-1', livemode: false, holdId: 'hold_test', amount: 0, destination: { ownerId: 'mer_migrated', type: 'collections' }, description: '', metadata: {},
    }).catch((e: unknown) => e);
    expect(capture).toMatchObject({ code: 'idempotency_key_reused' });
  });
});
