import type { Clock, DataSource, Idempotency, Logger, Outbox } from '@kessai/platform';
import type { LedgerStore } from '../db/ledger-store';
import type { Committer } from './committer';
import type { LedgerMetrics } from './metrics';

/** What the use cases need; built once in main.ts. */
export interface LedgerDeps {
  dataSource: DataSource;
  store: LedgerStore;
  committer: Committer;
  clock: Clock;
  outbox: Outbox;
  logger: Logger;
  /** holds, captures and releases run once per idempotency key (the platform's mechanism) */
  idempotency: Idempotency;
  metrics: LedgerMetrics;
  eventsCommitted: () => void;
  /** test only (KESSAI_FAULT_LEDGER): SIGKILL after a capture committed, before the caller has its answer */
  fault?: 'after-capture-commit';
}
