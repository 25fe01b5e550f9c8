/**
 * How the bank misbehaves when it calls Kessai back (every callback: deposits,
 * transfer results, reversals), so tests can prove Kessai copes:
 *
 *   fail_next: n      the next n callback attempts are not sent (network failure; retried later)
 *   delay_ms: ms      wait before each callback
 *   duplicate: true   send every callback twice
 *   hold: true        keep callbacks back until POST /control/release (then sent newest first: reordered)
 *   timestamp_skew_s  sign with a clock this many seconds off (stale signatures)
 *   bad_signature     sign with a wrong secret
 */
export interface Faults {
  fail_next: number;
  delay_ms: number;
  duplicate: boolean;
  hold: boolean;
  timestamp_skew_s: number;
  bad_signature: boolean;
}

export const NO_FAULTS: Faults = { fail_next: 0, delay_ms: 0, duplicate: false, hold: false, timestamp_skew_s: 0, bad_signature: false };

export function mergeFaults(current: Faults, patch: Partial<Faults>): Faults {
  const next = { ...current };
  for (const key of Object.keys(NO_FAULTS) as (keyof Faults)[]) {
    if (!(key in patch)) continue;
    const v = patch[key];
    if (typeof v !== typeof NO_FAULTS[key]) throw new RangeError(`${key}: a ${typeof NO_FAULTS[key]}`);
    (next as Record<string, unknown>)[key] = v;
  }
  return next;
}
