// Real Postgres and NATS: a throwaway database, a fake service's role and schema.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { MeshService } from '@kessai/platform';
import {
  bootstrapServiceSchema,
  createDatabase,
  dropDatabase,
  ensureNats,
  ensurePostgres,
  roleFor,
  withDatabase,
} from '../src/lib/infra';

const probe: MeshService = { name: 'probe', schema: 'probe', grpcPort: 1, opsPort: 2, addrEnv: 'PROBE_GRPC_ADDR' };
const other: MeshService = { name: 'probe-other', schema: 'probe_other', grpcPort: 3, opsPort: 4, addrEnv: 'PROBE_OTHER_GRPC_ADDR' };
const quiet = () => undefined;

async function as<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe('infra (real Postgres and NATS)', () => {
  let adminUrl: string;
  const dbName = `kessai_infra_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    adminUrl = await ensurePostgres({ log: quiet });
  });

  afterAll(async () => {
    await dropDatabase(adminUrl, dbName);
    // the roles are cluster-wide; another run may still use them, so a failure here is fine
    for (const role of [roleFor(probe), roleFor(other)]) {
      await as(adminUrl, (c) => c.query(`DROP ROLE IF EXISTS ${role}`)).catch(() => undefined);
    }
  });

  it('ensureNats finds NATS with JetStream', async () => {
    expect(await ensureNats({ log: quiet })).toMatch(/^nats:\/\//);
  });

  it('creates a database once, and drops it even with open connections', async () => {
    const name = `${dbName}_tmp`;
    expect(await createDatabase(adminUrl, name)).toBe(true);
    expect(await createDatabase(adminUrl, name)).toBe(false);
    const held = new Client({ connectionString: withDatabase(adminUrl, name) });
    held.on('error', () => undefined);
    await held.connect();
    await dropDatabase(adminUrl, name);
    await held.end().catch(() => undefined);
    const rows = await as(adminUrl, (c) => c.query('select 1 from pg_database where datname = $1', [name]));
    expect(rows.rowCount).toBe(0);
    await dropDatabase(adminUrl, name); // absent: no error
  });

  it('bootstraps a service schema idempotently, also when two runs race', async () => {
    await createDatabase(adminUrl, dbName);
    const url = await bootstrapServiceSchema(adminUrl, dbName, probe);
    expect(await bootstrapServiceSchema(adminUrl, dbName, probe)).toBe(url);
    expect(new URL(url).username).toBe('kessai_probe');
    expect(new URL(url).pathname).toBe(`/${dbName}`);
    const [a, b] = await Promise.all([
      bootstrapServiceSchema(adminUrl, dbName, other),
      bootstrapServiceSchema(adminUrl, dbName, other),
    ]);
    expect(a).toBe(b);
    const owner = await as(adminUrl.replace(/\/[^/?]*(\?|$)/, `/${dbName}$1`), (c) =>
      c.query<{ nspname: string; owner: string }>(
        `select nspname, pg_get_userbyid(nspowner) as owner from pg_namespace where nspname in ('probe', 'probe_other') order by 1`,
      ),
    );
    expect(owner.rows).toEqual([
      { nspname: 'probe', owner: 'kessai_probe' },
      { nspname: 'probe_other', owner: 'kessai_probe_other' },
    ]);
  });

  it('survives many bootstraps racing across two databases', async () => {
    const second = `${dbName}_b`;
    await Promise.all([createDatabase(adminUrl, dbName), createDatabase(adminUrl, second), createDatabase(adminUrl, second)]);
    try {
      const urls = await Promise.all(
        [dbName, second, dbName, second, dbName, second].map((db) => bootstrapServiceSchema(adminUrl, db, probe)),
      );
      expect(new Set(urls).size).toBe(2);
    } finally {
      await dropDatabase(adminUrl, second);
    }
  });

  it('lets the role create tables in its own schema only', async () => {
    const url = await bootstrapServiceSchema(adminUrl, dbName, probe);
    await as(url, async (c) => {
      await c.query('create table probe.things (id uuid primary key default gen_random_uuid(), n int)');
      await c.query('insert into probe.things (n) values (1)');
      // unqualified names land in its own schema (search_path)
      await c.query('create table unqualified (id int)');
      const where = await c.query<{ schemaname: string }>(`select schemaname from pg_tables where tablename = 'unqualified'`);
      expect(where.rows[0].schemaname).toBe('probe');
      await expect(c.query('create table probe_other.intrusion (id int)')).rejects.toMatchObject({ code: '42501' });
      await expect(c.query('create table public.intrusion (id int)')).rejects.toMatchObject({ code: '42501' });
    });
    const otherUrl = await bootstrapServiceSchema(adminUrl, dbName, other);
    await as(otherUrl, async (c) => {
      await expect(c.query('select * from probe.things')).rejects.toMatchObject({ code: '42501' });
    });
  });
});
