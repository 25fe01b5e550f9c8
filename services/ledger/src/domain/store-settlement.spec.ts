import { compareSettlement, settlementPosting } from './store-settlement';
import { validatePost } from './transaction';

const fact = { livemode: false, chain: 'lawson', amount: 55_571, depositId: 'dep_1', partner: 'simbank', partnerEventId: 'simdep_1', period: { from: '2027-01-11', to: '2027-01-17' }, receivedOn: '2027-01-20', ediInfo: 'KSTL270111270117' };

describe('store-chain settlements', () => {
  it.each([
    [55_571, 55_571, { expected: 55_571, difference: 0, status: 'matched' }],
    [8_500, 8_800, { expected: 8_800, difference: -300, status: 'mismatch' }],
    [9_000, 8_800, { expected: 8_800, difference: 200, status: 'mismatch' }],
    // a second transfer for a week already paid in full: nothing more was expected
    [1_000, 0, { expected: 0, difference: 1_000, status: 'mismatch' }],
    // no week named: nothing to compare with
    [4_000, null, { expected: 0, difference: 4_000, status: 'unknown_period' }],
  ])('a transfer of %s against %s expected', (amount, expected, outcome) => {
    expect(compareSettlement(amount, expected)).toEqual(outcome);
  });

  it('books the platform bank against the store receivable, keyed by the bank callback', () => {
    const post = validatePost(settlementPosting(fact));
    expect(post.idempotencyKey).toBe('store-settlement:simbank:simdep_1');
    expect(post.kind).toBe('store_settlement.received');
    expect(post.postings.map((p) => [p.accountId, p.amount])).toEqual([['test:platform:platform_bank', -55_571], ['test:platform:platform_store_receivable', 55_571]]);
    expect(post.metadata).toMatchObject({ chain: 'lawson', period_from: '2027-01-11', period_to: '2027-01-17' });
  });

  it('refuses a transfer of nothing, naming the field', () => {
    expect(() => settlementPosting({ ...fact, amount: 0 })).toThrow(/amount/);
  });
});
