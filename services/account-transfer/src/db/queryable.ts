import type { EntityManager } from '@kessai/platform';

/** Anything that runs SQL: the data source, an entity manager or a query runner (inside a transaction or not). */
export type Queryable = Pick<EntityManager, 'query'>;

/** A Postgres `date` as read by node-postgres (a Date at local midnight) → YYYY-MM-DD. */
export function isoDate(v: unknown): string {
  if (v instanceof Date) return `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`;
  return String(v);
}
