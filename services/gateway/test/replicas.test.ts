import { randomUUID } from 'node:crypto';
import { isolatedMesh, IsolatedMesh } from '../../../scripts/test/support/isolated';
import { freePort } from '../../../scripts/src/lib/infra';
import { api, gatewayAdminClient, newMerchant } from '../../../scripts/test/support/edge';

let mesh: IsolatedMesh;
const urls: string[] = [];
let adminAddr = '';

beforeAll(async () => {
  mesh = await isolatedMesh(['gateway']);
  const env = { GATEWAY_RATE_LIMIT: '40', GATEWAY_RATE_WINDOW_MS: '3600000' };
  for (let i = 0; i < 2; i++) {
    const port = await freePort();
    const proc = await mesh.start('gateway', { ...env, HTTP_PORT: String(port) });
    await proc.waitReady(30_000);
    urls.push(`http://127.0.0.1:${port}`);
    if (i === 0) adminAddr = mesh.grpcAddr(proc);
  }
}, 60_000);
afterAll(() => mesh?.cleanup());

describe('two gateway processes', () => {
  it('run concurrent requests with one Idempotency-Key once, and share the per-key rate limit', async () => {
    const admin = gatewayAdminClient(adminAddr);
    const m = await newMerchant(admin);
    admin.close();

    const key = randomUUID();
    const body = { amount: 250_000, expected_on: '2026-12-10', reference: 'two-process' };
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => api(urls[i % 2], 'POST', '/v1/deposit_notices', { key: m.testKey, idempotencyKey: key, body })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    const list = await api(urls[1], 'GET', '/v1/deposit_notices', { key: m.testKey });
    expect(list.body.data.filter((n: any) => n.reference === 'two-process')).toHaveLength(1);

    // the live key: 40 requests per window across both replicas, then 429 with Retry-After
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof api>> | undefined;
    for (let i = 0; i < 44; i++) {
      const res = await api(urls[i % 2], 'GET', '/v1/deposit_notices', { key: m.liveKey });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(40);
    expect(statuses.slice(40)).toEqual([429, 429, 429, 429]);
    expect(limited!.body.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limited' });
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    // the test key has its own budget
    expect((await api(urls[0], 'GET', '/v1/deposit_notices', { key: m.testKey })).status).toBe(200);
  });
});
