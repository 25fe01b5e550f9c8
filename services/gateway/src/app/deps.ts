import type { Clock, DataSource, Logger, Outbox } from '@kessai/platform';
import type { MerchantStore } from '../db/merchant-store';

export interface GatewayDeps {
  store: MerchantStore;
  clock: Clock;
  logger: Logger;
  keyPepper: string;
  dataSource: DataSource;
  outbox: Outbox;
  eventsCommitted: () => void;
}
