// Which services exist in the work tree, and the environment each one is started with.
import fs from 'node:fs';
import path from 'node:path';
import type { MeshService } from '@kessai/platform';
import { partnerBankEnv, type PartnerBankEndpoint } from './partner-bank';

export type KessaiEnv = 'development' | 'test' | 'staging' | 'production';

export interface ServicePorts {
  grpcPort: number;
  opsPort: number;
}

export interface DiscoveredService {
  service: MeshService;
  /** services/<name>/ exists */
  hasFolder: boolean;
  /** services/<name>/dist/main.js exists */
  hasMain: boolean;
  /** services/<name>/dist/migrate.js exists */
  hasMigrate: boolean;
}

/** Every mesh service with what the work tree has of it, in the mesh's order. */
export function discoverServices(repoRoot: string, mesh: Record<string, MeshService>): DiscoveredService[] {
  return Object.values(mesh).map((service) => {
    const dir = path.join(repoRoot, 'services', service.name);
    return {
      service,
      hasFolder: fs.existsSync(dir),
      hasMain: fs.existsSync(path.join(dir, 'dist', 'main.js')),
      hasMigrate: fs.existsSync(path.join(dir, 'dist', 'migrate.js')),
    };
  });
}

/** Folders under services/ that are not in the mesh (worth a warning). */
export function unknownServiceFolders(repoRoot: string, mesh: Record<string, MeshService>): string[] {
  const dir = path.join(repoRoot, 'services');
  if (!fs.existsSync(dir)) return [];
  const known = new Set(Object.values(mesh).map((s) => s.name));
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !known.has(d.name) && !d.name.startsWith('.'))
    .map((d) => d.name);
}

/** The mesh's default ports, or the given overrides. */
export function defaultPorts(mesh: Record<string, MeshService>): Record<string, ServicePorts> {
  const out: Record<string, ServicePorts> = {};
  for (const s of Object.values(mesh)) out[s.name] = { grpcPort: s.grpcPort, opsPort: s.opsPort };
  return out;
}

/** `<NAME>_GRPC_ADDR=127.0.0.1:<port>` for every service of the mesh. */
export function grpcAddrEnv(
  mesh: Record<string, MeshService>,
  ports: Record<string, ServicePorts> = defaultPorts(mesh),
  host = '127.0.0.1',
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of Object.values(mesh)) out[s.addrEnv] = `${host}:${ports[s.name]?.grpcPort ?? s.grpcPort}`;
  return out;
}

export interface ServiceEnvOptions {
  service: MeshService;
  mesh: Record<string, MeshService>;
  kessaiEnv: KessaiEnv;
  databaseUrl: string;
  natsUrl: string;
  /** per-service ports (default: the mesh's) */
  ports?: Record<string, ServicePorts>;
  subjectPrefix?: string;
  logLevel?: string;
  migrateOnStart?: boolean;
  /** the partner bank every service is pointed at (PARTNER_BANK_URL / PARTNER_BANK_SECRET) */
  partnerBank?: PartnerBankEndpoint;
  /** anything else to add (wins over the rest) */
  extra?: Record<string, string>;
}

/** The environment a service process is started with (docs/architecture.md#configuration-of-a-service-process). */
export function serviceEnv(opts: ServiceEnvOptions): Record<string, string> {
  const ports = opts.ports ?? defaultPorts(opts.mesh);
  const own = ports[opts.service.name] ?? { grpcPort: opts.service.grpcPort, opsPort: opts.service.opsPort };
  const env: Record<string, string> = {
    KESSAI_ENV: opts.kessaiEnv,
    DATABASE_URL: opts.databaseUrl,
    NATS_URL: opts.natsUrl,
    GRPC_PORT: String(own.grpcPort),
    OPS_PORT: String(own.opsPort),
    LOG_LEVEL: opts.logLevel ?? 'info',
    MIGRATE_ON_START: opts.migrateOnStart ? 'true' : 'false',
    ...grpcAddrEnv(opts.mesh, ports),
    ...partnerBankEnv(opts.partnerBank),
  };
  if (opts.subjectPrefix) env.KESSAI_SUBJECT_PREFIX = opts.subjectPrefix;
  return { ...env, ...opts.extra };
}
