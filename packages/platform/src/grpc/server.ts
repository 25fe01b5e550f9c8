import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation, ServingStatus } from 'grpc-health-check';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { DESCRIPTOR_SET_PATH } from '@kessai/contracts';
import { DomainError, toGrpcError } from '../errors';
import type { Logger } from '../logging';
import type { Metrics } from '../metrics';

export interface CallContext {
  /** e.g. `/kessai.ledger.v1.LedgerService/Post` */
  method: string;
  /** the caller's deadline, or now + the default when the caller set none */
  deadline: Date;
  metadata: grpc.Metadata;
  requestId: string;
  logger: Logger;
  /** true once the caller has cancelled or the deadline passed */
  cancelled(): boolean;
}

type UnaryDefinition = {
  path: string;
  requestStream: false;
  responseStream: false;
  requestSerialize: (value: never) => Buffer;
  responseDeserialize: (value: Buffer) => unknown;
};

/** The handlers a service implements: plain async functions, one per RPC. */
export type UnaryHandlers<D> = {
  [K in keyof D]: D[K] extends {
    requestSerialize: (value: infer Req) => Buffer;
    responseDeserialize: (value: Buffer) => infer Res;
  }
    ? (request: Req, ctx: CallContext) => Promise<Res>
    : never;
};

export interface GrpcServerOptions {
  service: string;
  logger: Logger;
  metrics: Metrics;
  defaultDeadlineMs: number;
}

/**
 * gRPC server bootstrap: grpc.health.v1 (its status set by the health monitor),
 * reflection over every Kessai contract, and one wrapper around each handler
 * that does what interceptors would: request id, deadline, logging, metrics,
 * error mapping, and in-flight tracking for a draining shutdown.
 */
export class GrpcServer {
  readonly server = new grpc.Server({ 'grpc.max_receive_message_length': 32 * 1024 * 1024 });
  readonly health = new HealthImplementation({ '': 'NOT_SERVING' });
  private readonly serviceNames: string[] = [];
  private inFlight = 0;
  private draining = false;
  boundPort = 0;

  constructor(private readonly opts: GrpcServerOptions) {
    this.health.addToServer(this.server);
    const descriptor = loadDescriptorSet();
    if (descriptor) new ReflectionService(descriptor).addToServer(this.server);
  }

  get inFlightCalls(): number {
    return this.inFlight;
  }

  add<D extends grpc.ServiceDefinition>(definition: D, handlers: UnaryHandlers<D>): void {
    const impl: grpc.UntypedServiceImplementation = {};
    let fullName = '';
    for (const [name, def] of Object.entries(definition) as [string, UnaryDefinition][]) {
      const fn = (handlers as Record<string, (req: unknown, ctx: CallContext) => Promise<unknown>>)[name];
      if (typeof fn !== 'function') throw new Error(`no handler for ${def.path}`);
      impl[name] = this.wrap(def.path, fn);
      fullName = def.path.split('/')[1];
    }
    this.server.addService(definition, impl);
    this.serviceNames.push(fullName);
    this.health.setStatus(fullName, 'NOT_SERVING');
  }

  setServing(serving: boolean): void {
    const status: ServingStatus = serving && !this.draining ? 'SERVING' : 'NOT_SERVING';
    this.health.setStatus('', status);
    for (const name of this.serviceNames) this.health.setStatus(name, status);
  }

  async listen(port: number, host = '0.0.0.0'): Promise<number> {
    this.boundPort = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound))),
    );
    return this.boundPort;
  }

  /** NOT_SERVING, then wait for in-flight calls up to the deadline, then close. */
  async shutdown(timeoutMs: number): Promise<void> {
    this.draining = true;
    this.setServing(false);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.opts.logger.warn({ in_flight: this.inFlight }, 'drain deadline passed; cutting remaining calls');
        this.server.forceShutdown();
        resolve();
      }, timeoutMs);
      this.server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private wrap(path: string, fn: (req: unknown, ctx: CallContext) => Promise<unknown>): grpc.handleUnaryCall<unknown, unknown> {
    const { logger, metrics, defaultDeadlineMs } = this.opts;
    return (call, callback) => {
      const started = process.hrtime.bigint();
      const requestId = String(call.metadata.get('x-request-id')[0] ?? randomUUID());
      const raw = call.getDeadline();
      const deadline = raw instanceof Date ? raw : Number.isFinite(raw) ? new Date(raw) : new Date(Date.now() + defaultDeadlineMs);
      const log = logger.child({ method: path, request_id: requestId });
      let cancelled = false;
      call.on('cancelled', () => (cancelled = true));
      const ctx: CallContext = {
        method: path,
        deadline,
        metadata: call.metadata,
        requestId,
        logger: log,
        cancelled: () => cancelled || Date.now() > deadline.getTime(),
      };
      this.inFlight++;
      const finish = (code: grpc.status, err?: unknown) => {
        this.inFlight--;
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        metrics.grpcRequests.inc({ method: path, code: grpc.status[code] });
        metrics.grpcDuration.observe({ method: path }, seconds);
        if (err && !(err instanceof DomainError)) log.error({ err, duration_ms: seconds * 1e3 }, 'call failed with an unexpected error');
        else if (err) log.info({ code: (err as DomainError).code, duration_ms: seconds * 1e3 }, 'call rejected');
        else log.debug({ duration_ms: seconds * 1e3 }, 'call ok');
      };
      if (Date.now() > deadline.getTime()) {
        finish(grpc.status.DEADLINE_EXCEEDED);
        callback({ code: grpc.status.DEADLINE_EXCEEDED, details: 'deadline exceeded before the call started' });
        return;
      }
      fn(call.request, ctx).then(
        (response) => {
          finish(grpc.status.OK);
          callback(null, response);
        },
        (err: unknown) => {
          const mapped = toGrpcError(err);
          finish(mapped.code, err);
          callback({ code: mapped.code, details: mapped.details, metadata: mapped.metadata });
        },
      );
    };
  }
}

let descriptorCache: protoLoader.PackageDefinition | null | undefined;
function loadDescriptorSet(): protoLoader.PackageDefinition | null {
  if (descriptorCache !== undefined) return descriptorCache;
  try {
    descriptorCache = protoLoader.loadFileDescriptorSetFromBuffer(fs.readFileSync(DESCRIPTOR_SET_PATH));
  } catch {
    descriptorCache = null;
  }
  return descriptorCache;
}
