import path from 'node:path';
import { loadConfig } from '@kessai/platform';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0'])
  .default('false')
  .transform((v) => v === 'true' || v === '1');

/** The notification service's environment: the platform's, plus SMTP, postcards and the phone queue. */
export function notificationConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      /** SMTP relay (locally the maildev sink `npm start` runs) */
      SMTP_HOST: z.string().min(1).default('127.0.0.1'),
      SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(1025),
      /** implicit TLS (port 465) */
      SMTP_SECURE: bool,
      /** refuse to send unless the server offers STARTTLS */
      SMTP_REQUIRE_TLS: bool,
      SMTP_USER: z.string().optional(),
      SMTP_PASSWORD: z.string().optional(),
      SMTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(50).default(5),
      MAIL_FROM: z.string().min(3).default('"Kessai" <no-reply@kessai.example>'),
      /** first retry after a temporary SMTP failure; doubles per attempt */
      EMAIL_RETRY_BASE_MS: z.coerce.number().int().min(1_000).default(60_000),
      EMAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
      /** where print batches are handed to the print vendor */
      POSTCARD_OUTBOX_DIR: z.string().min(1).default(path.resolve('.kessai', 'postcard-outbox')),
      /** a TrueType/OpenType font with Japanese glyphs (Debian: fonts-ipafont) */
      POSTCARD_FONT_PATH: z.string().min(1).default('/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf'),
      /** how often queued postcards are batched (platform time) */
      POSTCARD_BATCH_INTERVAL_MS: z.coerce.number().int().min(1_000).default(3_600_000),
      /** an operator's claim on a phone task lapses after this long */
      PHONE_CLAIM_TTL_MS: z.coerce.number().int().min(1_000).default(15 * 60_000),
    },
    env,
  );
}
export type NotificationConfig = ReturnType<typeof notificationConfig>;
