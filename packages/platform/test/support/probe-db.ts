import { randomBytes } from 'node:crypto';
import { createDataSource, DataSource, MigrationInterface, platformMigrations, runMigrations } from '@kessai/platform';
import { bootstrapServiceSchema } from '../../../../scripts/src/lib/infra';
import { testContext } from '../../../../scripts/test/support/context';

export interface ProbeDatabase {
  schema: string;
  url: string;
  /** another connection pool on the schema (a replica, or the test's own view); `asyncCommit` as ServiceKit.asyncCommitPool's */
  connect(opts?: { asyncCommit?: boolean }): Promise<DataSource>;
  /** closes every pool connect() opened */
  close(): Promise<void>;
}

/**
 * A schema of the test file's own in the run's database (testContext()), with
 * the platform's tables and any extra migrations applied, as a service has them.
 */
export async function probeDatabase(name: string, migrations: ((schema: string) => new () => MigrationInterface)[] = []): Promise<ProbeDatabase> {
  const schema = `probe_${name}_${randomBytes(3).toString('hex')}`;
  const ctx = testContext();
  const url = await bootstrapServiceSchema(ctx.adminUrl, ctx.dbName, { name: schema, schema });
  const all = [...platformMigrations(schema), ...migrations.map((m) => m(schema))];
  const pools: DataSource[] = [];
  const connect = async (opts: { asyncCommit?: boolean } = {}) => {
    const ds = createDataSource({ url, schema, service: 'probe', migrations: all, poolSize: 5, asyncCommit: opts.asyncCommit });
    await ds.initialize();
    pools.push(ds);
    return ds;
  };
  await runMigrations(await connect(), schema);
  return {
    schema,
    url,
    connect,
    close: async () => {
      await Promise.all(pools.filter((p) => p.isInitialized).map((p) => p.destroy()));
    },
  };
}
