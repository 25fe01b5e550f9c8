import { connect, NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Client } from 'pg';
import { eventsV1, webhookEventsV1 } from '@kessai/contracts';
import { ensureStream, newId, streamName } from '@kessai/platform';
import { acct, eventually, ledgerClient, LedgerClient } from '../../../scripts/test/support/clients';
import { testContext } from '../../../scripts/test/support/context';
import { DEPOSIT, newMerchant } from './support';

// Facts from other services reach the ledger as events through its inbox: a
// deposit the bank reported is credited once however often it is delivered; a
// poison event is retried, then parked in the dead-letter subject and table.
let nc: NatsConnection;
let ledger: LedgerClient;
let db: Client;
const ctx = testContext();

beforeAll(async () => {
  nc = await connect({ servers: ctx.natsUrl });
  await ensureStream(await jetstreamManager(nc), { prefix: ctx.prefix, token: 'webhook' });
  ledger = ledgerClient(ctx.services.ledger.grpcAddr);
  db = new Client({ connectionString: ctx.services.ledger.databaseUrl });
  await db.connect();
});
afterAll(async () => {
  ledger.close();
  await db.end();
  await nc.close();
});

function depositEvent(merchantId: string, amount: number) {
  const payload = webhookEventsV1.BankDepositReceived.encode({
    depositId: newId('dep'), virtualAccountNumber: '1234567', merchantId, amount, receivedAt: new Date(), bankReference: 'ref', payerNameKana: 'ｶ)ﾃｽﾄ',
  }).finish();
  const envelope = {
    id: newId('evt'), type: 'webhook.bank_deposit.received', version: 1, occurredAt: new Date(), source: 'webhook', merchantId, livemode: false,
    traceparent: '', payloadType: 'kessai.webhook.events.v1.BankDepositReceived', payload: Buffer.from(payload), aggregateId: merchantId,
  };
  return { envelope, bytes: eventsV1.EventEnvelope.encode(envelope).finish() };
}

it('credits a reported deposit exactly once, even delivered three times', async () => {
  const m = newMerchant();
  const { envelope, bytes } = depositEvent(m, 50_000);
  const js = jetstream(nc);
  // Three deliveries the broker cannot dedupe (different message ids), like a re-published outbox.
  for (let i = 0; i < 3; i++) await js.publish(`${ctx.prefix}webhook.bank_deposit.received`, bytes, { msgID: `${envelope.id}-${i}` });
  await eventually(async () => (await ledger.getBalance({ livemode: false, account: acct(m, DEPOSIT) })).balance!.total === 50_000, 15_000, 'deposit credited');
  await eventually(async () => {
    const r = await db.query(`SELECT count(*)::int AS n FROM ledger.inbox WHERE event_id = $1`, [envelope.id]);
    return r.rows[0].n === 1;
  }, 5_000, 'inbox record');
  // Give the two duplicates every chance to be (wrongly) applied.
  const jsm = await jetstreamManager(nc);
  const stream = streamName(ctx.prefix, 'webhook');
  await eventually(async () => {
    const info = await jsm.consumers.info(stream, 'ledger__webhook_bank_deposit_received');
    return info.num_pending === 0 && info.num_ack_pending === 0;
  }, 15_000, 'consumer caught up');
  expect((await ledger.getBalance({ livemode: false, account: acct(m, DEPOSIT) })).balance!.total).toBe(50_000);
  const entries = await ledger.listEntries({ livemode: false, account: acct(m, DEPOSIT), pageSize: 10, pageToken: '' });
  expect(entries.entries).toHaveLength(1);
  expect(entries.entries[0]).toMatchObject({ kind: 'deposit.received', amount: 50_000 });
});

it('dead-letters an event that keeps failing, and keeps consuming the rest', async () => {
  const bad = depositEvent('not a merchant id!', 1_000);
  const good = depositEvent(newMerchant(), 2_000);
  const js = jetstream(nc);
  const dlqSubject = `${ctx.prefix}dlq.ledger.webhook_bank_deposit_received`;
  await ensureStream(await jetstreamManager(nc), { prefix: ctx.prefix, token: 'dlq' });
  await js.publish(`${ctx.prefix}webhook.bank_deposit.received`, bad.bytes, { msgID: bad.envelope.id });
  await js.publish(`${ctx.prefix}webhook.bank_deposit.received`, good.bytes, { msgID: good.envelope.id });
  await eventually(async () => {
    const r = await db.query(`SELECT deliveries, error FROM ledger.dead_letters WHERE event_id = $1`, [bad.envelope.id]);
    return r.rows.length === 1 && r.rows[0].deliveries === 5 && /merchant_id/.test(r.rows[0].error);
  }, 30_000, 'dead letter recorded after 5 deliveries');
  const jsm = await jetstreamManager(nc);
  const parked = await jsm.streams.getMessage(streamName(ctx.prefix, 'dlq'), { last_by_subj: dlqSubject });
  expect(eventsV1.EventEnvelope.decode(parked!.data).id).toBe(bad.envelope.id);
  expect(parked!.header.get('Kessai-Error')).toMatch(/merchant_id/);
  await eventually(async () => (await ledger.getBalance({ livemode: false, account: acct(good.envelope.merchantId, DEPOSIT) })).balance!.total === 2_000, 15_000, 'the next event applied');
  const inbox = await db.query(`SELECT count(*)::int AS n FROM ledger.inbox WHERE event_id = $1`, [bad.envelope.id]);
  expect(inbox.rows[0].n).toBe(0);
});
