import { ConflictError, DataSource, edgeMigration, IdempotencyOptions, IdempotencyStore, RateLimiter, requestHash, TestClock } from '@kessai/platform';
import { probeDatabase, ProbeDatabase } from './support/probe-db';
import { rejection } from '../../../scripts/test/support/errors';

// The edge's HTTP-level IdempotencyStore and RateLimiter
// (packages/platform/src/edge/idempotency.ts) keep their state in Postgres, so
// two replicas on one database behave like one. Each test builds two instances
// on two connection pools ("replica a" and "replica b") and one test clock.
let db: ProbeDatabase;
let a: DataSource;
let b: DataSource;
/** a pool whose commits do not wait for the disk, as the gateway writes its counters and claims on */
let fast: DataSource;
let seq = 0;

beforeAll(async () => {
  db = await probeDatabase('edge', [edgeMigration]);
  a = await db.connect();
  b = await db.connect();
  fast = await db.connect({ asyncCommit: true });
});
afterAll(async () => {
  await db?.close();
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A test clock at the start of an hour, so a test never straddles a rate-limit window. */
function alignedClock(): TestClock {
  const clock = new TestClock();
  clock.setOffset(HOUR - (Date.now() % HOUR) + 1);
  return clock;
}

function stores(clock: TestClock, opts: IdempotencyOptions = {}): [IdempotencyStore, IdempotencyStore] {
  return [new IdempotencyStore(a, db.schema, clock, opts), new IdempotencyStore(b, db.schema, clock, opts)];
}

const scope = 'POST /v1/bills:mer_1:test';
const newKey = () => `idem-${++seq}-${Date.now()}`;
const hash = (body: unknown) => requestHash({ method: 'POST', path: '/v1/bills', body });

describe('IdempotencyStore', () => {
  it('runs the first request; an identical retry on the other replica gets the stored response', async () => {
    const [ra, rb] = stores(alignedClock());
    const key = newKey();
    expect(await ra.begin(scope, key, hash({ amount: 1 }))).toEqual({ kind: 'owner' });
    await ra.complete(scope, key, 201, '{"id":"bil_1"}');
    expect(await rb.begin(scope, key, hash({ amount: 1 }))).toEqual({ kind: 'replay', status: 201, body: '{"id":"bil_1"}' });
    expect(await ra.begin(scope, key, hash({ amount: 1 }))).toEqual({ kind: 'replay', status: 201, body: '{"id":"bil_1"}' });
  });

  it('rejects the same key with another request on either replica', async () => {
    const [ra, rb] = stores(alignedClock());
    const key = newKey();
    await ra.begin(scope, key, hash({ amount: 1 }));
    await ra.complete(scope, key, 201, '{}');
    const err = await rejection(rb.begin(scope, key, hash({ amount: 2 })));
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.code).toBe('idempotency_key_reused');
    // the same key in another scope (another merchant) is another request
    expect(await rb.begin('POST /v1/bills:mer_2:test', key, hash({ amount: 2 }))).toEqual({ kind: 'owner' });
  });

  it('a duplicate arriving while the original runs on the other replica waits for it and replays its response', async () => {
    const [ra, rb] = stores(alignedClock());
    const key = newKey();
    expect(await ra.begin(scope, key, hash({ amount: 3 }))).toEqual({ kind: 'owner' });
    let settled = false;
    const duplicate = rb.begin(scope, key, hash({ amount: 3 })).finally(() => (settled = true));
    for (let i = 0; i < 5; i++) await a.query('SELECT 1');
    expect(settled).toBe(false);
    await ra.complete(scope, key, 200, '{"n":3}');
    expect(await duplicate).toEqual({ kind: 'replay', status: 200, body: '{"n":3}' });
  });

  it('answers idempotency_key_in_use when the original is still running after the wait', async () => {
    const clock = alignedClock();
    const [ra] = stores(clock);
    const [, impatient] = stores(clock, { waitMs: 0 });
    const key = newKey();
    await ra.begin(scope, key, hash({}));
    const err = await rejection(impatient.begin(scope, key, hash({})));
    expect(err.code).toBe('idempotency_key_in_use');
  });

  it('a crashed owner’s claim lapses after lockMs: the retry on the other replica runs', async () => {
    const clock = alignedClock();
    const [ra, rb] = stores(clock, { lockMs: 60_000, waitMs: 0 });
    const key = newKey();
    await ra.begin(scope, key, hash({ amount: 4 })); // replica a dies before complete()
    expect((await rejection(rb.begin(scope, key, hash({ amount: 4 })))).code).toBe('idempotency_key_in_use');
    clock.setOffset(clock.offset + 60_001);
    expect(await rb.begin(scope, key, hash({ amount: 4 }))).toEqual({ kind: 'owner' });
    // a lapsed claim is taken over only by the same request
    const other = newKey();
    await ra.begin(scope, other, hash({ amount: 5 }));
    clock.setOffset(clock.offset + 60_001);
    expect((await rejection(rb.begin(scope, other, hash({ amount: 6 })))).code).toBe('idempotency_key_reused');
  });

  it('after abandon() (a 5xx) the retry runs again', async () => {
    const [ra, rb] = stores(alignedClock());
    const key = newKey();
    await ra.begin(scope, key, hash({ amount: 7 }));
    await ra.abandon(scope, key);
    expect(await rb.begin(scope, key, hash({ amount: 7 }))).toEqual({ kind: 'owner' });
  });

  it('keeps a finished record for at least 24 h; after that the key is free and prune() removes it', async () => {
    const clock = alignedClock();
    const [ra, rb] = stores(clock, { ttlMs: 1_000 }); // never less than a day
    const key = newKey();
    await ra.begin(scope, key, hash({ amount: 8 }));
    await ra.complete(scope, key, 201, '{}');
    clock.setOffset(clock.offset + DAY - 60_000);
    expect((await rejection(rb.begin(scope, key, hash({ amount: 9 })))).code).toBe('idempotency_key_reused');
    clock.setOffset(clock.offset + 120_000);
    expect(await ra.prune(clock.now())).toBeGreaterThanOrEqual(1);
    expect(await rb.begin(scope, key, hash({ amount: 9 }))).toEqual({ kind: 'owner' });
  });
});

describe('RateLimiter', () => {
  const limiters = (clock: TestClock) => [new RateLimiter(a, db.schema, clock), new RateLimiter(b, db.schema, clock)];

  it('counts one window across replicas: the limit holds whichever replica answers', async () => {
    const clock = alignedClock();
    const [la, lb] = limiters(clock);
    const bucket = `key-${newKey()}`;
    const decisions = [await la.hit(bucket, 3, HOUR), await lb.hit(bucket, 3, HOUR), await la.hit(bucket, 3, HOUR), await lb.hit(bucket, 3, HOUR)];
    expect(decisions.map((d) => [d.allowed, d.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
    ]);
    expect(decisions[3].limit).toBe(3);
    expect(decisions[3].retryAfterSeconds).toBeGreaterThan(3_500);
    expect(decisions[3].retryAfterSeconds).toBeLessThanOrEqual(3_600);
    expect((await la.hit(`other-${bucket}`, 3, HOUR)).remaining).toBe(2); // buckets are apart
  });

  it('allows exactly the limit of concurrent hits spread over two replicas', async () => {
    const [la, lb] = limiters(alignedClock());
    const bucket = `burst-${newKey()}`;
    const decisions = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? la : lb).hit(bucket, 5, HOUR)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
  });

  it('counts exactly on a pool that does not wait for the disk, beside one that does', async () => {
    expect(await fast.query('SHOW synchronous_commit')).toEqual([{ synchronous_commit: 'off' }]);
    expect(await a.query('SHOW synchronous_commit')).toEqual([{ synchronous_commit: 'on' }]);
    const clock = alignedClock();
    const [la, lf] = [new RateLimiter(a, db.schema, clock), new RateLimiter(fast, db.schema, clock)];
    const bucket = `fast-${newKey()}`;
    const decisions = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? la : lf).hit(bucket, 7, HOUR)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(7);
    expect(decisions.map((d) => d.remaining).sort((x, y) => x - y)).toEqual([...Array(14).fill(0), 1, 2, 3, 4, 5, 6]);
  });

  it('opens a new window when the clock moves on, and prune() drops old windows', async () => {
    const clock = alignedClock();
    const [la, lb] = limiters(clock);
    const bucket = `window-${newKey()}`;
    await la.hit(bucket, 1, HOUR);
    expect((await lb.hit(bucket, 1, HOUR)).allowed).toBe(false);
    clock.setOffset(clock.offset + HOUR);
    expect(await lb.hit(bucket, 1, HOUR)).toMatchObject({ allowed: true, remaining: 0 });
    const now = clock.now().getTime();
    await la.prune(new Date(now - (now % HOUR))); // windows before the current one
    const rows = await a.query(`SELECT count(*)::int AS n FROM "${db.schema}".rate_limits WHERE bucket = $1`, [bucket]);
    expect(rows[0].n).toBe(1);
  });
});

describe('IdempotencyStore.beginCounted (the rate-limit hit and the claim in one statement)', () => {
  const limiters = (clock: TestClock) => [new RateLimiter(a, db.schema, clock), new RateLimiter(b, db.schema, clock)];
  it('counts every call, claims under the limit, replays a retry, and over the limit claims nothing', async () => {
    const clock = alignedClock();
    const [ia, ib] = stores(clock);
    const [la, lb] = limiters(clock);
    const bucket = `counted-${newKey()}`;
    const key = newKey();
    const first = await ia.beginCounted(la, bucket, 3, HOUR, scope, key, hash({ n: 1 }));
    expect(first).toMatchObject({ decision: { allowed: true, remaining: 2 }, begun: { kind: 'owner' } });
    await ia.complete(scope, key, 200, '{"id":"bill_1"}');
    // the retry on the other replica: counted, and replayed
    expect(await ib.beginCounted(lb, bucket, 3, HOUR, scope, key, hash({ n: 1 }))).toMatchObject({ decision: { remaining: 1 }, begun: { kind: 'replay', status: 200, body: '{"id":"bill_1"}' } });
    expect(await rejection(ib.beginCounted(lb, bucket, 3, HOUR, scope, key, hash({ n: 2 })))).toMatchObject({ code: 'idempotency_key_reused' });
    // the limit is spent (3 hits): a new key is refused and not claimed
    const refused = newKey();
    const over = await ia.beginCounted(la, bucket, 3, HOUR, scope, refused, hash({ n: 3 }));
    expect(over.decision).toMatchObject({ allowed: false, remaining: 0 });
    expect(over.begun).toBeUndefined();
    const rows = await a.query(`SELECT count(*)::int AS n FROM "${db.schema}".idempotency_keys WHERE key = $1`, [refused]);
    expect(rows[0].n).toBe(0);
    // and shares the window with plain hits
    expect((await lb.hit(bucket, 3, HOUR)).remaining).toBe(0);
  });

  it('claims on the counters\' pool (countedSource) and records the response on the main one: the other replica sees both at once', async () => {
    const clock = alignedClock();
    const counted = new IdempotencyStore(a, db.schema, clock, { countedSource: fast });
    const [, ib] = stores(clock);
    const limiter = new RateLimiter(fast, db.schema, clock);
    const bucket = `counted-fast-${newKey()}`;
    const key = newKey();
    expect(await counted.beginCounted(limiter, bucket, 2, HOUR, scope, key, hash({ n: 1 }))).toMatchObject({ begun: { kind: 'owner' } });
    // the claim is visible to the other replica as soon as it returned: a duplicate waits for it
    const duplicate = ib.begin(scope, key, hash({ n: 1 }));
    await counted.complete(scope, key, 201, '{"id":"bill_fast"}');
    expect(await duplicate).toEqual({ kind: 'replay', status: 201, body: '{"id":"bill_fast"}' });
    const [row] = await a.query(`SELECT count FROM "${db.schema}".rate_limits WHERE bucket = $1`, [bucket]);
    expect(row.count).toBe(1);
  });
});
