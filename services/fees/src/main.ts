import './instrument';
import { billingV1, feesV1, gatewayV1, ledgerV1, notificationV1, remittanceV1 } from '@kessai/contracts';
import { ConfigError, MerchantMailer, MESH, ServiceKit, every } from '@kessai/platform';
import type { FeesDeps } from './app/deps';
import { fixStatements } from './app/fix-statements';
import { flagOverdueInvoices } from './app/flag-overdue-invoices';
import { issueInvoices } from './app/issue-invoices';
import { runLedgerOps } from './app/run-ledger-ops';
import { submitPayouts } from './app/submit-payouts';
import { feesMetrics, overdueInvoicesGauge } from './app/metrics';
import { reconcileYesterday } from './app/reconcile';
import { partnerBankStatements } from './clients/partner-bank';
import { feesConfig } from './config';
import { FEES_MIGRATIONS } from './db/migrations';
import { dailyAtTokyoHour } from './domain/daily';
import { FEE_CONSUMER_FILTERS, feeConsumers } from './events/consumers';
import { feesHandlers } from './grpc/fees-handlers';
import { documentHandlers } from './grpc/document-handlers';
import { INVOICES } from './app/invoice-source';
import { payoutsHandlers } from './grpc/payouts-handlers';
import { invoicesHandlers } from './grpc/invoices-handlers';
import { invoicesStore } from './db/invoices-store';
import { reconciliationHandlers } from './grpc/reconciliation-handlers';

async function main(): Promise<void> {
  const config = feesConfig();
  const kit = new ServiceKit({ service: MESH.fees, config, migrations: FEES_MIGRATIONS });
  const gateway = kit.client(gatewayV1.MerchantServiceClient);
  const deps: FeesDeps = {
    dataSource: kit.dataSource,
    clock: kit.clock,
    logger: kit.logger,
    outbox: kit.outbox,
    idempotency: kit.idempotency,
    eventsCommitted: () => kit.eventsCommitted(),
    gateway,
    metrics: feesMetrics(kit.metrics, kit.dataSource),
    ledger: kit.client(ledgerV1.LedgerServiceClient),
    mailer: new MerchantMailer(kit.client(notificationV1.NotificationServiceClient), gateway),
    merchantApiUrl: config.MERCHANT_API_URL,
    transfers: kit.client(remittanceV1.TransferServiceClient),
    fault: config.KESSAI_ENV === 'test' ? config.KESSAI_FAULT_FEES : undefined,
    bank: partnerBankStatements(config),
    billing: kit.client(billingV1.BillingReconciliationServiceClient),
    remittance: kit.client(remittanceV1.RemittanceReconciliationServiceClient),
    reconciliationLivemode: config.FEES_RECONCILIATION_LIVEMODE,
  };
  kit.addGrpcService(feesV1.FeesServiceService, feesHandlers(deps));
  // qualified invoices: statements and the monthly remittance invoices (fees.invoices)
  const issuer = { name: config.FEES_ISSUER_NAME, registrationNumber: config.FEES_ISSUER_REGISTRATION_NUMBER, address: config.FEES_ISSUER_ADDRESS };
  kit.addGrpcService(feesV1.DocumentServiceService, documentHandlers(deps, { issuer, fontPath: config.FEES_FONT_PATH }, INVOICES));
  kit.addGrpcService(feesV1.PayoutServiceService, payoutsHandlers(deps));
  for (const [subject, handler] of Object.entries(feeConsumers(deps))) kit.consume(subject, handler, { relevant: FEE_CONSUMER_FILTERS[subject] });
  kit.addJob({ name: 'fees.fix-statements', next: every(config.FEES_JOB_INTERVAL_MS), run: () => fixStatements(deps) });
  kit.addJob({ name: 'fees.submit-payouts', next: every(config.FEES_JOB_INTERVAL_MS), run: () => submitPayouts(deps) });
  kit.addJob({ name: 'fees.ledger-ops', next: every(5_000), run: () => runLedgerOps(deps) });
  kit.addGrpcService(feesV1.InvoiceServiceService, invoicesHandlers(deps));
  kit.addJob({ name: 'fees.issue-invoices', next: every(config.FEES_JOB_INTERVAL_MS), run: () => issueInvoices(deps) });
  kit.addJob({ name: 'fees.flag-overdue-invoices', next: every(config.FEES_JOB_INTERVAL_MS), run: () => flagOverdueInvoices(deps) });
  overdueInvoicesGauge(kit.metrics, () => invoicesStore.overdueCounts(kit.dataSource));
  kit.addGrpcService(feesV1.ReconciliationServiceService, reconciliationHandlers(deps));
  kit.addJob({ name: 'fees.reconcile', next: dailyAtTokyoHour(config.FEES_RECONCILIATION_HOUR), run: () => reconcileYesterday(deps) });
  await kit.start();
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(`fees: ${err.message}`);
  else console.error('fees failed to start:', err);
  process.exit(1);
});
