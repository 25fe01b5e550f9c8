import type { EntityManager } from '@kessai/platform';

/** What a store needs: a DataSource, an EntityManager (a transaction) or a QueryRunner. */
export type Tx = Pick<EntityManager, 'query'>;
