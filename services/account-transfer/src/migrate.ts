import { ConfigError, MESH, migrateCommand } from '@kessai/platform';
import { accountTransferConfig } from './config';
import { ACCOUNT_TRANSFER_MIGRATIONS } from './db/migrations';

migrateCommand({ service: MESH['account-transfer'], config: accountTransferConfig(), migrations: ACCOUNT_TRANSFER_MIGRATIONS }).catch((err: unknown) => {
  console.error(err instanceof ConfigError ? `account-transfer: ${err.message}` : err);
  process.exit(1);
});
