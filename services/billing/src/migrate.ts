import { ConfigError, MESH, migrateCommand } from '@kessai/platform';
import { billingConfig } from './config';
import { BILLING_MIGRATIONS } from './db/migrations';

migrateCommand({ service: MESH.billing, config: billingConfig(), migrations: BILLING_MIGRATIONS }).catch((err: unknown) => {
  console.error(err instanceof ConfigError ? `billing: ${err.message}` : err);
  process.exit(1);
});
