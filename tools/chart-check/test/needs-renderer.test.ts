/** Without Go the chart checks may not pass silently: they fail, in CI and elsewhere. */
import { INSTALL_HINT, suitePlan } from './needs-renderer';

describe('chart checks without the Go renderer', () => {
  test('run when the renderer is available', () => expect(suitePlan(true)).toBe('run'));
  test('fail when it is not (never skipped)', () => expect(suitePlan(false)).toBe('fail'));
  test('the failure says what to install', () => expect(INSTALL_HINT).toContain('golang-go'));
});
