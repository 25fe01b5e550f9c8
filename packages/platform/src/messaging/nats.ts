import { connect, NatsConnection, nanos } from '@nats-io/transport-node';
import { jetstreamManager, JetStreamManager, RetentionPolicy, StorageType, DiscardPolicy } from '@nats-io/jetstream';
import { JetStreamApiError } from '@nats-io/jetstream';
import type { Logger } from '../logging';

export async function connectNats(url: string, name: string, logger: Logger): Promise<NatsConnection> {
  const nc = await connect({
    servers: url.split(','),
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    pingInterval: 5_000,
    maxPingOut: 2,
    waitOnFirstConnect: true,
    timeout: 5_000,
  });
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect' || s.type === 'reconnect' || s.type === 'error') logger.warn({ nats: s.type }, `nats ${s.type}`);
    }
  })();
  return nc;
}

/** `account-transfer` publishes under `account_transfer.`: the subject token of a service. */
export function subjectToken(service: string): string {
  return service.replace(/-/g, '_');
}

export function streamName(prefix: string, token: string): string {
  const p = prefix.replace(/\.$/, '').replace(/[^a-z0-9]/gi, '_').toUpperCase();
  const t = token.replace(/[^a-z0-9]/gi, '_').toUpperCase();
  return p ? `KESSAI_${p}_${t}` : `KESSAI_${t}`;
}

export interface StreamOptions {
  prefix: string;
  /** subject token: a service's (`ledger`) or `dlq` */
  token: string;
  replicas?: number;
  maxAgeDays?: number;
}

/**
 * Creates the stream of one publishing service (subjects `<prefix><token>.>`),
 * or leaves it as it is. Publishers and consumers both call this, with the same
 * settings, so start-up order does not matter.
 */
export async function ensureStream(jsm: JetStreamManager, options: StreamOptions): Promise<string> {
  const name = streamName(options.prefix, options.token);
  const subjects = [`${options.prefix}${options.token}.>`];
  try {
    await jsm.streams.info(name);
    return name;
  } catch (err) {
    if (!(err instanceof JetStreamApiError) && !/not found/i.test(String(err))) throw err;
  }
  try {
    await jsm.streams.add({
      name,
      subjects,
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      num_replicas: options.replicas ?? 1,
      max_age: nanos((options.maxAgeDays ?? 7) * 24 * 3600 * 1000),
      duplicate_window: nanos(120_000),
    });
  } catch (err) {
    // Another process created it in the meantime.
    if (!/already in use|exists/i.test(String(err))) throw err;
  }
  return name;
}

export async function natsReady(nc: NatsConnection | undefined, timeoutMs = 1_000): Promise<boolean> {
  if (!nc || nc.isClosed()) return false;
  try {
    await Promise.race([nc.flush(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs))]);
    return true;
  } catch {
    return false;
  }
}

export { jetstreamManager };
export type { NatsConnection, JetStreamManager };
