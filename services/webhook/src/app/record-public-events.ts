import { useCase, type Clock, type EventEnvelope } from '@kessai/platform';
import type { Tx } from '../db/tx';
import { toPublicEvents } from '../domain/public-events';
import { recordPublicEvent } from './record-public-event';

/**
 * An internal event that may become public (PUBLIC_EVENT_SOURCES): its
 * public events are recorded and fanned out in the inbox transaction; the
 * dispatcher is woken once they are committed.
 */
export function recordPublicEventsOf(deps: { clock: Clock; wake: () => void }, envelope: EventEnvelope, tx: Tx): Promise<void> {
  return useCase(
    'webhook.record_public_events',
    async () => {
      const events = toPublicEvents(envelope);
      for (const [i, e] of events.entries()) await recordPublicEvent(tx, deps.clock, e, `${envelope.id}#${i}`);
      if (events.length) setTimeout(deps.wake, 5).unref();
    },
    { type: envelope.type, livemode: envelope.livemode },
  );
}
