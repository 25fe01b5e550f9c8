import { randomUUID } from 'node:crypto';
import { testContext } from '../../../scripts/test/support/context';
import { AccountType, acct, eventually, ledgerClient } from '../../../scripts/test/support/clients';
import { query } from '../../../scripts/test/support/db';
import { startReceiver } from '../../../scripts/test/support/receiver';
import { api, gatewayAdminClient, newMerchant, NewMerchant, OPERATOR } from '../../../scripts/test/support/edge';

const ctx = testContext();
// waits cover consumer lag under the whole suite
jest.setTimeout(240_000);
const gateway = ctx.services.gateway.httpUrl!;
const admin = gatewayAdminClient();
const ledger = ledgerClient(ctx.services.ledger.grpcAddr);
let owner: NewMerchant;
let tenant: NewMerchant;
let sibling: NewMerchant;
let stranger: NewMerchant;

beforeAll(async () => {
  owner = await newMerchant(admin, 'Platform Owner KK');
  tenant = await newMerchant(admin, 'Tenant A KK', owner.merchant.id);
  sibling = await newMerchant(admin, 'Tenant B KK', owner.merchant.id);
  stranger = await newMerchant(admin, 'Stranger KK');
});
afterAll(() => {
  admin.close();
  ledger.close();
});

const deposit = (m: NewMerchant, livemode: boolean, amount: number, depositId: string) =>
  ledger.post({
    idempotencyKey: randomUUID(), livemode, kind: 'deposit.received', description: 'tenancy test deposit', merchantId: m.merchant.id, metadata: { deposit_id: depositId },
    postings: [{ account: acct('platform', AccountType.ACCOUNT_TYPE_PLATFORM_BANK), amount: -amount }, { account: acct(m.merchant.id, AccountType.ACCOUNT_TYPE_DEPOSIT), amount }],
  });
const endpoint = async (m: NewMerchant, url: string) => {
  const res = await api(gateway, 'POST', '/v1/webhook_endpoints', { key: m.testKey, idempotencyKey: randomUUID(), body: { url, enabled_events: ['balance.deposit_received'] } });
  expect(res.status).toBe(200);
  return res.body.id as string;
};
const events = async (key: string, qs = '') => (await api(gateway, 'GET', `/v1/events?limit=100${qs}`, { key })).body.data as any[];
const depositIds = (list: any[]) => list.map((e) => e.data.object.id).sort();
/** Under the whole suite the webhook service's consumers can lag well behind (other tests post thousands of ledger transactions). */
const LAG_MS = 90_000;
/** webhook knows the merchant's owner (from gateway.merchant.created) */
const ownerKnown = (m: NewMerchant) => eventually(async () => (await query('SELECT owner_id FROM webhook.merchants WHERE id = $1', [m.merchant.id])).rows[0]?.owner_id === owner.merchant.id, LAG_MS, `owner of ${m.merchant.id} known`);

describe('public events follow the tenancy rule: an owner sees all its tenants, a tenant only itself', () => {
  it('delivers a tenant\'s events to its owner\'s endpoints too, naming the tenant, and lists them for the owner — never the other way round, never across modes', async () => {
    const [ownerHooks, tenantHooks, siblingHooks, strangerHooks] = await Promise.all([startReceiver(), startReceiver(), startReceiver(), startReceiver()]);
    try {
      const ownerEndpoint = await endpoint(owner, ownerHooks.url);
      await endpoint(tenant, tenantHooks.url);
      await endpoint(sibling, siblingHooks.url);
      await endpoint(stranger, strangerHooks.url);
      await Promise.all([ownerKnown(tenant), ownerKnown(sibling)]);

      await deposit(tenant, false, 1_100, 'dep_tenant_test');
      await deposit(tenant, true, 2_200, 'dep_tenant_live');
      await deposit(sibling, false, 3_300, 'dep_sibling_test');
      await deposit(owner, false, 4_400, 'dep_owner_test');
      await deposit(stranger, false, 5_500, 'dep_stranger_test');

      const bodies = (r: typeof ownerHooks) => r.received.map((x) => JSON.parse(x.body));
      await eventually(async () => ownerHooks.received.length >= 3 && tenantHooks.received.length >= 1 && siblingHooks.received.length >= 1 && strangerHooks.received.length >= 1, LAG_MS, 'deliveries');
      await eventually(async () => (await events(owner.liveKey)).length >= 1, LAG_MS, 'the live event');

      // the owner's endpoint gets its own and both tenants' test events, each naming its account; not the live one
      expect(bodies(ownerHooks).map((e) => [e.account, e.data.object.id]).sort()).toEqual(
        [[owner.merchant.id, 'dep_owner_test'], [sibling.merchant.id, 'dep_sibling_test'], [tenant.merchant.id, 'dep_tenant_test']].sort(),
      );
      expect(bodies(ownerHooks).every((e) => e.livemode === false)).toBe(true);
      // a tenant's endpoint gets only its own; a stranger only its own
      expect(bodies(tenantHooks).map((e) => [e.account, e.data.object.id])).toEqual([[tenant.merchant.id, 'dep_tenant_test']]);
      expect(bodies(siblingHooks).map((e) => [e.account, e.data.object.id])).toEqual([[sibling.merchant.id, 'dep_sibling_test']]);
      expect(bodies(strangerHooks).map((e) => e.data.object.id)).toEqual(['dep_stranger_test']);

      // GET /v1/events: the owner lists its tenants' events too, optionally one account's
      const mine = await events(owner.testKey);
      expect(depositIds(mine)).toEqual(['dep_owner_test', 'dep_sibling_test', 'dep_tenant_test']);
      expect(mine.find((e) => e.data.object.id === 'dep_tenant_test').account).toBe(tenant.merchant.id);
      expect(depositIds(await events(owner.testKey, `&account=${tenant.merchant.id}`))).toEqual(['dep_tenant_test']);
      expect(depositIds(await events(owner.testKey, `&account=${owner.merchant.id}`))).toEqual(['dep_owner_test']);
      expect(await events(owner.testKey, `&account=${stranger.merchant.id}`)).toEqual([]);
      expect(depositIds(await events(owner.liveKey))).toEqual(['dep_tenant_live']);
      // a tenant lists only itself: not its owner's, not its sibling's, even when it asks for them
      expect(depositIds(await events(tenant.testKey))).toEqual(['dep_tenant_test']);
      expect(await events(tenant.testKey, `&account=${owner.merchant.id}`)).toEqual([]);
      expect(await events(tenant.testKey, `&account=${sibling.merchant.id}`)).toEqual([]);
      expect(depositIds(await events(stranger.testKey))).toEqual(['dep_stranger_test']);
      // acting for a tenant (Kessai-Account) narrows the owner to that tenant
      const asTenant = await api(gateway, 'GET', '/v1/events', { key: owner.testKey, headers: { 'kessai-account': tenant.merchant.id } });
      expect(depositIds(asTenant.body.data)).toEqual(['dep_tenant_test']);

      // one event: the owner reaches its tenant's; a tenant never its owner's or sibling's
      const tenantEvent = mine.find((e) => e.data.object.id === 'dep_tenant_test');
      const ownerEvent = mine.find((e) => e.data.object.id === 'dep_owner_test');
      const siblingEvent = mine.find((e) => e.data.object.id === 'dep_sibling_test');
      expect((await api(gateway, 'GET', `/v1/events/${tenantEvent.id}`, { key: owner.testKey })).status).toBe(200);
      expect((await api(gateway, 'GET', `/v1/events/${tenantEvent.id}`, { key: owner.liveKey })).status).toBe(404);
      expect((await api(gateway, 'GET', `/v1/events/${ownerEvent.id}`, { key: tenant.testKey })).status).toBe(404);
      expect((await api(gateway, 'GET', `/v1/events/${siblingEvent.id}`, { key: tenant.testKey })).status).toBe(404);
      expect((await api(gateway, 'GET', `/v1/events/${tenantEvent.id}`, { key: stranger.testKey })).status).toBe(404);

      // the owner can redeliver its tenant's event to its own endpoint
      const again = await api(gateway, 'POST', `/v1/webhook_endpoints/${ownerEndpoint}/redeliveries`, { key: owner.testKey, idempotencyKey: randomUUID(), body: { event: tenantEvent.id } });
      expect(again.status).toBe(200);
      await eventually(async () => ownerHooks.received.length >= 4, LAG_MS, 'redelivery');
      expect(JSON.parse(ownerHooks.received[3].body)).toMatchObject({ id: tenantEvent.id, account: tenant.merchant.id });
      expect(tenantHooks.received).toHaveLength(1);
      expect(siblingHooks.received).toHaveLength(1);
      await api(gateway, 'DELETE', `/v1/webhook_endpoints/${ownerEndpoint}`, { key: owner.testKey });
    } finally {
      await Promise.all([ownerHooks, tenantHooks, siblingHooks, strangerHooks].map((r) => r.close()));
    }
  });

  it('delivers a tenant\'s event recorded before its owner was known to the owner once the owner is learnt', async () => {
    const late = await newMerchant(admin, 'Late Tenant KK', owner.merchant.id);
    const ownerHooks = await startReceiver();
    const lateHooks = await startReceiver();
    try {
      await endpoint(owner, ownerHooks.url);
      await endpoint(late, lateHooks.url);
      await ownerKnown(late);
      // as if gateway.merchant.created had not arrived yet (streams are not ordered against each other)
      await query('DELETE FROM webhook.merchants WHERE id = $1', [late.merchant.id]);
      await deposit(late, false, 6_600, 'dep_late');
      await eventually(async () => lateHooks.received.length >= 1, LAG_MS, 'the tenant\'s own delivery');
      const lateAtOwner = () => ownerHooks.received.map((r) => JSON.parse(r.body)).filter((e) => e.data.object.id === 'dep_late');
      expect(lateAtOwner()).toHaveLength(0);
      // the owner becomes known (any gateway.merchant.* event carries it): the missed delivery is made, once
      await admin.updateMerchant({ merchantId: late.merchant.id, name: 'Late Tenant KK (renamed)' }, OPERATOR);
      await eventually(async () => lateAtOwner().length >= 1, LAG_MS, 'the backfilled delivery to the owner');
      expect(lateAtOwner()).toEqual([expect.objectContaining({ account: late.merchant.id, type: 'balance.deposit_received' })]);
      expect(depositIds(await events(owner.testKey, `&account=${late.merchant.id}`))).toEqual(['dep_late']);
    } finally {
      await Promise.all([ownerHooks.close(), lateHooks.close()]);
      const mine = (await api(gateway, 'GET', '/v1/webhook_endpoints', { key: owner.testKey })).body.data as any[];
      for (const e of mine) await api(gateway, 'DELETE', `/v1/webhook_endpoints/${e.id}`, { key: owner.testKey });
    }
  });
});
