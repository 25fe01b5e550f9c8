import { loadConfig } from '@kessai/platform';
import { z } from 'zod';

/** The remittance service's environment: the platform's, plus the file cut-off, the link base and the source account. */
export function remittanceConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      /** each day's transfer file is built at this time (Tokyo, HH:MM) on the business day before */
      REMITTANCE_FILE_CUTOFF: z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/).default('15:00'),
      /** the recipient's page (served by the gateway); the link is this + token */
      REMITTANCE_REGISTRATION_BASE_URL: z.string().url().default('http://127.0.0.1:8080/r/'),
      /** the public API base the merchant's emails (shortfall, results) link to */
      MERCHANT_API_URL: z.string().url().default('http://127.0.0.1:8080'),
      /**
       * the partner bank's requester (依頼人) code and kana name, and the account files are sent from
       * (defaults: the bank simulator's own account of Kessai's, docs/bank-simulator.md)
       */
      REMITTANCE_REQUESTER_CODE: z.string().regex(/^[0-9]{10}$/).default('0000000001'),
      REMITTANCE_REQUESTER_NAME: z.string().min(1).max(40).default('ｹﾂｻｲ(ｶ'),
      REMITTANCE_SOURCE_BANK_CODE: z.string().regex(/^[0-9]{4}$/).default('0005'),
      REMITTANCE_SOURCE_BRANCH_CODE: z.string().regex(/^[0-9]{3}$/).default('001'),
      REMITTANCE_SOURCE_ACCOUNT_TYPE: z.enum(['1', '2', '9']).default('1'),
      REMITTANCE_SOURCE_ACCOUNT_NUMBER: z.string().regex(/^[0-9]{7}$/).default('1234567'),
      /** the partner bank's transfer-file API (empty: not configured; files wait in `uploading`) */
      PARTNER_BANK_URL: z.string().default(''),
      /** the secret requests to the partner bank are signed with (required with PARTNER_BANK_URL) */
      PARTNER_BANK_SECRET: z.string().default(''),
      PARTNER_BANK_NAME: z.string().min(1).default('simbank'),
      /** an operator's correction of the bank and branch data (docs/zengin.md); empty: the package's data */
      BANK_DATA_OVERRIDE_FILE: z.string().default(''),
      /** test only (honoured when KESSAI_ENV=test): SIGKILL the process at this point, to prove recovery */
      KESSAI_FAULT_REMITTANCE: z.enum(['after-upload', 'after-notice']).optional(),
      /** how often the file, upload, outreach and ledger jobs run (platform time) */
      REMITTANCE_JOB_INTERVAL_MS: z.coerce.number().int().min(1_000).default(60_000),
    },
    env,
  );
}
export type RemittanceConfig = ReturnType<typeof remittanceConfig>;
