import type { Clock, DataSource, Logger, Outbox } from '@kessai/platform';
import type { LedgerStore } from '../db/ledger-store';
import type { Committer } from './committer';

/** What the use cases need; built once in main.ts. */
export interface LedgerDeps {
  dataSource: DataSource;
  store: LedgerStore;
  committer: Committer;
  clock: Clock;
  outbox: Outbox;
  logger: Logger;
  eventsCommitted: () => void;
}
