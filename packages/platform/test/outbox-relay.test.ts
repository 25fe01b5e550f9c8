import {
  createLogger, DataSource, decodeEnvelope, DomainEvent, ensureStream, Metrics, Outbox, OutboxRelay, republishOutbox, streamName,
} from '@kessai/platform';
import { eventually } from '../../../scripts/test/support/clients';
import { probeDatabase, ProbeDatabase } from './support/probe-db';
import { probeNats, ProbeNats } from './support/probe-nats';

// The outbox relay (packages/platform/src/messaging/outbox.ts) on a schema and a
// subject prefix of this file's own: committed events reach JetStream once, in
// commit order, with Nats-Msg-Id = event id; only the replica holding the
// advisory lock publishes, and another takes over when it stops.
const logger = createLogger({ service: 'probe', level: 'silent' });
let db: ProbeDatabase;
let nats: ProbeNats;
let a: DataSource;
let b: DataSource;
let outbox: Outbox;
let stream: string;
const relays: OutboxRelay[] = [];

beforeAll(async () => {
  db = await probeDatabase('relay');
  a = await db.connect();
  b = await db.connect();
  nats = await probeNats();
  outbox = new Outbox(db.schema, 'probe', nats.prefix);
  stream = await ensureStream(nats.jsm, { prefix: nats.prefix, token: 'probe' });
  expect(stream).toBe(streamName(nats.prefix, 'probe'));
});
afterAll(async () => {
  await Promise.all(relays.map((r) => r.stop()));
  await nats?.close();
  await db?.close();
});

function relay(dataSource: DataSource, metrics = new Metrics('probe')): OutboxRelay {
  const r = new OutboxRelay({ dataSource, nc: nats.nc, schema: db.schema, service: 'probe', logger, metrics, idlePollMs: 50 });
  relays.push(r);
  return r;
}

const event = (aggregateId: string): DomainEvent => ({
  type: 'probe.thing.happened',
  aggregateId,
  livemode: false,
  occurredAt: new Date(),
  payloadType: 'probe.Thing',
  payload: Buffer.from(aggregateId),
});

async function commit(dataSource: DataSource, aggregateIds: string[]): Promise<string[]> {
  return dataSource.transaction((tx) => outbox.add(tx, aggregateIds.map(event)));
}

async function unpublished(): Promise<number> {
  const [{ n }] = await a.query(`SELECT count(*)::int AS n FROM "${db.schema}".outbox WHERE published_at IS NULL`);
  return n;
}

/** Every message in the stream: its Nats-Msg-Id and the envelope's event id. */
async function streamed(): Promise<{ msgId: string; eventId: string; aggregateId: string }[]> {
  const info = await nats.jsm.streams.info(stream);
  const out = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const m = await nats.jsm.streams.getMessage(stream, { seq });
    if (!m) continue;
    const envelope = decodeEnvelope(m.data);
    out.push({ msgId: m.header.get('Nats-Msg-Id'), eventId: envelope.id, aggregateId: envelope.aggregateId });
  }
  return out;
}

const published = async (m: Metrics) => (await m.outboxPublished.get()).values.reduce((sum, v) => sum + v.value, 0);

it('publishes committed events once, in commit order, with Nats-Msg-Id = event id; a re-publication is deduplicated', async () => {
  const first = await commit(a, ['agg-1', 'agg-2', 'agg-3']);
  await expect(a.transaction(async (tx) => {
    await outbox.add(tx, [event('agg-rolled-back')]);
    throw new Error('rolled back');
  })).rejects.toThrow('rolled back');
  const second = await commit(b, ['agg-4', 'agg-5']);

  const metrics = new Metrics('probe');
  const r = relay(a, metrics);
  r.start();
  await eventually(async () => (await unpublished()) === 0, 15_000, 'every event published');
  const messages = await streamed();
  expect(messages.map((m) => m.eventId)).toEqual([...first, ...second]);
  expect(messages.map((m) => m.msgId)).toEqual([...first, ...second]);
  expect(messages.map((m) => m.aggregateId)).toEqual(['agg-1', 'agg-2', 'agg-3', 'agg-4', 'agg-5']);
  expect(await published(metrics)).toBe(5);

  // After a broker loss the runbook re-publishes the retained outbox: JetStream drops what it already holds.
  expect(await republishOutbox(a, db.schema)).toBe(5);
  r.notify();
  await eventually(async () => (await unpublished()) === 0, 15_000, 'republished');
  expect(await published(metrics)).toBe(10); // sent again ...
  expect(await streamed()).toHaveLength(5); // ... and stored once
  await r.stop();
});

it('only the replica holding the advisory lock publishes; another takes over when it stops', async () => {
  const before = (await streamed()).length;
  const [ma, mb] = [new Metrics('probe'), new Metrics('probe')];
  const leader = relay(a, ma);
  leader.start();
  await eventually(async () => leader.isLeader, 10_000, 'the first replica leads');
  const follower = relay(b, mb);
  follower.start();

  const led = await commit(b, ['lead-1', 'lead-2']);
  await eventually(async () => (await unpublished()) === 0, 15_000, 'published by the leader');
  expect(follower.isLeader).toBe(false);
  expect(await published(ma)).toBe(2);
  expect(await published(mb)).toBe(0);
  const [{ holders }] = await a.query(`SELECT count(*)::int AS holders FROM pg_locks WHERE locktype = 'advisory' AND granted AND objid::bigint = (hashtext($1)::bigint & 4294967295)`, [
    `kessai:${db.schema}:outbox-relay`,
  ]);
  expect(holders).toBe(1);

  await leader.stop(); // releases the lock
  await eventually(async () => follower.isLeader, 10_000, 'the other replica takes over');
  const taken = await commit(a, ['after-1']);
  await eventually(async () => (await unpublished()) === 0, 15_000, 'published by the new leader');
  expect(await published(mb)).toBe(1);
  expect(await published(ma)).toBe(2);
  const ids = (await streamed()).slice(before).map((m) => m.eventId);
  expect(ids).toEqual([...led, ...taken]);
  await follower.stop();
});
