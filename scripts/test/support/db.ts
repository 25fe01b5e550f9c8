import { Client } from 'pg';
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
