import fc from 'fast-check';
import { acct, ledgerClient, LedgerClient } from '../../../scripts/test/support/clients';
import { testContext } from '../../../scripts/test/support/context';
import { DEPOSIT, depositReq, IN_TRANSIT, ledgerInvariants, newKey, newMerchant, outcome, payoutReq, transactionCount } from './support';

// Random sequences of postings, holds, captures, releases and retries, run
// against the real ledger over gRPC and compared with a simple model.
type Op =
  | { op: 'deposit'; m: number; amount: number }
  | { op: 'payout'; m: number; amount: number }
  | { op: 'hold'; m: number; amount: number }
  | { op: 'capture'; h: number; amount: number }
  | { op: 'release'; h: number; amount: number }
  | { op: 'retry'; back: number };

const amount = fc.integer({ min: 1, max: 5_000 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('deposit' as const), m: fc.nat(1), amount }),
  fc.record({ op: fc.constant('payout' as const), m: fc.nat(1), amount }),
  fc.record({ op: fc.constant('hold' as const), m: fc.nat(1), amount }),
  fc.record({ op: fc.constant('capture' as const), h: fc.nat(5), amount: fc.integer({ min: 0, max: 3_000 }) }),
  fc.record({ op: fc.constant('release' as const), h: fc.nat(5), amount: fc.integer({ min: 0, max: 3_000 }) }),
  fc.record({ op: fc.constant('retry' as const), back: fc.nat(10) }),
);

interface ModelAccount { total: number; held: number; inTransit: number }
interface ModelHold { id: string; m: number; left: number }

let ledger: LedgerClient;
let databaseUrl: string;
beforeAll(() => {
  const ctx = testContext();
  ledger = ledgerClient(ctx.services.ledger.grpcAddr);
  databaseUrl = ctx.services.ledger.databaseUrl;
});
afterAll(() => ledger.close());

it('any sequence of operations agrees with the model and keeps the invariants', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (ops) => {
      const merchants = [newMerchant(), newMerchant()];
      const model: ModelAccount[] = merchants.map(() => ({ total: 0, held: 0, inTransit: 0 }));
      const holds: ModelHold[] = [];
      // Each executed call, so a retry can repeat one exactly (same key, same request).
      const done: (() => Promise<unknown>)[] = [];
      let expectedTransactions = 0;

      for (const op of ops) {
        if (op.op === 'deposit') {
          const req = depositReq(merchants[op.m], op.amount);
          await ledger.post(req);
          model[op.m].total += op.amount;
          expectedTransactions++;
          done.push(() => ledger.post(req));
        } else if (op.op === 'payout') {
          const req = payoutReq(merchants[op.m], op.amount);
          const r = await outcome(ledger.post(req));
          const funded = model[op.m].total - model[op.m].held >= op.amount;
          expect(r.ok).toBe(funded);
          if (!r.ok) expect(r.error.code).toBe('insufficient_funds');
          if (funded) {
            model[op.m].total -= op.amount;
            model[op.m].inTransit += op.amount;
            expectedTransactions++;
            done.push(() => ledger.post(req));
          }
        } else if (op.op === 'hold') {
          const req = { idempotencyKey: newKey(), livemode: false, account: acct(merchants[op.m], DEPOSIT), amount: op.amount, reference: '', description: '', merchantId: merchants[op.m] };
          const r = await outcome(ledger.createHold(req));
          const funded = model[op.m].total - model[op.m].held >= op.amount;
          expect(r.ok).toBe(funded);
          if (r.ok) {
            model[op.m].held += op.amount;
            holds.push({ id: r.value.hold!.id, m: op.m, left: op.amount });
            done.push(() => ledger.createHold(req));
          }
        } else if (op.op === 'capture' || op.op === 'release') {
          const hold = holds[op.h % Math.max(holds.length, 1)];
          if (!hold) continue;
          const take = op.amount === 0 ? hold.left : op.amount;
          const ok = hold.left > 0 && take <= hold.left;
          const req = { idempotencyKey: newKey(), livemode: false, holdId: hold.id, amount: op.amount, destination: acct(merchants[hold.m], IN_TRANSIT), description: '', metadata: {} };
          const call = op.op === 'capture' ? () => ledger.captureHold(req) : () => ledger.releaseHold(req);
          const r = await outcome(call());
          expect(r.ok).toBe(ok);
          if (ok) {
            hold.left -= take;
            model[hold.m].held -= take;
            if (op.op === 'capture') {
              model[hold.m].total -= take;
              model[hold.m].inTransit += take;
              expectedTransactions++;
            }
            done.push(call);
          }
        } else if (done.length > 0) {
          // An idempotent retry: same key, same request — must write nothing.
          const again = done[done.length - 1 - (op.back % done.length)];
          const r = (await again()) as { replayed: boolean };
          expect(r.replayed).toBe(true);
        }
      }

      for (const [i, m] of merchants.entries()) {
        const dep = (await ledger.getBalance({ livemode: false, account: acct(m, DEPOSIT) })).balance!;
        expect({ total: dep.total, held: dep.held, available: dep.available }).toEqual({ total: model[i].total, held: model[i].held, available: model[i].total - model[i].held });
        expect(dep.available).toBeGreaterThanOrEqual(0);
        const transit = (await ledger.getBalance({ livemode: false, account: acct(m, IN_TRANSIT) })).balance!;
        expect(transit.total).toBe(model[i].inTransit);
      }
      expect(await transactionCount(databaseUrl, merchants)).toBe(expectedTransactions);
    }),
    { numRuns: 15 },
  );
  expect(await ledgerInvariants(databaseUrl)).toEqual([]);
});
