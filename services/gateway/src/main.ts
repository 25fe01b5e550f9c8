import './instrument';
import { gatewayV1 } from '@kessai/contracts';
import { ConfigError, every, IdempotencyStore, MESH, RateLimiter, ServiceKit } from '@kessai/platform';
import type { GatewayDeps } from './app/deps';
import { actingMerchant } from './app/api-keys';
import { ledgerClient } from './clients/ledger';
import { gatewayConfig } from './config';
import { MerchantStore } from './db/merchant-store';
import { GATEWAY_MIGRATIONS } from './db/migrations';
import { adminHandlers, merchantHandlers } from './grpc/admin-handlers';
import { createEdgeApp } from './http/app';
import { balanceRoutes } from './http/routes/balance';
import { depositNoticeRoutes } from './http/routes/deposit-notices';
import { webhookRoutes } from './http/routes/webhooks';
import { webhookClients } from './clients/webhook';
import { billingClient } from './clients/billing';
import { billRoutes } from './http/routes/bills';
import { customerRoutes } from './http/routes/customers';
import { mountSlips } from './http/slips';

async function main(): Promise<void> {
  const config = gatewayConfig();
  const kit = new ServiceKit({ service: MESH.gateway, config, migrations: GATEWAY_MIGRATIONS });
  const deps: GatewayDeps = {
    store: new MerchantStore(kit.dataSource),
    clock: kit.clock,
    logger: kit.logger,
    keyPepper: config.keyPepper,
    dataSource: kit.dataSource,
    outbox: kit.outbox,
    eventsCommitted: () => kit.eventsCommitted(),
  };
  kit.addGrpcService(gatewayV1.MerchantAdminServiceService, adminHandlers(deps, config.operatorTokens));
  kit.addGrpcService(gatewayV1.MerchantServiceService, merchantHandlers(deps));

  const idempotency = new IdempotencyStore(kit.dataSource, MESH.gateway.schema, kit.clock);
  const rateLimiter = new RateLimiter(kit.dataSource, MESH.gateway.schema, kit.clock);
  kit.addJob({ name: 'gateway.prune-idempotency', next: every(3600_000), run: async ({ now }) => ({ deleted: await idempotency.prune(now) }) });
  kit.addJob({
    name: 'gateway.prune-rate-limits',
    next: every(60_000),
    run: async ({ now }) => {
      await rateLimiter.prune(new Date(now.getTime() - Math.max(60_000, config.GATEWAY_RATE_WINDOW_MS * 2)));
      return {};
    },
  });

  const ledger = ledgerClient();
  const billing = billingClient();
  const ownerOf = async (m: { owner_id: string | null }) => (m.owner_id ? deps.store.getMerchant(m.owner_id) : null);
  const app = createEdgeApp({
    deps,
    routes: [...balanceRoutes(ledger), ...depositNoticeRoutes(kit.dataSource, kit.clock), ...webhookRoutes(webhookClients()), ...billRoutes(billing, ownerOf), ...customerRoutes(billing, (principal, account) => actingMerchant(deps, principal, account))],
    publicPages: (a) => mountSlips(a, billing, kit.logger),
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
