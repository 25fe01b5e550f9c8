import type { Clock, DataSource, Idempotency, Logger, Outbox } from '@kessai/platform';
import type { Mailer } from '../mail/smtp-mailer';
import type { PrintOutbox } from '../postcards/outbox';
import type { NotificationMetrics } from './metrics';

/** What the use cases need; built once in main.ts. */
export interface NotificationDeps {
  dataSource: DataSource;
  clock: Clock;
  outbox: Outbox;
  logger: Logger;
  /** sends and inbound calls run once per request id (the platform's mechanism) */
  idempotency: Idempotency;
  metrics: NotificationMetrics;
  eventsCommitted: () => void;
  mailer: Mailer;
  printOutbox: PrintOutbox;
  settings: {
    emailMaxAttempts: number;
    emailRetryBaseMs: number;
    fontPath: string;
    phoneClaimTtlMs: number;
  };
}
