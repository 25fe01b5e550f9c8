import './instrument';
import { feesV1, gatewayV1 } from '@kessai/contracts';
import { ConfigError, MESH, ServiceKit, every } from '@kessai/platform';
import type { FeesDeps } from './app/deps';
import { fixStatements } from './app/fix-statements';
import { feesMetrics } from './app/metrics';
import { feesConfig } from './config';
import { FEES_MIGRATIONS } from './db/migrations';
import { feeConsumers } from './events/consumers';
import { feesHandlers } from './grpc/fees-handlers';
import { documentHandlers } from './grpc/document-handlers';
import { NO_INVOICES } from './app/get-invoice-document';

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
    metrics: feesMetrics(kit.metrics),
  };
  kit.addGrpcService(feesV1.FeesServiceService, feesHandlers(deps));
  // qualified invoices; invoice documents answer NOT_FOUND until the invoices table is wired in (NO_INVOICES)
  const issuer = { name: config.FEES_ISSUER_NAME, registrationNumber: config.FEES_ISSUER_REGISTRATION_NUMBER, address: config.FEES_ISSUER_ADDRESS };
  kit.addGrpcService(feesV1.DocumentServiceService, documentHandlers(deps, { issuer, fontPath: config.FEES_FONT_PATH }, NO_INVOICES));
  for (const [subject, handler] of Object.entries(feeConsumers(deps))) kit.consume(subject, handler);
  kit.addJob({ name: 'fees.fix-statements', next: every(config.FEES_JOB_INTERVAL_MS), run: () => fixStatements(deps) });
  await kit.start();
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(`fees: ${err.message}`);
  else console.error('fees failed to start:', err);
  process.exit(1);
});
