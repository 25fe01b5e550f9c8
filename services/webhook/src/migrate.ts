import { ConfigError, MESH, migrateCommand } from '@kessai/platform';
import { webhookConfig } from './config';
import { WEBHOOK_MIGRATIONS } from './db/migrations';

migrateCommand({ service: MESH.webhook, config: webhookConfig(), migrations: WEBHOOK_MIGRATIONS }).catch((err: unknown) => {
  console.error(err instanceof ConfigError ? `webhook: ${err.message}` : err);
  process.exit(1);
});
