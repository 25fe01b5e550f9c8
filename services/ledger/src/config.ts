import { loadConfig } from '@kessai/platform';
import { z } from 'zod';

/** The ledger's environment: the platform's, plus its own knobs. */
export function ledgerConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      /** concurrent group-commit workers (each one database transaction at a time) */
      LEDGER_COMMIT_WORKERS: z.coerce.number().int().min(1).max(64).default(4),
      /** most Post calls committed together in one database transaction */
      LEDGER_MAX_GROUP: z.coerce.number().int().min(1).max(5_000).default(200),
    },
    env,
  );
}
export type LedgerConfig = ReturnType<typeof ledgerConfig>;
