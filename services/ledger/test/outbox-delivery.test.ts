import { Client } from 'pg';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { ledgerV1 } from '@kessai/contracts';
import {
  createDataSource, createLogger, DataSource, InboxConsumer, MigrationInterface, platformMigration, QueryRunner, runMigrations, streamName,
} from '@kessai/platform';
import { eventually, ledgerClient } from '../../../scripts/test/support/clients';
import { isolatedMesh, IsolatedMesh } from '../../../scripts/test/support/isolated';
import { bootstrapServiceSchema } from '../../../scripts/src/lib/infra';
import { depositReq, newMerchant, outcome } from './support';

// The outbox is the source of truth: kill the ledger (SIGKILL) at each point
// between its commit and the broker's acknowledgement being recorded, restart
// it, and a real consumer (the platform's inbox) applies every event exactly
// once. Then lose the stream entirely, re-publish from the outbox, and the
// consumer still applies each event once.
class ProbeTables1764000000900 implements MigrationInterface {
  name = 'ProbeTables1764000000900';
  async up(q: QueryRunner): Promise<void> {
    // Deliberately no unique constraint: a second application would show up as a second row.
    await q.query(`CREATE TABLE probe.applied (event_id text NOT NULL, transaction_id text NOT NULL, at timestamptz NOT NULL DEFAULT now())`);
  }
  async down(): Promise<void> {}
}

let mesh: IsolatedMesh;
let probeDb: DataSource;
let consumer: InboxConsumer;
let nc: NatsConnection;
let db: Client;

beforeAll(async () => {
  mesh = await isolatedMesh(['ledger']);
  const probeUrl = await bootstrapServiceSchema(mesh.adminUrl, mesh.dbName, { name: 'probe', schema: 'probe' });
  probeDb = createDataSource({ url: probeUrl, schema: 'probe', service: 'probe', migrations: [platformMigration('probe'), ProbeTables1764000000900] });
  await probeDb.initialize();
  await runMigrations(probeDb, 'probe');
  nc = await connect({ servers: mesh.natsUrl });
  consumer = new InboxConsumer({
    nc, dataSource: probeDb, schema: 'probe', service: 'probe', eventType: 'ledger.transaction.posted', prefix: mesh.prefix,
    logger: createLogger({ service: 'probe', level: 'silent' }),
    handler: async ({ envelope }, tx) => {
      await tx.query(`INSERT INTO probe.applied (event_id, transaction_id) VALUES ($1, $2)`, [envelope.id, envelope.aggregateId]);
    },
  });
  consumer.start();
  db = new Client({ connectionString: mesh.databaseUrl('ledger') });
  await db.connect();
});

afterAll(async () => {
  await consumer?.stop();
  await nc?.close();
  await probeDb?.destroy();
  await db?.end();
  await mesh?.cleanup();
});

async function appliedPerTransaction(ids: string[]): Promise<Map<string, number>> {
  const r = await probeDb.query(`SELECT transaction_id, count(*)::int AS n FROM probe.applied WHERE transaction_id = ANY($1) GROUP BY 1`, [ids]);
  return new Map(r.map((x: { transaction_id: string; n: number }) => [x.transaction_id, x.n]));
}

const batch = (m: string, n: number, tag: string) => ({
  mode: ledgerV1.BatchMode.BATCH_MODE_PER_ITEM,
  transactions: Array.from({ length: n }, (_, i) => depositReq(m, 100 + i, `${tag}-${m}-${i}`)),
});

const allTransactionIds: string[] = [];

describe.each(['before-publish', 'after-send', 'after-ack'] as const)('SIGKILL %s', (fault) => {
  it('every committed event reaches the consumer exactly once after a restart', async () => {
    const crashing = await mesh.start('ledger', { KESSAI_FAULT_OUTBOX: fault });
    await crashing.waitReady(30_000);
    const m = newMerchant();
    const req = batch(m, 10, fault);
    const client = ledgerClient(mesh.grpcAddr(crashing));
    await outcome(client.postBatch(req)).catch(() => undefined); // may die before it answers
    client.close();
    const exit = await crashing.waitExit();
    expect(exit.signal).toBe('SIGKILL');
    const unpublished = await db.query(`SELECT count(*)::int AS n FROM ledger.outbox WHERE published_at IS NULL`);
    expect(unpublished.rows[0].n).toBe(10);

    const healthy = await mesh.start('ledger');
    await healthy.waitReady(30_000);
    const retryClient = ledgerClient(mesh.grpcAddr(healthy));
    const retried = await retryClient.postBatch(req);
    retryClient.close();
    expect(retried.results.every((r) => r.replayed)).toBe(true);
    const ids = retried.results.map((r) => r.transaction!.id);
    allTransactionIds.push(...ids);

    await eventually(async () => (await appliedPerTransaction(ids)).size === 10, 20_000, 'all 10 events applied');
    await eventually(async () => {
      const r = await db.query(`SELECT count(*)::int AS n FROM ledger.outbox WHERE published_at IS NULL`);
      return r.rows[0].n === 0;
    }, 20_000, 'the outbox drained');
    const counts = await appliedPerTransaction(ids);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    await healthy.stop();
  });
});

it('after the stream is lost, re-publishing from the outbox is applied once', async () => {
  const ledger = await mesh.start('ledger');
  await ledger.waitReady(30_000);
  const jsm = await jetstreamManager(nc);
  const stream = streamName(mesh.prefix, 'ledger');
  const before = (await jsm.streams.info(stream)).state.messages;
  expect(before).toBe(allTransactionIds.length);
  await jsm.streams.delete(stream);

  const res = await fetch(`${mesh.opsUrl(ledger)}/outbox/republish`, { method: 'POST' });
  expect(await res.json()).toEqual({ republished: allTransactionIds.length });
  await eventually(async () => {
    try {
      return (await jsm.streams.info(stream)).state.messages === allTransactionIds.length;
    } catch {
      return false;
    }
  }, 20_000, 'the stream refilled from the outbox');
  // The consumer re-attaches to the new stream and receives every event again…
  await eventually(async () => {
    try {
      const info = await jsm.consumers.info(stream, consumer.name);
      return info.delivered.stream_seq === allTransactionIds.length && info.num_ack_pending === 0 && info.num_pending === 0;
    } catch {
      return false;
    }
  }, 20_000, 'the consumer caught up');
  // …and its inbox applies none of them twice.
  const counts = await appliedPerTransaction(allTransactionIds);
  expect(counts.size).toBe(allTransactionIds.length);
  expect([...counts.values()].every((n) => n === 1)).toBe(true);
  await ledger.stop();
});
