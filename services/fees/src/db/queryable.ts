import type { EntityManager } from '@kessai/platform';

/** Anything that runs SQL: the data source, an entity manager or a query runner (inside a transaction or not). */
export type Queryable = Pick<EntityManager, 'query'>;
