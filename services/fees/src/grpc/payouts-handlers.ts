import type { feesV1 } from '@kessai/contracts';
import type { UnaryHandlers } from '@kessai/platform';
import type { FeesDeps } from '../app/deps';
import { getPayout, listPayouts } from '../app/list-payouts';
import { payoutToWire } from '../app/wire';

/** PayoutService: wire <-> use case. */
export function payoutsHandlers(deps: FeesDeps): UnaryHandlers<typeof feesV1.PayoutServiceService> {
  return {
    async listPayouts(req) {
      const { payouts, nextPageToken } = await listPayouts(deps, req);
      return { payouts: payouts.map(payoutToWire), nextPageToken };
    },
    async getPayout(req) {
      return { payout: payoutToWire(await getPayout(deps, req.payoutId, req.merchantId)) };
    },
  };
}
