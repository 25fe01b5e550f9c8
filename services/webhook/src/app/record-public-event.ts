import { newId, type Clock } from '@kessai/platform';
import { fanOutDeliveries } from '../db/delivery-store';
import { insertEvents } from '../db/event-store';
import { lockMerchantsShared } from '../db/merchant-store';
import type { Tx } from '../db/tx';
import type { PublicEvent } from '../domain/public-events';

export interface PublicEventOf {
  event: PublicEvent;
  /** the internal event (and index) it was made from: recorded once */
  sourceEventId: string;
}

/**
 * Stores public events in the log and schedules a delivery of each to every
 * enabled endpoint of its merchant — and of its owner, when it is a tenant
 * (app/learn-merchant-owner.ts) — in the same mode that subscribed to its
 * type, all in the caller's transaction and in three statements whatever
 * their number (a consumer's batch; docs/benchmarks.md). Returns the ids
 * of the events recorded now, in order (an already recorded source: none).
 */
export async function recordPublicEvents(tx: Tx, clock: Clock, events: PublicEventOf[]): Promise<string[]> {
  if (events.length === 0) return [];
  // shared: an owner learnt for a merchant (exclusive) waits for these, so no fan-out misses it
  await lockMerchantsShared(tx, events.map((e) => e.event.merchantId));
  const now = clock.now();
  const fresh = await insertEvents(tx, events.map(({ event, sourceEventId }) => ({
    id: newId('evt', now.getTime()), sourceEvent: sourceEventId, type: event.type, merchantId: event.merchantId, livemode: event.livemode, data: { object: { ...event.object } }, createdAt: now,
  })));
  await fanOutDeliveries(tx, fresh.map((e) => ({ eventId: e.id, type: e.type, merchantId: e.merchantId, livemode: e.livemode })), now);
  return fresh.map((e) => e.id);
}

/** One public event (recordPublicEvents); null when its source event was already recorded. */
export async function recordPublicEvent(tx: Tx, clock: Clock, event: PublicEvent, sourceEventId: string): Promise<string | null> {
  const [id] = await recordPublicEvents(tx, clock, [{ event, sourceEventId }]);
  return id ?? null;
}
