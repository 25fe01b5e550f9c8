import { ConfigError, MESH, migrateCommand } from '@kessai/platform';
import { ledgerConfig } from './config';
import { LEDGER_MIGRATIONS } from './db/migrations';

migrateCommand({ service: MESH.ledger, config: ledgerConfig(), migrations: LEDGER_MIGRATIONS }).catch((err: unknown) => {
  console.error(err instanceof ConfigError ? `ledger: ${err.message}` : err);
  process.exit(1);
});
