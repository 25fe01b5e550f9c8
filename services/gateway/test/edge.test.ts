import { randomUUID } from 'node:crypto';
import { testContext } from '../../../scripts/test/support/context';
import { api, gatewayAdminClient, newMerchant, NewMerchant } from '../../../scripts/test/support/edge';
import { query } from '../../../scripts/test/support/db';

const http = testContext().services.gateway.httpUrl!;
const admin = gatewayAdminClient();
let m: NewMerchant;

beforeAll(async () => {
  m = await newMerchant(admin);
});
afterAll(() => admin.close());

const notice = { amount: 500_000, expected_on: '2026-12-01', reference: 'order-42' };

function expectError(res: { status: number; body: any; headers: Headers }, status: number, code: string, param?: string | null): void {
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
  expect(Object.keys(res.body.error).sort()).toEqual(['code', 'message', 'param', 'request_id', 'type']);
  expect(res.body.error.request_id).toBe(res.headers.get('request-id'));
  if (param !== undefined) expect(res.body.error.param).toBe(param);
}

async function noticeCount(merchantId: string): Promise<number> {
  const { rows } = await query(`SELECT count(*)::int AS n FROM gateway.deposit_notices WHERE merchant_id = $1`, [merchantId]);
  return rows[0].n;
}

describe('the REST edge', () => {
  it('sets request ids and security headers, no CORS, no framework banner', async () => {
    const res = await api(http, 'GET', '/v1/balance', { key: m.testKey, headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('request-id')).toMatch(/^req_/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.body).toEqual({ object: 'balance', livemode: false, currency: 'jpy', total: 0, held: 0, available: 0, as_of: expect.any(String) });
  });

  it('answers a corpus of malformed requests with the right 4xx, the one error shape, and no side effect', async () => {
    const before = await noticeCount(m.merchant.id);
    const post = (o: Parameters<typeof api>[3]) => api(http, 'POST', '/v1/deposit_notices', { key: m.testKey, idempotencyKey: randomUUID(), ...o });
    expectError(await api(http, 'GET', '/v1/balance'), 401, 'api_key_required');
    expectError(await api(http, 'GET', '/v1/balance', { headers: { authorization: 'Basic abc' } }), 401, 'invalid_authorization');
    expectError(await api(http, 'GET', '/v1/balance', { key: 'sk_test_' + 'A'.repeat(32) }), 401, 'invalid_api_key');
    expectError(await api(http, 'GET', '/v1/balance', { key: "sk_test_'OR'1'='1'--" }), 401, 'invalid_api_key');
    expectError(await api(http, 'GET', '/v1/nothing', { key: m.testKey }), 404, 'route_not_found');
    expectError(await post({ rawBody: '{"amount": 1,', headers: { 'content-type': 'application/json' } }), 400, 'invalid_json');
    expectError(await post({ rawBody: 'amount=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 400, 'unsupported_content_type', 'Content-Type');
    expectError(await post({ rawBody: '[1,2]', headers: { 'content-type': 'application/json' } }), 400, 'invalid_body');
    expectError(await post({ body: { ...notice, amount: '500000' } }), 400, 'parameter_invalid', 'amount');
    expectError(await post({ body: { ...notice, amount: 1.5 } }), 400, 'parameter_invalid', 'amount');
    expectError(await post({ body: { ...notice, amount: -1 } }), 400, 'parameter_invalid', 'amount');
    expectError(await post({ body: { ...notice, expected_on: "2026-12-01'; DROP TABLE gateway.merchants; --" } }), 400, 'parameter_invalid', 'expected_on');
    expectError(await post({ body: { ...notice, livemode: true } }), 400, 'parameter_unknown', 'livemode');
    expectError(await post({ body: { ...notice, reference: 'x'.repeat(100_000) } }), 400, 'body_too_large');
    expectError(await api(http, 'POST', '/v1/deposit_notices', { key: m.testKey, body: notice }), 400, 'idempotency_key_required', 'Idempotency-Key');
    expectError(await api(http, 'GET', '/v1/balance/transactions?limit=abc', { key: m.testKey }), 400, 'parameter_invalid', 'limit');
    expectError(await api(http, 'GET', '/v1/balance/transactions?limit=1000', { key: m.testKey }), 400, 'parameter_invalid', 'limit');
    expectError(await api(http, 'GET', '/v1/balance/transactions?starting_after=not-a-cursor!', { key: m.testKey }), 400, 'invalid_cursor', 'starting_after');
    expectError(await api(http, 'GET', '/v1/deposit_notices?starting_after=eyJsIjoieCJ9', { key: m.testKey }), 400, 'invalid_cursor', 'starting_after');
    expectError(await api(http, 'GET', '/v1/balance?foo=1', { key: m.testKey }), 400, 'parameter_unknown', 'foo');
    expect(await noticeCount(m.merchant.id)).toBe(before);
    const { rows } = await query(`SELECT count(*)::int AS n FROM gateway.merchants`);
    expect(rows[0].n).toBeGreaterThan(0);
  });

  it('replays an identical retry, rejects a changed body under the same key, and keeps modes apart', async () => {
    const key = randomUUID();
    const first = await api(http, 'POST', '/v1/deposit_notices', { key: m.testKey, idempotencyKey: key, body: notice });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ object: 'deposit_notice', amount: 500_000, expected_on: '2026-12-01', livemode: false });
    const again = await api(http, 'POST', '/v1/deposit_notices', { key: m.testKey, idempotencyKey: key, body: notice });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const changed = await api(http, 'POST', '/v1/deposit_notices', { key: m.testKey, idempotencyKey: key, body: { ...notice, amount: 1 } });
    expectError(changed, 409, 'idempotency_key_reused', 'Idempotency-Key');
    // the same key in live mode is another scope: it runs, in live mode
    const live = await api(http, 'POST', '/v1/deposit_notices', { key: m.liveKey, idempotencyKey: key, body: notice });
    expect(live.status).toBe(200);
    expect(live.body.livemode).toBe(true);
    expect(live.body.id).not.toBe(first.body.id);

    // concurrent requests with one key execute once
    const k2 = randomUUID();
    const results = await Promise.all(Array.from({ length: 8 }, () => api(http, 'POST', '/v1/deposit_notices', { key: m.testKey, idempotencyKey: k2, body: { ...notice, reference: 'burst' } })));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    const { rows } = await query(`SELECT count(*)::int AS n FROM gateway.deposit_notices WHERE merchant_id = $1 AND reference = 'burst'`, [m.merchant.id]);
    expect(rows[0].n).toBe(1);

    // lists are per mode and paginate with cursors
    const testList = await api(http, 'GET', '/v1/deposit_notices?limit=1', { key: m.testKey });
    expect(testList.body.data).toHaveLength(1);
    expect(testList.body.data.every((n: any) => n.livemode === false)).toBe(true);
    expect(testList.body.has_more).toBe(true);
    const page2 = await api(http, 'GET', `/v1/deposit_notices?limit=10&starting_after=${testList.body.next_cursor}`, { key: m.testKey });
    expect(page2.body.data.map((n: any) => n.id)).not.toContain(testList.body.data[0].id);
    expect(page2.body.data).toHaveLength(1);
    expect(page2.body.has_more).toBe(false);
  });

  it('publishes OpenAPI 3.1 generated from the validating schemas, and /docs with local assets', async () => {
    const doc = await api(http, 'GET', '/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    const create = doc.body.paths['/v1/deposit_notices'].post;
    expect(create.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
    expect(create.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['amount', 'expected_on']));
    expect(create.parameters.find((p: any) => p.name === 'Idempotency-Key').required).toBe(true);
    expect(doc.body.paths['/v1/balance'].get.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/Balance');
    const page = await api(http, 'GET', '/docs');
    expect(page.status).toBe(200);
    expect(String(page.body)).toContain('/docs/assets/swagger-ui-bundle.js');
    expect(String(page.body)).not.toMatch(/https?:\/\//);
    const bundle = await fetch(`${http}/docs/assets/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toContain('javascript');
  });
});
