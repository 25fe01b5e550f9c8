import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { headers as natsHeaders, NatsConnection, nanos } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, JsMsg, ConsumerMessages } from '@nats-io/jetstream';
import type { DataSource, EntityManager } from 'typeorm';
import { quoteIdent } from '../db/data-source';
import type { Logger } from '../logging';
import type { Metrics } from '../metrics';
import { decodeEnvelope, EventEnvelope } from './events';
import { ensureStream, subjectToken } from './nats';

export interface ReceivedEvent {
  envelope: EventEnvelope;
  subject: string;
  deliveryCount: number;
}

/** Applies one event. Runs inside the transaction that records it as processed. */
export type EventHandler = (event: ReceivedEvent, tx: EntityManager) => Promise<void>;

export interface InboxConsumerOptions {
  nc: NatsConnection;
  dataSource: DataSource;
  /** the consuming service's schema (its inbox lives there) */
  schema: string;
  /** the consuming service, e.g. `ledger` */
  service: string;
  /** the event type to consume, e.g. `webhook.bank_deposit.received` */
  eventType: string;
  prefix: string;
  handler: EventHandler;
  /**
   * Optional cheap, pure check: an event it rejects is acknowledged without a
   * database transaction (the handler would have done nothing with it). Lets a
   * consumer that cares about a few events of a busy stream keep up.
   */
  relevant?: (envelope: EventEnvelope) => boolean;
  logger: Logger;
  metrics?: Metrics;
  /** deliveries before an event goes to the dead-letter subject (default 5) */
  maxDeliveries?: number;
  ackWaitMs?: number;
}

/**
 * A durable pull consumer with an inbox: the handler's writes and the
 * "processed" record commit in one Postgres transaction, so a redelivered event
 * changes nothing. A message that keeps failing goes, after `maxDeliveries`
 * attempts, to the dead-letter subject `<prefix>dlq.<service>.<event type>`
 * and the `dead_letters` table — never dropped.
 */
/** A filter that throws lets the event through: the handler's retries and dead-lettering deal with it. */
export function passesFilter(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return true;
  }
}

/** Postgres/network failures that say nothing about the event itself. */
const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '40001', '40P01', '57P01', '57P02', '57P03', '53300']);
export function isTransient(err: unknown): boolean {
  const e = err as { code?: string; message?: string; driverError?: { code?: string } };
  const code = e?.code ?? e?.driverError?.code;
  if (code && (TRANSIENT_CODES.has(code) || code.startsWith('08'))) return true;
  return /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED/i.test(e?.message ?? '');
}

/**
 * A pull request lives this long on the server. nats.js expects a heartbeat every half of it and,
 * after two missed, pulls again: a pull request lost or refused stalls the consumer for about
 * 10–15 s (30–45 s with nats.js's default of 30 s). Proved in test/inbox-consumer.test.ts.
 */
export const PULL_EXPIRES_MS = 10_000;
const NOTABLE_STATUS = new Set(['heartbeats_missed', 'consumer_not_found', 'stream_not_found', 'consumer_deleted', 'exceeded_limits', 'no_responders']);

export class InboxConsumer {
  readonly name: string;
  protected running = false;
  private loop?: Promise<void>;
  protected messages?: ConsumerMessages;
  protected readonly inbox: string;
  private readonly deadLetters: string;

  constructor(protected readonly opts: InboxConsumerOptions) {
    this.name = `${opts.service}__${opts.eventType}`.replace(/[^a-zA-Z0-9_-]/g, '_');
    this.inbox = `${quoteIdent(opts.schema)}.inbox`;
    this.deadLetters = `${quoteIdent(opts.schema)}.dead_letters`;
  }

  get publisherToken(): string {
    return this.opts.eventType.split('.')[0];
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.messages?.stop();
    await this.loop;
  }

  protected async setup(maxMessages = 64): Promise<ConsumerMessages> {
    const jsm = await jetstreamManager(this.opts.nc);
    const stream = await ensureStream(jsm, { prefix: this.opts.prefix, token: this.publisherToken });
    await ensureStream(jsm, { prefix: this.opts.prefix, token: 'dlq' });
    const config = {
      durable_name: this.name,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: `${this.opts.prefix}${this.opts.eventType}`,
      ack_wait: nanos(this.opts.ackWaitMs ?? 30_000),
      max_deliver: -1,
      max_ack_pending: 1_000,
    };
    try {
      await jsm.consumers.info(stream, this.name);
    } catch {
      await jsm.consumers.add(stream, config);
    }
    const consumer = await jetstream(this.opts.nc).consumers.get(stream, this.name);
    // Abort when the consumer or stream disappears (e.g. a stream deleted after a broker loss): the loop re-creates both.
    // A short pull expiry bounds how long a lost pull request stalls the consumer (docs/toolchain.md, "NATS 2.9").
    const messages = await consumer.consume({ max_messages: maxMessages, abort_on_missing_resource: true, expires: PULL_EXPIRES_MS });
    void this.reportStatus(messages);
    return messages;
  }

  /** Logs what the client noticed about its pulls (missed heartbeats, a consumer gone), so a stall shows in the log. */
  private async reportStatus(messages: ConsumerMessages): Promise<void> {
    try {
      for await (const s of messages.status()) {
        if (NOTABLE_STATUS.has(s.type)) this.opts.logger.warn({ consumer: this.name, status: s }, 'consumer pull status');
      }
    } catch {
      // the iterator ends with the messages; nothing to report
    }
  }

  protected async run(): Promise<void> {
    while (this.running) {
      try {
        this.messages = await this.setup();
        for await (const msg of this.messages) {
          await this.handle(msg);
          if (!this.running) break;
        }
      } catch (err) {
        if (this.running) this.opts.logger.warn({ err: String(err), consumer: this.name }, 'consumer interrupted; reattaching');
      }
      // The iterator ends when the consumer or its stream is deleted, or on stop.
      if (this.running) await new Promise((r) => setTimeout(r, 500));
    }
  }

  /** One message in its own transaction (also the batched consumer's fallback, inbox-batch.ts). */
  protected async handle(msg: JsMsg): Promise<void> {
    const deliveries = msg.info.deliveryCount;
    let envelope: EventEnvelope;
    try {
      envelope = decodeEnvelope(msg.data);
    } catch (err) {
      await this.deadLetter(msg, `undecodable envelope: ${String(err)}`, `seq-${msg.seq}`);
      return;
    }
    if (this.opts.relevant && !passesFilter(() => this.opts.relevant!(envelope))) {
      this.opts.metrics?.inboxProcessed.inc({ consumer: this.name, outcome: 'skipped' });
      msg.ack();
      return;
    }
    const parent = propagation.extract(context.active(), { traceparent: msg.headers?.get('traceparent') || envelope.traceparent });
    const span = trace.getTracer('kessai').startSpan(`consume ${envelope.type}`, { kind: SpanKind.CONSUMER }, parent);
    try {
      await context.with(trace.setSpan(parent, span), async () => {
        const applied = await this.opts.dataSource.transaction(async (tx) => {
          const claimed: unknown[] = await tx.query(
            `INSERT INTO ${this.inbox} (consumer, event_id, type) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING event_id`,
            [this.name, envelope.id, envelope.type],
          );
          if (claimed.length === 0) return false;
          await this.opts.handler({ envelope, subject: msg.subject, deliveryCount: deliveries }, tx);
          return true;
        });
        this.opts.metrics?.inboxProcessed.inc({ consumer: this.name, outcome: applied ? 'applied' : 'duplicate' });
      });
      msg.ack();
    } catch (err) {
      const max = this.opts.maxDeliveries ?? 5;
      const transient = isTransient(err);
      this.opts.logger.warn({ err: String(err), event_id: envelope.id, type: envelope.type, deliveries, transient }, 'event handler failed');
      // A database or network outage is not the event's fault: keep retrying it, never park it.
      if (deliveries >= max && !transient) {
        await this.deadLetter(msg, String(err), envelope.id);
      } else {
        this.opts.metrics?.inboxProcessed.inc({ consumer: this.name, outcome: 'retry' });
        msg.nak(Math.min(250 * 2 ** (deliveries - 1), 30_000));
      }
    } finally {
      span.end();
    }
  }

  protected async deadLetter(msg: JsMsg, error: string, eventId: string): Promise<void> {
    const subject = `${this.opts.prefix}dlq.${subjectToken(this.opts.service)}.${this.opts.eventType.replace(/\./g, '_')}`;
    try {
      await this.opts.dataSource.query(
        `INSERT INTO ${this.deadLetters} (consumer, event_id, subject, deliveries, error, data)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (consumer, event_id) DO NOTHING`,
        [this.name, eventId, msg.subject, msg.info.deliveryCount, error.slice(0, 2_000), Buffer.from(msg.data)],
      );
      const h = natsHeaders();
      h.set('Kessai-Error', error.slice(0, 500).replace(/[\r\n]/g, ' '));
      h.set('Kessai-Original-Subject', msg.subject);
      await jetstream(this.opts.nc).publish(subject, msg.data, { msgID: `${this.name}:${eventId}`, headers: h });
      msg.term();
      this.opts.metrics?.inboxProcessed.inc({ consumer: this.name, outcome: 'dead_lettered' });
      this.opts.logger.error({ event_id: eventId, subject, deliveries: msg.info.deliveryCount }, 'event dead-lettered');
    } catch (err) {
      // Could not park it: let JetStream deliver it again rather than lose it.
      this.opts.logger.error({ err: String(err), event_id: eventId }, 'dead-lettering failed; will retry');
      msg.nak(5_000);
    }
  }
}
