import * as grpc from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { DomainError, fromGrpcError } from '../errors';

export interface ClientOptions {
  /** fully-qualified service name, e.g. `kessai.ledger.v1.LedgerService` */
  serviceName: string;
  /** deadline for each call unless the call sets its own (default 10 s) */
  defaultDeadlineMs?: number;
  /** attempts for UNAVAILABLE (default 4); every Kessai command carries an idempotency key, so a retry is safe */
  maxAttempts?: number;
}

type ClientCtor<C> = new (address: string, credentials: grpc.ChannelCredentials, options?: Partial<grpc.ChannelOptions>) => C;

/** A generated (ts-proto) client class: it knows its fully-qualified service name. */
export type GeneratedClient<C> = ClientCtor<C> & { serviceName: string };

/** A connected client: promise methods that reject with DomainError, and `close()`. */
export type ConnectedClient<C> = PromiseClient<C> & { close(): void };

/**
 * The one way to call a Kessai gRPC service: a channel with keepalive and
 * UNAVAILABLE retries (createGrpcClient), wrapped as promises with deadlines
 * (promiseClient). The service name comes from the generated class. Services
 * use `kit.client(...)`, which also finds the address and closes it on
 * shutdown; tests, the CLI and the bench call this with an address.
 */
export function connectClient<C extends grpc.Client>(Ctor: GeneratedClient<C>, address: string, options: Omit<ClientOptions, 'serviceName'> = {}): ConnectedClient<C> {
  const raw = createGrpcClient(Ctor, address, { ...options, serviceName: Ctor.serviceName });
  return Object.assign(promiseClient(raw, options.defaultDeadlineMs), { close: () => raw.close() }) as ConnectedClient<C>;
}

/** Channel with keepalive and a retry policy for UNAVAILABLE. */
export function createGrpcClient<C extends grpc.Client>(Ctor: ClientCtor<C>, address: string, options: ClientOptions): C {
  const serviceConfig = {
    methodConfig: [
      {
        name: [{ service: options.serviceName }],
        retryPolicy: {
          maxAttempts: options.maxAttempts ?? 4,
          initialBackoff: '0.1s',
          maxBackoff: '2s',
          backoffMultiplier: 2,
          retryableStatusCodes: ['UNAVAILABLE'],
        },
      },
    ],
  };
  return new Ctor(address, grpc.credentials.createInsecure(), {
    'grpc.keepalive_time_ms': 30_000,
    'grpc.keepalive_timeout_ms': 10_000,
    'grpc.keepalive_permit_without_calls': 1,
    'grpc.enable_retries': 1,
    'grpc.service_config': JSON.stringify(serviceConfig),
    'grpc.max_receive_message_length': 32 * 1024 * 1024,
  });
}

export interface CallOptions {
  deadlineMs?: number;
  requestId?: string;
  /** extra metadata, e.g. `authorization` for operator-only services */
  metadata?: Record<string, string>;
}

type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: grpc.Metadata,
  options: Partial<grpc.CallOptions>,
  callback: (error: grpc.ServiceError | null, response: Res) => void,
) => grpc.ClientUnaryCall;

/** A client's unary methods as promises that reject with DomainError. */
export type PromiseClient<C> = {
  [K in keyof C as C[K] extends UnaryMethod<infer _Req, infer _Res> ? K : never]: C[K] extends UnaryMethod<infer Req, infer Res>
    ? (request: Req, options?: CallOptions) => Promise<Res>
    : never;
};

export function promiseClient<C extends grpc.Client>(client: C, defaultDeadlineMs = 10_000): PromiseClient<C> {
  return new Proxy(
    {} as Record<string, unknown>,
    {
      get(target: Record<string, unknown>, prop: string) {
        if (prop in target) return target[prop];
        if (prop === 'close') return () => client.close();
        // Only the generated RPC methods: the base Client's own methods (close, waitForReady…) are not calls.
        if (prop in grpc.Client.prototype || prop === 'then') return undefined;
        const method = (client as unknown as Record<string, unknown>)[prop];
        if (typeof method !== 'function') return undefined;
        return (request: unknown, options: CallOptions = {}) =>
          new Promise((resolve, reject) => {
            const metadata = new grpc.Metadata();
            metadata.set('x-request-id', options.requestId ?? randomUUID());
            for (const [k, v] of Object.entries(options.metadata ?? {})) metadata.set(k, v);
            const deadline = new Date(Date.now() + (options.deadlineMs ?? defaultDeadlineMs));
            (method as UnaryMethod<unknown, unknown>).call(client, request, metadata, { deadline }, (err, res) =>
              err ? reject(fromGrpcError(err)) : resolve(res),
            );
          });
      },
    },
  ) as PromiseClient<C>;
}

export type { DomainError };
