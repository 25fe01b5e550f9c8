import { context, propagation } from '@opentelemetry/api';
import { eventsV1 } from '@kessai/contracts';
import { newId } from '../ids';

/** What a use case writes to the outbox: one domain event about one aggregate. */
export interface DomainEvent {
  /** `<service>.<entity>.<past-tense event>`, e.g. `ledger.transaction.posted` */
  type: string;
  version?: number;
  aggregateId: string;
  merchantId?: string;
  livemode: boolean;
  occurredAt: Date;
  /** fully-qualified protobuf message name of the payload */
  payloadType: string;
  payload: Uint8Array;
}

export interface OutboxRow {
  eventId: string;
  subject: string;
  type: string;
  aggregateId: string;
  merchantId: string;
  livemode: boolean;
  occurredAt: Date;
  envelope: Buffer;
  traceparent: string;
}

/** A protobuf message type as ts-proto generates it. */
export interface MessageCodec<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(input: Uint8Array): T;
  fromPartial?(object: unknown): T;
}

export function currentTraceparent(): string {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ?? '';
}

export function toOutboxRow(event: DomainEvent, source: string, prefix: string): OutboxRow {
  const id = newId('evt', event.occurredAt.getTime());
  const traceparent = currentTraceparent();
  const envelope = eventsV1.EventEnvelope.encode({
    id,
    type: event.type,
    version: event.version ?? 1,
    occurredAt: event.occurredAt,
    source,
    merchantId: event.merchantId ?? '',
    livemode: event.livemode,
    traceparent,
    payloadType: event.payloadType,
    payload: Buffer.from(event.payload),
    aggregateId: event.aggregateId,
  }).finish();
  return {
    eventId: id,
    subject: `${prefix}${event.type}`,
    type: event.type,
    aggregateId: event.aggregateId,
    merchantId: event.merchantId ?? '',
    livemode: event.livemode,
    occurredAt: event.occurredAt,
    envelope: Buffer.from(envelope),
    traceparent,
  };
}

export type EventEnvelope = eventsV1.EventEnvelope;

export function decodeEnvelope(data: Uint8Array): EventEnvelope {
  const env = eventsV1.EventEnvelope.decode(data);
  if (!env.id || !env.type) throw new Error('envelope without id or type');
  return env;
}
