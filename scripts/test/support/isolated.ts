import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { MESH, MeshService } from '@kessai/platform';
import { bootstrapServiceSchema, createDatabase, dropDatabase, freePort, runMigrations } from '../../src/lib/infra';
import { serviceEnv } from '../../src/lib/mesh-env';
import { ServiceProcess } from '../../src/lib/processes';
import { testContext } from './context';

export interface IsolatedMesh {
  dbName: string;
  prefix: string;
  adminUrl: string;
  natsUrl: string;
  /** start (another replica of) a service; env overrides win */
  start(name: keyof typeof MESH, env?: Record<string, string>): Promise<ServiceProcess>;
  databaseUrl(name: keyof typeof MESH): string;
  grpcAddr(proc: ServiceProcess): string;
  /** with wireAll: the address every service was pointed at for `name` */
  plannedAddr(name: keyof typeof MESH): string;
  opsUrl(proc: ServiceProcess): string;
  cleanup(): Promise<void>;
}

export interface IsolatedMeshOptions {
  /**
   * Give every listed service its gRPC and ops ports up front and point every
   * started service at the others' (`<NAME>_GRPC_ADDR`), so a whole mesh of its
   * own can be started in any order. The first start of a name takes its ports;
   * further replicas get ports of their own.
   */
  wireAll?: boolean;
}

/**
 * A database and subject prefix of the test file's own, for tests that kill,
 * restart or cut processes without disturbing the shared mesh.
 */
export async function isolatedMesh(services: (keyof typeof MESH)[], opts: IsolatedMeshOptions = {}): Promise<IsolatedMesh> {
  const ctx = testContext();
  const tag = randomBytes(3).toString('hex');
  const dbName = `${ctx.dbName}_${tag}`;
  const prefix = `${ctx.prefix.replace(/\.$/, '')}${tag}.`;
  await createDatabase(ctx.adminUrl, dbName);
  const urls: Record<string, string> = {};
  for (const name of services) {
    const svc = MESH[name] as MeshService;
    urls[name] = await bootstrapServiceSchema(ctx.adminUrl, dbName, svc);
    await runMigrations(svc, { DATABASE_URL: urls[name], KESSAI_ENV: 'test', LOG_LEVEL: 'warn' }, { repoRoot: ctx.repoRoot });
  }
  const procs: ServiceProcess[] = [];
  const grpcPorts = new Map<ServiceProcess, number>();
  const planned: Record<string, { grpcPort: number; opsPort: number }> = {};
  if (opts.wireAll) for (const name of services) planned[name] = { grpcPort: await freePort(), opsPort: await freePort() };
  const started = new Set<string>();
  return {
    dbName,
    prefix,
    adminUrl: ctx.adminUrl,
    natsUrl: ctx.natsUrl,
    databaseUrl: (name) => urls[name],
    async start(name, env = {}) {
      const svc = MESH[name] as MeshService;
      const first = planned[name] && !started.has(name) ? planned[name] : undefined;
      started.add(name);
      const grpcPort = first?.grpcPort ?? (await freePort());
      const opsPort = first?.opsPort ?? (await freePort());
      const base = serviceEnv({
        service: svc,
        mesh: MESH as unknown as Record<string, MeshService>,
        kessaiEnv: 'test',
        databaseUrl: urls[name],
        natsUrl: ctx.natsUrl,
        ports: { ...planned, [name]: { grpcPort, opsPort } },
        subjectPrefix: prefix,
        logLevel: 'warn',
      });
      const proc = new ServiceProcess({ service: svc, repoRoot: ctx.repoRoot, env: { ...base, ...env }, output: 'silent', keepLines: 300 });
      const log = fs.createWriteStream(path.join(ctx.logDir, `${name}-${tag}-${procs.length}.log`));
      proc.on('line', (line: string) => log.write(`${line}\n`));
      grpcPorts.set(proc, grpcPort);
      procs.push(proc);
      proc.start();
      return proc;
    },
    grpcAddr: (proc) => `127.0.0.1:${grpcPorts.get(proc)}`,
    plannedAddr: (name) => {
      if (!planned[name]) throw new Error(`${name} has no planned address (isolatedMesh with wireAll, and the name listed)`);
      return `127.0.0.1:${planned[name].grpcPort}`;
    },
    opsUrl: (proc) => `http://127.0.0.1:${proc.opsPort}`,
    async cleanup() {
      await Promise.all(procs.filter((p) => p.running).map((p) => p.stop(10_000)));
      await dropDatabase(ctx.adminUrl, dbName);
      const nc = await connect({ servers: ctx.natsUrl });
      try {
        const jsm = await jetstreamManager(nc);
        const streamTag = `KESSAI_${prefix.replace(/\.$/, '').toUpperCase()}`;
        for await (const s of jsm.streams.list()) if (s.config.name.startsWith(streamTag)) await jsm.streams.delete(s.config.name);
      } finally {
        await nc.close();
      }
    },
  };
}
