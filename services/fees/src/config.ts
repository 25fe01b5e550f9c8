import { loadConfig } from '@kessai/platform';
import { z } from 'zod';
import { registrationNumberProblem } from './domain/registration-number';

/** The fees service's environment: the platform's, plus how often the statement job runs. */
export function feesConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      /** how often the statement-fixing job looks for statements due (platform time) */
      FEES_JOB_INTERVAL_MS: z.coerce.number().int().min(1_000).default(3_600_000),
      // the issuer on every qualified invoice (docs/reference/legal.md#qualified-invoices); the development
      // default is a well-formed number of nobody (check digit valid), production sets the operator's own
      /** the issuer's registration number: T + its 13-digit corporate number (the first digit a check digit) */
      FEES_ISSUER_REGISTRATION_NUMBER: z
        .string()
        .default('T6012345678901')
        .superRefine((v, c) => {
          const problem = registrationNumberProblem(v);
          if (problem) c.addIssue({ code: 'custom', message: problem });
        }),
      FEES_ISSUER_NAME: z.string().min(1).max(100).default('Kessai株式会社'),
      FEES_ISSUER_ADDRESS: z.string().min(1).max(200).default('東京都千代田区丸の内一丁目1番1号'),
      /** a TrueType font with Japanese glyphs, embedded (subset) in the PDF documents (Debian fonts-ipafont) */
      FEES_FONT_PATH: z.string().min(1).default('/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf'),
      /** the merchant API's base URL, for links in statement notices */
      MERCHANT_API_URL: z.string().url().default('http://127.0.0.1:8080'),
      /** test only (honoured when KESSAI_ENV=test): SIGKILL the process at this point, to prove recovery */
      KESSAI_FAULT_FEES: z.enum(['after-statement-commit', 'after-ledger-post']).optional(),
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
