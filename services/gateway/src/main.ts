import './instrument';
import { accountTransferV1, billingV1, feesV1, gatewayV1, ledgerV1, notificationV1, remittanceV1, webhookV1 } from '@kessai/contracts';
import { ConfigError, every, IdempotencyStore, MESH, RateLimiter, ServiceKit } from '@kessai/platform';
import { loadAssets } from '@kessai/web';
import { actingMerchant } from './app/acting-merchant';
import { mountOperatorPages } from './operator/routes';
import { contractChainsOf } from './app/contract-chains';
import type { GatewayDeps } from './app/deps';
import { gatewayMetrics } from './app/metrics';
import type { ConsoleDeps } from './app/console/deps';
import { StoreSimulatorClient } from './clients/store-simulator';
import { gatewayConfig } from './config';
import { mountConsole } from './console/router';
import { ConsoleStore } from './db/console-store';
import { DepositNoticeStore } from './db/deposit-notice-store';
import { MerchantStore } from './db/merchant-store';
import { GATEWAY_MIGRATIONS } from './db/migrations';
import { adminHandlers, merchantHandlers } from './grpc/admin-handlers';
import { consoleAdminHandlers } from './grpc/console-admin-handlers';
import { createEdgeApp } from './http/app';
import { balanceRoutes } from './http/routes/balance';
import { billRoutes } from './http/routes/bills';
import { customerRoutes } from './http/routes/customers';
import { debitBatchRoutes } from './http/routes/debit-batches';
import { debitCustomerRoutes } from './http/routes/debit-customers';
import { debitRoutes } from './http/routes/debits';
import { mandateMismatchRoutes } from './http/routes/mandate-mismatches';
import { mandateRoutes } from './http/routes/mandates';
import { depositNoticeRoutes } from './http/routes/deposit-notices';
import { paymentRefundRoutes } from './http/routes/payment-refunds';
import { remittanceOrderRoutes } from './http/routes/remittance-orders';
import { remittanceRecipientRoutes } from './http/routes/remittance-recipients';
import { transferRoutes } from './http/routes/transfers';
import { webhookRoutes } from './http/routes/webhooks';
import { statementRoutes } from './http/routes/statements';
import { feeItemRoutes } from './http/routes/fee-items';
import { payoutRoutes } from './http/routes/payouts';
import { invoiceRoutes } from './http/routes/invoices';
import { accountRoutes } from './http/routes/account';
import { mountHostedPages } from './http/hosted';
import { testHelperRoutes } from './http/routes/test-helpers';
import { mountRegistrationPages } from './http/registration/routes';
import { mountSlips } from './http/slips';

async function main(): Promise<void> {
  const config = gatewayConfig();
  const kit = new ServiceKit({ service: MESH.gateway, config, migrations: GATEWAY_MIGRATIONS });
  const deps: GatewayDeps = {
    store: new MerchantStore(kit.dataSource, kit.clock, config.GATEWAY_KEY_CACHE_MS),
    notices: new DepositNoticeStore(kit.dataSource),
    clock: kit.clock,
    logger: kit.logger,
    keyPepper: config.keyPepper,
    dataSource: kit.dataSource,
    outbox: kit.outbox,
    idempotency: kit.idempotency,
    metrics: gatewayMetrics(kit.metrics),
    eventsCommitted: () => kit.eventsCommitted(),
  };

  // Whole REST responses replayed per API key (see IdempotencyStore); commands inside use cases use deps.idempotency.
  // The per-key counter row and the claims are written on a pool that does not wait for the disk
  // (docs/idempotency.md#counters-and-claims-without-waiting-for-the-disk); responses on the durable one.
  const counters = kit.asyncCommitPool();
  const idempotency = new IdempotencyStore(kit.dataSource, MESH.gateway.schema, kit.clock, { countedSource: counters });
  const rateLimiter = new RateLimiter(counters, MESH.gateway.schema, kit.clock);
  kit.addJob({ name: 'gateway.prune-idempotency', next: every(3600_000), run: async ({ now }) => ({ deleted: await idempotency.prune(now) }) });
  kit.addJob({
    name: 'gateway.prune-rate-limits',
    next: every(60_000),
    run: async ({ now }) => {
      await rateLimiter.prune(new Date(now.getTime() - Math.max(60_000, config.GATEWAY_RATE_WINDOW_MS * 2)));
      return {};
    },
  });

  // the web pages' stylesheet, script and icon (packages/web, built by the root build)
  const assets = loadAssets();
  const ledger = kit.client(ledgerV1.LedgerServiceClient);
  const billing = kit.client(billingV1.BillingServiceClient);
  const accountTransfer = kit.client(accountTransferV1.AccountTransferServiceClient);
  const remittance = kit.client(remittanceV1.RemittanceServiceClient);
  const transfers = kit.client(remittanceV1.TransferServiceClient);
  const fees = kit.client(feesV1.FeesServiceClient);
  const feeDocuments = kit.client(feesV1.DocumentServiceClient);
  const feePayouts = kit.client(feesV1.PayoutServiceClient);
  const feeInvoices = kit.client(feesV1.InvoiceServiceClient);
  const webhook = {
    endpoints: kit.client(webhookV1.EndpointServiceClient),
    events: kit.client(webhookV1.EventServiceClient),
    deliveries: kit.client(webhookV1.DeliveryServiceClient),
  };
  // the merchant console at /console (docs/console.md)
  const consoleDeps: ConsoleDeps = {
    gateway: deps,
    store: new ConsoleStore(kit.dataSource),
    billing,
    ledger,
    webhook,
    remittance,
    accountTransfer,
    settlement: {
      fees,
      payouts: kit.client(feesV1.PayoutServiceClient),
      invoices: kit.client(feesV1.InvoiceServiceClient),
      documents: feeDocuments,
    },
    notification: kit.client(notificationV1.NotificationServiceClient),
    publicUrl: config.publicUrl,
  };
  kit.addGrpcService(gatewayV1.MerchantAdminServiceService, { ...adminHandlers(deps, config.operatorTokens), ...consoleAdminHandlers(consoleDeps, config.operatorTokens) });
  kit.addGrpcService(gatewayV1.MerchantServiceService, merchantHandlers(deps));

  const app = createEdgeApp({
    deps,
    routes: [
      ...balanceRoutes(ledger),
      ...depositNoticeRoutes(deps),
      ...webhookRoutes(webhook),
      ...billRoutes(billing, (merchant) => contractChainsOf(deps, merchant)),
      ...customerRoutes(billing, (principal, account) => actingMerchant(deps, principal, account)),
      ...remittanceOrderRoutes(remittance),
      ...remittanceRecipientRoutes(remittance),
      ...transferRoutes(remittance, transfers),
      ...paymentRefundRoutes(deps, billing, remittance),
      ...testHelperRoutes({
        billing,
        simulator: config.GATEWAY_STORE_SIMULATOR_URL ? new StoreSimulatorClient(config.GATEWAY_STORE_SIMULATOR_URL) : undefined,
        now: () => kit.clock.now(),
      }),
      ...debitCustomerRoutes(accountTransfer),
      ...mandateRoutes(accountTransfer),
      ...debitRoutes(accountTransfer),
      ...debitBatchRoutes(accountTransfer),
      ...mandateMismatchRoutes(accountTransfer),
      ...statementRoutes(fees, feeDocuments, (principal, account) => actingMerchant(deps, principal, account)),
      ...feeItemRoutes(fees, (principal, account) => actingMerchant(deps, principal, account)),
      ...payoutRoutes(fees, feePayouts),
      ...invoiceRoutes(feeInvoices, feeDocuments),
      ...accountRoutes(),
    ],
    publicPages: (a) => {
      mountSlips(a, billing, kit.logger);
      mountConsole(a, { deps: consoleDeps, assets, cookies: { secure: config.secureCookies }, logger: kit.logger.child({ component: 'console' }) });
      mountRegistrationPages(a, { remittance, assets, logger: kit.logger.child({ component: 'registration-page' }) });
      mountHostedPages(a, billing, assets, kit.logger);
      mountOperatorPages(a, {
        reconciliation: kit.client(feesV1.ReconciliationServiceClient),
        invoices: consoleDeps.settlement.invoices,
        operatorTokens: config.operatorTokens,
        assets,
        clock: kit.clock,
        logger: kit.logger.child({ component: 'operator-pages' }),
      });
    },
    idempotency,
    rateLimiter,
    rateLimit: config.GATEWAY_RATE_LIMIT,
    rateWindowMs: config.GATEWAY_RATE_WINDOW_MS,
    maxBodyBytes: config.GATEWAY_MAX_BODY_BYTES,
    corsOrigins: config.corsOrigins,
    logger: kit.logger.child({ component: 'rest' }),
  });
  await kit.start();
  await kit.serveHttp(app, config.HTTP_PORT, 'REST API');
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(`gateway: ${err.message}`);
  else console.error('gateway failed to start:', err);
  process.exit(1);
});
