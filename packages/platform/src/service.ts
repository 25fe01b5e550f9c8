import type { Client, ServiceDefinition } from '@grpc/grpc-js';
import type { NatsConnection } from '@nats-io/transport-node';
import http from 'node:http';
import type { DataSource, MigrationInterface } from 'typeorm';
import { Clock, systemClock, TestClock } from './clock';
import { BaseConfig, testControlsEnabled } from './config';
import { createDataSource, runMigrations } from './db/data-source';
import { platformMigrations } from './db/platform-migration';
import { TestClockStore } from './db/test-clock-store';
import { connectClient, ConnectedClient, GeneratedClient } from './grpc/client';
import { GrpcServer, UnaryHandlers } from './grpc/server';
import { Idempotency } from './db/idempotency';
import { JobScheduler, ScheduledJob } from './jobs/scheduler';
import { createLogger, Logger } from './logging';
import { MESH, MeshService } from './mesh';
import { Metrics } from './metrics';
import type { EventEnvelope } from './messaging/events';
import { EventHandler, InboxConsumer } from './messaging/inbox';
import { BatchInboxConsumer, type BatchEventHandler } from './messaging/inbox-batch';
import { connectNats, ensureStream, jetstreamManager, natsReady, subjectToken } from './messaging/nats';
import { Outbox, OutboxRelay, pruneOutbox, republishOutbox } from './messaging/outbox';
import { createOpsServer, ReadinessReport } from './ops/server';
// The SDK a service's instrument.ts started ('@kessai/platform/telemetry') registers its flush here.
import { stopTelemetry } from './telemetry-shutdown';

export interface ServiceOptions {
  /** a key of MESH */
  service: MeshService;
  config: BaseConfig;
  // TypeORM entity classes
  entities?: (new (...args: never[]) => unknown)[];
  /** the service's own migrations; the platform's tables come first automatically */
  migrations?: (new () => MigrationInterface)[];
  /** keep published outbox rows this long for re-publication (default 7 days) */
  outboxRetentionMs?: number;
}

/**
 * Everything a Kessai service stands on, wired one way for all of them:
 * config, logs, metrics, Postgres (own schema), NATS JetStream, the outbox
 * relay, inbox consumers, scheduled jobs, the test clock, gRPC with health and
 * reflection, the ops port, and a phased shutdown on SIGTERM (see `shutdown`).
 */
export class ServiceKit {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly clock: Clock;
  readonly dataSource: DataSource;
  readonly grpc: GrpcServer;
  readonly outbox: Outbox;
  readonly jobs: JobScheduler;
  /** idempotent commands in this service's schema (docs/idempotency.md) */
  readonly idempotency: Idempotency;
  readonly schema: string;
  readonly name: string;
  nc!: NatsConnection;
  private relay?: OutboxRelay;
  private readonly consumers: InboxConsumer[] = [];
  private readonly pendingConsumers: {
    eventType: string; handler: EventHandler; maxDeliveries?: number; relevant?: (envelope: EventEnvelope) => boolean; batchSize?: number; afterCommit?: () => void; batchHandler?: BatchEventHandler;
  }[] = [];
  private asyncPool?: DataSource;
  private testClock?: TestClockStore;
  private ops?: http.Server;
  private healthTimer?: NodeJS.Timeout;
  private stopping = false;
  private readonly shutdownHooks: (() => Promise<void>)[] = [];
  /** public HTTP servers (serveHttp): drained in the first phase, beside gRPC */
  private readonly httpServers: http.Server[] = [];
  private readonly clients: { close(): void }[] = [];
  private lastReport: ReadinessReport = { ready: false, checks: { database: false, nats: false } };

  constructor(private readonly options: ServiceOptions) {
    const { service, config } = options;
    this.name = service.name;
    this.schema = service.schema;
    this.logger = createLogger({ service: service.name, level: config.LOG_LEVEL });
    this.metrics = new Metrics(service.name);
    this.clock = testControlsEnabled(config) ? new TestClock() : systemClock;
    this.dataSource = createDataSource({
      url: config.DATABASE_URL,
      schema: service.schema,
      service: service.name,
      entities: options.entities,
      migrations: [...platformMigrations(service.schema), ...(options.migrations ?? [])],
      poolSize: config.DATABASE_POOL_SIZE,
    });
    this.grpc = new GrpcServer({
      service: service.name,
      logger: this.logger,
      metrics: this.metrics,
      defaultDeadlineMs: config.GRPC_DEFAULT_DEADLINE_MS,
    });
    this.outbox = new Outbox(service.schema, service.name, config.KESSAI_SUBJECT_PREFIX);
    this.jobs = new JobScheduler(this.dataSource, service.schema, this.clock, this.logger, this.metrics);
    this.idempotency = new Idempotency(service.schema);
  }

  /**
   * A second, small pool to the service's schema whose commits do not wait for
   * the WAL flush: for hot rows every request writes (the edge's rate-limit
   * counters and Idempotency-Key claims, docs/idempotency.md#counters-and-claims-without-waiting-for-the-disk),
   * where waiting for the disk while holding the row's lock would queue every
   * request behind it. A Postgres crash may forget the last fraction of a
   * second of these commits. Started and stopped with the service.
   */
  asyncCommitPool(): DataSource {
    const { config, service } = this.options;
    this.asyncPool ??= createDataSource({ url: config.DATABASE_URL, schema: service.schema, service: `${service.name}-async`, poolSize: 8, asyncCommit: true });
    return this.asyncPool;
  }

  /**
   * A client of another service of the mesh, from its generated class: the
   * address from the validated config (`<NAME>_GRPC_ADDR`, else the mesh
   * default), deadlines and UNAVAILABLE retries from the kit, closed on
   * shutdown after in-flight work has drained.
   */
  client<C extends Client>(Ctor: GeneratedClient<C>): ConnectedClient<C> {
    const target = meshServiceOf(Ctor.serviceName);
    const configured = (this.options.config as Record<string, unknown>)[target.addrEnv];
    const address = typeof configured === 'string' && configured ? configured : `127.0.0.1:${target.grpcPort}`;
    const client = connectClient(Ctor, address);
    this.clients.push(client);
    return client;
  }

  get config(): BaseConfig {
    return this.options.config;
  }

  get prefix(): string {
    return this.options.config.KESSAI_SUBJECT_PREFIX;
  }

  addGrpcService<D extends ServiceDefinition>(definition: D, handlers: UnaryHandlers<D>): void {
    this.grpc.add(definition, handlers);
  }

  /** Consume another service's event type through this service's inbox. */
  consume(eventType: string, handler: EventHandler, opts: { maxDeliveries?: number; relevant?: (envelope: EventEnvelope) => boolean } = {}): void {
    this.pendingConsumers.push({ eventType, handler, maxDeliveries: opts.maxDeliveries, relevant: opts.relevant });
  }

  /**
   * As `consume`, applying up to `batchSize` events per transaction
   * (messaging/inbox-batch.ts): same inbox, same durable consumer, same
   * dead-lettering; for busy event types whose handler only writes to this
   * service's database. After each batch commits the outbox relay is woken,
   * then `afterCommit`. With `batchHandler`, a batch's new events are applied
   * in one call (set-based); `handler` still applies an event handled alone.
   */
  consumeBatch(
    eventType: string,
    handler: EventHandler,
    opts: { maxDeliveries?: number; relevant?: (envelope: EventEnvelope) => boolean; batchSize?: number; afterCommit?: () => void; batchHandler?: BatchEventHandler } = {},
  ): void {
    this.pendingConsumers.push({
      eventType, handler, maxDeliveries: opts.maxDeliveries, relevant: opts.relevant, batchSize: opts.batchSize ?? 100, afterCommit: opts.afterCommit, batchHandler: opts.batchHandler,
    });
  }

  /**
   * Serves a public HTTP app (the REST edge, inbound partner endpoints) beside
   * gRPC: header/request timeouts, and on SIGTERM — in the drain phase, beside
   * gRPC — it stops accepting, lets in-flight requests finish within the drain
   * deadline, then cuts the rest. Call after start(); resolves with the bound port.
   */
  async serveHttp(app: http.RequestListener, port: number, what: string): Promise<number> {
    const server = http.createServer(app);
    server.headersTimeout = 10_000;
    server.requestTimeout = 30_000;
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '0.0.0.0', resolve));
    this.httpServers.push(server);
    const bound = (server.address() as { port: number }).port;
    this.logger.info({ http_port: bound }, `${what} listening`);
    return bound;
  }

  /**
   * Releases something the service itself holds (a mailer, a dispatcher loop)
   * on shutdown: after gRPC, public HTTP, consumers, jobs and the relay have
   * drained, while the database and NATS are still open. Hooks run together;
   * one that fails is logged and does not stop the others.
   */
  onShutdown(hook: () => Promise<void>): void {
    this.shutdownHooks.push(hook);
  }

  addJob(job: ScheduledJob): void {
    this.jobs.register(job);
  }

  /** Wakes the outbox relay after a commit that wrote events (lower latency). */
  eventsCommitted(): void {
    this.relay?.notify();
  }

  /** Connects, migrates (if asked), and starts serving. */
  async start(): Promise<void> {
    const { config, service } = this.options;
    process.on('SIGTERM', () => void this.shutdown('SIGTERM'));
    process.on('SIGINT', () => void this.shutdown('SIGINT'));

    await this.retry('database', () => this.dataSource.initialize());
    if (config.MIGRATE_ON_START) {
      const done = await runMigrations(this.dataSource, service.schema);
      if (done.length) this.logger.info({ migrations: done }, 'migrations applied');
    }
    if (this.asyncPool) await this.retry('database', () => this.asyncPool!.initialize());
    this.nc = await this.retry('nats', () => connectNats(config.NATS_URL, `kessai-${service.name}`, this.logger));
    const jsm = await jetstreamManager(this.nc);
    await ensureStream(jsm, { prefix: this.prefix, token: subjectToken(service.name) });

    if (this.clock instanceof TestClock) {
      this.testClock = new TestClockStore(this.dataSource, service.schema, this.clock);
      await this.testClock.load();
      this.testClock.startPolling();
    }

    this.relay = new OutboxRelay({
      dataSource: this.dataSource,
      nc: this.nc,
      schema: service.schema,
      service: service.name,
      logger: this.logger,
      metrics: this.metrics,
      fault: config.KESSAI_ENV === 'test' ? config.KESSAI_FAULT_OUTBOX : undefined,
    });
    this.relay.start();

    const retention = this.options.outboxRetentionMs ?? 7 * 24 * 3600 * 1000;
    this.jobs.register({
      name: 'outbox.prune',
      next: (now) => new Date(now.getTime() + 3600 * 1000),
      run: async ({ now }) => ({ deleted: await pruneOutbox(this.dataSource, service.schema, new Date(now.getTime() - retention)) }),
    });

    for (const c of this.pendingConsumers) {
      const options = {
        nc: this.nc,
        dataSource: this.dataSource,
        schema: service.schema,
        service: service.name,
        eventType: c.eventType,
        prefix: this.prefix,
        handler: c.handler,
        logger: this.logger,
        metrics: this.metrics,
        maxDeliveries: c.maxDeliveries,
        relevant: c.relevant,
      };
      const afterCommit = () => {
        this.relay?.notify();
        c.afterCommit?.();
      };
      const consumer = c.batchSize ? new BatchInboxConsumer({ ...options, batchSize: c.batchSize, afterCommit, batchHandler: c.batchHandler }) : new InboxConsumer(options);
      consumer.start();
      this.consumers.push(consumer);
    }
    await this.jobs.start();

    const opsPort = config.OPS_PORT ?? service.opsPort;
    this.ops = createOpsServer({
      logger: this.logger,
      metrics: this.metrics,
      readiness: () => this.checkReadiness(),
      republish: async (since) => {
        await ensureStream(await jetstreamManager(this.nc), { prefix: this.prefix, token: subjectToken(service.name) });
        const count = await republishOutbox(this.dataSource, service.schema, since);
        this.logger.warn({ count, since }, 'outbox re-publication requested');
        this.relay?.notify();
        return count;
      },
      testControls: this.testClock ? { clock: this.testClock, jobs: this.jobs } : undefined,
    });
    await new Promise<void>((resolve, reject) => this.ops!.once('error', reject).listen(opsPort, '0.0.0.0', resolve));

    const grpcPort = await this.grpc.listen(config.GRPC_PORT ?? service.grpcPort);
    await this.checkReadiness();
    this.healthTimer = setInterval(() => void this.checkReadiness(), 2_000);
    this.healthTimer.unref();
    this.logger.info({ grpc_port: grpcPort, ops_port: opsPort, env: config.KESSAI_ENV, prefix: this.prefix }, `${service.name} ready`);
  }

  /** Checks the database and NATS now and sets gRPC health to match. */
  async checkReadiness(): Promise<ReadinessReport> {
    const [database, nats] = await Promise.all([this.databaseReady(), natsReady(this.nc, 1_000)]);
    const ready = database && nats && !this.stopping;
    this.lastReport = { ready, checks: { database, nats, draining: this.stopping } };
    this.grpc.setServing(ready);
    return this.lastReport;
  }

  private async databaseReady(): Promise<boolean> {
    if (!this.dataSource.isInitialized) return false;
    try {
      await Promise.race([
        this.dataSource.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 1_500)),
      ]);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * SIGTERM, in phases, each starting when the one before has finished:
   * 1. stop taking work and drain: NOT_SERVING, in-flight gRPC calls and public
   *    HTTP requests finish within SHUTDOWN_TIMEOUT_MS (then they are cut); inbox
   *    consumers, jobs and lastly the outbox relay (so events the others just
   *    committed still go out) stop;
   * 2. the service's own hooks (`onShutdown`) and the `client(...)` channels;
   * 3. NATS drained, the ops port and the Postgres pool closed;
   * 4. telemetry flushed last, so the spans of everything above are exported
   *    (for up to TELEMETRY_FLUSH_MS: inside the pod's termination grace period).
   * Then the process exits (1 if any phase failed).
   */
  async shutdown(reason: string): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.logger.info({ reason }, 'shutting down: draining');
    clearInterval(this.healthTimer);
    const deadlineMs = this.options.config.SHUTDOWN_TIMEOUT_MS;
    const phases: [string, () => Promise<void>][] = [
      [
        'drain',
        async () => {
          await Promise.all([this.grpc.shutdown(deadlineMs), ...this.httpServers.map((server) => closeServer(server, deadlineMs))]);
          await Promise.all(this.consumers.map((c) => c.stop()));
          await this.jobs.stop();
          await this.relay?.stop();
        },
      ],
      [
        'hooks',
        async () => {
          const results = await Promise.allSettled(this.shutdownHooks.map((hook) => hook()));
          for (const client of this.clients) client.close();
          const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
          if (failed) throw failed.reason;
        },
      ],
      [
        'connections',
        async () => {
          this.testClock?.stop();
          await this.nc?.drain().catch(() => undefined);
          if (this.ops) await closeServer(this.ops, 1_000);
          if (this.dataSource.isInitialized) await this.dataSource.destroy();
          if (this.asyncPool?.isInitialized) await this.asyncPool.destroy();
        },
      ],
    ];
    for (const [phase, run] of phases) {
      try {
        await run();
      } catch (err) {
        this.logger.error({ err: String(err), phase }, 'unclean shutdown');
        process.exitCode = 1;
      }
    }
    this.logger.info('stopped');
    await withTimeout(stopTelemetry(), TELEMETRY_FLUSH_MS);
    process.exit();
  }

  private async retry<T>(what: string, fn: () => Promise<T>): Promise<T> {
    let delay = 250;
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        if (attempt >= 20) throw err;
        this.logger.warn({ err: String(err), attempt }, `${what} not reachable yet; retrying`);
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 3_000);
      }
    }
  }
}

/** How long the final span export may take before the process exits anyway. */
const TELEMETRY_FLUSH_MS = 3_000;

/** Stops accepting, lets open requests finish for `graceMs`, then cuts what is left. */
function closeServer(server: http.Server, graceMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      server.closeAllConnections();
      resolve();
    }, graceMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** Waits for `promise`, but no longer than `ms` (a collector that does not answer must not hold the exit). */
function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    void promise.finally(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** `<service>/dist/migrate.js`: apply the service's migrations and exit. */
export async function migrateCommand(options: Pick<ServiceOptions, 'service' | 'config' | 'entities' | 'migrations'>): Promise<void> {
  const logger = createLogger({ service: options.service.name, level: options.config.LOG_LEVEL });
  const dataSource = createDataSource({
    url: options.config.DATABASE_URL,
    schema: options.service.schema,
    service: options.service.name,
    entities: options.entities,
    migrations: [...platformMigrations(options.service.schema), ...(options.migrations ?? [])],
  });
  await dataSource.initialize();
  try {
    const done = await runMigrations(dataSource, options.service.schema);
    logger.info({ migrations: done }, done.length ? 'migrations applied' : 'schema up to date');
  } finally {
    await dataSource.destroy();
  }
}

/** The mesh service that serves a gRPC service name (`kessai.<domain>.v1.X`; `account_transfer` → `account-transfer`). */
export function meshServiceOf(serviceName: string): MeshService {
  const domain = /^kessai\.([a-z_]+)\.v\d+\./.exec(serviceName)?.[1];
  const svc = domain ? (MESH as unknown as Record<string, MeshService>)[domain.replace(/_/g, '-')] : undefined;
  if (!svc) throw new Error(`no mesh service serves ${serviceName}`);
  return svc;
}

/** Address of another service for tools (CLI, bench): `<NAME>_GRPC_ADDR` or the local default. Services use `kit.client`. */
export function serviceAddress(name: keyof typeof MESH, env: NodeJS.ProcessEnv = process.env): string {
  const svc = MESH[name];
  return env[svc.addrEnv] ?? `127.0.0.1:${svc.grpcPort}`;
}
