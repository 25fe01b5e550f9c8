import { headers as natsHeaders } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { BatchInboxConsumer, BatchInboxConsumerOptions, createLogger, DataSource, ensureStream, EventHandler, Metrics, streamName, toOutboxRow } from '@kessai/platform';
import { eventually } from '../../../scripts/test/support/clients';
import { probeDatabase, ProbeDatabase } from './support/probe-db';
import { probeNats, ProbeNats } from './support/probe-nats';
import { warningLog } from './support/warnings';

// The batched inbox consumer (packages/platform/src/messaging/inbox-batch.ts) on
// a schema and subject prefix of this file's own, real Postgres and JetStream:
// events are applied many per transaction and still exactly once — copies within
// a batch and across batches, a failed batch, a crash between the commit and the
// acknowledgements — and a poison event is retried and dead-lettered on its own
// while the rest of its batch commits.
const logger = createLogger({ service: 'probe', level: 'silent' });
let db: ProbeDatabase;
let nats: ProbeNats;
let ds: DataSource;
const consumers: BatchInboxConsumer[] = [];
let seq = 0;

beforeAll(async () => {
  db = await probeDatabase('inboxbatch');
  ds = await db.connect();
  // no unique key: a second application shows; txid: which transaction applied it
  await ds.query(`CREATE TABLE "${db.schema}".applied (event_id text NOT NULL, aggregate_id text NOT NULL, txid bigint NOT NULL)`);
  nats = await probeNats();
  await ensureStream(nats.jsm, { prefix: nats.prefix, token: 'upstream' });
});
afterAll(async () => {
  await Promise.all(consumers.map((c) => c.stop()));
  await nats?.close();
  await db?.close();
});

function consume(eventType: string, handler: EventHandler, opts: Partial<BatchInboxConsumerOptions> = {}): BatchInboxConsumer {
  const c = new BatchInboxConsumer({
    nc: nats.nc, dataSource: ds, schema: db.schema, service: 'probe', eventType, prefix: nats.prefix, handler, logger, batchSize: 100, ...opts,
  });
  consumers.push(c);
  c.start();
  return c;
}

interface Published {
  id: string;
  aggregateId: string;
  envelope: Buffer;
}

/** Publishes one event of another service ("upstream") as its relay would; `copies` > 1: the same event again (a re-publication). */
async function publish(type: string, copies = 1): Promise<Published> {
  const aggregateId = `agg-${++seq}`;
  const row = toOutboxRow({ type, aggregateId, livemode: false, occurredAt: new Date(), payloadType: 'probe.Thing', payload: Buffer.from('x') }, 'upstream', nats.prefix);
  const js = jetstream(nats.nc);
  for (let i = 0; i < copies; i++) await js.publish(row.subject, row.envelope, { msgID: `${row.eventId}:${i}:${Math.random()}`, headers: natsHeaders() });
  return { id: row.eventId, aggregateId, envelope: row.envelope };
}

async function republish(type: string, e: Published): Promise<void> {
  await jetstream(nats.nc).publish(`${nats.prefix}${type}`, e.envelope, { msgID: `${e.id}:again:${Math.random()}`, headers: natsHeaders() });
}

const appliedCounts = async (events: Published[]): Promise<number[]> => {
  const rows: { aggregate_id: string; n: number }[] = await ds.query(
    `SELECT aggregate_id, count(*)::int AS n FROM "${db.schema}".applied WHERE aggregate_id = ANY($1) GROUP BY aggregate_id`,
    [events.map((e) => e.aggregateId)],
  );
  const by = new Map(rows.map((r) => [r.aggregate_id, r.n]));
  return events.map((e) => by.get(e.aggregateId) ?? 0);
};
const transactionsOf = async (events: Published[]): Promise<number> =>
  (await ds.query(`SELECT count(DISTINCT txid)::int AS n FROM "${db.schema}".applied WHERE aggregate_id = ANY($1)`, [events.map((e) => e.aggregateId)]))[0].n;
const inboxed = async (events: Published[]): Promise<number> =>
  (await ds.query(`SELECT count(*)::int AS n FROM "${db.schema}".inbox WHERE event_id = ANY($1)`, [events.map((e) => e.id)]))[0].n;
const deadLettered = async (e: Published): Promise<{ deliveries: number; error: string; data: Buffer; consumer: string }[]> =>
  ds.query(`SELECT consumer, deliveries, error, data FROM "${db.schema}".dead_letters WHERE event_id = $1`, [e.id]);
const outcomes = async (m: Metrics) => Object.fromEntries((await m.inboxProcessed.get()).values.map((v) => [String(v.labels.outcome), v.value]));

const record: EventHandler = async ({ envelope }, tx) => {
  await tx.query(`INSERT INTO "${db.schema}".applied (event_id, aggregate_id, txid) VALUES ($1, $2, txid_current())`, [envelope.id, envelope.aggregateId]);
};

async function publishMany(type: string, n: number, copies = 1): Promise<Published[]> {
  const out: Published[] = [];
  for (let i = 0; i < n; i++) out.push(await publish(type, copies));
  return out;
}

it('applies a burst in few transactions, each event once: copies within a batch and across batches are duplicates', async () => {
  const type = 'upstream.thing.batched';
  const metrics = new Metrics('probe');
  // published before the consumer starts: a backlog, as after a burst
  const events = await publishMany(type, 60, 2);
  consume(type, record, { metrics, batchSize: 50 });
  await eventually(async () => (await inboxed(events)) === 60, 20_000, 'every event applied');
  await eventually(async () => ((await outcomes(metrics)).duplicate ?? 0) === 60, 20_000, 'every copy seen as a duplicate');
  expect(await appliedCounts(events)).toEqual(events.map(() => 1));
  // 120 messages, 50 per batch at most: a handful of transactions, not 60
  expect(await transactionsOf(events)).toBeLessThanOrEqual(6);
  expect(await outcomes(metrics)).toEqual({ applied: 60, duplicate: 60 });

  // the same events again, later: another batch, found in the inbox
  for (const e of events.slice(0, 10)) await republish(type, e);
  await eventually(async () => ((await outcomes(metrics)).duplicate ?? 0) === 70, 20_000, 'the later copies seen as duplicates');
  expect(await appliedCounts(events)).toEqual(events.map(() => 1));
  expect((await outcomes(metrics)).applied).toBe(60);
});

it('a batch handler gets each batch\'s new events at once, in stream order; an event alone still goes to the per-event handler', async () => {
  const type = 'upstream.thing.set';
  const metrics = new Metrics('probe');
  const events = await publishMany(type, 40, 2); // a backlog with a copy of each
  const batches: string[][] = [];
  const alone: string[] = [];
  consume(type, async (event, tx) => {
    alone.push(event.envelope.id);
    await record(event, tx);
  }, {
    metrics, batchSize: 25,
    batchHandler: async (batch, tx) => {
      batches.push(batch.map((e) => e.envelope.id));
      // one statement for the whole batch
      await tx.query(
        `INSERT INTO "${db.schema}".applied (event_id, aggregate_id, txid) SELECT u.id, u.agg, txid_current() FROM unnest($1::text[], $2::text[]) AS u(id, agg)`,
        [batch.map((e) => e.envelope.id), batch.map((e) => e.envelope.aggregateId)],
      );
    },
  });
  await eventually(async () => (await inboxed(events)) === 40, 20_000, 'every event applied');
  await eventually(async () => ((await outcomes(metrics)).duplicate ?? 0) === 40, 20_000, 'every copy a duplicate');
  expect(await appliedCounts(events)).toEqual(events.map(() => 1));
  // the copies never reach a handler; stream order kept across and within batches
  const seen = [...batches.flat(), ...alone];
  expect(new Set(seen).size).toBe(seen.length);
  expect(batches.flat()).toEqual(events.map((e) => e.id).filter((id) => !alone.includes(id)));
  expect(batches.length).toBeGreaterThanOrEqual(2);
  expect(batches.every((b) => b.length <= 25)).toBe(true);

  // a failing batch handler rolls the batch back; its events are applied one by one by the per-event handler
  const type2 = 'upstream.thing.setfail';
  const more = await publishMany(type2, 6);
  let calls = 0;
  const fallback: string[] = [];
  consume(type2, async (event, tx) => {
    fallback.push(event.envelope.id);
    await record(event, tx);
  }, {
    batchHandler: async (batch, tx) => {
      calls++;
      await tx.query(`INSERT INTO "${db.schema}".applied (event_id, aggregate_id, txid) VALUES ($1, $2, txid_current())`, [batch[0].envelope.id, batch[0].envelope.aggregateId]);
      throw new Error('the set-based path fails');
    },
  });
  await eventually(async () => (await inboxed(more)) === 6, 20_000, 'applied one by one');
  expect(await appliedCounts(more)).toEqual(more.map(() => 1));
  expect(calls).toBeGreaterThanOrEqual(1);
  expect(fallback.length).toBeGreaterThanOrEqual(2);
});

it('dead-letters a poison event after maxDeliveries on its own; the rest of its batch commits at once', async () => {
  const type = 'upstream.thing.mixed';
  const metrics = new Metrics('probe');
  const events = await publishMany(type, 12);
  const poison = events[5];
  const poisonDeliveries: number[] = [];
  const consumer = consume(
    type,
    async (event, tx) => {
      await record(event, tx); // written, then rolled back with the failure
      if (event.envelope.id === poison.id) {
        poisonDeliveries.push(event.deliveryCount);
        throw new Error('cannot apply this event');
      }
    },
    { metrics, maxDeliveries: 5 },
  );
  const good = events.filter((e) => e !== poison);
  await eventually(async () => (await inboxed(good)) === 11, 20_000, 'the good events applied');
  // not blocked by the poison: applied while it still has retries to go (its backoff alone is ≥ 3.75 s)
  expect(await deadLettered(poison)).toEqual([]);
  await eventually(async () => (await deadLettered(poison)).length === 1, 30_000, 'the poison event dead-lettered');
  const [parked] = await deadLettered(poison);
  expect(parked).toMatchObject({ consumer: consumer.name, deliveries: 5 });
  expect(parked.error).toContain('cannot apply this event');
  expect(Buffer.compare(parked.data, poison.envelope)).toBe(0);
  // the first delivery failed in the batch and again alone; deliveries 2–5 alone
  expect(poisonDeliveries).toEqual([1, 1, 2, 3, 4, 5]);
  expect(await appliedCounts(events)).toEqual(events.map((e) => (e === poison ? 0 : 1)));
  expect(await inboxed([poison])).toBe(0);
  const dlq = await nats.jsm.streams.getMessage(streamName(nats.prefix, 'dlq'), { last_by_subj: `${nats.prefix}dlq.probe.upstream_thing_mixed` });
  expect(Buffer.compare(Buffer.from(dlq!.data), poison.envelope)).toBe(0);
  const counted = await outcomes(metrics);
  expect(counted).toMatchObject({ applied: 11, retry: 4, dead_lettered: 1 });
  expect(counted.batch_fallback).toBeGreaterThanOrEqual(2); // the poison shared its first batch with others
});

it('a batch whose transaction fails leaves nothing behind; one by one, each event is applied once', async () => {
  const type = 'upstream.thing.aborted';
  const events = await publishMany(type, 8);
  let failed = false;
  consume(type, async (event, tx) => {
    await record(event, tx);
    // the last event of the first batch fails after the others have written
    if (!failed && event.envelope.id === events[7].id) {
      failed = true;
      throw new Error('fails once, after the batch wrote');
    }
  });
  await eventually(async () => (await inboxed(events)) === 8, 20_000, 'every event applied');
  expect(failed).toBe(true);
  expect(await appliedCounts(events)).toEqual(events.map(() => 1));
});

it('a crash after the commit and before the acknowledgements applies nothing twice: the redelivered batch is all duplicates', async () => {
  const type = 'upstream.thing.crashed';
  const events = await publishMany(type, 10);
  const crashed = consume(type, record, { fault: 'after-commit', ackWaitMs: 1_500 });
  await eventually(async () => (await inboxed(events)) === 10, 20_000, 'the batch committed');
  await crashed.stop();
  // the restarted process: same durable consumer, same inbox
  const metrics = new Metrics('probe');
  consume(type, record, { metrics, ackWaitMs: 1_500 });
  // (at least 10: on a loaded machine an acknowledgement can miss the 1.5 s ack wait, and JetStream redelivers again — still duplicates)
  await eventually(async () => ((await outcomes(metrics)).duplicate ?? 0) >= 10, 30_000, 'the unacknowledged batch redelivered and found in the inbox');
  expect(await appliedCounts(events)).toEqual(events.map(() => 1));
  expect(await transactionsOf(events)).toBeLessThanOrEqual(2);
  expect((await outcomes(metrics)).applied ?? 0).toBe(0);
});

it('retries a batch that meets a database or network outage, never dead-letters it', async () => {
  const type = 'upstream.thing.outage';
  const metrics = new Metrics('probe');
  const events = await publishMany(type, 6);
  let calls = 0;
  consume(
    type,
    async (event, tx) => {
      if (++calls === 1) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      await record(event, tx);
    },
    { metrics, maxDeliveries: 1 },
  );
  await eventually(async () => (await inboxed(events)) === 6, 20_000, 'applied after the outage');
  expect(await appliedCounts(events)).toEqual(events.map(() => 1));
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM "${db.schema}".dead_letters WHERE event_id = ANY($1)`, [events.map((e) => e.id)]);
  expect(n).toBe(0);
  const counted = await outcomes(metrics);
  expect(counted.applied).toBe(6);
  expect(counted.retry).toBeGreaterThanOrEqual(1);
  expect(counted.dead_lettered).toBeUndefined();
});

it('re-creates its consumer after the stream is lost, and logs what the client noticed; a re-publication of what was applied changes nothing', async () => {
  await ensureStream(nats.jsm, { prefix: nats.prefix, token: 'lossy' });
  const type = 'lossy.thing.kept';
  const metrics = new Metrics('probe');
  const { logger: watching, warnings } = warningLog();
  consume(type, record, { metrics, logger: watching });
  const before = await publishMany(type, 5);
  await eventually(async () => (await inboxed(before)) === 5, 20_000, 'applied before the loss');
  await nats.jsm.streams.delete(streamName(nats.prefix, 'lossy'));
  // the consumer re-creates the stream and itself (as after a broker lost its data); the outbox is re-published
  await eventually(async () => (await nats.jsm.streams.info(streamName(nats.prefix, 'lossy')).then(() => true, () => false)), 20_000, 'the stream re-created');
  await eventually(async () => (await nats.jsm.consumers.info(streamName(nats.prefix, 'lossy'), consumers[consumers.length - 1].name).then(() => true, () => false)), 20_000, 'the consumer re-created');
  for (const e of before) await republish(type, e);
  const after = await publishMany(type, 5);
  await eventually(async () => (await inboxed(after)) === 5, 20_000, 'applied after the loss');
  await eventually(async () => ((await outcomes(metrics)).duplicate ?? 0) === 5, 20_000, 'the re-published events seen as duplicates');
  expect(await appliedCounts([...before, ...after])).toEqual([...before, ...after].map(() => 1));
  // what the client noticed of the loss is in the log, beside the reattachment
  expect(warnings.map((w) => w.message)).toContain('consumer interrupted; reattaching');
  expect(warnings.some((w) => w.message === 'consumer pull status' && /consumer_deleted|consumer_not_found|stream_not_found/.test(w.status!.type))).toBe(true);
});
