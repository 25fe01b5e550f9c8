import { randomBytes } from 'node:crypto';
import { ConflictError, createDataSource, createLogger, DataSource, Idempotency, MESH, Metrics, Outbox, platformMigration, requestHash, runMigrations, systemClock } from '@kessai/platform';
import { bootstrapServiceSchema, createDatabase, dropDatabase } from '../../../scripts/src/lib/infra';
import { testContext } from '../../../scripts/test/support/context';
import { migratedPool } from '../../../scripts/test/support/db';
import { createEndpoint } from '../src/app/create-endpoint';
import type { WebhookDeps } from '../src/app/deps';
import { webhookMetrics } from '../src/app/metrics';
import { receiveDeposit } from '../src/app/receive-deposit';
import { receiveReport } from '../src/app/receive-report';
import { Webhook1764000000300 } from '../src/db/migrations/1764000000300-webhook';
import { Tenancy1764000000310 } from '../src/db/migrations/1764000000310-tenancy';
import { WEBHOOK_MIGRATIONS } from '../src/db/migrations';
import { REPORT_KINDS, ReportKind } from '../src/domain/partner-reports';

/**
 * Records written by the webhook service before it used the platform's
 * idempotency (its own `inbound_requests` dedupe and the endpoints'
 * `create_key`), then the upgrade: the same keys and event ids must replay
 * through today's use cases, and conflict as they did.
 */
const ctx = testContext();
const dbName = `${ctx.dbName}_whmig_${randomBytes(3).toString('hex')}`;
let url: string;
let db: DataSource;

const schema = MESH.webhook.schema;
const deposit = { id: 'bank-evt-1', type: 'deposit.received' as const, account_number: '1234567', amount: 12_000, received_at: '2026-11-23T10:00:00+09:00', bank_reference: 'R-1', payer_name_kana: 'ｶ)ﾃｽﾄ' };
const transferKind = REPORT_KINDS.find((k) => k.eventType === 'webhook.bank_transfer.reported') as ReportKind<{ id: string }>;
const transfer = { id: 'bank-evt-2', type: 'transfer.result', transfer_id: 'trf_9', result: 'succeeded', amount: 5_000, executed_on: '2026-11-24' };
const endpointInput = { idempotencyKey: 'key-1', merchantId: 'mer_old', livemode: false, url: 'https://example.com/hook', enabledEvents: ['*'], description: 'old' };

beforeAll(async () => {
  await createDatabase(ctx.adminUrl, dbName);
  url = await bootstrapServiceSchema(ctx.adminUrl, dbName, MESH.webhook);
  // the schema as released before the upgrade, with records in it
  const before = createDataSource({ url, schema, service: 'webhook-test', migrations: [platformMigration(schema), Webhook1764000000300, Tenancy1764000000310] });
  await before.initialize();
  try {
    await runMigrations(before, schema);
    const at = new Date('2026-11-23T01:00:00Z');
    await before.query(`INSERT INTO inbound_requests (partner, event_id, kind, body_hash, body, signed_at, received_at) VALUES ($1, $2, $3, $4, $5, $6, $6)`, [
      'simbank', deposit.id, 'bank.deposit.received', requestHash(deposit), JSON.stringify(deposit), at,
    ]);
    await before.query(
      `INSERT INTO deposits (id, partner, partner_event_id, livemode, virtual_account_number, merchant_id, amount, bank_reference, payer_name_kana, received_at, recorded_at)
       VALUES ('dep_old', 'simbank', $1, false, '1234567', 'mer_old', 12000, 'R-1', '', $2, $2)`,
      [deposit.id, at],
    );
    await before.query(`INSERT INTO inbound_requests (partner, event_id, kind, body_hash, body, signed_at, received_at) VALUES ($1, $2, $3, $4, $5, $6, $6)`, [
      'simbank', transfer.id, transferKind.eventType, requestHash(transfer), JSON.stringify({ report_id: 'rpt_old', ...transfer }), at,
    ]);
    await before.query(
      `INSERT INTO endpoints (id, merchant_id, livemode, url, enabled_events, description, secret, status, created_at, create_key, create_hash)
       VALUES ('we_old', 'mer_old', false, $1, $2, 'old', 'whsec_old', 'enabled', $3, $4, 'legacy-hash')`,
      [endpointInput.url, endpointInput.enabledEvents, at, endpointInput.idempotencyKey],
    );
  } finally {
    await before.destroy();
  }
  ({ db } = await migratedPool(url, schema, 'webhook-test', WEBHOOK_MIGRATIONS));
}, 60_000);

afterAll(async () => {
  await db?.destroy();
  await dropDatabase(ctx.adminUrl, dbName);
});

function deps(): WebhookDeps {
  return {
    dataSource: db,
    clock: systemClock,
    logger: createLogger({ service: 'webhook-test', level: 'silent' }),
    outbox: new Outbox(schema, 'webhook', 'test.'),
    idempotency: new Idempotency(schema),
    metrics: webhookMetrics(new Metrics('webhook-test')),
    merchants: {
      findMerchantByVirtualAccount: async () => {
        throw new Error('a repeat must not ask the gateway');
      },
    },
    endpointPolicy: { allowPrivateTestEndpoints: false },
    settlementAccounts: {},
    eventsCommitted: () => undefined,
    wake: () => undefined,
  };
}

const code = (p: Promise<unknown>) => p.then(() => 'resolved', (err: unknown) => (err instanceof ConflictError ? err.code : String(err)));

describe('upgrade 1764900000400: old idempotency records replay through the platform', () => {
  it('replays a deposit a partner sent before the upgrade, and answers event_id_reused for another body', async () => {
    const signedAt = new Date();
    expect(await receiveDeposit(deps(), { id: 'simbank', livemode: false }, deposit, signedAt)).toEqual({ depositId: 'dep_old', attributed: true, duplicate: true });
    expect(await code(receiveDeposit(deps(), { id: 'simbank', livemode: false }, { ...deposit, amount: 12_001 }, signedAt))).toBe('event_id_reused');
  });

  it('replays a report with its report id, and refuses the id for another kind of report', async () => {
    expect(await receiveReport(deps(), transferKind, { id: 'simbank', livemode: false }, transfer, new Date())).toEqual({ reportId: 'rpt_old', duplicate: true });
    const debitKind = REPORT_KINDS.find((k) => k.eventType === 'webhook.bank_debit.reported') as ReportKind<{ id: string }>;
    const debit = { id: transfer.id, type: 'debit.result', debit_id: 'dbt_9', result_code: 0, amount: 5_000, debited_on: '2026-11-27' };
    expect(await code(receiveReport(deps(), debitKind, { id: 'simbank', livemode: false }, debit, new Date()))).toBe('event_id_reused');
  });

  it('replays an endpoint created with an idempotency key before the upgrade, and answers idempotency_key_reused for another request', async () => {
    const again = await createEndpoint(deps(), endpointInput);
    expect(again).toMatchObject({ id: 'we_old', secret: 'whsec_old', url: endpointInput.url });
    expect(await code(createEndpoint(deps(), { ...endpointInput, url: 'https://example.com/other' }))).toBe('idempotency_key_reused');
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM endpoints`);
    expect(n).toBe(1);
  });

  it('leaves no idempotency of its own: the endpoints lose create_key/create_hash, inbound_requests gains flags', async () => {
    const columns: { table_name: string; column_name: string }[] = await db.query(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name IN ('endpoints', 'inbound_requests')`,
      [schema],
    );
    const names = columns.map((c) => `${c.table_name}.${c.column_name}`);
    expect(names).not.toContain('endpoints.create_key');
    expect(names).not.toContain('endpoints.create_hash');
    expect(names).toContain('inbound_requests.flags');
    const [old] = await db.query(`SELECT flags FROM inbound_requests WHERE event_id = $1`, [deposit.id]);
    expect(old.flags).toEqual([]);
  });
});
