import { EntityManager, EventHandler, newId, type Clock } from '@kessai/platform';
import { PublicEvent, toPublicEvents } from '../domain/public-events';
import { lockMerchant } from './tenancy';

/**
 * Stores a public event in the log and schedules a delivery to every enabled
 * endpoint of the merchant — and of its owner, when it is a tenant
 * (app/tenancy.ts) — in the same mode that subscribed to its type, all in the
 * caller's transaction.
 */
export async function recordPublicEvent(tx: Pick<EntityManager, 'query'>, clock: Clock, event: PublicEvent, sourceEventId: string): Promise<string | null> {
  await lockMerchant(tx, event.merchantId, 'shared');
  const now = clock.now();
  const id = newId('evt', now.getTime());
  const inserted: unknown[] = await tx.query(
    `INSERT INTO events (id, source_event, type, merchant_id, livemode, data, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (source_event) DO NOTHING RETURNING 1`,
    [id, sourceEventId, event.type, event.merchantId, event.livemode, JSON.stringify({ object: { ...event.object } }), now],
  );
  if (inserted.length === 0) return null;
  await tx.query(
    `INSERT INTO deliveries (id, event_id, endpoint_id, status, attempts, next_attempt_at, first_due_at, created_at)
     SELECT 'dlv_' || $1 || '_' || e.id, $1, e.id, 'pending', 0, $2, $2, $2
       FROM endpoints e
      WHERE (e.merchant_id = $3 OR e.merchant_id = (SELECT m.owner_id FROM merchants m WHERE m.id = $3))
        AND e.livemode = $4 AND e.status = 'enabled' AND ($5 = ANY (e.enabled_events) OR '*' = ANY (e.enabled_events))`,
    [id, now, event.merchantId, event.livemode, event.type],
  );
  return id;
}

/** The inbox handler for every internal event that may become public. */
export function publicEventHandler(clock: Clock, wake: () => void): EventHandler {
  return async ({ envelope }, tx) => {
    const events = toPublicEvents(envelope);
    for (const [i, e] of events.entries()) await recordPublicEvent(tx, clock, e, `${envelope.id}#${i}`);
    if (events.length) setTimeout(wake, 5).unref();
  };
}
