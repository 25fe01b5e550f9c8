import './instrument';
import { billingV1, feesV1, gatewayV1, ledgerV1, remittanceV1 } from '@kessai/contracts';
import { ConfigError, MESH, ServiceKit, every } from '@kessai/platform';
import type { FeesDeps } from './app/deps';
import { fixStatements } from './app/fix-statements';
import { feesMetrics } from './app/metrics';
import { reconcileYesterday } from './app/reconcile';
import { partnerBankStatements } from './clients/partner-bank';
import { feesConfig } from './config';
import { FEES_MIGRATIONS } from './db/migrations';
import { dailyAtTokyoHour } from './domain/daily';
import { feeConsumers } from './events/consumers';
import { feesHandlers } from './grpc/fees-handlers';
import { reconciliationHandlers } from './grpc/reconciliation-handlers';

async function main(): Promise<void> {
  const config = feesConfig();
  const kit = new ServiceKit({ service: MESH.fees, config, migrations: FEES_MIGRATIONS });
  const deps: FeesDeps = {
    dataSource: kit.dataSource,
    clock: kit.clock,
    logger: kit.logger,
    outbox: kit.outbox,
    idempotency: kit.idempotency,
    eventsCommitted: () => kit.eventsCommitted(),
    gateway: kit.client(gatewayV1.MerchantServiceClient),
    metrics: feesMetrics(kit.metrics, kit.dataSource),
    ledger: kit.client(ledgerV1.LedgerServiceClient),
    bank: partnerBankStatements(config),
    billing: kit.client(billingV1.BillingReconciliationServiceClient),
    remittance: kit.client(remittanceV1.RemittanceReconciliationServiceClient),
    reconciliationLivemode: config.FEES_RECONCILIATION_LIVEMODE,
  };
  kit.addGrpcService(feesV1.FeesServiceService, feesHandlers(deps));
  for (const [subject, handler] of Object.entries(feeConsumers(deps))) kit.consume(subject, handler);
  kit.addJob({ name: 'fees.fix-statements', next: every(config.FEES_JOB_INTERVAL_MS), run: () => fixStatements(deps) });
  kit.addGrpcService(feesV1.ReconciliationServiceService, reconciliationHandlers(deps));
  kit.addJob({ name: 'fees.reconcile', next: dailyAtTokyoHour(config.FEES_RECONCILIATION_HOUR), run: () => reconcileYesterday(deps) });
  await kit.start();
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(`fees: ${err.message}`);
  else console.error('fees failed to start:', err);
  process.exit(1);
});
