import { CHAIN_IDS, ChainId, CompanyCodes, isChainId } from '@kessai/konbini';
import { ConfigError, loadConfig } from '@kessai/platform';
import { z } from 'zod';
import { LATE_PAYMENT_GRACE_MS } from './domain/bill';

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
      /** 6-digit issuing company code of the slip barcode ("9" + agent code); required outside development and test */
      BILLING_BARCODE_COMPANY_CODE: z.string().regex(/^\d{6}$/, 'must be 6 digits').optional(),
      /** Kessai's 5-digit company code at FamilyMart (entered before the order number); required outside development and test */
      BILLING_FAMILYMART_COMPANY_CODE: z.string().regex(/^\d{5}$/, 'must be 5 digits').optional(),
      /** how long after the due date's end a result still counts within the grace; the expiry job waits for it (docs/reference/konbini.md#late-payments) */
      BILLING_LATE_PAYMENT_GRACE_MS: z.coerce.number().int().min(0).max(6 * 3_600_000).default(LATE_PAYMENT_GRACE_MS),
      /** a TrueType font with Japanese glyphs, embedded (subset) in slips and exports (Debian fonts-ipafont) */
      BILLING_FONT_PATH: z.string().min(1).default('/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf'),
      /** how often the expiry and notification jobs run (platform time) */
      BILLING_JOB_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
      /** store results (webhook.store_payment.reported): at most this many applied per transaction (platform BatchInboxConsumer); 1 = one by one */
      BILLING_INBOX_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
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
  const codes = companyCodesSchema.safeParse({
    env: config.KESSAI_ENV, BILLING_BARCODE_COMPANY_CODE: config.BILLING_BARCODE_COMPANY_CODE, BILLING_FAMILYMART_COMPANY_CODE: config.BILLING_FAMILYMART_COMPANY_CODE,
  });
  if (!codes.success) throw new ConfigError(codes.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const hostedBaseUrl = config.BILLING_HOSTED_BASE_URL ?? new URL('pay', config.BILLING_SLIP_BASE_URL.replace(/\/?$/, '/').replace(/[^/]+\/$/, '')).toString();
  return {
    ...config,
    combinations,
    hostedBaseUrl,
    barcodeCompanyCode: codes.data.BILLING_BARCODE_COMPANY_CODE,
    companyCodes: { familymart: codes.data.BILLING_FAMILYMART_COMPANY_CODE } as CompanyCodes,
  };
}

/** GS1 Japan's published example company code: fine for development and test, never for real slips. */
export const EXAMPLE_BARCODE_COMPANY_CODE = '912345';
/** The FamilyMart company code of development and test (the store simulator's). */
export const DEVELOPMENT_FAMILYMART_COMPANY_CODE = '10015';

/**
 * The company codes are Kessai's contracts with the GS1 agent and FamilyMart:
 * required (no default) outside development and test, and the published
 * example never accepted there; development and test fall back to the examples.
 */
const companyCodesSchema = z
  .object({ env: z.string(), BILLING_BARCODE_COMPANY_CODE: z.string().optional(), BILLING_FAMILYMART_COMPANY_CODE: z.string().optional() })
  .superRefine((c, ctx) => {
    if (c.env === 'development' || c.env === 'test') return;
    if (!c.BILLING_BARCODE_COMPANY_CODE) ctx.addIssue({ code: 'custom', path: ['BILLING_BARCODE_COMPANY_CODE'], message: 'is required outside development and test' });
    else if (c.BILLING_BARCODE_COMPANY_CODE === EXAMPLE_BARCODE_COMPANY_CODE) {
      ctx.addIssue({ code: 'custom', path: ['BILLING_BARCODE_COMPANY_CODE'], message: `${EXAMPLE_BARCODE_COMPANY_CODE} is the published example, not accepted outside development and test` });
    }
    if (!c.BILLING_FAMILYMART_COMPANY_CODE) ctx.addIssue({ code: 'custom', path: ['BILLING_FAMILYMART_COMPANY_CODE'], message: 'is required outside development and test' });
  })
  .transform((c) => ({
    BILLING_BARCODE_COMPANY_CODE: c.BILLING_BARCODE_COMPANY_CODE ?? EXAMPLE_BARCODE_COMPANY_CODE,
    BILLING_FAMILYMART_COMPANY_CODE: c.BILLING_FAMILYMART_COMPANY_CODE ?? DEVELOPMENT_FAMILYMART_COMPANY_CODE,
  }));
