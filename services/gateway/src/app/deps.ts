import type { accountTransferV1, billingV1, feesV1, ledgerV1, remittanceV1, webhookV1 } from '@kessai/contracts';
import type { Clock, ConnectedClient, DataSource, Idempotency, Logger, Outbox } from '@kessai/platform';
import type { DepositNoticeStore } from '../db/deposit-notice-store';
import type { MerchantStore } from '../db/merchant-store';
import type { GatewayMetrics } from './metrics';

/** What the gateway's use cases work with (built once in main.ts). */
export interface GatewayDeps {
  store: MerchantStore;
  notices: DepositNoticeStore;
  clock: Clock;
  logger: Logger;
  keyPepper: string;
  dataSource: DataSource;
  outbox: Outbox;
  idempotency: Idempotency;
  metrics: GatewayMetrics;
  eventsCommitted: () => void;
}

/** The billing service, reached only through its gRPC API (`kit.client(billingV1.BillingServiceClient)`). */
export type BillingClient = ConnectedClient<billingV1.BillingServiceClient>;

/** The ledger, reached only through its gRPC API. */
export type LedgerClient = ConnectedClient<ledgerV1.LedgerServiceClient>;

/** The webhook service's merchant-facing APIs: endpoints, the event log, deliveries. */
export interface WebhookClients {
  endpoints: ConnectedClient<webhookV1.EndpointServiceClient>;
  events: ConnectedClient<webhookV1.EventServiceClient>;
  deliveries: ConnectedClient<webhookV1.DeliveryServiceClient>;
}

/** The remittance service: orders, recipients, the recipient's page (`kit.client(remittanceV1.RemittanceServiceClient)`). */
export type RemittanceClient = ConnectedClient<remittanceV1.RemittanceServiceClient>;

/** The account-transfer service: the direct-debit customer master, mandates, debits, bulk debits, the mismatch list. */
export type AccountTransferClient = ConnectedClient<accountTransferV1.AccountTransferServiceClient>;

/** Kessai's transfers (read-only here: a merchant's own transfers). */
export type TransferClient = ConnectedClient<remittanceV1.TransferServiceClient>;

/** The fees service: fee items and collection statements (`kit.client(feesV1.FeesServiceClient)`). */
export type FeesClient = ConnectedClient<feesV1.FeesServiceClient>;

/** The fees service's qualified-invoice documents (`kit.client(feesV1.DocumentServiceClient)`). */
export type FeesDocumentClient = ConnectedClient<feesV1.DocumentServiceClient>;

/** The fees service: statements and fee items, payouts, invoices, their documents. */
export interface FeesClients {
  fees: FeesClient;
  payouts: ConnectedClient<feesV1.PayoutServiceClient>;
  invoices: ConnectedClient<feesV1.InvoiceServiceClient>;
  documents: FeesDocumentClient;
}
/** The fees service's payouts of statements and per-merchant breakdowns (`kit.client(feesV1.PayoutServiceClient)`). */
export type FeesPayoutClient = ConnectedClient<feesV1.PayoutServiceClient>;

/** The fees service's monthly remittance invoices (`kit.client(feesV1.InvoiceServiceClient)`). */
export type FeesInvoiceClient = ConnectedClient<feesV1.InvoiceServiceClient>;
