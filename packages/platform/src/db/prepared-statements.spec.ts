import { StatementNames } from './prepared-statements';

// Which texts get a name (docs/database.md#prepared-statements); the driver side is
// tested against Postgres in packages/platform/test/prepared-statements.test.ts.
describe('StatementNames', () => {
  it('names a text on its threshold-th run, the same name after, and a name per text', () => {
    const names = new StatementNames(3, 10);
    expect([names.nameFor('a'), names.nameFor('a')]).toEqual([undefined, undefined]);
    const a = names.nameFor('a');
    expect(a).toMatch(/^k_[0-9a-f]{20}$/);
    expect(names.nameFor('a')).toBe(a);
    for (let i = 0; i < 3; i++) names.nameFor('b');
    expect(names.nameFor('b')).not.toBe(a);
    // the name derives from the text alone: another process (or instance) agrees
    const other = new StatementNames(1, 10);
    expect(other.nameFor('a')).toBe(a);
  });

  it('prepares no more than its cap of texts; those already named keep their names', () => {
    const names = new StatementNames(1, 2);
    const a = names.nameFor('a');
    const b = names.nameFor('b');
    expect(names.nameFor('c')).toBeUndefined();
    expect(names.nameFor('c')).toBeUndefined();
    expect([names.nameFor('a'), names.nameFor('b')]).toEqual([a, b]);
  });

  it('a refused text is never named again', () => {
    const names = new StatementNames(1, 10);
    expect(names.nameFor('a')).toBeDefined();
    names.refuse('a');
    for (let i = 0; i < 5; i++) expect(names.nameFor('a')).toBeUndefined();
  });

  it('forgets the counts of texts not yet named beyond its bound (one-off texts), and counts again', () => {
    const names = new StatementNames(2, 10, 3);
    for (const t of ['a', 'x', 'y']) names.nameFor(t); // a counted once, and two one-off texts
    names.nameFor('z'); // the bound reached: the counts are forgotten
    expect(names.nameFor('a')).toBeUndefined(); // counted once again, not twice
    expect(names.nameFor('a')).toBeDefined();
  });
});
