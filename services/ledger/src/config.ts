import { loadConfig } from '@kessai/platform';
import { z } from 'zod';

/** The ledger's environment: the platform's, plus its own knobs. */
export function ledgerConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      /** concurrent group-commit workers (each one database transaction at a time); see app/committer.ts */
      LEDGER_COMMIT_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
      /** most transactions committed together in one database transaction (a PostBatch is never split) */
      LEDGER_MAX_GROUP: z.coerce.number().int().min(1).max(20_000).default(500),
      /** test only (honoured when KESSAI_ENV=test): SIGKILL after a hold capture committed, before it is answered */
      KESSAI_FAULT_LEDGER: z.enum(['after-capture-commit']).optional(),
    },
    env,
  );
}
export type LedgerConfig = ReturnType<typeof ledgerConfig>;
