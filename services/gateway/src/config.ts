import { ConfigError, loadConfig } from '@kessai/platform';
import { z } from 'zod';

const DEV_OPERATOR_TOKEN = 'dev-operator-token';
const DEV_KEY_PEPPER = 'dev-key-pepper-not-for-production';

/** The gateway's environment: the platform's, plus its own. */
export function gatewayConfig(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(
    {
      /** public REST port */
      HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
      /** comma-separated operator tokens accepted by MerchantAdminService (required outside development/test) */
      GATEWAY_OPERATOR_TOKENS: z.string().optional(),
      /** secret mixed into API key hashes (HMAC-SHA256), required outside development/test */
      GATEWAY_KEY_PEPPER: z.string().min(16).optional(),
      /** requests per key per window, shared by every replica */
      GATEWAY_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(100),
      /** how long an API key and its merchant are cached for authentication: the bound on a revocation made through another replica (0 = off) */
      GATEWAY_KEY_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
      GATEWAY_RATE_WINDOW_MS: z.coerce.number().int().min(100).max(3_600_000).default(1_000),
      /** largest accepted request body */
      GATEWAY_MAX_BODY_BYTES: z.coerce.number().int().min(1_024).max(10_485_760).default(65_536),
      /** origins allowed by CORS; empty (the default) = CORS off */
      GATEWAY_CORS_ORIGINS: z.string().default(''),
      /** where people reach the gateway (links in console emails); default http://127.0.0.1:<HTTP_PORT> in development/test */
      GATEWAY_PUBLIC_URL: z.url().optional(),
      /**
       * the store-network simulator's control API (tools/store-simulator), which the
       * test helpers (POST /v1/test_helpers/bills/{id}/pay …) drive; unset = test helpers refused
       */
      GATEWAY_STORE_SIMULATOR_URL: z.string().url().optional(),
    },
    env,
  );
  const dev = config.KESSAI_ENV === 'development' || config.KESSAI_ENV === 'test';
  const problems: string[] = [];
  if (!dev && !config.GATEWAY_OPERATOR_TOKENS) problems.push('GATEWAY_OPERATOR_TOKENS: is required outside development and test');
  if (!dev && !config.GATEWAY_KEY_PEPPER) problems.push('GATEWAY_KEY_PEPPER: is required outside development and test');
  if (!dev && !config.GATEWAY_PUBLIC_URL) problems.push('GATEWAY_PUBLIC_URL: is required outside development and test');
  if (problems.length) throw new ConfigError(problems);
  return {
    ...config,
    operatorTokens: (config.GATEWAY_OPERATOR_TOKENS ?? DEV_OPERATOR_TOKEN).split(',').map((t) => t.trim()).filter(Boolean),
    keyPepper: config.GATEWAY_KEY_PEPPER ?? DEV_KEY_PEPPER,
    publicUrl: (config.GATEWAY_PUBLIC_URL ?? `http://127.0.0.1:${config.HTTP_PORT}`).replace(/\/$/, ''),
    /** console cookies are Secure (HTTPS only) outside development and test */
    secureCookies: !dev,
    corsOrigins: config.GATEWAY_CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean),
  };
}
