import type { Clock, DataSource, Logger, Outbox } from '@kessai/platform';
import type { ChainId } from '@kessai/konbini';
import type { NotificationClient } from '../clients/notification';

/** What the use cases need; built once in main.ts. */
export interface BillingDeps {
  dataSource: DataSource;
  clock: Clock;
  outbox: Outbox;
  logger: Logger;
  eventsCommitted: () => void;
  notification: NotificationClient;
  combinations: ChainId[][];
  slipBaseUrl: string;
  barcodeCompanyCode: string;
  fontPath: string;
}
