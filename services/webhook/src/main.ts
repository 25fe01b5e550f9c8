import './instrument';
import { billingV1, gatewayV1, webhookV1 } from '@kessai/contracts';
import { ConfigError, MESH, ServiceKit } from '@kessai/platform';
import { webhookConfig } from './config';
import { WEBHOOK_MIGRATIONS } from './db/migrations';
import type { WebhookDeps } from './app/deps';
import { Dispatcher } from './app/dispatcher';
import { webhookMetrics } from './app/metrics';
import { PUBLIC_EVENT_SOURCES, toPublicEvents } from './domain/public-events';
import { merchantHandler, MERCHANT_SOURCES } from './events/merchants';
import { publicEventBatchHandler, publicEventHandler } from './events/public-events';
import { inboundHandlers } from './grpc/inbound-handlers';
import { deliveryHandlers, endpointHandlers, eventHandlers } from './grpc/public-handlers';
import { createInboundApp } from './http/inbound';

async function main(): Promise<void> {
  const config = webhookConfig();
  const kit = new ServiceKit({ service: MESH.webhook, config, migrations: WEBHOOK_MIGRATIONS });
  const metrics = webhookMetrics(kit.metrics);

  // outbound: public events → merchant endpoints
  const dispatcher = new Dispatcher({
    dataSource: kit.dataSource,
    clock: kit.clock,
    logger: kit.logger.child({ component: 'dispatcher' }),
    metrics,
    timeoutMs: config.WEBHOOK_DELIVERY_TIMEOUT_MS,
    concurrency: config.WEBHOOK_DELIVERY_CONCURRENCY,
    perEndpoint: config.WEBHOOK_DELIVERY_PER_ENDPOINT,
    horizonMs: config.WEBHOOK_RETRY_HORIZON_MS,
    allowPrivateTestEndpoints: config.allowPrivateTestEndpoints,
  });
  const deps: WebhookDeps = {
    dataSource: kit.dataSource,
    clock: kit.clock,
    logger: kit.logger,
    outbox: kit.outbox,
    idempotency: kit.idempotency,
    metrics,
    merchants: kit.client(gatewayV1.MerchantServiceClient),
    billing: kit.client(billingV1.BillingServiceClient),
    endpointPolicy: { allowPrivateTestEndpoints: config.allowPrivateTestEndpoints },
    settlementAccounts: config.settlementAccounts,
    eventsCommitted: () => kit.eventsCommitted(),
    wake: () => dispatcher.wake(),
  };

  kit.addGrpcService(webhookV1.InboundServiceService, inboundHandlers(deps));
  // Most ledger postings are not public events: skip them without a database round trip.
  // Applied in batches, one transaction per batch (bursts of store results; docs/benchmarks.md).
  for (const source of PUBLIC_EVENT_SOURCES) {
    kit.consumeBatch(source, publicEventHandler(deps), {
      relevant: (envelope) => toPublicEvents(envelope).length > 0,
      batchSize: config.WEBHOOK_INBOX_BATCH_SIZE,
      batchHandler: publicEventBatchHandler(deps), // a batch's public events in three statements, not three per event
      afterCommit: () => dispatcher.wake(), // the batch's deliveries are committed: claim them now
    });
  }
  for (const source of MERCHANT_SOURCES) kit.consume(source, merchantHandler(deps));
  kit.addGrpcService(webhookV1.EventServiceService, eventHandlers(deps));
  kit.addGrpcService(webhookV1.EndpointServiceService, endpointHandlers(deps));
  kit.addGrpcService(webhookV1.DeliveryServiceService, deliveryHandlers(deps));
  kit.onShutdown(() => dispatcher.stop());

  const app = createInboundApp({
    deps,
    partners: config.partners,
    toleranceSeconds: config.WEBHOOK_SIGNATURE_TOLERANCE_S,
    maxBodyBytes: config.WEBHOOK_MAX_BODY_BYTES,
    logger: kit.logger.child({ component: 'inbound' }),
  });
  await kit.start();
  dispatcher.start();
  await kit.serveHttp(app, config.HTTP_PORT, 'inbound partner HTTP');
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(`webhook: ${err.message}`);
  else console.error('webhook failed to start:', err);
  process.exit(1);
});
