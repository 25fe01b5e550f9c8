import { loadConfig } from '@kessai/platform';
import { z } from 'zod';

/** The fees service's environment: the platform's, plus how often the statement job runs. */
export function feesConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      /** how often the statement-fixing job looks for statements due (platform time) */
      FEES_JOB_INTERVAL_MS: z.coerce.number().int().min(1_000).default(3_600_000),
      /** the merchant API's base URL, for links in statement notices */
      MERCHANT_API_URL: z.string().url().default('http://127.0.0.1:8080'),
      /** test only (honoured when KESSAI_ENV=test): SIGKILL the process at this point, to prove recovery */
      KESSAI_FAULT_FEES: z.enum(['after-statement-commit', 'after-ledger-post']).optional(),
    },
    env,
  );
}
export type FeesConfig = ReturnType<typeof feesConfig>;
