import { ValidationError } from './errors';

/**
 * Money is integer yen: `int64` on the wire, a safe-integer number here,
 * `bigint` in Postgres. Checked at every boundary.
 */
export function assertYen(value: unknown, field: string, opts: { min?: number; max?: number } = {}): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw ValidationError.field(field, 'must be a whole number of yen (a safe integer)');
  }
  if (opts.min !== undefined && value < opts.min) throw ValidationError.field(field, `must be at least ${opts.min}`);
  if (opts.max !== undefined && value > opts.max) throw ValidationError.field(field, `must be at most ${opts.max}`);
  return value;
}

/** Reads a Postgres bigint (returned as a string by pg) as safe-integer yen. */
export function yenFromDb(value: string | number | bigint | null | undefined): number {
  if (value === null || value === undefined) return 0;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`amount out of safe range: ${String(value)}`);
  return n;
}
