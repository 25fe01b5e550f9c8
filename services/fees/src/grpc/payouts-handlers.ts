import type { feesV1 } from '@kessai/contracts';
import type { UnaryHandlers } from '@kessai/platform';
import type { FeesDeps } from '../app/deps';
import { getPayout, listPayouts } from '../app/list-payouts';
import { listStatementTenants } from '../app/list-statement-tenants';
import { payoutToWire } from '../app/wire';

/** PayoutService: wire <-> use case (a statement's per-merchant rows are already the wire's shape). */
export function payoutsHandlers(deps: FeesDeps): UnaryHandlers<typeof feesV1.PayoutServiceService> {
  return {
    async listPayouts(req) {
      const { payouts, nextPageToken } = await listPayouts(deps, req);
      return { payouts: payouts.map(payoutToWire), nextPageToken };
    },
    async getPayout(req) {
      return { payout: payoutToWire(await getPayout(deps, req.payoutId, req.merchantId)) };
    },
    async listStatementTenants(req) {
      return listStatementTenants(deps, req);
    },
  };
}
