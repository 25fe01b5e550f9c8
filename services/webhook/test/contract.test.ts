/**
 * Contract test of webhook's RPCs that no other test calls through the generated
 * client (EventService.GetEvent, EndpointService.ListEndpoints and DeleteEndpoint,
 * DeliveryService.Redeliver), over the network against the run's mesh. A ledger
 * deposit produces the public event; a local receiver plays the merchant's endpoint.
 */
import { randomUUID } from 'node:crypto';
import { webhookV1 } from '@kessai/contracts';
import { connectClient } from '@kessai/platform';
import { AccountType, acct, eventually, ledgerClient } from '../../../scripts/test/support/clients';
import { testContext } from '../../../scripts/test/support/context';
import { rejection } from '../../../scripts/test/support/errors';
import { startReceiver } from '../../../scripts/test/support/receiver';

const ctx = testContext();
const addr = ctx.services.webhook.grpcAddr;
const events = connectClient(webhookV1.EventServiceClient, addr);
const endpoints = connectClient(webhookV1.EndpointServiceClient, addr);
const deliveries = connectClient(webhookV1.DeliveryServiceClient, addr);
const ledger = ledgerClient(ctx.services.ledger.grpcAddr);

const merchantId = `mer_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
const mine = { merchantId, livemode: false };
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let endpoint: webhookV1.Endpoint;
let event: webhookV1.Event;

beforeAll(async () => {
  receiver = await startReceiver(() => 200);
  endpoint = (await endpoints.createEndpoint({ ...mine, idempotencyKey: '', url: receiver.url, enabledEvents: ['balance.deposit_received'], description: 'contract' })).endpoint!;
  await ledger.post({
    idempotencyKey: randomUUID(), livemode: false, kind: 'deposit.received', description: 'deposit', merchantId, metadata: { deposit_id: 'dep_contract' },
    postings: [{ account: acct('platform', AccountType.ACCOUNT_TYPE_PLATFORM_BANK), amount: -7_000 }, { account: acct(merchantId, AccountType.ACCOUNT_TYPE_DEPOSIT), amount: 7_000 }],
  });
  await eventually(async () => receiver.received.length >= 1, 20_000, 'the first delivery');
  const listed = await events.listEvents({ ...mine, limit: 10, startingAfter: '', type: 'balance.deposit_received', accountId: '' });
  expect(listed.events).toHaveLength(1);
  event = listed.events[0];
}, 60_000);

afterAll(async () => {
  await receiver?.close();
  for (const c of [events, endpoints, deliveries, ledger]) c.close();
});

describe('EventService.GetEvent', () => {
  it('returns the stored public event with its data', async () => {
    const got = (await events.getEvent({ ...mine, eventId: event.id })).event!;
    expect(got).toMatchObject({ id: event.id, type: 'balance.deposit_received', merchantId, livemode: false });
    expect(got.createdAt).toBeInstanceOf(Date);
    expect(JSON.parse(got.dataJson)).toMatchObject({ object: { object: 'deposit', amount: 7_000, currency: 'jpy' } });
    // what the endpoint received is that event
    expect(receiver.received[0].headers['kessai-event-id']).toBe(event.id);
  });

  it('answers NOT_FOUND to another merchant and in the other mode', async () => {
    for (const req of [{ merchantId: 'mer_someoneelse', livemode: false }, { merchantId, livemode: true }]) {
      const err = await rejection(events.getEvent({ ...req, eventId: event.id }));
      expect({ kind: err.kind, code: err.code }).toEqual({ kind: 'not_found', code: 'event_not_found' });
    }
  });
});

describe('DeliveryService.Redeliver', () => {
  it('creates a new delivery of the event, due now, that reaches the endpoint again', async () => {
    const before = (await deliveries.listDeliveries({ ...mine, endpointId: endpoint.id, eventId: event.id })).deliveries;
    expect(before.map((d) => d.status)).toEqual([webhookV1.DeliveryStatus.DELIVERY_STATUS_SUCCEEDED]);

    const { delivery } = await deliveries.redeliver({ ...mine, endpointId: endpoint.id, eventId: event.id });
    expect(delivery).toMatchObject({ eventId: event.id, endpointId: endpoint.id, status: webhookV1.DeliveryStatus.DELIVERY_STATUS_PENDING, attempts: [] });
    expect(delivery!.id).toMatch(/^dlv_/);
    expect(delivery!.id).not.toBe(before[0].id);
    expect(delivery!.nextAttemptAt).toBeInstanceOf(Date);

    await eventually(async () => receiver.received.length >= 2, 20_000, 'the redelivery');
    expect(receiver.received[1].headers['kessai-event-id']).toBe(event.id);
    expect(receiver.received[1].body).toBe(receiver.received[0].body);
    await eventually(
      async () => (await deliveries.listDeliveries({ ...mine, endpointId: endpoint.id, eventId: event.id })).deliveries.find((d) => d.id === delivery!.id)?.status === webhookV1.DeliveryStatus.DELIVERY_STATUS_SUCCEEDED,
      20_000,
      'the redelivery recorded as succeeded',
    );
  });

  it('answers NOT_FOUND for an event the merchant does not have', async () => {
    const err = await rejection(deliveries.redeliver({ ...mine, endpointId: endpoint.id, eventId: 'evt_doesnotexist' }));
    expect({ kind: err.kind, code: err.code }).toEqual({ kind: 'not_found', code: 'event_not_found' });
  });
});

describe('EndpointService.ListEndpoints and DeleteEndpoint', () => {
  it('pages through the merchant\'s endpoints, newest first, and a deleted endpoint is gone', async () => {
    const second = (await endpoints.createEndpoint({ ...mine, idempotencyKey: '', url: receiver.url, enabledEvents: ['*'], description: 'second' })).endpoint!;
    // another merchant's endpoint is never listed
    await endpoints.createEndpoint({ merchantId: `${merchantId}x`, livemode: false, idempotencyKey: '', url: receiver.url, enabledEvents: ['*'], description: 'other' });

    const page1 = await endpoints.listEndpoints({ ...mine, limit: 1, startingAfter: '' });
    expect(page1.endpoints.map((e) => e.id)).toEqual([second.id]);
    expect(page1.hasMore).toBe(true);
    expect(page1.endpoints[0]).toMatchObject({ url: receiver.url, enabledEvents: ['*'], description: 'second', status: webhookV1.EndpointStatus.ENDPOINT_STATUS_ENABLED, secret: '' });
    const page2 = await endpoints.listEndpoints({ ...mine, limit: 1, startingAfter: second.id });
    expect(page2.endpoints.map((e) => e.id)).toEqual([endpoint.id]);
    expect(page2.hasMore).toBe(false);

    const { endpoint: deleted } = await endpoints.deleteEndpoint({ ...mine, endpointId: second.id });
    expect(deleted).toMatchObject({ id: second.id, merchantId, status: webhookV1.EndpointStatus.ENDPOINT_STATUS_DISABLED, secret: '' });
    expect((await endpoints.listEndpoints({ ...mine, limit: 10, startingAfter: '' })).endpoints.map((e) => e.id)).toEqual([endpoint.id]);
    const gone = await rejection(endpoints.getEndpoint({ ...mine, endpointId: second.id }));
    expect({ kind: gone.kind, code: gone.code }).toEqual({ kind: 'not_found', code: 'webhook_endpoint_not_found' });
    const twice = await rejection(endpoints.deleteEndpoint({ ...mine, endpointId: second.id }));
    expect(twice.code).toBe('webhook_endpoint_not_found');
  });

  it('answers an out-of-range page size naming the field', async () => {
    const err = await rejection(endpoints.listEndpoints({ ...mine, limit: 101, startingAfter: '' }));
    expect(err.kind).toBe('invalid_argument');
    expect(err.fieldViolations).toHaveLength(1);
  });
});
