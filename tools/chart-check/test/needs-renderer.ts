/**
 * The chart checks need the Go renderer (tools/chart-render, built from Debian's
 * golang-go + sprig + yaml packages). The test run's global setup installs them
 * when it runs as root (scripts/src/lib/infra.ts, ensureChartRenderer); without
 * them the suite FAILS and says what to install: a check that cannot run has not
 * passed, on a laptop as in CI.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { hasGo, rendererPaths } from '../src/renderer';

export const INSTALL_HINT = 'apt-get install golang-go golang-github-masterminds-sprig-dev golang-gopkg-yaml.v3-dev (or run scripts/ci/charts.sh as root)';

export type SuitePlan = 'run' | 'fail';

export function suitePlan(rendererAvailable: boolean): SuitePlan {
  return rendererAvailable ? 'run' : 'fail';
}

export function rendererAvailable(root = resolve(__dirname, '../../..')): boolean {
  return hasGo() || existsSync(rendererPaths(root).binary);
}

/** `describe`, when the renderer can be built or is there; otherwise one failing test that says what to install. */
export function describeWithRenderer(name: string, body: () => void): void {
  if (suitePlan(rendererAvailable()) === 'run') {
    describe(name, body);
    return;
  }
  describe(name, () => {
    test('the chart renderer can be built (Go is installed)', () => {
      throw new Error(`${name}: Go is not installed, so the chart renderer cannot be built. Install it: ${INSTALL_HINT}. A missing tool is a failure, not a skip.`);
    });
  });
}
