import { monotonicFactory } from 'ulid';

const ulid = monotonicFactory();

/**
 * Prefixed, sortable ids: `txn_01J…`. The prefix says what the id names; the
 * ULID sorts by creation time.
 */
export function newId(prefix: string, nowMs: number = Date.now()): string {
  return `${prefix}_${ulid(nowMs).toLowerCase()}`;
}
