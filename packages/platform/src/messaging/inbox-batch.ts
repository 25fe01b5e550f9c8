import { context, propagation, SpanKind, trace, type Link } from '@opentelemetry/api';
import type { JsMsg } from '@nats-io/jetstream';
import type { EntityManager } from 'typeorm';
import { decodeEnvelope, EventEnvelope } from './events';
import { InboxConsumer, InboxConsumerOptions, isTransient, passesFilter, type ReceivedEvent } from './inbox';

/**
 * Applies a batch's new events (in stream order) at once, in the batch's
 * transaction: set-based statements instead of the handler's per event. An
 * event handled alone (a redelivery, a lone event, a failed batch's fallback)
 * still goes to the per-event `handler`, so the two must write the same.
 */
export type BatchEventHandler = (events: ReceivedEvent[], tx: EntityManager) => Promise<void>;

export interface BatchInboxConsumerOptions extends InboxConsumerOptions {
  /** at most this many messages per transaction (default 100) */
  batchSize?: number;
  /**
   * Test-only fault injection: after a batch's transaction committed, stop as a
   * killed process would — nothing acknowledged, so JetStream redelivers the
   * whole batch after the ack wait (and the inbox must see every one as a duplicate).
   */
  fault?: 'after-commit';
  /** called after each batch committed (e.g. wake the outbox relay and whatever reads what the handlers wrote) */
  afterCommit?: () => void;
  /** optional: the batch's new events in one call instead of `handler` per event */
  batchHandler?: BatchEventHandler;
}

interface Item {
  msg: JsMsg;
  envelope: EventEnvelope;
}

const NOTHING_YET = Symbol('nothing yet');

/**
 * The inbox consumer (inbox.ts), applying events in batches: it takes what
 * JetStream has already delivered to it, up to `batchSize`, dedupes all of it
 * against the inbox in one statement, runs the handler for each new event in
 * stream order inside ONE transaction, and acknowledges the batch after the
 * commit. The per-event cost of a transaction (BEGIN, the inbox insert,
 * COMMIT and its WAL flush) is paid per batch.
 *
 * Nothing about correctness changes:
 * - an event is applied once: the inbox record commits with the handler's
 *   writes, whichever batch (or copy within a batch) brings it;
 * - a batch whose transaction fails for a reason of its events is rolled back
 *   whole and its messages are handled one by one, each in its own transaction
 *   (`InboxConsumer.handle`): the good ones commit, a poison one is retried and
 *   dead-lettered after `maxDeliveries` on its own, never holding up the rest;
 * - a message JetStream delivers again (delivery count > 1: it failed or was
 *   not acknowledged before) is handled on its own from the start, so a
 *   poison event does not fail every batch it lands in;
 * - a database or network outage is not the events' fault: the whole batch
 *   is retried later (never dead-lettered);
 * - a crash after the commit and before the acknowledgements redelivers the
 *   batch, and the inbox finds every event already applied.
 */
export class BatchInboxConsumer extends InboxConsumer {
  private readonly batchSize: number;

  constructor(private readonly batchOpts: BatchInboxConsumerOptions) {
    super(batchOpts);
    this.batchSize = Math.max(1, batchOpts.batchSize ?? 100);
  }

  protected override async run(): Promise<void> {
    while (this.running) {
      try {
        // room for the next batch while one is applied
        this.messages = await this.setup(this.batchSize * 2);
        const it = this.messages[Symbol.asyncIterator]();
        let pending: Promise<IteratorResult<JsMsg>> | undefined;
        for (;;) {
          const first = await (pending ?? it.next());
          pending = undefined;
          if (first.done) break;
          const batch = [first.value];
          let ended = false;
          // take what has already arrived (resolved on the next turn of the event loop), no waiting for more
          while (batch.length < this.batchSize) {
            const next = it.next();
            const got = await Promise.race([next, new Promise<typeof NOTHING_YET>((r) => setImmediate(() => r(NOTHING_YET)))]);
            if (got === NOTHING_YET) {
              // awaited after this batch; if the iterator fails meanwhile, that await throws (not an unhandled rejection)
              next.catch(() => undefined);
              pending = next;
              break;
            }
            if (got.done) {
              ended = true;
              break;
            }
            batch.push(got.value);
          }
          await this.handleBatch(batch);
          if (ended || !this.running) break;
        }
      } catch (err) {
        if (this.running) this.opts.logger.warn({ err: String(err), consumer: this.name }, 'consumer interrupted; reattaching');
      }
      if (this.running) await new Promise((r) => setTimeout(r, 500));
    }
  }

  private async handleBatch(msgs: JsMsg[]): Promise<void> {
    const items: Item[] = [];
    const alone: JsMsg[] = [];
    for (const msg of msgs) {
      if (msg.info.deliveryCount > 1) {
        alone.push(msg);
        continue;
      }
      let envelope: EventEnvelope;
      try {
        envelope = decodeEnvelope(msg.data);
      } catch {
        alone.push(msg); // handle() dead-letters it
        continue;
      }
      if (this.opts.relevant && !passesFilter(() => this.opts.relevant!(envelope))) {
        this.opts.metrics?.inboxProcessed.inc({ consumer: this.name, outcome: 'skipped' });
        msg.ack();
        continue;
      }
      items.push({ msg, envelope });
    }
    if (items.length === 1) alone.unshift(items.pop()!.msg);
    if (items.length > 0) await this.applyTogether(items);
    for (const msg of alone) await this.handle(msg);
  }

  private async applyTogether(items: Item[]): Promise<void> {
    // the first copy of each event id in the batch is applied; later copies are duplicates
    const first = new Map<string, Item>();
    for (const item of items) if (!first.has(item.envelope.id)) first.set(item.envelope.id, item);
    const unique = [...first.values()];
    const links: Link[] = unique.flatMap(({ msg, envelope }) => {
      const ctx = trace.getSpanContext(propagation.extract(context.active(), { traceparent: msg.headers?.get('traceparent') || envelope.traceparent }));
      return ctx ? [{ context: ctx }] : [];
    });
    const span = trace.getTracer('kessai').startSpan(`consume batch ${this.opts.eventType}`, { kind: SpanKind.CONSUMER, links, attributes: { 'messaging.batch.message_count': items.length } });
    try {
      let applied = 0;
      await context.with(trace.setSpan(context.active(), span), () =>
        this.opts.dataSource.transaction(async (tx) => {
          const claimed: { event_id: string }[] = await tx.query(
            `INSERT INTO ${this.inbox} (consumer, event_id, type)
             SELECT $1, u.event_id, u.type FROM unnest($2::text[], $3::text[]) AS u(event_id, type)
             ON CONFLICT DO NOTHING RETURNING event_id`,
            [this.name, unique.map((i) => i.envelope.id), unique.map((i) => i.envelope.type)],
          );
          const fresh = new Set(claimed.map((r) => r.event_id));
          const events: ReceivedEvent[] = unique
            .filter(({ envelope }) => fresh.has(envelope.id))
            .map(({ msg, envelope }) => ({ envelope, subject: msg.subject, deliveryCount: msg.info.deliveryCount }));
          if (this.batchOpts.batchHandler) {
            if (events.length > 0) await this.batchOpts.batchHandler(events, tx);
          } else {
            for (const event of events) await this.opts.handler(event, tx);
          }
          applied = fresh.size;
        }),
      );
      if (this.batchOpts.fault === 'after-commit') {
        this.opts.logger.warn({ consumer: this.name, events: items.length }, 'fault injection: stopping without acknowledging');
        this.running = false;
        this.messages?.stop();
        return;
      }
      for (const { msg } of items) msg.ack();
      if (applied > 0) this.batchOpts.afterCommit?.();
      this.opts.metrics?.inboxProcessed.inc({ consumer: this.name, outcome: 'applied' }, applied);
      if (items.length > applied) this.opts.metrics?.inboxProcessed.inc({ consumer: this.name, outcome: 'duplicate' }, items.length - applied);
    } catch (err) {
      const transient = isTransient(err);
      this.opts.logger.warn({ err: String(err), consumer: this.name, events: items.length, transient }, transient ? 'batch failed; retrying it later' : 'batch failed; applying its events one by one');
      if (transient) {
        this.opts.metrics?.inboxProcessed.inc({ consumer: this.name, outcome: 'retry' }, items.length);
        for (const { msg } of items) msg.nak(250 * (1 + Math.random()));
        return;
      }
      this.opts.metrics?.inboxProcessed.inc({ consumer: this.name, outcome: 'batch_fallback' }, items.length);
      for (const { msg } of items) await this.handle(msg);
    } finally {
      span.end();
    }
  }
}
