import { randomUUID } from 'node:crypto';
import { verifySignature } from '@kessai/platform';
import { testContext } from '../../../scripts/test/support/context';
import { eventually } from '../../../scripts/test/support/clients';
import { RunningBank, startBankSimulator } from '../../../scripts/test/support/bank';
import { startReceiver } from '../../../scripts/test/support/receiver';
import { api, gatewayAdminClient, newMerchant, NewMerchant } from '../../../scripts/test/support/edge';

const ctx = testContext();
const gateway = ctx.services.gateway.httpUrl!;
const admin = gatewayAdminClient();
let bank: RunningBank;
let m: NewMerchant;
let other: NewMerchant;

beforeAll(async () => {
  bank = await startBankSimulator();
  m = await newMerchant(admin, 'Webhook受信株式会社');
  other = await newMerchant(admin, 'Other KK');
});
afterAll(async () => {
  await bank?.stop();
  admin.close();
});

const post = (path: string, body: unknown, key = m.testKey) => api(gateway, 'POST', path, { key, body, idempotencyKey: randomUUID() });

async function advanceWebhookClock(ms: number): Promise<void> {
  const res = await fetch(`${ctx.services.webhook.opsUrl}/test/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance_ms: ms }) });
  expect(res.status).toBe(200);
}

describe('outbound merchant webhooks', () => {
  it('delivers balance.deposit_received, signed, to a subscribed endpoint that fails and then recovers', async () => {
    const receiver = await startReceiver((n) => (n === 1 ? 500 : 200));
    try {
      const created = await post('/v1/webhook_endpoints', { url: receiver.url, enabled_events: ['balance.deposit_received'], description: 'local' });
      expect(created.status).toBe(200);
      expect(created.body).toMatchObject({ object: 'webhook_endpoint', status: 'enabled', livemode: false, secret: expect.stringMatching(/^whsec_/) });
      const endpoint = created.body;
      expect((await api(gateway, 'GET', `/v1/webhook_endpoints/${endpoint.id}`, { key: m.testKey })).body.secret).toBeUndefined();

      await bank.call('POST', `/accounts/${m.merchant.testVirtualAccountNumber}/deposits`, { amount: 30_000 });
      await eventually(async () => receiver.received.length >= 1, 20_000, 'first delivery attempt');
      // the first attempt failed (500): the next is planned 30 s later — move the clock instead of waiting
      await advanceWebhookClock(31_000);
      await eventually(async () => receiver.received.length >= 2, 20_000, 'retry');

      const delivered = receiver.received[1];
      const check = verifySignature({ secrets: [endpoint.secret], header: String(delivered.headers['kessai-signature']), body: delivered.body, nowMs: Date.now() });
      expect(check.ok).toBe(true);
      expect(verifySignature({ secrets: ['whsec_other'], header: String(delivered.headers['kessai-signature']), body: delivered.body, nowMs: Date.now() }).ok).toBe(false);
      const event = JSON.parse(delivered.body);
      expect(event).toMatchObject({ object: 'event', type: 'balance.deposit_received', livemode: false, data: { object: { object: 'deposit', amount: 30_000, currency: 'jpy' } } });
      expect(delivered.headers['kessai-event-id']).toBe(event.id);
      expect(receiver.received[0].body).toBe(delivered.body);

      // the event log and the delivery log
      const events = await api(gateway, 'GET', '/v1/events?type=balance.deposit_received', { key: m.testKey });
      expect(events.body.data.map((e: any) => e.id)).toContain(event.id);
      expect((await api(gateway, 'GET', `/v1/events/${event.id}`, { key: m.testKey })).body.data.object.amount).toBe(30_000);
      const log = await api(gateway, 'GET', `/v1/webhook_endpoints/${endpoint.id}/deliveries?event=${event.id}`, { key: m.testKey });
      expect(log.body.data).toHaveLength(1);
      expect(log.body.data[0]).toMatchObject({ status: 'succeeded', next_attempt_at: null });
      expect(log.body.data[0].attempts.map((a: any) => a.response_status)).toEqual([500, 200]);
      expect(log.body.data[0].attempts[0].latency_ms).toBeGreaterThanOrEqual(0);

      // manual redelivery
      const again = await post(`/v1/webhook_endpoints/${endpoint.id}/redeliveries`, { event: event.id });
      expect(again.status).toBe(200);
      await eventually(async () => receiver.received.length >= 3, 20_000, 'redelivery');
      expect(JSON.parse(receiver.received[2].body).id).toBe(event.id);

      // another merchant sees none of it: 404, not 403
      for (const [method, path] of [
        ['GET', `/v1/webhook_endpoints/${endpoint.id}`],
        ['DELETE', `/v1/webhook_endpoints/${endpoint.id}`],
        ['GET', `/v1/webhook_endpoints/${endpoint.id}/deliveries`],
        ['GET', `/v1/events/${event.id}`],
      ]) {
        const res = await api(gateway, method, path, { key: other.testKey });
        expect({ path, status: res.status }).toEqual({ path, status: 404 });
      }
      expect((await post(`/v1/webhook_endpoints/${endpoint.id}/redeliveries`, { event: event.id }, other.testKey)).status).toBe(404);
      expect((await api(gateway, 'GET', '/v1/events', { key: other.testKey })).body.data).toEqual([]);
      // nor does live mode
      expect((await api(gateway, 'GET', `/v1/webhook_endpoints/${endpoint.id}`, { key: m.liveKey })).status).toBe(404);

      const list = await api(gateway, 'GET', '/v1/webhook_endpoints', { key: m.testKey });
      expect(list.body.data.map((e: any) => e.id)).toEqual([endpoint.id]);
      const deleted = await api(gateway, 'DELETE', `/v1/webhook_endpoints/${endpoint.id}`, { key: m.testKey });
      expect(deleted.body).toMatchObject({ id: endpoint.id, deleted: true });
      expect((await api(gateway, 'GET', `/v1/webhook_endpoints/${endpoint.id}`, { key: m.testKey })).status).toBe(404);
    } finally {
      await receiver.close();
    }
  });

  it('validates endpoints: https in live mode, known event types, idempotent creation', async () => {
    const bad = await post('/v1/webhook_endpoints', { url: 'http://example.com/hook', enabled_events: ['balance.deposit_received'] }, m.liveKey);
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('url');
    const unknown = await post('/v1/webhook_endpoints', { url: 'https://example.com/hook', enabled_events: ['payment.exploded'] });
    expect(unknown.body.error.param).toBe('enabled_events[0]');
    const key = randomUUID();
    const body = { url: 'https://example.com/hook', enabled_events: ['*'] };
    const a = await api(gateway, 'POST', '/v1/webhook_endpoints', { key: m.testKey, body, idempotencyKey: key });
    const b = await api(gateway, 'POST', '/v1/webhook_endpoints', { key: m.testKey, body, idempotencyKey: key });
    expect(b.body).toEqual(a.body);
    expect((await api(gateway, 'POST', '/v1/webhook_endpoints', { key: m.testKey, body: { ...body, url: 'https://example.com/x' }, idempotencyKey: key })).status).toBe(409);
    await api(gateway, 'DELETE', `/v1/webhook_endpoints/${a.body.id}`, { key: m.testKey });
  });
});
