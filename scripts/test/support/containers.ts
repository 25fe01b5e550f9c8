import fs from 'node:fs';
import { execFileSync } from 'node:child_process';

/**
 * Where the test run's Postgres and NATS come from. In order: what the
 * environment configures (DATABASE_URL / NATS_URL); a local server, started if
 * installed but stopped; containers via testcontainers when a Docker engine is
 * present and nothing else is (or KESSAI_TESTCONTAINERS=1 asks for them);
 * otherwise the embedded Postgres of scripts/src/lib/infra.ts.
 */
export function wantContainers(env: NodeJS.ProcessEnv, probe = { dockerSocket: dockerAvailable(env), localPostgres: localPostgresInstalled() }): boolean {
  if (env.KESSAI_TESTCONTAINERS === '1') return true;
  if (env.KESSAI_TESTCONTAINERS === '0') return false;
  if (env.DATABASE_URL || env.KESSAI_PG_ADMIN_URL || env.NATS_URL) return false;
  return probe.dockerSocket && !probe.localPostgres;
}

function dockerAvailable(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.DOCKER_HOST) || fs.existsSync('/var/run/docker.sock');
}

function localPostgresInstalled(): boolean {
  try {
    execFileSync('pg_lsclusters', ['-h'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface Containers {
  adminUrl: string;
  natsUrl: string;
  stop(): Promise<void>;
}

/** Postgres 16 and NATS 2.10 with JetStream, for machines with Docker and nothing else. */
export async function startContainers(): Promise<Containers> {
  // Loaded only here: the package talks to Docker at import time on some versions.
  const { GenericContainer, Wait } = await import('testcontainers');
  const pg = await new GenericContainer('postgres:16-alpine')
    .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust' })
    .withExposedPorts(5432)
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .start();
  const nats = await new GenericContainer('nats:2.10-alpine').withCommand(['-js']).withExposedPorts(4222).withWaitStrategy(Wait.forLogMessage(/Server is ready/)).start();
  return {
    adminUrl: `postgres://postgres@${pg.getHost()}:${pg.getMappedPort(5432)}/postgres`,
    natsUrl: `nats://${nats.getHost()}:${nats.getMappedPort(4222)}`,
    async stop() {
      await Promise.all([pg.stop(), nats.stop()]);
    },
  };
}
