import { loadConfig } from '@kessai/platform';
import { z } from 'zod';

/** The account-transfer service's environment: the platform's, plus the partner bank and the bulk pace. */
export function accountTransferConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      /** the partner bank's API (locally the bank simulator, docs/bank-simulator.md) */
      PARTNER_BANK_URL: z.string().url().default('http://127.0.0.1:8090'),
      /** the bank's name at Kessai: contracts with this partner go to PARTNER_BANK_URL */
      PARTNER_BANK_NAME: z.string().min(1).default('simbank'),
      /** shared secret that signs requests to the bank */
      PARTNER_BANK_SECRET: z.string().min(8).default('whsec_simbank_development_only'),
      /** a debit call without an answer after this long counts as lost (then the bank is asked) */
      PARTNER_BANK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
      /** waits before the client's retries of a call without an answer (same request id; comma-separated ms, empty: none) */
      PARTNER_BANK_RETRY_DELAYS_MS: z
        .string()
        .regex(/^(\d+(,\d+)*)?$/, 'comma-separated milliseconds')
        .default('250,1000')
        .transform((v) => (v ? v.split(',').map(Number) : [])),
      /** the public API base the mismatch email links to */
      MERCHANT_API_URL: z.string().url().default('http://127.0.0.1:8080'),
      /** bulk items sent to the bank per second, per replica (the rate the bank allows) */
      DEBIT_BATCH_RATE_PER_S: z.coerce.number().int().min(1).max(10_000).default(5),
      /** a claim on a bulk item lapses after this long (a replica died mid-item) */
      DEBIT_CLAIM_TTL_MS: z.coerce.number().int().min(1_000).default(60_000),
    },
    env,
  );
}
export type AccountTransferConfig = ReturnType<typeof accountTransferConfig>;
