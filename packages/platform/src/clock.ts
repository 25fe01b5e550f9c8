/**
 * Every service reads time from a Clock, never from `Date.now()`. In
 * production it is the system clock; outside production the test clock adds
 * an offset that tests move forward through the ops port (the offset is kept
 * in the service's own Postgres schema, see db/test-clock.ts, so replicas and
 * restarts agree).
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export class TestClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  get offset(): number {
    return this.offsetMs;
  }

  /** Only ever forward: time that runs backwards breaks every schedule. */
  setOffset(offsetMs: number): void {
    if (!Number.isSafeInteger(offsetMs) || offsetMs < 0) throw new RangeError('test clock offset must be a non-negative integer of milliseconds');
    this.offsetMs = offsetMs;
  }
}
