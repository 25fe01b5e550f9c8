import { DataSource, PREPARE_AFTER, QueryRunner } from '@kessai/platform';
import { probeDatabase, ProbeDatabase } from './support/probe-db';

// The platform's pools prepare a statement once its text has run PREPARE_AFTER
// times in the process (packages/platform/src/db/prepared-statements.ts).
// Postgres lists a connection's prepared statements in pg_prepared_statements,
// so each test pins one connection (a QueryRunner) and looks there.
let db: ProbeDatabase;
let pool: DataSource;
let runner: QueryRunner;

beforeAll(async () => {
  db = await probeDatabase('prepared');
  pool = await db.connect();
});
beforeEach(async () => {
  runner = pool.createQueryRunner();
  await runner.connect();
});
afterEach(async () => {
  await runner.release();
});
afterAll(async () => {
  await db?.close();
});

const preparedTexts = async (q: QueryRunner): Promise<string[]> =>
  ((await q.query(`SELECT statement FROM pg_prepared_statements`)) as { statement: string }[]).map((r) => r.statement);

it('prepares a statement on its PREPARE_AFTER-th run, and answers the same before and after', async () => {
  const text = `SELECT $1::int + 1 AS n /* prepared-test ${Date.now()} */`;
  const answers: number[] = [];
  for (let i = 1; i <= PREPARE_AFTER + 2; i++) {
    answers.push(((await runner.query(text, [i])) as { n: number }[])[0].n);
    if (i === PREPARE_AFTER - 1) expect(await preparedTexts(runner)).not.toContain(text);
  }
  expect(answers).toEqual([2, 3, 4, 5, 6]);
  expect(await preparedTexts(runner)).toContain(text);
});

it('never prepares a statement without parameters (simple protocol: several statements in one text still run)', async () => {
  const text = `SELECT 1 AS a; SELECT 2 AS b /* prepared-test-simple ${Date.now()} */`;
  for (let i = 0; i < PREPARE_AFTER + 1; i++) await runner.query(text);
  expect(await preparedTexts(runner)).not.toContain(text);
});

it('after a schema change Postgres refuses the prepared plan once; the text then runs unprepared', async () => {
  const table = `${db.schema}.shape_${Date.now()}`;
  await runner.query(`CREATE TABLE ${table} (a int)`);
  await runner.query(`INSERT INTO ${table} VALUES (1), (2)`);
  const text = `SELECT * FROM ${table} WHERE a = $1`;
  for (let i = 0; i < PREPARE_AFTER; i++) expect(await runner.query(text, [1])).toEqual([{ a: 1 }]);
  expect(await preparedTexts(runner)).toContain(text);

  await runner.query(`ALTER TABLE ${table} ADD COLUMN b int DEFAULT 7`);
  await expect(runner.query(text, [2])).rejects.toMatchObject({ driverError: { code: '0A000' } });
  expect(await runner.query(text, [2])).toEqual([{ a: 2, b: 7 }]);
  // and on another connection of the pool, which had not prepared it
  expect(await pool.query(text, [1])).toEqual([{ a: 1, b: 7 }]);
});

it('parameters still bind by position in a prepared statement: values of each call, never the first call\'s', async () => {
  const text = `SELECT $1::text AS s, $2::int AS n /* prepared-test-bind ${Date.now()} */`;
  const got = [];
  for (let i = 0; i < PREPARE_AFTER + 3; i++) got.push(((await runner.query(text, [`v${i}`, i])) as { s: string; n: number }[])[0]);
  expect(got).toEqual(Array.from({ length: PREPARE_AFTER + 3 }, (_, i) => ({ s: `v${i}`, n: i })));
});
