import { tokyoDate } from '@kessai/bank-calendar';
import { billingEventsV1, eventsV1 } from '@kessai/contracts';
import { addDays, settlementPeriod } from '@kessai/konbini';
import { ensureStream, newId } from '@kessai/platform';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { acct, AccountType, eventually, ledgerClient, type LedgerClient } from '../../../scripts/test/support/clients';
import { testContext } from '../../../scripts/test/support/context';
import { gatewayAdminClient, OPERATOR } from '../../../scripts/test/support/edge';
import { isolatedMesh, type IsolatedMesh } from '../../../scripts/test/support/isolated';

// SIGKILL of the fees service between a statement's fix and its ledger posting, and again
// between the ledger's answer and its record (docs/reference/fees-and-settlement.md#ledger-accounts):
// the statement and its queued posting commit together, so the restarted service posts it; the
// posting the ledger took before the second kill is replayed under its key, not doubled.
const ctx = testContext();
const T = AccountType;
const admin = gatewayAdminClient();
let iso: IsolatedMesh;
let db: Client;
let ledger: LedgerClient;
let nc: NatsConnection;

beforeAll(async () => {
  iso = await isolatedMesh(['fees']);
  db = new Client({ connectionString: iso.databaseUrl('fees') });
  await db.connect();
  ledger = ledgerClient(ctx.services.ledger.grpcAddr);
  nc = await connect({ servers: ctx.natsUrl });
  await ensureStream(await jetstreamManager(nc), { prefix: iso.prefix, token: 'billing' });
}, 120_000);
afterAll(async () => {
  admin.close();
  ledger.close();
  await nc?.close();
  await db?.end();
  await iso?.cleanup();
});

/** The isolated fees service, its neighbours the run's shared ones. */
async function startFees(fault?: string) {
  const proc = await iso.start('fees', {
    LEDGER_GRPC_ADDR: ctx.services.ledger.grpcAddr, GATEWAY_GRPC_ADDR: ctx.services.gateway.grpcAddr, NOTIFICATION_GRPC_ADDR: ctx.services.notification.grpcAddr,
    REMITTANCE_GRPC_ADDR: ctx.services.remittance.grpcAddr, ...(fault ? { KESSAI_FAULT_FEES: fault } : {}),
  });
  await proc.waitReady(90_000).catch((err: unknown) => {
    throw new Error(`${String(err)}\n${proc.lastLines(30).join('\n')}`);
  });
  return proc;
}

const total = async (owner: string, type: number) => (await ledger.getBalance({ livemode: false, account: acct(owner, type) })).balance!.total;
const op = async (statementId: string) => (await db.query(`SELECT status, transaction_id FROM fees.ledger_ops WHERE statement_id = $1`, [statementId])).rows;

it('a SIGKILL after the fix and another after the ledger answered: the statement is posted exactly once', async () => {
  const { merchant } = await admin.createMerchant({ idempotencyKey: '', name: '障害テスト商店', ownerId: '', settings: { enabledStoreChains: ['lawson'], feePlan: 'collection_plan', settlementCycle: 'half_monthly' } }, OPERATOR);
  const m = merchant!.id;
  let fees = await startFees('after-statement-commit');

  // one confirmed 55,000-yen payment (stamp duty 200) of a period already due, on the ledger as billing's event would put it
  const now = new Date(((await (await fetch(`${iso.opsUrl(fees)}/test/clock`)).json()) as { now: string }).now);
  const period = settlementPeriod('half_monthly', addDays(tokyoDate(now), -40));
  const paymentId = newId('pay');
  await ledger.post({
    idempotencyKey: `test-collection:${randomUUID()}`, livemode: false, kind: 'collection.confirmed', description: '', merchantId: m, metadata: {},
    postings: [{ account: acct('platform', T.ACCOUNT_TYPE_PLATFORM_STORE_RECEIVABLE), amount: -55_000 }, { account: acct(m, T.ACCOUNT_TYPE_COLLECTIONS), amount: 55_000 }],
  });
  const payload = billingEventsV1.PaymentChanged.encode(billingEventsV1.PaymentChanged.fromPartial({
    payment: { paymentId, billId: newId('bill'), merchantId: m, status: 'confirmed', chain: 'lawson', paymentNumber: '1', amount: 55_000, stampDuty: 200, paidAt: new Date(`${period.start}T03:00:00Z`) },
  })).finish();
  const envelope = { id: newId('evt'), type: 'billing.payment.confirmed', version: 1, occurredAt: new Date(), source: 'billing', merchantId: m, livemode: false, traceparent: '', payloadType: 'kessai.billing.events.v1.PaymentChanged', payload: Buffer.from(payload), aggregateId: paymentId };
  await jetstream(nc).publish(`${iso.prefix}billing.payment.confirmed`, eventsV1.EventEnvelope.encode(envelope).finish(), { msgID: envelope.id });
  await eventually(async () => (await db.query(`SELECT 1 FROM fees.collections WHERE payment_id = $1`, [paymentId])).rowCount === 1, 30_000, 'collection recorded');

  // 1. killed right after the statement committed, before anything was posted
  await fetch(`${iso.opsUrl(fees)}/test/jobs/fees.fix-statements/run`, { method: 'POST' }).catch(() => undefined);
  expect((await fees.waitExit()).signal).toBe('SIGKILL');
  const { rows: [s] } = await db.query(`SELECT id, payout_amount::int AS payout, ledger_transaction_id FROM fees.statements WHERE merchant_id = $1`, [m]);
  expect(s).toMatchObject({ payout: 53_150, ledger_transaction_id: null });
  expect(await op(s.id)).toMatchObject([{ status: 'pending', transaction_id: null }]);
  expect(await total(m, T.ACCOUNT_TYPE_COLLECTIONS)).toBe(55_000);

  // 2. restarted: fees.ledger-ops (every 5 s) posts it; killed after the ledger answered, before it was recorded
  fees = await startFees('after-ledger-post');
  expect((await fees.waitExit()).signal).toBe('SIGKILL');
  expect(await op(s.id)).toMatchObject([{ status: 'pending' }]);
  expect(await total(m, T.ACCOUNT_TYPE_PAYOUTS_IN_TRANSIT)).toBe(53_150);

  // 3. restarted again: the same key is replayed by the ledger, recorded on the statement, nothing doubled
  fees = await startFees();
  // the killed process's lease on the job (5 minutes, database time) is taken as run out
  await db.query(`UPDATE fees.scheduled_jobs SET locked_until = NULL WHERE name = 'fees.ledger-ops'`);
  await eventually(async () => (await op(s.id))[0]?.status === 'done', 60_000, 'posting recorded');
  const [done] = await op(s.id);
  expect((await db.query(`SELECT ledger_transaction_id FROM fees.statements WHERE id = $1`, [s.id])).rows[0].ledger_transaction_id).toBe(done.transaction_id);
  expect(await total(m, T.ACCOUNT_TYPE_PAYOUTS_IN_TRANSIT)).toBe(53_150);
  expect(await total(m, T.ACCOUNT_TYPE_COLLECTIONS)).toBe(0);
  const entries = (await ledger.listEntries({ livemode: false, account: acct(m, T.ACCOUNT_TYPE_PAYOUTS_IN_TRANSIT), pageSize: 100, pageToken: '' })).entries;
  expect(entries.map((e) => [e.transactionId, e.amount])).toEqual([[done.transaction_id, 53_150]]);
}, 240_000);
