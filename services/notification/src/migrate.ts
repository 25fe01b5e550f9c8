import { ConfigError, MESH, migrateCommand } from '@kessai/platform';
import { notificationConfig } from './config';
import { NOTIFICATION_MIGRATIONS } from './db/migrations';

migrateCommand({ service: MESH.notification, config: notificationConfig(), migrations: NOTIFICATION_MIGRATIONS }).catch((err: unknown) => {
  console.error(err instanceof ConfigError ? `notification: ${err.message}` : err);
  process.exit(1);
});
