import type { billingV1, gatewayV1, ledgerV1, remittanceV1 } from '@kessai/contracts';
import type { Clock, ConnectedClient, DataSource, Idempotency, Logger, MerchantMailer, Outbox } from '@kessai/platform';
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
  /** statements' and payouts' ledger transactions (fees.ledger-ops) */
  ledger: ConnectedClient<ledgerV1.LedgerServiceClient>;
  /** statement notices to the merchant's contact addresses */
  mailer: MerchantMailer;
  /** the merchant API's base URL, for links in notices */
  merchantApiUrl: string;
  /** payouts go out as remittance transfers (purpose payout) */
  transfers: ConnectedClient<remittanceV1.TransferServiceClient>;
  /** the daily reconciliation: the bank's statement, and the mode the partner bank is in */
  bank: BankStatementPort;
  /** billing's confirmed payments of a day, compared with the ledger's collection credits */
  billing: ConnectedClient<billingV1.BillingReconciliationServiceClient>;
  /** remittance's transfers of a day (recipients, deposit refunds, payouts), compared with the bank's debits */
  remittance: ConnectedClient<remittanceV1.RemittanceReconciliationServiceClient>;
  reconciliationLivemode: boolean;
  /** test-only fault injection (KESSAI_FAULT_FEES) */
  fault?: 'after-statement-commit' | 'after-ledger-post';
}

/** Test-only: SIGKILL here when the fault asks for it (proves the step after it is recovered, never lost or doubled). */
export function crashAt(deps: FeesDeps, point: NonNullable<FeesDeps['fault']>): void {
  if (deps.fault !== point) return;
  deps.logger.warn({ fault: point }, 'fault injection: SIGKILL');
  process.kill(process.pid, 'SIGKILL');
}
