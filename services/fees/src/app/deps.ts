import type { gatewayV1, ledgerV1, remittanceV1 } from '@kessai/contracts';
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
  /** statements' and payouts' ledger transactions (fees.ledger-ops) */
  ledger: ConnectedClient<ledgerV1.LedgerServiceClient>;
  /** statement notices to the merchant's contact addresses */
  mailer: MerchantMailer;
  /** the merchant API's base URL, for links in notices */
  merchantApiUrl: string;
  /** payouts go out as remittance transfers (purpose payout) */
  transfers: ConnectedClient<remittanceV1.TransferServiceClient>;
  /** test-only fault injection (KESSAI_FAULT_FEES) */
  fault?: 'after-statement-commit' | 'after-ledger-post';
}

/** Test-only: SIGKILL here when the fault asks for it (proves the step after it is recovered, never lost or doubled). */
export function crashAt(deps: FeesDeps, point: NonNullable<FeesDeps['fault']>): void {
  if (deps.fault !== point) return;
  deps.logger.warn({ fault: point }, 'fault injection: SIGKILL');
  process.kill(process.pid, 'SIGKILL');
}
