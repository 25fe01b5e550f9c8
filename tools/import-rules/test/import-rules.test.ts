/**
 * Proves the import rules of `npm run lint` (.dependency-cruiser.cjs) can fail: the
 * same config runs on fixtures/broken, where each file breaks one rule, and on
 * fixtures/clean, a service wired the intended way. Both fixtures are outside the
 * folders the lint cruises (services/, packages/) and ignored by eslint.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');
const config = join(root, '.dependency-cruiser.cjs');
const depcruise = join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

interface Violation {
  rule: string;
  from: string;
  to: string;
  cycle?: string[];
}

/** Runs depcruise as `npm run lint:imports` does, in a fixture folder: its exit status, and what the JSON report lists. */
function cruise(fixture: string): { status: number | null; violations: Violation[]; modules: number } {
  const run = (...extra: string[]) =>
    spawnSync(process.execPath, [depcruise, '--config', config, ...extra, 'services', 'packages'], { cwd: join(__dirname, '../fixtures', fixture), encoding: 'utf8' });
  const lint = run();
  const r = run('--output-type', 'json');
  if (!r.stdout) throw new Error(`depcruise printed nothing (status ${r.status}): ${r.stderr}`);
  const out = JSON.parse(r.stdout);
  return {
    status: lint.status,
    modules: out.summary.totalCruised,
    violations: out.summary.violations.map((v: any) => ({
      rule: v.rule.name,
      from: v.from,
      to: v.to,
      ...(v.cycle ? { cycle: v.cycle.map((c: any) => c.name) } : {}),
    })),
  };
}

const shop = (f: string) => `services/shop/src/${f}`;

describe('import rules (npm run lint)', () => {
  test('npm run lint runs them on services/ and packages/ with this config', () => {
    const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts;
    expect(scripts.lint).toMatch(/npm run (--silent )?lint:imports/);
    expect(scripts['lint:imports']).toBe('depcruise --config .dependency-cruiser.cjs services packages');
  });

  test('a service wired domain → app → adapters, with main.ts importing everything, passes', () => {
    const r = cruise('clean');
    expect(r.violations).toEqual([]);
    expect(r.status).toBe(0);
    expect(r.modules).toBeGreaterThanOrEqual(14);
  });

  describe('each broken rule is reported', () => {
    let r: ReturnType<typeof cruise>;
    beforeAll(() => {
      r = cruise('broken');
    });
    const of = (rule: string) => r.violations.filter((v) => v.rule === rule).map((v) => `${v.from} -> ${v.to}`).sort();

    test('the lint fails', () => expect(r.status).not.toBe(0));

    test('domain/ imports nothing from app/, db/ (type-only too), grpc/, http/, events/ or clients/', () => {
      expect(of('domain-is-pure')).toEqual([
        `${shop('domain/uses-app.ts')} -> ${shop('app/place-order.ts')}`,
        `${shop('domain/uses-clients.ts')} -> ${shop('clients/ledger.ts')}`,
        `${shop('domain/uses-db-type.ts')} -> ${shop('db/order-store.ts')}`,
        `${shop('domain/uses-events.ts')} -> ${shop('events/consumer.ts')}`,
        `${shop('domain/uses-grpc.ts')} -> ${shop('grpc/handlers.ts')}`,
        `${shop('domain/uses-http.ts')} -> ${shop('http/routes.ts')}`,
      ]);
    });

    test('app/ imports no grpc/ (type-only too), http/ or events/ adapter', () => {
      expect(of('app-imports-no-adapter')).toEqual([
        `${shop('app/uses-events.ts')} -> ${shop('events/consumer.ts')}`,
        `${shop('app/uses-grpc.ts')} -> ${shop('grpc/handlers.ts')}`,
        `${shop('app/uses-http.ts')} -> ${shop('http/routes.ts')}`,
      ]);
    });

    test('grpc/, http/ and events/ import neither db/ (type-only too) nor clients/', () => {
      expect(of('handlers-go-through-app')).toEqual([
        `${shop('events/uses-clients.ts')} -> ${shop('clients/ledger.ts')}`,
        `${shop('events/uses-db.ts')} -> ${shop('db/order-store.ts')}`,
        `${shop('grpc/uses-clients.ts')} -> ${shop('clients/ledger.ts')}`,
        `${shop('grpc/uses-db.ts')} -> ${shop('db/order-store.ts')}`,
        `${shop('http/uses-clients.ts')} -> ${shop('clients/ledger.ts')}`,
        `${shop('http/uses-db.ts')} -> ${shop('db/order-store.ts')}`,
      ]);
    });

    test('an import cycle fails, in a service (through a type import) and in a package', () => {
      const cycles = r.violations.filter((v) => v.rule === 'no-import-cycles');
      expect(cycles.map((c) => c.from).sort()).toEqual([
        'packages/kit/src/x.ts',
        shop('app/cycle-a.ts'),
      ]);
      expect(cycles.find((c) => c.from === 'packages/kit/src/x.ts')?.cycle).toEqual([
        'packages/kit/src/y.ts',
        'packages/kit/src/z.ts',
        'packages/kit/src/x.ts',
      ]);
    });

    test('nothing else is reported: every violation is one of the above', () => {
      expect(r.violations).toHaveLength(6 + 3 + 6 + 2);
    });
  });
});
