import { useCase, type Clock, type EventEnvelope } from '@kessai/platform';
import type { Tx } from '../db/tx';
import { toPublicEvents } from '../domain/public-events';
import { recordPublicEvents } from './record-public-event';

/**
 * Internal events that may become public (PUBLIC_EVENT_SOURCES): their
 * public events are recorded and fanned out in the inbox transaction — a
 * consumer's whole batch at once — and the dispatcher is woken once they
 * are committed.
 */
export function recordPublicEventsOf(deps: { clock: Clock; wake: () => void }, envelopes: EventEnvelope[], tx: Tx): Promise<void> {
  const [first] = envelopes;
  return useCase(
    'webhook.record_public_events',
    async () => {
      const events = envelopes.flatMap((envelope) => toPublicEvents(envelope).map((event, i) => ({ event, sourceEventId: `${envelope.id}#${i}` })));
      await recordPublicEvents(tx, deps.clock, events);
      if (events.length) setTimeout(deps.wake, 5).unref();
    },
    { type: first?.type ?? '', livemode: first?.livemode ?? false, events: envelopes.length },
  );
}
