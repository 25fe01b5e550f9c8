import type { remittanceV1 } from '@kessai/contracts';
import type { UnaryHandlers } from '@kessai/platform';
import type { RemittanceDeps } from '../app/deps';
import { listTransfersOn } from '../app/list-transfers-on';
import { transferToWire } from './mapping';

/** RemittanceReconciliationService (internal, read by the fees service's daily reconciliation): wire <-> use case. */
export function remittanceReconciliationHandlers(deps: RemittanceDeps): UnaryHandlers<typeof remittanceV1.RemittanceReconciliationServiceService> {
  return {
    async listTransfersOn(req) {
      const { transfers, nextPageToken } = await listTransfersOn(deps, req);
      return { transfers: transfers.map((t) => ({ transfer: transferToWire(t), holdId: t.holdId ?? '' })), nextPageToken };
    },
  };
}
