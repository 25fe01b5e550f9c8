import type { feesV1 } from '@kessai/contracts';
import type { UnaryHandlers } from '@kessai/platform';
import type { FeesDeps } from '../app/deps';
import { reconcileDay } from '../app/reconcile';
import { exportDifferences, getReconciliation, listDifferences } from '../app/reconciliation-queries';
import { differenceToWire, runToWire } from '../app/wire-reconciliation';

/** ReconciliationService (operator-only): wire <-> use case. */
export function reconciliationHandlers(deps: FeesDeps): UnaryHandlers<typeof feesV1.ReconciliationServiceService> {
  return {
    async runReconciliation(req) {
      const { run, differences } = await reconcileDay(deps, req.livemode, req.day);
      return { run: runToWire(run), differences: differences.map(differenceToWire) };
    },
    async getReconciliation(req) {
      const { run, differences } = await getReconciliation(deps, req.livemode, req.day);
      return { run: runToWire(run), differences: differences.map(differenceToWire) };
    },
    async listDifferences(req) {
      const { differences, nextPageToken } = await listDifferences(deps, req);
      return { differences: differences.map(differenceToWire), nextPageToken };
    },
    async exportDifferences(req) {
      return exportDifferences(deps, req);
    },
  };
}
