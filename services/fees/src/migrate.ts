import { ConfigError, MESH, migrateCommand } from '@kessai/platform';
import { feesConfig } from './config';
import { FEES_MIGRATIONS } from './db/migrations';

migrateCommand({ service: MESH.fees, config: feesConfig(), migrations: FEES_MIGRATIONS }).catch((err: unknown) => {
  console.error(err instanceof ConfigError ? `fees: ${err.message}` : err);
  process.exit(1);
});
