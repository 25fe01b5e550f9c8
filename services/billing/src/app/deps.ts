import type { notificationV1 } from '@kessai/contracts';
import type { ChainId, CompanyCodes } from '@kessai/konbini';
import type { Clock, ConnectedClient, DataSource, Idempotency, Logger, Outbox } from '@kessai/platform';
import type { BillingMetrics } from './metrics';

/** What billing asks of the notification service. */
export type NotificationSender = Pick<ConnectedClient<notificationV1.NotificationServiceClient>, 'send'>;

/** What the use cases need; built once in main.ts. */
export interface BillingDeps {
  dataSource: DataSource;
  clock: Clock;
  outbox: Outbox;
  logger: Logger;
  eventsCommitted: () => void;
  /** idempotent commands (billing.idempotency_commands) */
  idempotency: Idempotency;
  metrics: BillingMetrics;
  notification: NotificationSender;
  combinations: ChainId[][];
  slipBaseUrl: string;
  /** the hosted payment pages' base URL (…/pay) */
  hostedBaseUrl: string;
  barcodeCompanyCode: string;
  /** Kessai's company codes at the chains whose numbers carry one (FamilyMart) */
  companyCodes: CompanyCodes;
  /** how long after a due date's end a result still counts within the grace; bills expire after it */
  lateGraceMs: number;
  fontPath: string;
}
