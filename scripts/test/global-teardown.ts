import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { Client } from 'pg';
import { dropDatabase, stopEmbeddedPostgres } from '../src/lib/infra';
import type { Containers } from './support/containers';
import type { ManagedProcess, ServiceProcess } from '../src/lib/processes';
import type { TestContext } from './support/context';

/** Stops the run's services, drops its database(s) and deletes its streams. */
export default async function globalTeardown(): Promise<void> {
  const mesh = (globalThis as Record<string, unknown>).__KESSAI_MESH__ as { processes: ServiceProcess[]; context: TestContext } | undefined;
  if (!mesh) return;
  await Promise.all(mesh.processes.map((p) => p.stop(15_000)));
  await ((globalThis as Record<string, unknown>).__KESSAI_MAIL_SINK__ as ServiceProcess | undefined)?.stop(5_000);
  await ((globalThis as Record<string, unknown>).__KESSAI_BANK__ as ManagedProcess | undefined)?.stop(5_000);
  const { context } = mesh;
  if (process.env.KESSAI_KEEP_TEST_DB !== '1') {
    // The run's database and any isolated ones a crashed test file left behind.
    const admin = new Client({ connectionString: context.adminUrl });
    await admin.connect();
    const names = (await admin.query(`SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`, [context.dbName, `${context.dbName}\\_%`])).rows.map((r) => r.datname as string);
    await admin.end();
    for (const name of names) await dropDatabase(context.adminUrl, name).catch((err) => process.stderr.write(`[test-teardown] ${String(err)}\n`));
  }
  const nc = await connect({ servers: context.natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const tag = `KESSAI_${context.prefix.replace(/\.$/, '').toUpperCase()}`;
    for await (const s of jsm.streams.list()) if (s.config.name.startsWith(tag)) await jsm.streams.delete(s.config.name);
  } finally {
    await nc.close();
  }
  await ((globalThis as Record<string, unknown>).__KESSAI_CONTAINERS__ as Containers | undefined)?.stop();
  await stopEmbeddedPostgres();
}
