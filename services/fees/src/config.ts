import { loadConfig } from '@kessai/platform';
import { z } from 'zod';

/** The fees service's environment: the platform's, plus how often the statement job runs. */
export function feesConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      /** how often the statement-fixing job looks for statements due (platform time) */
      FEES_JOB_INTERVAL_MS: z.coerce.number().int().min(1_000).default(3_600_000),
      /** the partner bank whose statement the daily reconciliation reads (empty: not configured; the job fails clearly) */
      PARTNER_BANK_URL: z.string().default(''),
      /** the secret requests to the partner bank are signed with (required with PARTNER_BANK_URL) */
      PARTNER_BANK_SECRET: z.string().default(''),
      PARTNER_BANK_NAME: z.string().min(1).default('simbank'),
      /** the mode of the partner bank's accounts (the bank simulator's are test mode); the job reconciles that mode */
      FEES_RECONCILIATION_LIVEMODE: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
      /** the hour (Tokyo) the job fees.reconcile reconciles the day before */
      FEES_RECONCILIATION_HOUR: z.coerce.number().int().min(0).max(23).default(6),
    },
    env,
  );
}
export type FeesConfig = ReturnType<typeof feesConfig>;
