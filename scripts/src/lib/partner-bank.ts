// Where the services find the partner bank (in development and tests: the bank
// simulator, tools/bank-simulator; docs/bank-simulator.md).

/** A partner bank's transfer-file API as a service's environment names it. */
export interface PartnerBankEndpoint {
  /** the bank's base URL (the simulator's `/v1/...` partner API lives under it) */
  url: string;
  /** the secret requests to it are signed with (the simulator's BANK_SIMULATOR_SECRET) */
  secret: string;
}

/** The simulator's development secret (its default; the webhook service accepts it only outside staging/production). */
export const SIMBANK_DEV_SECRET = 'whsec_simbank_development_only';

/** The port `npm start` runs the bank simulator on. */
export const DEV_BANK_SIMULATOR_PORT = 8090;

/** The bank simulator `npm start` runs (scripts/src/extras.ts). */
export const DEV_PARTNER_BANK: PartnerBankEndpoint = { url: `http://127.0.0.1:${DEV_BANK_SIMULATOR_PORT}`, secret: SIMBANK_DEV_SECRET };

/** PARTNER_BANK_URL / PARTNER_BANK_SECRET for a service process (services that call no bank ignore them). */
export function partnerBankEnv(bank: PartnerBankEndpoint | undefined): Record<string, string> {
  return bank ? { PARTNER_BANK_URL: bank.url, PARTNER_BANK_SECRET: bank.secret } : {};
}
