import { headers as natsHeaders } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, jetstream } from '@nats-io/jetstream';
import { createLogger, DataSource, ensureStream, EventHandler, InboxConsumer, Metrics, streamName, toOutboxRow } from '@kessai/platform';
import { eventually } from '../../../scripts/test/support/clients';
import { probeDatabase, ProbeDatabase } from './support/probe-db';
import { probeNats, ProbeNats } from './support/probe-nats';
import { warningLog } from './support/warnings';

// The inbox consumer (packages/platform/src/messaging/inbox.ts) on a schema and a
// subject prefix of this file's own: the handler's writes and the inbox record
// commit in one transaction (a redelivered event changes nothing; a failed one
// leaves nothing behind), and an event that keeps failing is parked after
// `maxDeliveries` in dead_letters and on the dead-letter subject.
const logger = createLogger({ service: 'probe', level: 'silent' });
let db: ProbeDatabase;
let nats: ProbeNats;
let ds: DataSource;
const consumers: InboxConsumer[] = [];
let seq = 0;

beforeAll(async () => {
  db = await probeDatabase('inbox');
  ds = await db.connect();
  await ds.query(`CREATE TABLE "${db.schema}".applied (event_id text NOT NULL, aggregate_id text NOT NULL)`); // no unique key: a second application shows
  nats = await probeNats();
  await ensureStream(nats.jsm, { prefix: nats.prefix, token: 'upstream' });
});
afterAll(async () => {
  await Promise.all(consumers.map((c) => c.stop()));
  await nats?.close();
  await db?.close();
});

function consume(eventType: string, handler: EventHandler, opts: { maxDeliveries?: number; metrics?: Metrics; logger?: typeof logger } = {}): InboxConsumer {
  const c = new InboxConsumer({
    nc: nats.nc, dataSource: ds, schema: db.schema, service: 'probe', eventType, prefix: nats.prefix, handler, logger, ...opts,
  });
  consumers.push(c);
  c.start();
  return c;
}

/** Publishes one event of another service ("upstream") as its relay would; `copies` > 1 simulates redelivery after a re-publication. */
async function publish(type: string, copies = 1): Promise<{ id: string; aggregateId: string; envelope: Buffer }> {
  const aggregateId = `agg-${++seq}`;
  const row = toOutboxRow({ type, aggregateId, livemode: false, occurredAt: new Date(), payloadType: 'probe.Thing', payload: Buffer.from('x') }, 'upstream', nats.prefix);
  const js = jetstream(nats.nc);
  for (let i = 0; i < copies; i++) await js.publish(row.subject, row.envelope, { msgID: `${row.eventId}:${i}`, headers: natsHeaders() });
  return { id: row.eventId, aggregateId, envelope: row.envelope };
}

const applied = async (aggregateId: string): Promise<number> =>
  (await ds.query(`SELECT count(*)::int AS n FROM "${db.schema}".applied WHERE aggregate_id = $1`, [aggregateId]))[0].n;
const inboxed = async (eventId: string): Promise<number> =>
  (await ds.query(`SELECT count(*)::int AS n FROM "${db.schema}".inbox WHERE event_id = $1`, [eventId]))[0].n;
const outcomes = async (m: Metrics) => Object.fromEntries((await m.inboxProcessed.get()).values.map((v) => [String(v.labels.outcome), v.value]));

const record: EventHandler = async ({ envelope }, tx) => {
  await tx.query(`INSERT INTO "${db.schema}".applied (event_id, aggregate_id) VALUES ($1, $2)`, [envelope.id, envelope.aggregateId]);
};

it('applies an event delivered twice once: the second finds the inbox record', async () => {
  const metrics = new Metrics('probe');
  consume('upstream.thing.created', record, { metrics });
  const e = await publish('upstream.thing.created', 2);
  await eventually(async () => ((await outcomes(metrics)).duplicate ?? 0) === 1, 15_000, 'the copy seen as a duplicate');
  expect(await applied(e.aggregateId)).toBe(1);
  expect(await inboxed(e.id)).toBe(1);
  expect(await outcomes(metrics)).toEqual({ applied: 1, duplicate: 1 });
});

it('a handler that fails leaves neither its writes nor the inbox record; the redelivery applies it once', async () => {
  const attempts: { delivery: number; alreadyApplied: number; alreadyInboxed: number }[] = [];
  consume('upstream.thing.flaky', async (event, tx) => {
    const [{ n }] = await tx.query(`SELECT count(*)::int AS n FROM "${db.schema}".applied WHERE event_id = $1`, [event.envelope.id]);
    const [{ i }] = await ds.query(`SELECT count(*)::int AS i FROM "${db.schema}".inbox WHERE event_id = $1`, [event.envelope.id]); // outside the transaction
    attempts.push({ delivery: event.deliveryCount, alreadyApplied: n, alreadyInboxed: i });
    await record(event, tx);
    if (event.deliveryCount === 1) throw new Error('first delivery fails after writing');
  });
  const e = await publish('upstream.thing.flaky');
  await eventually(async () => (await inboxed(e.id)) === 1, 15_000, 'applied on redelivery');
  expect(attempts).toEqual([
    { delivery: 1, alreadyApplied: 0, alreadyInboxed: 0 },
    { delivery: 2, alreadyApplied: 0, alreadyInboxed: 0 }, // the failed attempt's writes and claim were rolled back
  ]);
  expect(await applied(e.aggregateId)).toBe(1);
});

it('parks an event that keeps failing after maxDeliveries: dead_letters row and dead-letter subject, never dropped', async () => {
  let calls = 0;
  const metrics = new Metrics('probe');
  const consumer = consume(
    'upstream.thing.poisoned',
    async () => {
      calls++;
      throw new Error('cannot apply this event');
    },
    { maxDeliveries: 3, metrics },
  );
  const e = await publish('upstream.thing.poisoned');
  await eventually(async () => ((await outcomes(metrics)).dead_lettered ?? 0) === 1, 20_000, 'dead-lettered');
  expect(calls).toBe(3);
  const [parked] = await ds.query(`SELECT consumer, subject, deliveries, error, data FROM "${db.schema}".dead_letters WHERE event_id = $1`, [e.id]);
  expect(parked).toMatchObject({ consumer: consumer.name, subject: `${nats.prefix}upstream.thing.poisoned`, deliveries: 3 });
  expect(parked.error).toContain('cannot apply this event');
  expect(Buffer.compare(parked.data, e.envelope)).toBe(0);
  expect(await inboxed(e.id)).toBe(0);

  const dlq = streamName(nats.prefix, 'dlq');
  const stored = await nats.jsm.streams.getMessage(dlq, { last_by_subj: `${nats.prefix}dlq.probe.upstream_thing_poisoned` });
  expect(stored).not.toBeNull();
  expect(Buffer.compare(Buffer.from(stored!.data), e.envelope)).toBe(0);
  expect(stored!.header.get('Kessai-Error')).toContain('cannot apply this event');
  expect(stored!.header.get('Kessai-Original-Subject')).toBe(`${nats.prefix}upstream.thing.poisoned`);
  expect(await outcomes(metrics)).toEqual({ retry: 2, dead_lettered: 1 });
});

it('keeps retrying an event whose handler meets a database or network outage, past maxDeliveries', async () => {
  const metrics = new Metrics('probe');
  let calls = 0;
  consume(
    'upstream.thing.delayed',
    async (event, tx) => {
      if (++calls <= 2) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      await record(event, tx);
    },
    { maxDeliveries: 1, metrics },
  );
  const e = await publish('upstream.thing.delayed');
  await eventually(async () => (await applied(e.aggregateId)) === 1, 20_000, 'applied after the outage');
  expect(calls).toBe(3);
  expect(await outcomes(metrics)).toEqual({ retry: 2, applied: 1 });
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM "${db.schema}".dead_letters WHERE event_id = $1`, [e.id]);
  expect(n).toBe(0);
});

it('recovers by itself from a pull request the server refused, within its short pull expiry, and logs the missed heartbeats', async () => {
  // The server refuses a pull (409 "Exceeded MaxWaiting") while another holds the consumer's only waiting slot.
  // nats.js then waits for two missed heartbeats before it pulls again: 10 s with PULL_EXPIRES_MS, 30 s with its default.
  const type = 'upstream.thing.refused';
  const stream = streamName(nats.prefix, 'upstream');
  const name = `probe__${type}`.replace(/[^a-zA-Z0-9_-]/g, '_');
  await nats.jsm.consumers.add(stream, {
    durable_name: name, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All,
    filter_subject: `${nats.prefix}${type}`, max_deliver: -1, max_ack_pending: 1_000, max_waiting: 1,
  });
  const other = await jetstream(nats.nc).consumers.get(stream, name);
  const holding = other.next({ expires: 3_000 });
  await eventually(async () => (await nats.jsm.consumers.info(stream, name)).num_waiting === 1, 10_000, 'the other pull waiting');
  const { logger: watching, warnings } = warningLog();
  consume(type, record, { logger: watching });
  await eventually(async () => warnings.some((w) => w.status?.type === 'exceeded_limits'), 10_000, 'the pull refused');
  expect(await holding).toBeNull(); // the other pull expired with nothing: the slot is free, but the refused client does not know
  const e = await publish(type);
  // 20 s from here: past the recovery at 10 s (plus one heartbeat), short of the 30 s of the library's default
  await eventually(async () => (await applied(e.aggregateId)) === 1, 20_000, 'applied after the client pulled again');
  expect(warnings.some((w) => w.status?.type === 'heartbeats_missed')).toBe(true);
});
