import { z } from 'zod';

const grpcAddress = z
  .string()
  .regex(/^[A-Za-z0-9._\-[\]:]+:\d{1,5}$/, 'must be host:port, e.g. ledger:50051')
  .optional();

/**
 * Environment every service reads. A service extends it with its own schema in
 * its `config.ts`; `process.env` is read nowhere else.
 */
export const baseConfigSchema = z.object({
  KESSAI_ENV: z.enum(['development', 'test', 'staging', 'production']).default('development'),
  DATABASE_URL: z.string().url().refine((u) => u.startsWith('postgres://') || u.startsWith('postgresql://'), 'must be a postgres:// URL'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  NATS_URL: z.string().min(1).default('nats://127.0.0.1:4222'),
  /** isolates subjects and stream names of an environment or a test run, e.g. `run42.` */
  KESSAI_SUBJECT_PREFIX: z
    .string()
    .regex(/^([a-z0-9_-]+\.)?$/i, 'must be empty or letters/digits followed by a dot, e.g. "run42."')
    .default(''),
  GRPC_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  OPS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  /** how long in-flight calls may drain on SIGTERM before they are cut */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(300_000).default(10_000),
  MIGRATE_ON_START: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  /** test-only fault injection for the outbox relay (ignored unless KESSAI_ENV=test) */
  KESSAI_FAULT_OUTBOX: z.enum(['before-publish', 'after-send', 'after-ack']).optional(),
  /** addresses of the other services (`host:port`); `kit.client` falls back to the mesh defaults on 127.0.0.1 */
  GATEWAY_GRPC_ADDR: grpcAddress,
  LEDGER_GRPC_ADDR: grpcAddress,
  BILLING_GRPC_ADDR: grpcAddress,
  REMITTANCE_GRPC_ADDR: grpcAddress,
  ACCOUNT_TRANSFER_GRPC_ADDR: grpcAddress,
  NOTIFICATION_GRPC_ADDR: grpcAddress,
  FEES_GRPC_ADDR: grpcAddress,
  WEBHOOK_GRPC_ADDR: grpcAddress,
  /** default deadline for gRPC calls that arrive without one */
  GRPC_DEFAULT_DEADLINE_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
});

export type BaseConfig = z.infer<typeof baseConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment against the base schema extended with the service's
 * own variables. Every problem is reported at once.
 */
export function loadConfig<S extends z.ZodRawShape>(
  extra: S,
  env: NodeJS.ProcessEnv = process.env,
): BaseConfig & z.infer<z.ZodObject<S>> {
  const schema = baseConfigSchema.extend(extra);
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(environment)';
      const value = env[String(issue.path[0])];
      const why = value === undefined ? 'is required but not set' : issue.message;
      return `${name}: ${why}`;
    });
    throw new ConfigError(problems);
  }
  return result.data as BaseConfig & z.infer<z.ZodObject<S>>;
}

/** True where the test clock and job triggers may be used. */
export function testControlsEnabled(config: Pick<BaseConfig, 'KESSAI_ENV'>): boolean {
  return config.KESSAI_ENV === 'development' || config.KESSAI_ENV === 'test';
}
