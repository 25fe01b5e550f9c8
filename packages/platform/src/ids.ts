import { randomFillSync } from 'node:crypto';
import { monotonicFactory } from 'ulid';

const pool = new Uint32Array(1024);
let drawn = pool.length;

/**
 * ulid's random source: cryptographically strong numbers in [0, 1), drawn 4 KiB
 * at a time. ulid's own default asks the system for each of an id's 16 random
 * characters; that was 3.5% of the gateway's CPU per request (docs/benchmarks.md).
 */
function random(): number {
  if (drawn === pool.length) {
    randomFillSync(pool);
    drawn = 0;
  }
  return pool[drawn++] / 0x1_0000_0000;
}

const ulid = monotonicFactory(random);

/**
 * Prefixed, sortable ids: `txn_01J…`. The prefix says what the id names; the
 * ULID sorts by creation time.
 */
export function newId(prefix: string, nowMs: number = Date.now()): string {
  return `${prefix}_${ulid(nowMs).toLowerCase()}`;
}
