import type { gatewayV1, ledgerV1 } from '@kessai/contracts';
import type { Clock, ConnectedClient, DataSource, Idempotency, Logger, MerchantMailer, Outbox } from '@kessai/platform';
import type { FeesMetrics } from './metrics';


/** What the use cases need; built once in main.ts. */
export interface FeesDeps {
  dataSource: DataSource;
  clock: Clock;
  logger: Logger;
  outbox: Outbox;
  idempotency: Idempotency;
  eventsCommitted: () => void;
  /** the merchant's contract terms when no gateway.merchant.* event has reached this service yet */
  gateway: ConnectedClient<gatewayV1.MerchantServiceClient>;
  metrics: FeesMetrics;
  /** invoices and their payments are posted to the ledger */
  ledger: ConnectedClient<ledgerV1.LedgerServiceClient>;
  /** invoice emails to the merchant's contact addresses */
  mailer: Pick<MerchantMailer, 'toContacts'>;
}
