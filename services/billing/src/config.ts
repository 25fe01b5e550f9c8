import { CHAIN_IDS, ChainId, isChainId } from '@kessai/konbini';
import { ConfigError, loadConfig } from '@kessai/platform';
import { z } from 'zod';

/** Billing's environment: the platform's, plus its own. */
export function billingConfig(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(
    {
      /** the public base URL of payment slips (the gateway serves /slips/<token>) */
      BILLING_SLIP_BASE_URL: z.string().url().default('http://127.0.0.1:8080/slips'),
      /** the public base URL of hosted payment pages (the gateway serves /pay/<token>); default: /pay beside the slip base URL */
      BILLING_HOSTED_BASE_URL: z.string().url().optional(),
      /**
       * store combinations that may be enabled together: groups separated by ";",
       * chains by ","; a bill's stores must all be in one group. Default: every chain together.
       */
      BILLING_STORE_COMBINATIONS: z.string().default(CHAIN_IDS.join(',')),
      /** 6-digit issuing company code of the slip barcode ("9" + agent code) */
      BILLING_BARCODE_COMPANY_CODE: z.string().regex(/^\d{6}$/).default('912345'),
      /** a TrueType font with Japanese glyphs, embedded (subset) in slips and exports (Debian fonts-ipafont) */
      BILLING_FONT_PATH: z.string().min(1).default('/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf'),
      /** how often the expiry and notification jobs run (platform time) */
      BILLING_JOB_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
    },
    env,
  );
  const combinations: ChainId[][] = [];
  for (const group of config.BILLING_STORE_COMBINATIONS.split(';').map((g) => g.trim()).filter(Boolean)) {
    const chains = group.split(',').map((c) => c.trim());
    const bad = chains.filter((c) => !isChainId(c));
    if (bad.length) throw new ConfigError([`BILLING_STORE_COMBINATIONS: unknown chain ${bad.join(', ')} (known: ${CHAIN_IDS.join(', ')})`]);
    combinations.push(chains as ChainId[]);
  }
  if (combinations.length === 0) throw new ConfigError(['BILLING_STORE_COMBINATIONS: at least one group']);
  const hostedBaseUrl = config.BILLING_HOSTED_BASE_URL ?? new URL('pay', config.BILLING_SLIP_BASE_URL.replace(/\/?$/, '/').replace(/[^/]+\/$/, '')).toString();
  return { ...config, combinations, hostedBaseUrl };
}
