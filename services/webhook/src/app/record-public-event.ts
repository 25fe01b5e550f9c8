import { newId, type Clock } from '@kessai/platform';
import { fanOutDeliveries } from '../db/delivery-store';
import { insertEvent } from '../db/event-store';
import { lockMerchant } from '../db/merchant-store';
import type { Tx } from '../db/tx';
import type { PublicEvent } from '../domain/public-events';

/**
 * Stores a public event in the log and schedules a delivery to every enabled
 * endpoint of the merchant — and of its owner, when it is a tenant
 * (app/learn-merchant-owner.ts) — in the same mode that subscribed to its
 * type, all in the caller's transaction. Null when `sourceEventId` was
 * already recorded.
 */
export async function recordPublicEvent(tx: Tx, clock: Clock, event: PublicEvent, sourceEventId: string): Promise<string | null> {
  await lockMerchant(tx, event.merchantId, 'shared');
  const now = clock.now();
  const id = newId('evt', now.getTime());
  const fresh = await insertEvent(tx, {
    id, sourceEvent: sourceEventId, type: event.type, merchantId: event.merchantId, livemode: event.livemode, data: { object: { ...event.object } }, createdAt: now,
  });
  if (!fresh) return null;
  await fanOutDeliveries(tx, { eventId: id, type: event.type, merchantId: event.merchantId, livemode: event.livemode }, now);
  return id;
}
