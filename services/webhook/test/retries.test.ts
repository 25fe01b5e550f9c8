import { randomUUID } from 'node:crypto';
import { webhookV1 } from '@kessai/contracts';
import { connectClient } from '@kessai/platform';
import { AccountType, acct, eventually, ledgerClient } from '../../../scripts/test/support/clients';
import { isolatedMesh, IsolatedMesh } from '../../../scripts/test/support/isolated';
import { startReceiver } from '../../../scripts/test/support/receiver';
import { nextAttemptAt } from '../src/domain/retry-schedule';

const DAY = 24 * 3600_000;
let mesh: IsolatedMesh;

beforeAll(async () => {
  mesh = await isolatedMesh(['ledger', 'webhook']);
}, 60_000);
afterAll(() => mesh?.cleanup());

function clients(addr: string) {
  return {
    endpoints: connectClient(webhookV1.EndpointServiceClient, addr),
    deliveries: connectClient(webhookV1.DeliveryServiceClient, addr),
    events: connectClient(webhookV1.EventServiceClient, addr),
  };
}

describe('outbound retries survive a SIGKILL', () => {
  it('keeps the persisted backoff plan across a kill and restart, tries for 3 days, then disables the endpoint with a notice', async () => {
    const receiver = await startReceiver(() => 503);
    const ledgerProc = await mesh.start('ledger');
    let webhookProc = await mesh.start('webhook', { HTTP_PORT: '0' });
    await Promise.all([ledgerProc.waitReady(30_000), webhookProc.waitReady(30_000)]);
    const merchantId = `mer_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
    let api = clients(mesh.grpcAddr(webhookProc));
    const { endpoint } = await api.endpoints.createEndpoint({ idempotencyKey: '', merchantId, livemode: false, url: receiver.url, enabledEvents: ['*'], description: '' });

    const ledger = ledgerClient(mesh.grpcAddr(ledgerProc));
    await ledger.post({
      idempotencyKey: randomUUID(), livemode: false, kind: 'deposit.received', description: 'deposit', merchantId, metadata: { deposit_id: 'dep_test' },
      postings: [{ account: acct('platform', AccountType.ACCOUNT_TYPE_PLATFORM_BANK), amount: -7_000 }, { account: acct(merchantId, AccountType.ACCOUNT_TYPE_DEPOSIT), amount: 7_000 }],
    });
    ledger.close();
    await eventually(async () => receiver.received.length >= 1, 20_000, 'first attempt');
    const deliveries = async () => (await api.deliveries.listDeliveries({ merchantId, livemode: false, endpointId: endpoint!.id, eventId: '' })).deliveries;
    await eventually(async () => (await deliveries())[0]?.attempts.length === 1, 10_000, 'first attempt recorded');
    const first = (await deliveries())[0];
    expect(first.status).toBe(webhookV1.DeliveryStatus.DELIVERY_STATUS_PENDING);
    expect(first.nextAttemptAt!.getTime() - first.attempts[0].attemptedAt!.getTime()).toBeGreaterThanOrEqual(29_000);

    // mid-backoff: SIGKILL, restart — the plan is in Postgres
    await webhookProc.kill();
    webhookProc = await mesh.start('webhook', { HTTP_PORT: '0' });
    await webhookProc.waitReady(30_000);
    api = clients(mesh.grpcAddr(webhookProc));
    expect((await deliveries())[0]).toMatchObject({ id: first.id, nextAttemptAt: first.nextAttemptAt });

    const res = await fetch(`${mesh.opsUrl(webhookProc)}/test/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance_ms: 3 * DAY + 60_000 }) });
    expect(res.status).toBe(200);

    // every planned attempt is made, then the delivery fails and the endpoint is disabled
    const firstDue = first.attempts[0].attemptedAt!;
    let planned = 1;
    for (let at = firstDue; ; planned++) {
      const next = nextAttemptAt(firstDue, at, planned, 3 * DAY);
      if (!next) break;
      at = next;
    }
    await eventually(async () => (await deliveries())[0].status === webhookV1.DeliveryStatus.DELIVERY_STATUS_FAILED, 30_000, 'retries exhausted');
    const final = (await deliveries())[0];
    expect(final.attempts).toHaveLength(planned);
    expect(final.attempts.every((a) => a.responseStatus === 503)).toBe(true);
    expect(final.attempts[final.attempts.length - 1].attemptedAt!.getTime() - firstDue.getTime()).toBeGreaterThanOrEqual(3 * DAY - 60_000);
    expect(receiver.received.length).toBe(planned);

    const { endpoint: after } = await api.endpoints.getEndpoint({ merchantId, livemode: false, endpointId: endpoint!.id });
    expect(after).toMatchObject({ status: webhookV1.EndpointStatus.ENDPOINT_STATUS_DISABLED, disabledReason: 'failing_for_3_days' });
    const { events } = await api.events.listEvents({ merchantId, livemode: false, limit: 10, startingAfter: '', type: '', accountId: '' });
    expect(events.map((e) => e.type)).toEqual(['webhook_endpoint.disabled', 'balance.deposit_received']);
    await receiver.close();
  }, 120_000);
});
