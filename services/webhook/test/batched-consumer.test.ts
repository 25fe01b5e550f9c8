import { randomUUID } from 'node:crypto';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Client } from 'pg';
import { billingEventsV1, eventsV1 } from '@kessai/contracts';
import { ensureStream, newId } from '@kessai/platform';
import { eventually } from '../../../scripts/test/support/clients';
import { testContext } from '../../../scripts/test/support/context';
import { startReceiver } from '../../../scripts/test/support/receiver';
import { api, gatewayAdminClient, newMerchant, NewMerchant } from '../../../scripts/test/support/edge';

// The webhook service applies the internal events it makes public in batches
// (main.ts: kit.consumeBatch, packages/platform/src/messaging/inbox-batch.ts).
// A burst of billing's payment events, with copies (a re-published outbox) and
// one event that cannot be applied among them: every payment becomes one public
// event and one delivery, the copies change nothing, and the poison event is
// dead-lettered after 5 deliveries without holding up the rest of its batch.
const ctx = testContext();
const gateway = ctx.services.gateway.httpUrl!;
const admin = gatewayAdminClient();
const SUBJECT = `${ctx.prefix}billing.payment.preliminary`;
let nc: NatsConnection;
let db: Client;
let m: NewMerchant;

beforeAll(async () => {
  nc = await connect({ servers: ctx.natsUrl });
  await ensureStream(await jetstreamManager(nc), { prefix: ctx.prefix, token: 'billing' });
  db = new Client({ connectionString: ctx.services.webhook.databaseUrl });
  await db.connect();
  m = await newMerchant(admin, 'バッチ受信株式会社');
});
afterAll(async () => {
  admin.close();
  await db.end();
  await nc.close();
});

/** billing.payment.preliminary as billing's relay publishes it; `payload` replaces the PaymentChanged (a poison event). */
function paymentEvent(merchantId: string, storeCode: string, payload?: Buffer) {
  const body = payload ?? Buffer.from(billingEventsV1.PaymentChanged.encode({
    payment: {
      paymentId: newId('pay'), billId: newId('bil'), merchantId, ownerId: '', status: 'preliminary', chain: 'seven_eleven', paymentNumber: '1234567890123',
      amount: 1_000, stampDuty: 0, paidAt: new Date(), storeCode, late: false, orderReference: '', amountMismatch: false, billAmount: 1_000,
    },
  }).finish());
  const envelope = {
    id: newId('evt'), type: 'billing.payment.preliminary', version: 1, occurredAt: new Date(), source: 'billing', merchantId, livemode: false,
    traceparent: '', payloadType: 'kessai.billing.events.v1.PaymentChanged', payload: body, aggregateId: storeCode,
  };
  return { envelope, bytes: eventsV1.EventEnvelope.encode(envelope).finish() };
}

it('a burst with copies and a poison event: each payment one public event and one delivery, the poison dead-lettered alone', async () => {
  const receiver = await startReceiver();
  try {
    const created = await api(gateway, 'POST', '/v1/webhook_endpoints', { key: m.testKey, idempotencyKey: randomUUID(), body: { url: receiver.url, enabled_events: ['payment.preliminary'] } });
    expect(created.status).toBe(200);
    const good = Array.from({ length: 20 }, (_, i) => paymentEvent(m.merchant.id, `BATCH${i}`));
    // a payload that does not decode: the public event cannot be made
    const poison = paymentEvent(m.merchant.id, 'POISON', Buffer.from([0xff, 0xff, 0xff]));
    const js = jetstream(nc);
    // one burst, published back to back: every good event twice (ids the broker cannot dedupe), the poison in the middle
    for (const [i, e] of good.entries()) {
      if (i === 10) await js.publish(SUBJECT, poison.bytes, { msgID: poison.envelope.id });
      await js.publish(SUBJECT, e.bytes, { msgID: `${e.envelope.id}-a` });
      await js.publish(SUBJECT, e.bytes, { msgID: `${e.envelope.id}-b` });
    }

    const codes = () => receiver.received.map((r) => JSON.parse(r.body).data.object.store_code as string);
    await eventually(async () => new Set(codes()).size === 20, 20_000, 'every good payment delivered');
    // not held up by the poison event: it still has retries to go (their backoff alone is ≥ 3.75 s)
    const parked = async () => (await db.query(`SELECT deliveries, error FROM webhook.dead_letters WHERE event_id = $1`, [poison.envelope.id])).rows;
    expect(await parked()).toEqual([]);
    await eventually(async () => (await parked()).length === 1, 30_000, 'the poison event dead-lettered');
    expect((await parked())[0].deliveries).toBe(5);

    // the copies changed nothing: one public event per payment, one delivery each
    const events = await api(gateway, 'GET', '/v1/events?type=payment.preliminary&limit=100', { key: m.testKey });
    expect(events.body.data.map((e: { data: { object: { store_code: string } } }) => e.data.object.store_code).sort()).toEqual(good.map((_, i) => `BATCH${i}`).sort());
    expect(codes().sort()).toEqual(good.map((_, i) => `BATCH${i}`).sort());
    const inbox = await db.query(`SELECT count(*)::int AS n FROM webhook.inbox WHERE event_id = ANY($1)`, [[...good.map((e) => e.envelope.id), poison.envelope.id]]);
    expect(inbox.rows[0].n).toBe(20);
    // applied together: far fewer transactions than events (an inbox row's processed_at is now(): its transaction's start)
    const tx = await db.query(
      `SELECT count(DISTINCT i.processed_at)::int AS n FROM webhook.inbox i WHERE i.event_id = ANY($1)`,
      [good.map((e) => e.envelope.id)],
    );
    expect(tx.rows[0].n).toBeLessThan(20);
  } finally {
    await receiver.close();
  }
});

it('a burst of a tenant\'s payments, set-based: each event once, to the tenant\'s endpoint and to its owner\'s, in stream order', async () => {
  const owner = await newMerchant(admin, 'バッチ親株式会社');
  const tenant = await newMerchant(admin, 'バッチ子商店', owner.merchant.id);
  // the webhook service learns the owner from the gateway's merchant events
  await eventually(async () => (await db.query(`SELECT owner_id FROM webhook.merchants WHERE id = $1`, [tenant.merchant.id])).rows[0]?.owner_id === owner.merchant.id, 20_000, 'the owner learnt');
  const [toTenant, toOwner] = [await startReceiver(), await startReceiver()];
  try {
    for (const [m, r] of [[tenant, toTenant], [owner, toOwner]] as const) {
      const created = await api(gateway, 'POST', '/v1/webhook_endpoints', { key: m.testKey, idempotencyKey: randomUUID(), body: { url: r.url, enabled_events: ['payment.preliminary'] } });
      expect(created.status).toBe(200);
    }
    const burst = Array.from({ length: 30 }, (_, i) => paymentEvent(tenant.merchant.id, `SET${String(i).padStart(2, '0')}`));
    const js = jetstream(nc);
    for (const e of burst) {
      await js.publish(SUBJECT, e.bytes, { msgID: `${e.envelope.id}-a` });
      await js.publish(SUBJECT, e.bytes, { msgID: `${e.envelope.id}-b` });
    }
    const codes = (r: Awaited<ReturnType<typeof startReceiver>>) => r.received.map((x) => JSON.parse(x.body).data.object.store_code as string);
    const all = burst.map((_, i) => `SET${String(i).padStart(2, '0')}`);
    await eventually(async () => new Set(codes(toTenant)).size === 30 && new Set(codes(toOwner)).size === 30, 20_000, 'every payment delivered to both');
    expect(codes(toTenant).sort()).toEqual(all);
    expect(codes(toOwner).sort()).toEqual(all);
    // one public event per payment, recorded in stream order (the log's ids follow it)
    const { rows } = await db.query(
      `SELECT e.data->'object'->>'store_code' AS code, count(d.id)::int AS deliveries FROM webhook.events e LEFT JOIN webhook.deliveries d ON d.event_id = e.id
        WHERE e.source_event = ANY($1) GROUP BY e.id, code ORDER BY e.created_at, e.id`,
      [burst.map((e) => `${e.envelope.id}#0`)],
    );
    expect(rows.map((r) => r.code)).toEqual(all);
    expect(rows.every((r) => r.deliveries === 2)).toBe(true);
    // and applied in batches (the set-based path), not one transaction per event
    const tx = await db.query(`SELECT count(DISTINCT processed_at)::int AS n FROM webhook.inbox WHERE event_id = ANY($1)`, [burst.map((e) => e.envelope.id)]);
    expect(tx.rows[0].n).toBeLessThan(30);
  } finally {
    await toTenant.close();
    await toOwner.close();
  }
});
