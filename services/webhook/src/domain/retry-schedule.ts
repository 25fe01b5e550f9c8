/**
 * When to try a failing delivery again, planned from when it first became due
 * (so a restart or a jump of the clock keeps the same plan): backoff growing
 * from 30 s to 12 h, with a last attempt exactly at the horizon (≥ 3 days),
 * after which the delivery has failed.
 */
const BACKOFF_MS = [30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 28_800_000, 43_200_000];

/** The next attempt after a failed attempt planned at `plannedAt`; null when retries are exhausted. */
export function nextAttemptAt(firstDueAt: Date, plannedAt: Date, attemptsMade: number, horizonMs: number): Date | null {
  const end = firstDueAt.getTime() + horizonMs;
  if (plannedAt.getTime() >= end) return null;
  const delay = BACKOFF_MS[Math.min(attemptsMade - 1, BACKOFF_MS.length - 1)];
  return new Date(Math.min(plannedAt.getTime() + delay, end));
}
