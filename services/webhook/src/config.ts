import { DEV_SETTLEMENT_ACCOUNTS, parseSettlementAccounts, SettlementAccounts } from '@kessai/konbini';
import { ConfigError, loadConfig } from '@kessai/platform';
import { z } from 'zod';

const partnerSchema = z.record(
  z.string().regex(/^[a-z0-9_-]{1,32}$/),
  z.strictObject({
    /** HMAC secrets; two while one is being rolled */
    secrets: z.array(z.string().min(16)).min(1),
    livemode: z.boolean(),
    kind: z.enum(['bank', 'store_network']),
  }),
);
export type Partners = z.infer<typeof partnerSchema>;

/** The bank simulator's test-mode secret: the development/test default, never accepted in staging/production. */
const DEV_SIMBANK_SECRET = 'whsec_simbank_development_only';
/** The store-network simulator's test-mode secret (development/test only). */
const DEV_SIMSTORE_SECRET = 'whsec_simstore_development_only';

/** The webhook service's environment: the platform's, plus its own. */
export function webhookConfig(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(
    {
      /** inbound partner HTTP port */
      HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8081),
      /** JSON: {"<partner>": {"secrets": ["…"], "livemode": false, "kind": "bank"}}; required outside development/test */
      WEBHOOK_PARTNERS: z.string().optional(),
      /** replay window for partner signatures, seconds */
      WEBHOOK_SIGNATURE_TOLERANCE_S: z.coerce.number().int().min(10).max(3600).default(300),
      WEBHOOK_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(10_485_760).default(262_144),
      /** outbound: timeout of one delivery attempt */
      WEBHOOK_DELIVERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
      /** outbound: concurrent delivery attempts */
      WEBHOOK_DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
      /** outbound: concurrent delivery attempts to one endpoint, across replicas */
      WEBHOOK_DELIVERY_PER_ENDPOINT: z.coerce.number().int().min(1).max(256).default(8),
      /** inbound events that may become public: at most this many applied per transaction (platform BatchInboxConsumer); 1 = one by one */
      WEBHOOK_INBOX_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
      /** outbound: retries stop (and the endpoint is disabled) after this long; at least 3 days */
      WEBHOOK_RETRY_HORIZON_MS: z.coerce.number().int().min(3 * 24 * 3600_000).default(3 * 24 * 3600_000),
      /**
       * outbound SSRF guard: may test-mode endpoints be loopback/private addresses (http://127.0.0.1 for local
       * development)? Default: yes in development/test, no elsewhere. Live-mode endpoints never may.
       */
      WEBHOOK_TEST_ENDPOINTS_ALLOW_PRIVATE: z.enum(['true', 'false']).optional(),
      /**
       * which virtual accounts at the partner bank the store chains settle into: `lawson=9900102,…`
       * (docs/reference/konbini.md#store-chain-settlements). Default: the development accounts in
       * development/test, none elsewhere (a chain's transfer is then an unattributed deposit).
       */
      WEBHOOK_STORE_SETTLEMENT_ACCOUNTS: z.string().optional(),
    },
    env,
  );
  const dev = config.KESSAI_ENV === 'development' || config.KESSAI_ENV === 'test';
  let partners: Partners;
  if (config.WEBHOOK_PARTNERS) {
    let raw: unknown;
    try {
      raw = JSON.parse(config.WEBHOOK_PARTNERS);
    } catch {
      throw new ConfigError(['WEBHOOK_PARTNERS: is not valid JSON']);
    }
    const parsed = partnerSchema.safeParse(raw);
    if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `WEBHOOK_PARTNERS.${i.path.join('.')}: ${i.message}`));
    partners = parsed.data;
  } else if (dev) {
    partners = {
      simbank: { secrets: [DEV_SIMBANK_SECRET], livemode: false, kind: 'bank' },
      simstore: { secrets: [DEV_SIMSTORE_SECRET], livemode: false, kind: 'store_network' },
    };
  } else {
    throw new ConfigError(['WEBHOOK_PARTNERS: is required outside development and test']);
  }
  if (!dev && Object.values(partners).some((p) => p.secrets.includes(DEV_SIMBANK_SECRET) || p.secrets.includes(DEV_SIMSTORE_SECRET))) {
    throw new ConfigError(['WEBHOOK_PARTNERS: the development secret is not accepted outside development and test']);
  }
  let settlementAccounts: SettlementAccounts = dev ? DEV_SETTLEMENT_ACCOUNTS : {};
  if (config.WEBHOOK_STORE_SETTLEMENT_ACCOUNTS !== undefined) {
    try {
      settlementAccounts = parseSettlementAccounts(config.WEBHOOK_STORE_SETTLEMENT_ACCOUNTS);
    } catch (err) {
      throw new ConfigError([`WEBHOOK_STORE_SETTLEMENT_ACCOUNTS: ${(err as Error).message}`]);
    }
  }
  const allowPrivateTestEndpoints = config.WEBHOOK_TEST_ENDPOINTS_ALLOW_PRIVATE ? config.WEBHOOK_TEST_ENDPOINTS_ALLOW_PRIVATE === 'true' : dev;
  return { ...config, partners, allowPrivateTestEndpoints, settlementAccounts };
}
