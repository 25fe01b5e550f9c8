import { Pool, type PoolClient } from 'pg';
import { MIGRATIONS } from './migrations';

export type Sql = Pick<PoolClient, 'query'>;

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

/** A pool whose every connection works in `schema` (and public, for pgcrypto and friends). */
export function openPool(databaseUrl: string, schema: string): Pool {
  if (!IDENT.test(schema)) throw new RangeError(`bank simulator schema must be a lower-case identifier, got ${JSON.stringify(schema)}`);
  return new Pool({ connectionString: databaseUrl, options: `-c search_path=${schema},public`, max: 5 });
}

/** Creates the schema if needed and applies the migrations not yet applied, in order. */
export async function migrate(pool: Pool, schema: string): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`bank-simulator:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ id: string }>('SELECT id FROM schema_migrations');
    const done = new Set(rows.map((r) => r.id));
    for (const m of MIGRATIONS) {
      if (done.has(m.id)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (id) VALUES ($1)', [m.id]);
        await client.query('COMMIT');
        applied.push(m.id);
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`bank-simulator:${schema}`]).catch(() => undefined);
    client.release();
  }
  return applied;
}

/** Runs `work` in one transaction. */
export async function inTransaction<T>(pool: Pool, work: (tx: Sql) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const value = await work(client);
    await client.query('COMMIT');
    return value;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
