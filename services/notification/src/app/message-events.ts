import type { DomainEvent } from '@kessai/platform';
import type { MessageView } from '../domain/message';

/** An event about a message (its aggregate), for the outbox. */
export function messageEvent(type: string, m: Pick<MessageView, 'id' | 'merchantId' | 'livemode'>, payloadType: string, payload: Uint8Array, now: Date): DomainEvent {
  return { type, aggregateId: m.id, merchantId: m.merchantId, livemode: m.livemode, occurredAt: now, payloadType, payload };
}

/** Where request ids of one kind of command are unique: per mode, as before the platform mechanism. */
export function requestScope(family: 'notification.send' | 'notification.inbound_call', livemode: boolean): string {
  return `${family}:${livemode ? 'live' : 'test'}`;
}
