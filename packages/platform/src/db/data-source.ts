import 'reflect-metadata';
import { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { PreparingClient } from './prepared-statements';

export interface DatabaseOptions {
  url: string;
  /** the service's own schema; its role owns it */
  schema: string;
  service: string;
  // TypeORM entity classes
  entities?: (new (...args: never[]) => unknown)[];
  migrations?: (new () => MigrationInterface)[];
  poolSize?: number;
  /**
   * Commits return before their WAL is flushed (synchronous_commit = off): a
   * Postgres crash may forget the last fraction of a second of them, never
   * half of one. Only for state that may be lost so (ServiceKit.asyncCommitPool).
   */
  asyncCommit?: boolean;
}

/**
 * A TypeORM DataSource bound to the service's own schema: the connection's
 * search_path is the schema (so the migrations table lives there too), and
 * schema changes happen through migrations only — never `synchronize`.
 */
export function createDataSource(options: DatabaseOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities: options.entities ?? [],
    migrations: options.migrations ?? [],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    applicationName: `kessai-${options.service}`,
    poolSize: options.poolSize ?? 20,
    extra: {
      // frequent statements are prepared on each connection (prepared-statements.ts)
      Client: PreparingClient,
      options: `-c search_path=${quoteIdent(options.schema)}${options.asyncCommit ? ' -c synchronous_commit=off' : ''}`,
      // Fail fast when the database is gone, so readiness tells the truth.
      connectionTimeoutMillis: 3_000,
      idleTimeoutMillis: 30_000,
      keepAlive: true,
    },
  });
}

export async function runMigrations(dataSource: DataSource, schema: string): Promise<string[]> {
  // The schema normally exists already (created with the role by the bootstrap);
  // creating it here keeps a fresh database working as well.
  // (Only when missing: CREATE SCHEMA IF NOT EXISTS needs CREATE on the database even when it exists.)
  const found = await dataSource.query(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [schema]);
  if (found.length === 0) await dataSource.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
  const done = await dataSource.runMigrations({ transaction: 'each' });
  return done.map((m) => m.name);
}

/**
 * The rows of a `dataSource.query()` / `queryRunner.query()` result. TypeORM
 * answers UPDATE and DELETE (also `… RETURNING`, also inside a `WITH`) with
 * `[rows, affectedCount]` but every other statement with the rows alone.
 */
export function returnedRows<T = Record<string, unknown>>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}

export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe SQL identifier: ${name}`);
  return `"${name}"`;
}

export type { DataSource, EntityManager, QueryRunner, MigrationInterface };
