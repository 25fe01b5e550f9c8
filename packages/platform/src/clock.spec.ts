import { TestClock } from './clock';

describe('TestClock', () => {
  it('runs with the system clock plus an offset, and only forward', () => {
    const clock = new TestClock();
    const before = Date.now();
    clock.setOffset(86_400_000);
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(before + 86_400_000);
    expect(() => clock.setOffset(-1)).toThrow(/non-negative/);
  });
});
