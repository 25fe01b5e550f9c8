import fc from 'fast-check';
import { AccountState, applyIfFunded, netChanges } from './balances';

const deposit = (total: number, held = 0): AccountState => ({ total, held, floor: 'available_non_negative' });

describe('applyIfFunded', () => {
  it('lets a debit through while the available balance covers it', () => {
    const states = new Map([['a', deposit(1_000, 300)]]);
    expect(applyIfFunded(states, [{ accountId: 'a', totalDelta: -700, heldDelta: 0 }])).toBeNull();
    expect(states.get('a')).toMatchObject({ total: 300, held: 300 });
  });

  it('refuses a debit beyond the available balance and changes nothing', () => {
    const states = new Map([['a', deposit(1_000, 300)], ['b', deposit(0)]]);
    const shortfall = applyIfFunded(states, [
      { accountId: 'b', totalDelta: 701, heldDelta: 0 },
      { accountId: 'a', totalDelta: -701, heldDelta: 0 },
    ]);
    expect(shortfall).toEqual({ accountId: 'a', available: 700, needed: 701 });
    expect(states.get('a')).toMatchObject({ total: 1_000, held: 300 });
    expect(states.get('b')).toMatchObject({ total: 0 });
  });

  it('a hold reduces available; a capture spends the hold without touching available', () => {
    const states = new Map([['a', deposit(1_000)]]);
    expect(applyIfFunded(states, [{ accountId: 'a', totalDelta: 0, heldDelta: 600 }])).toBeNull();
    expect(applyIfFunded(states, [{ accountId: 'a', totalDelta: 0, heldDelta: 500 }])).not.toBeNull();
    expect(applyIfFunded(states, [{ accountId: 'a', totalDelta: -600, heldDelta: -600 }])).toBeNull();
    expect(states.get('a')).toMatchObject({ total: 400, held: 0 });
  });

  it('never fails a credit, and never checks unbounded accounts', () => {
    const states = new Map<string, AccountState>([['a', deposit(-5)], ['bank', { total: 0, held: 0, floor: 'unbounded' }]]);
    expect(applyIfFunded(states, [{ accountId: 'a', totalDelta: 5, heldDelta: 0 }, { accountId: 'bank', totalDelta: -5, heldDelta: 0 }])).toBeNull();
  });

  it('property: any sequence of funded operations keeps available >= 0', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ total: fc.integer({ min: -5_000, max: 5_000 }), held: fc.integer({ min: -2_000, max: 2_000 }) }), { maxLength: 60 }), (ops) => {
        const states = new Map([['a', deposit(0)]]);
        for (const op of ops) applyIfFunded(states, [{ accountId: 'a', totalDelta: op.total, heldDelta: op.held }]);
        const s = states.get('a')!;
        return s.total - s.held >= 0 && s.held >= 0;
      }),
      { numRuns: 300 },
    );
  });
});

describe('netChanges', () => {
  it('sums the postings of one account', () => {
    expect(netChanges([{ accountId: 'a', amount: 5 }, { accountId: 'b', amount: -7 }, { accountId: 'a', amount: 2 }])).toEqual([
      { accountId: 'a', totalDelta: 7, heldDelta: 0 },
      { accountId: 'b', totalDelta: -7, heldDelta: 0 },
    ]);
  });
});
