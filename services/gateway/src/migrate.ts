import { ConfigError, MESH, migrateCommand } from '@kessai/platform';
import { gatewayConfig } from './config';
import { GATEWAY_MIGRATIONS } from './db/migrations';

migrateCommand({ service: MESH.gateway, config: gatewayConfig(), migrations: GATEWAY_MIGRATIONS }).catch((err: unknown) => {
  console.error(err instanceof ConfigError ? `gateway: ${err.message}` : err);
  process.exit(1);
});
