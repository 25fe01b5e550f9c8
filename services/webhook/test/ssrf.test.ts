import { randomUUID } from 'node:crypto';
import { testContext } from '../../../scripts/test/support/context';
import { AccountType, acct, eventually, ledgerClient } from '../../../scripts/test/support/clients';
import { query } from '../../../scripts/test/support/db';
import { startReceiver } from '../../../scripts/test/support/receiver';
import { api, gatewayAdminClient, newMerchant, NewMerchant } from '../../../scripts/test/support/edge';

const ctx = testContext();
// waits cover consumer lag under the whole suite
jest.setTimeout(240_000);
const gateway = ctx.services.gateway.httpUrl!;
const admin = gatewayAdminClient();
const ledger = ledgerClient(ctx.services.ledger.grpcAddr);
let m: NewMerchant;

beforeAll(async () => {
  m = await newMerchant(admin, 'SSRF検査株式会社');
});
afterAll(() => {
  admin.close();
  ledger.close();
});

const create = (key: string, url: string) => api(gateway, 'POST', '/v1/webhook_endpoints', { key, idempotencyKey: randomUUID(), body: { url, enabled_events: ['*'] } });

describe('outbound webhooks never reach Kessai\'s own network in live mode (SSRF guard)', () => {
  it.each([
    ['https://127.0.0.1/hook', 'loopback'],
    ['https://[::1]/hook', 'loopback'],
    ['https://2130706433/hook', 'loopback'],
    ['https://10.0.0.8/hook', 'private'],
    ['https://192.168.1.10/hook', 'private'],
    ['https://169.254.169.254/latest/meta-data/', 'metadata'],
    ['https://[fe80::1]/hook', 'link-local'],
    ['https://localhost:8443/hook', 'local or internal host name'],
    ['https://metadata.google.internal/computeMetadata/v1/', 'local or internal host name'],
    ['https://ledger:50051/', 'not a public host name'],
  ])('refuses to create a live endpoint at %s: a 400 naming url', async (url, why) => {
    const res = await create(m.liveKey, url);
    expect(res.status).toBe(400);
    expect(res.body.error.param).toBe('url');
    expect(res.body.error.message).toContain(why);
    expect(res.body.error.message).toContain('public address');
  });

  it('still accepts a public live URL, and a loopback test-mode URL (local development)', async () => {
    const live = await create(m.liveKey, 'https://hooks.example.com/kessai');
    expect(live.status).toBe(200);
    const receiver = await startReceiver();
    try {
      const test = await create(m.testKey, receiver.url);
      expect(test.status).toBe(200);
      await api(gateway, 'DELETE', `/v1/webhook_endpoints/${test.body.id}`, { key: m.testKey });
    } finally {
      await receiver.close();
    }
    await api(gateway, 'DELETE', `/v1/webhook_endpoints/${live.body.id}`, { key: m.liveKey });
  });

  it('refuses, at delivery, a live endpoint whose host now resolves to a loopback address, with the reason in the delivery log', async () => {
    const receiver = await startReceiver();
    try {
      // an endpoint whose name was public when it was created and now resolves to this host (DNS rebinding):
      // "localhost" stands for such a name (the creation check refuses it by name, so it goes straight to the table)
      const port = new URL(receiver.url).port;
      const created = await create(m.liveKey, 'https://hooks.example.com/kessai');
      expect(created.status).toBe(200);
      await query('UPDATE webhook.endpoints SET url = $2 WHERE id = $1', [created.body.id, `https://localhost:${port}/hooks`]);

      await ledger.post({
        idempotencyKey: randomUUID(), livemode: true, kind: 'deposit.received', description: 'ssrf test', merchantId: m.merchant.id, metadata: { deposit_id: 'dep_ssrf' },
        postings: [{ account: acct('platform', AccountType.ACCOUNT_TYPE_PLATFORM_BANK), amount: -9_000 }, { account: acct(m.merchant.id, AccountType.ACCOUNT_TYPE_DEPOSIT), amount: 9_000 }],
      });
      const log = async () => (await api(gateway, 'GET', `/v1/webhook_endpoints/${created.body.id}/deliveries`, { key: m.liveKey })).body.data as any[];
      await eventually(async () => (await log())[0]?.attempts.length >= 1, 90_000, 'the refused attempt');
      const [delivery] = await log();
      expect(delivery.status).toBe('pending'); // retried on the usual schedule: the name may point elsewhere again
      expect(delivery.attempts[0]).toMatchObject({ response_status: 0, error: expect.stringMatching(/^refused: localhost resolves to (127\.0\.0\.1|::1) \(loopback\)$/) });
      expect(receiver.received).toHaveLength(0);
      await api(gateway, 'DELETE', `/v1/webhook_endpoints/${created.body.id}`, { key: m.liveKey });
    } finally {
      await receiver.close();
    }
  });
});
