import { randomBytes } from 'node:crypto';
import {
  ConflictError, createDataSource, createLogger, DataSource, Idempotency, MESH, Metrics, Outbox, platformMigration, platformMigrations, requestHash, runMigrations, systemClock,
} from '@kessai/platform';
import { bootstrapServiceSchema, createDatabase, dropDatabase } from '../../../scripts/src/lib/infra';
import { testContext } from '../../../scripts/test/support/context';
import type { NotificationDeps } from '../src/app/deps';
import { notificationMetrics } from '../src/app/metrics';
import { recordInboundCall, InboundCallInput } from '../src/app/record-inbound-call';
import { send, SendInput } from '../src/app/send';
import { Notification1764000000400 } from '../src/db/migrations/1764000000400-notification';
import { InboundCalls1764000000410 } from '../src/db/migrations/1764000000410-inbound-calls';
import { NOTIFICATION_MIGRATIONS } from '../src/db/migrations';

// A database with send requests and inbound calls recorded the old way (the
// `send_requests` table; request ids on phone tasks) is migrated forward: the
// records move to the platform's `idempotency_commands`, and the new code
// replays them and still refuses the same id for another request.
const ctx = testContext();
const dbName = `${ctx.dbName}_notification_mig_${randomBytes(3).toString('hex')}`;
let db: DataSource;

const sendInput = (over: Partial<SendInput> = {}): SendInput => ({
  requestId: 'billing:bil_1:payment_number', livemode: false, merchantId: 'mer_migrated', kind: 'remittance_invitation',
  recipient: { name: '山田 太郎', email: 'taro@example.jp', phone: '', optedOut: [] }, channels: ['email'], fallbackChannels: [], amount: 12_345, reference: 'rcp_1',
  variables: { merchant_name: 'テスト興行株式会社', registration_code: 'KS7Q-4XM2', link: 'https://kessai.example/r/abc' },
  ...over,
});
const callInput = (over: Partial<InboundCallInput> = {}): InboundCallInput => ({
  livemode: true, requestId: 'call-1', merchantId: 'mer_migrated', operatorId: 'op-1', callerName: '佐藤 花子', callerPhone: '090-8765-4321', reference: 'rcp_in', amount: 12_000,
  kind: 'remittance_invitation', ...over,
});

beforeAll(async () => {
  await createDatabase(ctx.adminUrl, dbName);
  const url = await bootstrapServiceSchema(ctx.adminUrl, dbName, MESH.notification);
  const old = createDataSource({ url, schema: 'notification', service: 'notification', migrations: [platformMigration('notification'), Notification1764000000400, InboundCalls1764000000410] });
  await old.initialize();
  try {
    await runMigrations(old, 'notification');
    const at = '2026-11-01T00:00:00Z';
    // what the old Send stored: requestHash of the request without its id, and the message ids
    const { requestId: _id, ...request } = sendInput();
    await old.query(`INSERT INTO notification.send_requests (livemode, request_id, request_hash, merchant_id, message_ids, created_at) VALUES (false, $1, $2, 'mer_migrated', $3, $4)`, [
      sendInput().requestId, requestHash(request), ['msg_legacy_1'], at,
    ]);
    await old.query(
      `INSERT INTO notification.messages (id, livemode, request_id, merchant_id, kind, channel, status, reference, amount, payload, next_attempt_at, created_at, updated_at)
       VALUES ('msg_legacy_1', false, $1, 'mer_migrated', 'remittance_invitation', 'email', 'sent', 'rcp_1', 12345, '{"recipient":{"name":"山田 太郎","email":"taro@example.jp","phone":""},"variables":{}}', $2, $2, $2)`,
      [sendInput().requestId, at],
    );
    // what the old RecordInboundCall stored: the task with its request id
    await old.query(
      `INSERT INTO notification.phone_tasks (id, livemode, merchant_id, message_id, request_id, direction, status, kind, reference, amount, payload, claimed_by, claimed_at, claim_expires_at, due_at, created_at, updated_at)
       VALUES ('ptk_legacy_1', true, 'mer_migrated', NULL, 'call-1', 'inbound', 'claimed', 'remittance_invitation', 'rcp_in', 12000,
               '{"recipient":{"name":"佐藤 花子","email":"","phone":"090-8765-4321"},"variables":{}}', 'op-1', $1, $1, $1, $1, $1)`,
      [at],
    );
  } finally {
    await old.destroy();
  }
  db = createDataSource({ url, schema: 'notification', service: 'notification', migrations: [...platformMigrations('notification'), ...NOTIFICATION_MIGRATIONS] });
  await db.initialize();
});

afterAll(async () => {
  await db?.destroy();
  await dropDatabase(ctx.adminUrl, dbName);
});

it('moves send requests and inbound calls into idempotency_commands and drops send_requests', async () => {
  expect(await runMigrations(db, 'notification')).toEqual(['PlatformIdempotency1764900000000', 'RequestIdsToPlatform1764900000300']);
  const [{ old }] = await db.query(`SELECT to_regclass('notification.send_requests') AS old`);
  expect(old).toBeNull();
  const rows = await db.query(`SELECT scope, key, operation, response, created_at FROM notification.idempotency_commands ORDER BY scope`);
  expect(rows).toEqual([
    { scope: 'notification.inbound_call:live', key: 'call-1', operation: 'phone.record_inbound_call', response: 'ptk_legacy_1', created_at: new Date('2026-11-01T00:00:00Z') },
    { scope: 'notification.send:test', key: 'billing:bil_1:payment_number', operation: 'message.send', response: ['msg_legacy_1'], created_at: new Date('2026-11-01T00:00:00Z') },
  ]);
});

describe('the new code on the migrated records', () => {
  let deps: NotificationDeps;
  beforeAll(() => {
    deps = {
      dataSource: db, clock: systemClock, outbox: new Outbox('notification', 'notification', 'migration-test.'), logger: createLogger({ service: 'notification', level: 'silent' }),
      idempotency: new Idempotency('notification'), metrics: notificationMetrics(new Metrics('notification')), eventsCommitted: () => undefined,
      mailer: { send: () => Promise.reject(new Error('no mail here')), close: () => undefined }, printOutbox: { put: () => Promise.reject(new Error('no print here')), describe: () => 'none' },
      settings: { emailMaxAttempts: 1, emailRetryBaseMs: 1_000, fontPath: '', phoneClaimTtlMs: 60_000 },
    };
  });

  it('replays a send recorded before the migration, and refuses its id for another request', async () => {
    const again = await send(deps, sendInput());
    expect(again.replayed).toBe(true);
    expect(again.messages.map((m) => m.id)).toEqual(['msg_legacy_1']);
    const other = await send(deps, sendInput({ amount: 1 })).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(ConflictError);
    expect(other).toMatchObject({ code: 'idempotency_key_reused', metadata: { param: 'request_id' } });
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM notification.messages`);
    expect(n).toBe(1);
  });

  it('replays an inbound call recorded before the migration (same call, another operator typing), and refuses its id for another call', async () => {
    const again = await recordInboundCall(deps, callInput({ operatorId: 'op-2', callerName: 'サトウ' }));
    expect(again).toMatchObject({ replayed: true, task: { id: 'ptk_legacy_1', claimedBy: 'op-1' } });
    const other = await recordInboundCall(deps, callInput({ reference: 'rcp_other' })).catch((e: unknown) => e);
    expect(other).toMatchObject({ code: 'idempotency_key_reused' });
    // the same id in test mode is another call
    expect((await recordInboundCall(deps, callInput({ livemode: false }))).replayed).toBe(false);
  });
});
