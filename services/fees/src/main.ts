import './instrument';
import { feesV1, gatewayV1, ledgerV1, notificationV1 } from '@kessai/contracts';
import { ConfigError, MerchantMailer, MESH, ServiceKit, every } from '@kessai/platform';
import type { FeesDeps } from './app/deps';
import { fixStatements } from './app/fix-statements';
import { flagOverdueInvoices } from './app/flag-overdue-invoices';
import { issueInvoices } from './app/issue-invoices';
import { feesMetrics, overdueInvoicesGauge } from './app/metrics';
import { feesConfig } from './config';
import { FEES_MIGRATIONS } from './db/migrations';
import { feeConsumers } from './events/consumers';
import { feesHandlers } from './grpc/fees-handlers';
import { invoicesHandlers } from './grpc/invoices-handlers';
import { invoicesStore } from './db/invoices-store';

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
    metrics: feesMetrics(kit.metrics),
    ledger: kit.client(ledgerV1.LedgerServiceClient),
    mailer: new MerchantMailer(kit.client(notificationV1.NotificationServiceClient), gateway),
  };
  kit.addGrpcService(feesV1.FeesServiceService, feesHandlers(deps));
  for (const [subject, handler] of Object.entries(feeConsumers(deps))) kit.consume(subject, handler);
  kit.addJob({ name: 'fees.fix-statements', next: every(config.FEES_JOB_INTERVAL_MS), run: () => fixStatements(deps) });
  kit.addGrpcService(feesV1.InvoiceServiceService, invoicesHandlers(deps));
  kit.addJob({ name: 'fees.issue-invoices', next: every(config.FEES_JOB_INTERVAL_MS), run: () => issueInvoices(deps) });
  kit.addJob({ name: 'fees.flag-overdue-invoices', next: every(config.FEES_JOB_INTERVAL_MS), run: () => flagOverdueInvoices(deps) });
  overdueInvoicesGauge(kit.metrics, () => invoicesStore.overdueCounts(kit.dataSource));
  await kit.start();
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(`fees: ${err.message}`);
  else console.error('fees failed to start:', err);
  process.exit(1);
});
