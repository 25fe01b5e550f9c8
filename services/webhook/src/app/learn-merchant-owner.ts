import { useCase, type Clock } from '@kessai/platform';
import { backfillOwnerDeliveries } from '../db/delivery-store';
import { lockMerchant, recordMerchantOwner } from '../db/merchant-store';
import type { Tx } from '../db/tx';

/**
 * The tenancy rule for public events: an owner sees all of its tenants, a
 * tenant only itself.
 *
 * Who owns whom comes from the gateway's `gateway.merchant.created/updated`
 * events, kept in `merchants`, rather than from a MerchantService.GetMerchant
 * call per event: the inbox handlers then never wait on (or fail with) the
 * gateway, and ownership is a join in the same transaction as the fan-out and
 * the listing. The relation cannot change (a merchant's owner is fixed at
 * creation), the consumer replays the stream from its start, and if a tenant's
 * event is recorded before its merchant event arrives, learning the owner
 * backfills the owner's deliveries, so the order of the two streams does not
 * matter. Merchants are not per mode; endpoints and events are, and the joins
 * keep test and live apart.
 */

/** A tenant's events recorded before its owner was known get deliveries to the owner's endpoints: only this recent. */
const BACKFILL_WINDOW_MS = 3 * 24 * 3600_000;

/** Records a merchant's owner (null: none), in the inbox transaction; backfills the owner's deliveries when it is new. */
export function learnMerchantOwner(deps: { clock: Clock; wake: () => void }, merchantId: string, ownerId: string | null, tx: Tx): Promise<void> {
  return useCase('webhook.learn_merchant_owner', async () => {
    await lockMerchant(tx, merchantId, 'exclusive');
    const now = deps.clock.now();
    const changed = await recordMerchantOwner(tx, merchantId, ownerId, now);
    if (changed && ownerId) {
      const added = await backfillOwnerDeliveries(tx, merchantId, ownerId, now, new Date(now.getTime() - BACKFILL_WINDOW_MS));
      if (added) setTimeout(deps.wake, 5).unref();
    }
  });
}
