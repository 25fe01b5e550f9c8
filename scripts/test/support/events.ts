import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';

/** An event as a producer's outbox relay publishes it: its id, its type (the subject after the prefix) and the encoded envelope. */
export interface TestEvent {
  id: string;
  type: string;
  bytes: Uint8Array;
}

/** Publishes each event `times` times under different broker ids (duplicates JetStream cannot drop, like a re-run relay). */
export async function publishEvents(nc: NatsConnection, prefix: string, events: TestEvent[], times = 1): Promise<void> {
  const js = jetstream(nc);
  for (let i = 0; i < times; i++) for (const e of events) await js.publish(`${prefix}${e.type}`, e.bytes, { msgID: `${e.id}-${i}` });
}
