/** Without Go the chart checks may not pass silently: under CI they fail. */
import { isCi, suitePlan } from './needs-renderer';

describe('chart checks without the Go renderer', () => {
  test('run when the renderer is available, in CI or not', () => {
    expect(suitePlan(true, true)).toBe('run');
    expect(suitePlan(true, false)).toBe('run');
  });
  test('fail under CI when it is not', () => expect(suitePlan(false, true)).toBe('fail'));
  test('are skipped (loudly) outside CI only', () => expect(suitePlan(false, false)).toBe('skip'));
  test.each([
    [{ CI: 'true' }, true],
    [{ CI: '1' }, true],
    [{ CI: 'TRUE' }, true],
    [{ CI: 'false' }, false],
    [{ CI: '0' }, false],
    [{ CI: '' }, false],
    [{}, false],
  ])('CI=%j counts as CI: %s', (env, expected) => expect(isCi(env as NodeJS.ProcessEnv)).toBe(expected));
});
