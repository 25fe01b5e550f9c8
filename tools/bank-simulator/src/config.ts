import fs from 'node:fs';
import { tokyoDate } from '@kessai/bank-calendar';
import { DEFAULT_CALLBACK_RETRY_DELAYS_MS } from '@kessai/platform';
import type { Seed } from './bank';

/** Development/test secret; the webhook service accepts it only outside staging/production. */
export const DEV_SECRET = 'whsec_simbank_development_only';

/** Kessai's own account at the simulated bank when no seed file says otherwise. */
export const DEFAULT_SEED: Seed = {
  accounts: [{ bank_code: '0005', branch_code: '001', account_type: '1', account_number: '1234567', holder_name_kana: 'ｹﾂｻｲ(ｶ', balance: 100_000_000, own: true }],
  rules: [],
};

export interface SimulatorConfig {
  port: number;
  databaseUrl: string;
  schema: string;
  /** Kessai's partner endpoints for this bank: <webhook>/v1/partners/<partner> */
  partnerUrl: string;
  secret: string;
  retryDelaysMs: number[];
  seed: Seed;
}

/**
 * From the environment (the only place that reads it):
 *   BANK_SIMULATOR_PORT (8090), DATABASE_URL (required), BANK_SIMULATOR_SCHEMA (bank_simulator),
 *   KESSAI_PARTNER_URL (http://127.0.0.1:8081/v1/partners/simbank; KESSAI_WEBHOOK_URL, the old
 *   deposits URL, is still understood), BANK_SIMULATOR_SECRET, BANK_SIMULATOR_RETRY_DELAYS_MS
 *   (comma-separated), BANK_SIMULATOR_SEED (a JSON file: business_date, accounts, rules).
 */
export function loadConfig(env: NodeJS.ProcessEnv): SimulatorConfig {
  const databaseUrl = env.DATABASE_URL ?? env.BANK_SIMULATOR_DATABASE_URL;
  if (!databaseUrl) throw new Error('bank simulator: DATABASE_URL is required (its state lives in Postgres, schema BANK_SIMULATOR_SCHEMA)');
  const legacy = env.KESSAI_WEBHOOK_URL?.replace(/\/bank\/deposits\/?$/, '');
  const retry = env.BANK_SIMULATOR_RETRY_DELAYS_MS;
  return {
    port: Number(env.BANK_SIMULATOR_PORT ?? 8090),
    databaseUrl,
    schema: env.BANK_SIMULATOR_SCHEMA ?? 'bank_simulator',
    partnerUrl: (env.KESSAI_PARTNER_URL ?? legacy ?? 'http://127.0.0.1:8081/v1/partners/simbank').replace(/\/$/, ''),
    secret: env.BANK_SIMULATOR_SECRET ?? DEV_SECRET,
    retryDelaysMs: retry ? retryDelays(retry) : [...DEFAULT_CALLBACK_RETRY_DELAYS_MS],
    seed: env.BANK_SIMULATOR_SEED ? (JSON.parse(fs.readFileSync(env.BANK_SIMULATOR_SEED, 'utf8')) as Seed) : DEFAULT_SEED,
  };
}

function retryDelays(list: string): number[] {
  const delays = list.split(',').map((s) => Number(s.trim()));
  if (delays.some((d) => !Number.isSafeInteger(d) || d < 0)) throw new Error(`BANK_SIMULATOR_RETRY_DELAYS_MS: comma-separated milliseconds, got ${JSON.stringify(list)}`);
  return delays;
}

export const tokyoToday = (): string => tokyoDate(new Date());
