import type { billingV1, gatewayV1, ledgerV1, remittanceV1 } from '@kessai/contracts';
import type { Clock, ConnectedClient, DataSource, Idempotency, Logger, Outbox } from '@kessai/platform';
import type { FeesMetrics } from './metrics';
import type { Statement } from '@kessai/partner-bank';


/** The partner bank's statement of Kessai's own accounts for a bank date (`@kessai/partner-bank`). */
export interface BankStatementPort {
  statement(date: string): Promise<Statement>;
}

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
  /** the daily reconciliation: the ledger's entries, the bank's statement, the mode the partner bank is in */
  ledger: ConnectedClient<ledgerV1.LedgerServiceClient>;
  bank: BankStatementPort;
  /** billing's confirmed payments of a day, compared with the ledger's collection credits */
  billing: ConnectedClient<billingV1.BillingReconciliationServiceClient>;
  /** remittance's transfers of a day (recipients, deposit refunds, payouts), compared with the bank's debits */
  remittance: ConnectedClient<remittanceV1.RemittanceReconciliationServiceClient>;
  reconciliationLivemode: boolean;
}
