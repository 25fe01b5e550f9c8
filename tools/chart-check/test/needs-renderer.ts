/**
 * The chart checks need the Go renderer (tools/chart-render, built from Debian's
 * golang-go + sprig + yaml packages; scripts/ci/charts.sh installs them). Without it:
 * under CI (CI=true) the suite FAILS — a check that cannot run has not passed —;
 * elsewhere it is skipped with a loud warning, so a laptop without Go can still run
 * the rest of the tests.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { hasGo, rendererPaths } from '../src/renderer';

export const INSTALL_HINT = 'apt-get install golang-go golang-github-masterminds-sprig-dev golang-gopkg-yaml.v3-dev (or run scripts/ci/charts.sh as root)';

export type SuitePlan = 'run' | 'fail' | 'skip';

/** CI=true (or any value but "", "0", "false") means a CI run. */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = (env.CI ?? '').trim().toLowerCase();
  return v !== '' && v !== '0' && v !== 'false';
}

export function suitePlan(rendererAvailable: boolean, ci: boolean): SuitePlan {
  if (rendererAvailable) return 'run';
  return ci ? 'fail' : 'skip';
}

export function rendererAvailable(root = resolve(__dirname, '../../..')): boolean {
  return hasGo() || existsSync(rendererPaths(root).binary);
}

/** `describe`, when the renderer can be built or is there; otherwise fail (CI) or skip loudly. */
export function describeWithRenderer(name: string, body: () => void): void {
  const plan = suitePlan(rendererAvailable(), isCi());
  if (plan === 'run') {
    describe(name, body);
    return;
  }
  const why = `${name}: Go is not installed, so the chart renderer cannot be built. Install it: ${INSTALL_HINT}`;
  if (plan === 'fail') {
    describe(name, () => {
      test('the chart renderer can be built (Go is installed)', () => {
        throw new Error(`${why}. Under CI a missing tool is a failure, not a skip.`);
      });
    });
    return;
  }
  console.warn(`\n${'!'.repeat(80)}\nSKIPPED ${why}\n${'!'.repeat(80)}\n`);
  describe.skip(name, body);
}
