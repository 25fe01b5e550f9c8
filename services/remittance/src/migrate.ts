import { ConfigError, MESH, migrateCommand } from '@kessai/platform';
import { remittanceConfig } from './config';
import { REMITTANCE_MIGRATIONS } from './db/migrations';

migrateCommand({ service: MESH.remittance, config: remittanceConfig(), migrations: REMITTANCE_MIGRATIONS }).catch((err: unknown) => {
  console.error(err instanceof ConfigError ? `remittance: ${err.message}` : err);
  process.exit(1);
});
