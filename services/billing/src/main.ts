import './instrument';
import { billingV1, notificationV1 } from '@kessai/contracts';
import { ConfigError, MESH, ServiceKit, every } from '@kessai/platform';
import { applyStoreResult } from './app/apply-store-result';
import { customerMails } from './app/customer-mails';
import type { BillingDeps } from './app/deps';
import { expireBills } from './app/expire-bills';
import { notifyPending } from './app/notify-pending';
import { billingConfig } from './config';
import { BILLING_MIGRATIONS } from './db/migrations';
import { billingHandlers } from './grpc/billing-handlers';
import { billingReconciliationHandlers } from './grpc/reconciliation-handlers';

async function main(): Promise<void> {
  const config = billingConfig();
  const kit = new ServiceKit({ service: MESH.billing, config, migrations: BILLING_MIGRATIONS });
  const deps: BillingDeps = {
    dataSource: kit.dataSource,
    clock: kit.clock,
    outbox: kit.outbox,
    logger: kit.logger,
    eventsCommitted: () => kit.eventsCommitted(),
    idempotency: kit.idempotency,
    metrics: {
      billsCreated: kit.metrics.counter('kessai_bills_created_total', 'bills registered (replays not counted)', ['livemode']),
      storePayments: kit.metrics.counter('kessai_store_payments_total', 'store payments reaching a status (preliminary, confirmed, cancelled)', ['status']),
    },
    notification: kit.client(notificationV1.NotificationServiceClient),
    combinations: config.combinations,
    slipBaseUrl: config.BILLING_SLIP_BASE_URL,
    hostedBaseUrl: config.hostedBaseUrl,
    barcodeCompanyCode: config.barcodeCompanyCode,
    companyCodes: config.companyCodes,
    lateGraceMs: config.BILLING_LATE_PAYMENT_GRACE_MS,
    fontPath: config.BILLING_FONT_PATH,
  };
  kit.addGrpcService(billingV1.BillingServiceService, billingHandlers(deps));
  kit.addGrpcService(billingV1.BillingReconciliationServiceService, billingReconciliationHandlers(deps));
  kit.consume('webhook.store_payment.reported', ({ envelope }, tx) => applyStoreResult(deps, envelope, tx));
  kit.addJob({ name: 'billing.expire-bills', next: every(config.BILLING_JOB_INTERVAL_MS), run: () => expireBills(deps) });
  kit.addJob({ name: 'billing.customer-mails', next: every(config.BILLING_JOB_INTERVAL_MS), run: () => customerMails(deps) });
  kit.addJob({ name: 'billing.notify-payment-numbers', next: every(Math.min(config.BILLING_JOB_INTERVAL_MS, 10_000)), run: () => notifyPending(deps) });
  await kit.start();
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(`billing: ${err.message}`);
  else console.error('billing failed to start:', err);
  process.exit(1);
});
