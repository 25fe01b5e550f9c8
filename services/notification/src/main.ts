import './instrument';
import fs from 'node:fs';
import { notificationV1 } from '@kessai/contracts';
import { ConfigError, MESH, ServiceKit, every } from '@kessai/platform';
import type { NotificationDeps } from './app/deps';
import { EmailDelivery } from './app/email-delivery';
import { expirePhoneClaims } from './app/phone-queue';
import { createPostcardBatch, recoverStaleBatches } from './app/postcard-batches';
import { notificationConfig } from './config';
import { NOTIFICATION_MIGRATIONS } from './db/migrations';
import { notificationHandlers } from './grpc/notification-handlers';
import { SmtpMailer } from './mail/smtp-mailer';
import { FolderOutbox } from './postcards/outbox';

async function main(): Promise<void> {
  const config = notificationConfig();
  const kit = new ServiceKit({ service: MESH.notification, config, migrations: NOTIFICATION_MIGRATIONS });
  const mailer = new SmtpMailer(config);
  const deps: NotificationDeps = {
    dataSource: kit.dataSource,
    clock: kit.clock,
    outbox: kit.outbox,
    logger: kit.logger,
    eventsCommitted: () => kit.eventsCommitted(),
    mailer,
    printOutbox: new FolderOutbox(config.POSTCARD_OUTBOX_DIR),
    settings: {
      emailMaxAttempts: config.EMAIL_MAX_ATTEMPTS,
      emailRetryBaseMs: config.EMAIL_RETRY_BASE_MS,
      fontPath: config.POSTCARD_FONT_PATH,
      phoneClaimTtlMs: config.PHONE_CLAIM_TTL_MS,
    },
  };
  if (!fs.existsSync(config.POSTCARD_FONT_PATH)) {
    kit.logger.error({ font: config.POSTCARD_FONT_PATH }, 'postcard font missing (install fonts-ipafont or set POSTCARD_FONT_PATH): postcard batches will fail');
  }
  const email = new EmailDelivery(deps);

  kit.addGrpcService(notificationV1.NotificationServiceService, notificationHandlers(deps, email));
  kit.addJob({ name: 'notification.email-delivery', next: every(5_000), run: () => email.runUntilIdle() });
  kit.addJob({
    name: 'notification.postcard-batch',
    next: every(config.POSTCARD_BATCH_INTERVAL_MS),
    run: async () => {
      const recovered = await recoverStaleBatches(deps);
      const batches = [];
      for (const livemode of [false, true]) {
        const b = await createPostcardBatch(deps, livemode);
        if (b) batches.push({ id: b.id, livemode, postcards: b.postcardCount });
      }
      return { recovered, batches };
    },
  });
  kit.addJob({ name: 'notification.phone-claims-expire', next: every(60_000), run: async () => ({ expired: await expirePhoneClaims(deps) }) });
  kit.onShutdown(async () => mailer.close());
  await kit.start();
  kit.logger.info({ smtp: `${config.SMTP_HOST}:${config.SMTP_PORT}`, postcard_outbox: config.POSTCARD_OUTBOX_DIR }, 'notification channels configured');
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(`notification: ${err.message}`);
  else console.error('notification failed to start:', err);
  process.exit(1);
});
