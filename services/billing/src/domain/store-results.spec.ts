import type { PaymentStatus, ResultKind } from './payment';
import { foldStoreResult, PaymentState } from './store-results';

/** Feeds the results in this order; returns the final state, the announced statuses and the warnings. */
function fold(order: readonly ResultKind[]): { final: PaymentStatus | null; emitted: PaymentStatus[]; recorded: number; cancelledAfterConfirmed: number } {
  let state: PaymentState | null = null;
  const emitted: PaymentStatus[] = [];
  let recorded = 0;
  let cancelledAfterConfirmed = 0;
  for (const result of order) {
    const outcome = foldStoreResult(state, result);
    state = outcome.state;
    if (outcome.emit) emitted.push(outcome.emit);
    if (outcome.recorded) recorded++;
    if (outcome.cancelledAfterConfirmed) cancelledAfterConfirmed++;
  }
  return { final: state?.status ?? null, emitted, recorded, cancelledAfterConfirmed };
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

describe('the fold of store results (preliminary / confirmed / cancelled)', () => {
  // every order of the three results, each with what it announces on the way
  const expected: Record<string, { final: PaymentStatus; emitted: PaymentStatus[]; cancelledAfterConfirmed: number }> = {
    'preliminary → confirmed → cancelled': { final: 'confirmed', emitted: ['preliminary', 'confirmed'], cancelledAfterConfirmed: 1 },
    'preliminary → cancelled → confirmed': { final: 'confirmed', emitted: ['preliminary', 'cancelled', 'confirmed'], cancelledAfterConfirmed: 0 },
    'confirmed → preliminary → cancelled': { final: 'confirmed', emitted: ['confirmed'], cancelledAfterConfirmed: 1 },
    'confirmed → cancelled → preliminary': { final: 'confirmed', emitted: ['confirmed'], cancelledAfterConfirmed: 1 },
    'cancelled → preliminary → confirmed': { final: 'confirmed', emitted: ['cancelled', 'confirmed'], cancelledAfterConfirmed: 0 },
    'cancelled → confirmed → preliminary': { final: 'confirmed', emitted: ['cancelled', 'confirmed'], cancelledAfterConfirmed: 0 },
  };

  it('covers every order of the three results', () => {
    const orders = permutations<ResultKind>(['preliminary', 'confirmed', 'cancelled']).map((o) => o.join(' → '));
    expect(orders).toHaveLength(6);
    expect(orders.sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(permutations<ResultKind>(['preliminary', 'confirmed', 'cancelled']))('%s → %s → %s', (...order) => {
    const want = expected[order.join(' → ')];
    expect(fold(order)).toEqual({ ...want, recorded: 3 });
  });

  it.each([
    [['preliminary'], 'preliminary', ['preliminary']],
    [['confirmed'], 'confirmed', ['confirmed']],
    [['cancelled'], 'cancelled', ['cancelled']],
    [['preliminary', 'confirmed'], 'confirmed', ['preliminary', 'confirmed']],
    [['confirmed', 'preliminary'], 'confirmed', ['confirmed']],
    [['preliminary', 'cancelled'], 'cancelled', ['preliminary', 'cancelled']],
    // cancelled before its preliminary: stays cancelled, the late preliminary announces nothing
    [['cancelled', 'preliminary'], 'cancelled', ['cancelled']],
    [['cancelled', 'confirmed'], 'confirmed', ['cancelled', 'confirmed']],
    // cancelled after confirmed: stays confirmed, nothing announced
    [['confirmed', 'cancelled'], 'confirmed', ['confirmed']],
  ] as [ResultKind[], PaymentStatus, PaymentStatus[]][])('%j → %s, announcing %j', (order, final, emitted) => {
    expect(fold(order)).toMatchObject({ final, emitted, recorded: order.length });
  });

  it('a repeated result changes nothing, in any position', () => {
    for (const order of permutations<ResultKind>(['preliminary', 'confirmed', 'cancelled'])) {
      const once = fold(order);
      for (let i = 0; i < order.length; i++) {
        const repeated = [...order.slice(0, i + 1), order[i], ...order.slice(i + 1), order[i]];
        expect(fold(repeated)).toEqual(once);
      }
    }
  });

  it('flags only a cancellation that arrives after the confirmation', () => {
    let state = foldStoreResult(null, 'confirmed').state;
    const late = foldStoreResult(state, 'cancelled');
    expect(late).toMatchObject({ recorded: true, emit: null, cancelledAfterConfirmed: true, state: { status: 'confirmed' } });
    expect([...late.state.seen].sort()).toEqual(['cancelled', 'confirmed']);
    state = foldStoreResult(null, 'preliminary').state;
    expect(foldStoreResult(state, 'cancelled')).toMatchObject({ emit: 'cancelled', cancelledAfterConfirmed: false });
  });

  it('does not change the state it is given', () => {
    const before = foldStoreResult(null, 'preliminary').state;
    foldStoreResult(before, 'confirmed');
    expect({ status: before.status, seen: [...before.seen] }).toEqual({ status: 'preliminary', seen: ['preliminary'] });
  });
});
