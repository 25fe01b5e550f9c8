import { acct, ledgerClient, LedgerClient } from '../../../scripts/test/support/clients';
import { isolatedMesh, IsolatedMesh } from '../../../scripts/test/support/isolated';
import type { ServiceProcess } from '../../../scripts/src/lib/processes';
import { DEPOSIT, depositReq, IN_TRANSIT, ledgerInvariants, newKey, newMerchant, outcome, payoutReq } from './support';

// Many parallel debits on one account, spread over two replicas of the ledger
// on one database: exactly as many succeed as the money allows, never more.
let mesh: IsolatedMesh;
let replicas: ServiceProcess[];
let clients: LedgerClient[];

beforeAll(async () => {
  mesh = await isolatedMesh(['ledger']);
  replicas = [await mesh.start('ledger'), await mesh.start('ledger')];
  await Promise.all(replicas.map((r) => r.waitReady(30_000)));
  clients = replicas.map((r) => ledgerClient(mesh.grpcAddr(r)));
});
afterAll(async () => {
  clients?.forEach((c) => c.close());
  await mesh?.cleanup();
});

it('200 parallel debits of 100 yen against 10,000 yen: exactly 100 succeed, across two replicas', async () => {
  const m = newMerchant();
  await clients[0].post(depositReq(m, 10_000));
  const results = await Promise.all(
    Array.from({ length: 200 }, (_, i) => outcome(clients[i % 2].post(payoutReq(m, 100)))),
  );
  const ok = results.filter((r) => r.ok).length;
  const refused = results.filter((r) => !r.ok);
  expect(ok).toBe(100);
  expect(refused.every((r) => !r.ok && r.error.code === 'insufficient_funds')).toBe(true);
  const dep = (await clients[1].getBalance({ livemode: false, account: acct(m, DEPOSIT) })).balance!;
  expect(dep).toMatchObject({ total: 0, available: 0 });
  expect((await clients[0].getBalance({ livemode: false, account: acct(m, IN_TRANSIT) })).balance!.total).toBe(10_000);
  expect(await ledgerInvariants(mesh.databaseUrl('ledger'))).toEqual([]);
});

it('holds and debits racing on one account never overdraw it', async () => {
  const m = newMerchant();
  await clients[0].post(depositReq(m, 5_000));
  const calls = Array.from({ length: 120 }, (_, i) =>
    i % 3 === 0
      ? outcome(clients[i % 2].createHold({ idempotencyKey: newKey(), livemode: false, account: acct(m, DEPOSIT), amount: 150, reference: '', description: '', merchantId: m }))
      : outcome(clients[i % 2].post(payoutReq(m, 100))),
  );
  const results = await Promise.all(calls);
  const dep = (await clients[0].getBalance({ livemode: false, account: acct(m, DEPOSIT) })).balance!;
  const held = results.filter((r, i) => r.ok && i % 3 === 0).length * 150;
  const paid = results.filter((r, i) => r.ok && i % 3 !== 0).length * 100;
  expect(dep.held).toBe(held);
  expect(dep.total).toBe(5_000 - paid);
  expect(dep.available).toBeGreaterThanOrEqual(0);
  expect(dep.available).toBeLessThan(150);
  expect(await ledgerInvariants(mesh.databaseUrl('ledger'))).toEqual([]);
});

it('the same idempotency key sent concurrently to both replicas posts once', async () => {
  const m = newMerchant();
  const req = depositReq(m, 777, newKey());
  const results = await Promise.all(Array.from({ length: 10 }, (_, i) => clients[i % 2].post(req)));
  expect(new Set(results.map((r) => r.transaction!.id)).size).toBe(1);
  expect(results.filter((r) => !r.replayed)).toHaveLength(1);
  expect((await clients[0].getBalance({ livemode: false, account: acct(m, DEPOSIT) })).balance!.total).toBe(777);
});
