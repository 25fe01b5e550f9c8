import { randomBytes } from 'node:crypto';
import {
  createDataSource, createLogger, DataSource, every, JobScheduler, platformMigration, runMigrations, TestClock, TestClockStore,
} from '@kessai/platform';
import { bootstrapServiceSchema } from '../../../scripts/src/lib/infra';
import { testContext } from '../../../scripts/test/support/context';

// Scheduled jobs run once across replicas (a claim in Postgres), and are due by
// the platform clock, which tests move forward instead of sleeping.
const schema = `probe_jobs_${randomBytes(3).toString('hex')}`;
const logger = createLogger({ service: 'probe', level: 'silent' });
let a: DataSource;
let b: DataSource;

beforeAll(async () => {
  const ctx = testContext();
  const url = await bootstrapServiceSchema(ctx.adminUrl, ctx.dbName, { name: schema, schema });
  a = createDataSource({ url, schema, service: 'probe', migrations: [platformMigration(schema)] });
  b = createDataSource({ url, schema, service: 'probe', migrations: [platformMigration(schema)] });
  await a.initialize();
  await b.initialize();
  await runMigrations(a, schema);
});
afterAll(async () => {
  await a?.destroy();
  await b?.destroy();
});

it('two replicas triggered at once run a job once', async () => {
  let runs = 0;
  const job = {
    name: 'probe.once',
    next: every(3_600_000),
    run: async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 200)); // hold the claim while the other replica tries
      return { runs };
    },
  };
  const replicas = [new JobScheduler(a, schema, new TestClock(), logger), new JobScheduler(b, schema, new TestClock(), logger)];
  for (const r of replicas) {
    r.register(job);
    await r.start(60_000);
  }
  const outcomes = await Promise.all(replicas.map((r) => r.trigger('probe.once')));
  expect(outcomes.filter((o) => o.ran)).toHaveLength(1);
  expect(runs).toBe(1);
  await Promise.all(replicas.map((r) => r.stop()));
});

it('a trigger that waits runs the job after the run another replica is in', async () => {
  let runs = 0;
  const job = {
    name: 'probe.wait',
    next: every(3_600_000),
    run: async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 300));
      return { runs };
    },
  };
  const replicas = [new JobScheduler(a, schema, new TestClock(), logger), new JobScheduler(b, schema, new TestClock(), logger)];
  for (const r of replicas) {
    r.register(job);
    await r.start(60_000);
  }
  const first = replicas[0].trigger('probe.wait');
  await new Promise((r) => setTimeout(r, 50)); // the first holds the claim
  expect(await replicas[1].trigger('probe.wait')).toEqual({ ran: false }); // no wait: refused at once
  const waited = await replicas[1].trigger('probe.wait', 5_000);
  expect(await first).toEqual({ ran: true, result: { runs: 1 } });
  expect(waited).toEqual({ ran: true, result: { runs: 2 } });
  await Promise.all(replicas.map((r) => r.stop()));
});

it('a job becomes due when the test clock moves, on every replica, and survives a restart', async () => {
  const clockA = new TestClock();
  const storeA = new TestClockStore(a, schema, clockA);
  const clockB = new TestClock();
  const storeB = new TestClockStore(b, schema, clockB);
  let runs = 0;
  const scheduler = new JobScheduler(a, schema, clockA, logger);
  scheduler.register({ name: 'probe.daily', next: every(24 * 3_600_000), run: async () => ++runs });
  await scheduler.start(60_000);

  await scheduler.tick();
  expect(runs).toBe(0); // not due yet

  const moved = await storeA.advance({ ms: 24 * 3_600_000 + 1_000 });
  await scheduler.tick();
  expect(runs).toBe(1);
  await scheduler.tick();
  expect(runs).toBe(1); // next run is a day later again

  await storeB.load(); // another replica (or a restarted process) reads the same time
  expect(Math.abs(clockB.now().getTime() - moved.getTime())).toBeLessThan(5_000);
  await expect(storeA.advance({ to: new Date(Date.now() - 1_000) })).rejects.toThrow(/only moves forward/);
  await scheduler.stop();
});
