import type { Clock, DataSource, Logger, Outbox } from '@kessai/platform';
import type { Mailer } from '../mail/smtp-mailer';
import type { PrintOutbox } from '../postcards/outbox';

/** What the use cases need; built once in main.ts. */
export interface NotificationDeps {
  dataSource: DataSource;
  clock: Clock;
  outbox: Outbox;
  logger: Logger;
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
