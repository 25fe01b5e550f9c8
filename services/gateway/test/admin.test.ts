import { DomainError } from '@kessai/platform';
import { eventually } from '../../../scripts/test/support/clients';
import { testContext } from '../../../scripts/test/support/context';
import { api, gatewayAdminClient, merchantClient, newMerchant, OPERATOR } from '../../../scripts/test/support/edge';

const ctx = testContext();
const http = ctx.services.gateway.httpUrl!;
const admin = gatewayAdminClient();
const merchants = merchantClient();

afterAll(() => {
  admin.close();
  merchants.close();
});

async function advanceGatewayClock(ms: number): Promise<void> {
  const res = await fetch(`${ctx.services.gateway.opsUrl}/test/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance_ms: ms }) });
  expect(res.status).toBe(200);
}

describe('MerchantAdminService (operator only)', () => {
  it('refuses calls without or with wrong operator credentials', async () => {
    await expect(admin.createMerchant({ idempotencyKey: '', name: 'x', ownerId: '' })).rejects.toMatchObject({ kind: 'unauthenticated', code: 'operator_credentials_required' });
    await expect(admin.listApiKeys({ merchantId: 'mer_x' }, { metadata: { authorization: 'Bearer nope' } })).rejects.toBeInstanceOf(DomainError);
  });

  it('creates a merchant with virtual accounts and settings, idempotently', async () => {
    const req = { idempotencyKey: `create-${Date.now()}`, name: '株式会社テスト', ownerId: '', settings: { enabledStoreChains: ['lawson', 'familymart'], feePlan: 'standard', settlementCycle: 'semi_monthly' } };
    const a = await admin.createMerchant(req, OPERATOR);
    const b = await admin.createMerchant(req, OPERATOR);
    expect(a.merchant!.id).toMatch(/^mer_/);
    expect(b.merchant!.id).toBe(a.merchant!.id);
    expect(a.merchant!.testVirtualAccountNumber).toMatch(/^\d{7}$/);
    expect(a.merchant!.settings!.enabledStoreChains).toEqual(['lawson', 'familymart']);
    await expect(admin.createMerchant({ ...req, name: 'other' }, OPERATOR)).rejects.toMatchObject({ code: 'idempotency_key_reused' });
    await expect(
      admin.createMerchant({ idempotencyKey: '', name: 'bad', ownerId: '', settings: { enabledStoreChains: ['circle_k'], feePlan: '', settlementCycle: '' } }, OPERATOR),
    ).rejects.toMatchObject({ kind: 'invalid_argument', fieldViolations: [expect.objectContaining({ field: 'settings.enabled_store_chains[0]' })] });

    const found = await merchants.findMerchantByVirtualAccount({ virtualAccountNumber: a.merchant!.testVirtualAccountNumber, livemode: false });
    expect(found.merchant?.id).toBe(a.merchant!.id);
    expect(found.accountKind).toBe('deposit');
    // the second account, for paying fee invoices: its own number per mode, shown with the deposit's
    const numbers = [a.merchant!.testVirtualAccountNumber, a.merchant!.liveVirtualAccountNumber, a.merchant!.testInvoiceAccountNumber, a.merchant!.liveInvoiceAccountNumber];
    expect(numbers.every((n) => /^\d{7}$/.test(n))).toBe(true);
    const invoiceAccount = await merchants.findMerchantByVirtualAccount({ virtualAccountNumber: a.merchant!.liveInvoiceAccountNumber, livemode: true });
    expect(invoiceAccount).toMatchObject({ merchant: { id: a.merchant!.id }, accountKind: 'invoice' });
    expect(await merchants.findMerchantByVirtualAccount({ virtualAccountNumber: '', livemode: true })).toMatchObject({ accountKind: '' });
    const wrongMode = await merchants.findMerchantByVirtualAccount({ virtualAccountNumber: a.merchant!.testVirtualAccountNumber, livemode: true });
    expect(wrongMode.merchant).toBeUndefined();
  });

  it('counts merchants created and keys issued on /metrics (a replay is not counted)', async () => {
    const metric = async (name: string, label: string): Promise<number> => {
      const text = await (await fetch(`${ctx.services.gateway.opsUrl}/metrics`)).text();
      const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(label));
      return line ? Number(line.split(' ').pop()) : 0;
    };
    const merchantsBefore = await metric('kessai_merchants_created_total', 'tenant="false"');
    const liveKeysBefore = await metric('kessai_api_keys_issued_total', 'livemode="true"');
    const req = { idempotencyKey: `count-${Date.now()}`, name: 'Counted KK', ownerId: '' };
    const { merchant } = await admin.createMerchant(req, OPERATOR);
    await admin.createMerchant(req, OPERATOR);
    await admin.issueApiKey({ merchantId: merchant!.id, livemode: true }, OPERATOR);
    expect(await metric('kessai_merchants_created_total', 'tenant="false"')).toBeGreaterThanOrEqual(merchantsBefore + 1);
    expect(await metric('kessai_api_keys_issued_total', 'livemode="true"')).toBeGreaterThanOrEqual(liveKeysBefore + 1);
  });

  it('updates contract settings and tells other services through gateway.merchant.* events', async () => {
    const { merchant } = await admin.createMerchant({ idempotencyKey: '', name: 'Events KK', ownerId: '' }, OPERATOR);
    const updated = await admin.updateMerchant(
      { merchantId: merchant!.id, name: '', settings: { enabledStoreChains: ['seven_eleven'], feePlan: 'billing_plan', settlementCycle: 'every_10_days', payoutAccount: { bankCode: '0001', branchCode: '001', accountType: 1, accountNumber: '1234567', holderNameKana: 'ｲﾍﾞﾝﾂ' } } },
      OPERATOR,
    );
    // the chains and the payout account at once; the plan and cycle from the next close (contract-terms.test.ts)
    expect(updated.merchant).toMatchObject({ name: 'Events KK', settings: { enabledStoreChains: ['seven_eleven'], feePlan: 'collection_plan', settlementCycle: 'monthly', payoutAccount: { accountNumber: '1234567' } } });
    expect(updated.merchant!.contractTerms.map((t) => [t.feePlan, t.settlementCycle])).toEqual([['collection_plan', 'monthly'], ['billing_plan', 'every_10_days']]);
    await expect(admin.updateMerchant({ merchantId: 'mer_nope', name: 'x' }, OPERATOR)).rejects.toMatchObject({ kind: 'not_found' });
    const { query } = await import('../../../scripts/test/support/db');
    await eventually(async () => {
      const { rows } = await query(`SELECT type FROM gateway.outbox WHERE aggregate_id = $1 AND published_at IS NOT NULL ORDER BY seq`, [merchant!.id]);
      return rows.map((r: { type: string }) => r.type).join() === 'gateway.merchant.created,gateway.merchant.updated';
    }, 10_000, 'merchant events published');
  });

  it('keeps contact emails (validated, replaced on update) and publishes them in gateway.merchant.* events', async () => {
    const { merchant } = await admin.createMerchant({ idempotencyKey: '', name: '連絡先KK', ownerId: '', contactEmails: { emails: [' keiri@example.jp ', 'ops@example.jp'] } }, OPERATOR);
    expect(merchant!.contactEmails).toEqual(['keiri@example.jp', 'ops@example.jp']);
    const bad = await admin.createMerchant({ idempotencyKey: '', name: 'x', ownerId: '', contactEmails: { emails: ['ok@example.jp', 'not-an-address', 'OK@example.jp'] } }, OPERATOR).catch((e: DomainError) => e);
    expect(bad).toMatchObject({ kind: 'invalid_argument' });
    expect((bad as DomainError).fieldViolations).toEqual([
      { field: 'contact_emails[1]', description: 'must be an email address' },
      { field: 'contact_emails[2]', description: 'is listed twice' },
    ]);
    // unset: unchanged; set: replaced
    expect((await admin.updateMerchant({ merchantId: merchant!.id, name: '連絡先KK2' }, OPERATOR)).merchant!.contactEmails).toEqual(['keiri@example.jp', 'ops@example.jp']);
    const updated = await admin.updateMerchant({ merchantId: merchant!.id, name: '', contactEmails: { emails: ['new@example.jp'] } }, OPERATOR);
    expect(updated.merchant!.contactEmails).toEqual(['new@example.jp']);
    expect((await merchants.getMerchant({ merchantId: merchant!.id })).merchant!.contactEmails).toEqual(['new@example.jp']);
    await expect(admin.updateMerchant({ merchantId: merchant!.id, name: '', contactEmails: { emails: ['@nope'] } }, OPERATOR)).rejects.toMatchObject({ kind: 'invalid_argument' });

    const { eventsV1, gatewayEventsV1 } = await import('@kessai/contracts');
    const { query } = await import('../../../scripts/test/support/db');
    const { rows } = await query(`SELECT type, envelope FROM gateway.outbox WHERE aggregate_id = $1 ORDER BY seq`, [merchant!.id]);
    expect(rows.map((r: { type: string }) => r.type)).toEqual(['gateway.merchant.created', 'gateway.merchant.updated', 'gateway.merchant.updated']);
    const payload = (i: number) => eventsV1.EventEnvelope.decode(rows[i].envelope).payload;
    expect(gatewayEventsV1.MerchantCreated.decode(payload(0)).merchant!.contactEmails).toEqual(['keiri@example.jp', 'ops@example.jp']);
    expect(gatewayEventsV1.MerchantUpdated.decode(payload(2)).merchant!.contactEmails).toEqual(['new@example.jp']);
  });

  it('shows a key once, stores only a hash, and revokes and rolls keys', async () => {
    const m = await newMerchant(admin);
    expect(m.testKey).toMatch(/^sk_test_[A-Za-z0-9]{32}$/);
    expect(m.liveKey).toMatch(/^sk_live_/);
    const { apiKeys } = await admin.listApiKeys({ merchantId: m.merchant.id }, OPERATOR);
    expect(apiKeys).toHaveLength(2);
    expect(JSON.stringify(apiKeys)).not.toContain(m.testKey);
    const { rows } = await import('../../../scripts/test/support/db').then((d) => d.query(`SELECT key_hash FROM gateway.api_keys WHERE merchant_id = $1`, [m.merchant.id]));
    expect(JSON.stringify(rows)).not.toContain(m.testKey.slice(8));

    expect((await api(http, 'GET', '/v1/balance', { key: m.testKey })).status).toBe(200);

    // roll with a grace period: both work, then the old one stops once the grace has passed
    const testKeyId = apiKeys.find((k) => !k.livemode)!.id;
    const rolled = await admin.rollApiKey({ apiKeyId: testKeyId, expiresInSeconds: 3600 }, OPERATOR);
    expect((await api(http, 'GET', '/v1/balance', { key: m.testKey })).status).toBe(200);
    expect((await api(http, 'GET', '/v1/balance', { key: rolled.secret })).status).toBe(200);
    await advanceGatewayClock(3601_000);
    const old = await api(http, 'GET', '/v1/balance', { key: m.testKey });
    expect(old.status).toBe(401);
    expect(old.body.error.code).toBe('invalid_api_key');
    expect((await api(http, 'GET', '/v1/balance', { key: rolled.secret })).status).toBe(200);

    expect(rolled.rolled).toMatchObject({ id: testKeyId, revoked: false, expiresAt: expect.any(Date) });
    const revoked = await admin.revokeApiKey({ apiKeyId: rolled.apiKey!.id }, OPERATOR);
    expect(revoked.apiKey).toMatchObject({ id: rolled.apiKey!.id, revoked: true });
    expect((await api(http, 'GET', '/v1/balance', { key: rolled.secret })).status).toBe(401);
  });

  it('a key revoked through another replica stops working within the key cache bound (GATEWAY_KEY_CACHE_MS, 5 s)', async () => {
    const m = await newMerchant(admin);
    const db = await import('../../../scripts/test/support/db');
    expect((await api(http, 'GET', '/v1/balance', { key: m.testKey })).status).toBe(200); // cached now
    // another replica revokes it: this process learns of it only from the database
    await db.query(`UPDATE gateway.api_keys SET revoked_at = now() WHERE merchant_id = $1 AND livemode = false`, [m.merchant.id]);
    await advanceGatewayClock(5_001);
    const res = await api(http, 'GET', '/v1/balance', { key: m.testKey });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_api_key');
  });
});
