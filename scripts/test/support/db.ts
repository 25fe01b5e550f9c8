import { Client } from 'pg';
import { createDataSource, type DataSource, type MigrationInterface, platformMigrations, runMigrations } from '@kessai/platform';
import { testContext } from './context';

/** Read-only look at the run's database, for assertions about what is stored. */
export async function query(sql: string, params: unknown[] = []): Promise<{ rows: any[] }> {
  const ctx = testContext();
  const url = new URL(ctx.adminUrl);
  url.pathname = `/${ctx.dbName}`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/**
 * A pool on a service's schema at `url` (a database of the test's own),
 * migrated to this release: the platform's migrations, then `migrations`.
 * Answers the pool and the names of the migrations it applied.
 */
export async function migratedPool(
  url: string,
  schema: string,
  service: string,
  migrations: (new () => MigrationInterface)[],
  poolSize?: number,
): Promise<{ db: DataSource; applied: string[] }> {
  const db = createDataSource({ url, schema, service, migrations: [...platformMigrations(schema), ...migrations], poolSize });
  await db.initialize();
  return { db, applied: await runMigrations(db, schema) };
}
