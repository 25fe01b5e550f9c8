import './instrument';
import { webhookV1 } from '@kessai/contracts';
import { ConfigError, MESH, ServiceKit } from '@kessai/platform';
import { merchantClient } from './clients/gateway';
import { billingLookupClient } from './clients/billing';
import { webhookConfig } from './config';
import { WEBHOOK_MIGRATIONS } from './db/migrations';
import { Dispatcher } from './app/dispatcher';
import { publicEventHandler } from './app/record-public-events';
import { merchantHandler, MERCHANT_SOURCES } from './app/tenancy';
import { PUBLIC_EVENT_SOURCES, toPublicEvents } from './domain/public-events';
import { inboundHandlers } from './grpc/inbound-handlers';
import { deliveryHandlers, endpointHandlers, eventHandlers } from './grpc/public-handlers';
import { createInboundApp } from './http/inbound';

async function main(): Promise<void> {
  const config = webhookConfig();
  const kit = new ServiceKit({ service: MESH.webhook, config, migrations: WEBHOOK_MIGRATIONS });
  const merchants = merchantClient();
  kit.addGrpcService(webhookV1.InboundServiceService, inboundHandlers(kit.dataSource));

  // outbound: public events → merchant endpoints
  const dispatcher = new Dispatcher({
    dataSource: kit.dataSource,
    clock: kit.clock,
    logger: kit.logger.child({ component: 'dispatcher' }),
    metrics: kit.metrics,
    timeoutMs: config.WEBHOOK_DELIVERY_TIMEOUT_MS,
    concurrency: config.WEBHOOK_DELIVERY_CONCURRENCY,
    horizonMs: config.WEBHOOK_RETRY_HORIZON_MS,
    allowPrivateTestEndpoints: config.allowPrivateTestEndpoints,
  });
  const wake = () => dispatcher.wake();
  // Most ledger postings are not public events: skip them without a database round trip.
  for (const source of PUBLIC_EVENT_SOURCES) kit.consume(source, publicEventHandler(kit.clock, wake), { relevant: (envelope) => toPublicEvents(envelope).length > 0 });
  for (const source of MERCHANT_SOURCES) kit.consume(source, merchantHandler(kit.clock, wake));
  kit.addGrpcService(webhookV1.EventServiceService, eventHandlers(kit.dataSource));
  kit.addGrpcService(webhookV1.EndpointServiceService, endpointHandlers(kit.dataSource, kit.clock, { allowPrivateTestEndpoints: config.allowPrivateTestEndpoints }));
  kit.addGrpcService(webhookV1.DeliveryServiceService, deliveryHandlers(kit.dataSource, kit.clock, wake));
  kit.onShutdown(() => dispatcher.stop());

  const app = createInboundApp({
    deps: { dataSource: kit.dataSource, outbox: kit.outbox, clock: kit.clock, logger: kit.logger, merchants, eventsCommitted: () => kit.eventsCommitted() },
    partners: config.partners,
    toleranceSeconds: config.WEBHOOK_SIGNATURE_TOLERANCE_S,
    maxBodyBytes: config.WEBHOOK_MAX_BODY_BYTES,
    logger: kit.logger.child({ component: 'inbound' }),
    billing: billingLookupClient(),
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
