// The steps `npm start`, `npm run migrate` and the test harness share: database,
// per-service role and schema, migrations.
import type { MeshService } from '@kessai/platform';
import { bootstrapServiceSchema, createDatabase, runMigrations, stderrLog, type Logger } from './infra';
import { DEV_PARTNER_BANK, type PartnerBankEndpoint } from './partner-bank';
import { discoverServices, serviceEnv, type DiscoveredService, type KessaiEnv, type ServicePorts } from './mesh-env';

export interface PrepareOptions {
  repoRoot: string;
  mesh: Record<string, MeshService>;
  adminUrl: string;
  natsUrl: string;
  dbName: string;
  kessaiEnv: KessaiEnv;
  ports?: Record<string, ServicePorts>;
  subjectPrefix?: string;
  logLevel?: string;
  log?: Logger;
  /**
   * the partner bank the services call (PARTNER_BANK_URL / PARTNER_BANK_SECRET); default in
   * development: the bank simulator `npm start` runs on 8090; otherwise none
   */
  partnerBank?: PartnerBankEndpoint;
  /** only these services (default: every service with a folder under services/) */
  only?: readonly string[];
}

export interface PreparedService extends DiscoveredService {
  databaseUrl: string;
  /** the environment to start it (and its migrations) with */
  env: Record<string, string>;
  migrated: boolean;
}

export interface PrepareResult {
  /** services with a folder: bootstrapped (and migrated when built) */
  services: PreparedService[];
  /** mesh services without a folder under services/ */
  missing: string[];
  createdDatabase: boolean;
}

/**
 * Creates the database if absent, bootstraps role + schema for every service that has
 * a folder, then runs the migrations of those that have dist/migrate.js, one at a time.
 */
export async function prepareMesh(opts: PrepareOptions): Promise<PrepareResult> {
  const log = opts.log ?? stderrLog;
  const all = discoverServices(opts.repoRoot, opts.mesh).filter((d) => !opts.only || opts.only.includes(d.service.name));
  const present = all.filter((d) => d.hasFolder);
  const missing = all.filter((d) => !d.hasFolder).map((d) => d.service.name);
  const createdDatabase = await createDatabase(opts.adminUrl, opts.dbName);
  log(`database ${opts.dbName}: ${createdDatabase ? 'created' : 'exists'}`);

  const services: PreparedService[] = [];
  for (const d of present) {
    const databaseUrl = await bootstrapServiceSchema(opts.adminUrl, opts.dbName, d.service);
    const env = serviceEnv({
      service: d.service,
      mesh: opts.mesh,
      kessaiEnv: opts.kessaiEnv,
      databaseUrl,
      natsUrl: opts.natsUrl,
      ports: opts.ports,
      subjectPrefix: opts.subjectPrefix,
      logLevel: opts.logLevel,
      partnerBank: opts.partnerBank ?? (opts.kessaiEnv === 'development' ? DEV_PARTNER_BANK : undefined),
    });
    services.push({ ...d, databaseUrl, env, migrated: false });
  }
  if (services.length > 0) log(`roles and schemas ready: ${services.map((s) => `${s.service.schema} (kessai_${s.service.schema})`).join(', ')}`);

  for (const s of services) {
    if (!s.hasMigrate) {
      log(`migrations: ${s.service.name} skipped (no services/${s.service.name}/dist/migrate.js — not built?)`);
      continue;
    }
    const started = Date.now();
    await runMigrations(s.service, s.env, { repoRoot: opts.repoRoot });
    s.migrated = true;
    log(`migrations: ${s.service.name} done in ${Date.now() - started} ms`);
  }
  return { services, missing, createdDatabase };
}
