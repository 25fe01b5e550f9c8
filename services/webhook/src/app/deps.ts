import type { billingV1, gatewayV1 } from '@kessai/contracts';
import type { SettlementAccounts } from '@kessai/konbini';
import type { Clock, ConnectedClient, DataSource, Idempotency, Logger, Outbox } from '@kessai/platform';
import type { EndpointPolicy } from '../domain/endpoint-policy';
import type { WebhookMetrics } from './metrics';

/** The gateway's MerchantService, as far as webhook uses it: who owns a virtual account number. */
export type MerchantDirectory = Pick<ConnectedClient<gatewayV1.MerchantServiceClient>, 'findMerchantByVirtualAccount'>;
/** Billing's kiosk lookup: which open bills a store payment number (or customer number) names. */
export type BillLookup = Pick<ConnectedClient<billingV1.BillingServiceClient>, 'lookupNumber'>;

/** What the webhook use cases stand on (built once in main.ts). */
export interface WebhookDeps {
  dataSource: DataSource;
  clock: Clock;
  logger: Logger;
  outbox: Outbox;
  idempotency: Idempotency;
  metrics: WebhookMetrics;
  merchants: MerchantDirectory;
  /** the store network's online inquiry; absent = not offered */
  billing?: BillLookup;
  endpointPolicy: EndpointPolicy;
  /** the store chains' settlement accounts (a deposit there is a chain settlement, not a merchant's) */
  settlementAccounts: SettlementAccounts;
  /** events were committed to the outbox: the relay should look now */
  eventsCommitted: () => void;
  /** deliveries became due: the dispatcher should look now */
  wake: () => void;
}
