import { nextAttemptAt } from './retry-schedule';

const DAY = 24 * 3600_000;

describe('delivery retry schedule', () => {
  it('backs off exponentially, keeps trying for 3 days, ends with an attempt at the horizon', () => {
    const first = new Date('2026-11-01T00:00:00Z');
    const plan: Date[] = [first];
    for (let attempt = 1; ; attempt++) {
      const next = nextAttemptAt(first, plan[plan.length - 1], attempt, 3 * DAY);
      if (!next) break;
      plan.push(next);
    }
    const gaps = plan.slice(1).map((d, i) => d.getTime() - plan[i].getTime());
    expect(gaps.slice(0, 3)).toEqual([30_000, 120_000, 600_000]);
    for (let i = 1; i < gaps.length - 1; i++) expect(gaps[i]).toBeGreaterThanOrEqual(gaps[i - 1]);
    expect(plan[plan.length - 1].getTime() - first.getTime()).toBe(3 * DAY);
    expect(plan.length).toBeLessThan(20);
  });
});
