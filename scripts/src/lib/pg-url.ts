// Pure helpers for Postgres connection URLs and `pg_lsclusters` output.

const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * The admin (superuser) URL to use: KESSAI_PG_ADMIN_URL, else DATABASE_URL, else one
 * built from PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE when any is set, else
 * postgres://postgres@127.0.0.1:5432/postgres.
 */
export function adminUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KESSAI_PG_ADMIN_URL) return env.KESSAI_PG_ADMIN_URL;
  if (env.DATABASE_URL) return env.DATABASE_URL;
  if (env.PGHOST || env.PGPORT || env.PGUSER || env.PGPASSWORD || env.PGDATABASE) {
    const url = new URL(DEFAULT_ADMIN_URL);
    if (env.PGHOST) url.hostname = env.PGHOST;
    if (env.PGPORT) url.port = env.PGPORT;
    if (env.PGUSER) url.username = encodeURIComponent(env.PGUSER);
    if (env.PGPASSWORD) url.password = encodeURIComponent(env.PGPASSWORD);
    if (env.PGDATABASE) url.pathname = `/${encodeURIComponent(env.PGDATABASE)}`;
    return url.toString();
  }
  return DEFAULT_ADMIN_URL;
}

/** The same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/** The same server and credentials, another port. */
export function withPort(url: string, port: number): string {
  const u = new URL(url);
  u.port = String(port);
  return u.toString();
}

/** The URL a service connects with: its own role, no password (trust auth locally). */
export function serviceDatabaseUrl(adminUrl: string, database: string, role: string): string {
  const u = new URL(withDatabase(adminUrl, database));
  u.username = encodeURIComponent(role);
  u.password = '';
  return u.toString();
}

export function urlPort(url: string, fallback: number): number {
  const port = new URL(url).port;
  return port ? Number(port) : fallback;
}

/** The URL with its password replaced by ***, for printing. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

export function isLocalHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === '' || h === 'localhost' || h === '::1' || h.startsWith('127.');
}

export interface PgCluster {
  version: string;
  name: string;
  port: number;
  /** e.g. online, down, online,recovery */
  status: string;
  owner: string;
  dataDir: string;
}

/** Parses `pg_lsclusters` output (with or without its header line). */
export function parseLsClusters(output: string): PgCluster[] {
  const clusters: PgCluster[] = [];
  for (const raw of output.split('\n')) {
    const cols = raw.trim().split(/\s+/);
    if (cols.length < 6 || cols[0] === 'Ver' || !/^\d+$/.test(cols[2])) continue;
    clusters.push({
      version: cols[0],
      name: cols[1],
      port: Number(cols[2]),
      status: cols[3],
      owner: cols[4],
      dataDir: cols[5],
    });
  }
  return clusters;
}

/** Postgres identifiers we create (database, schema, role names): lower-case, digits, _. */
export function assertIdentifier(kind: string, name: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
    throw new Error(`invalid ${kind} name ${JSON.stringify(name)}: use lower-case letters, digits and _`);
  }
}
