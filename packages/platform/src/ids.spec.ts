import { newId } from './ids';

describe('newId', () => {
  it('is the prefix and a lower-case ULID: unique, and sorted by creation time', () => {
    const ids = Array.from({ length: 5_000 }, (_, i) => newId('bill', 1_800_000_000_000 + Math.floor(i / 100)));
    for (const id of ids) expect(id).toMatch(/^bill_[0-9a-hjkmnp-tv-z]{26}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('draws its random part evenly over the alphabet (the pooled random source is not stuck or biased)', () => {
    // the first random character of ids in different milliseconds (within one, ulid increments the last)
    const counts = new Map<string, number>();
    for (let i = 0; i < 32_000; i++) {
      const c = newId('x', 1_900_000_000_000 + i * 1000).slice(2 + 10, 2 + 11);
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    expect(counts.size).toBe(32);
    for (const n of counts.values()) expect(n).toBeGreaterThan(700); // 1,000 expected each
  });
});
