import type { feesV1 } from '@kessai/contracts';
import type { UnaryHandlers } from '@kessai/platform';
import type { FeesDeps } from '../app/deps';
import { getFeeSchedule } from '../app/get-fee-schedule';
import { getStatement } from '../app/get-statement';
import { listFeeItems } from '../app/list-fee-items';
import { listStatements } from '../app/list-statements';
import { setFeeSchedule } from '../app/set-fee-schedule';
import { feeItemToWire, scheduleToWire, statementToWire } from '../app/wire';

/** FeesService: wire <-> use case. */
export function feesHandlers(deps: FeesDeps): UnaryHandlers<typeof feesV1.FeesServiceService> {
  return {
    async getFeeSchedule(req) {
      const { schedule, upcoming } = await getFeeSchedule(deps, req.merchantId, req.onDate);
      return { schedule: scheduleToWire(schedule), upcoming: upcoming.map(scheduleToWire) };
    },
    async setFeeSchedule(req) {
      const schedule = await setFeeSchedule(deps, { requestId: req.requestId, merchantId: req.merchantId, effectiveFrom: req.effectiveFrom, amounts: req.amounts });
      return { schedule: scheduleToWire(schedule) };
    },
    async listFeeItems(req) {
      const { items, nextPageToken } = await listFeeItems(deps, req);
      return { items: items.map(feeItemToWire), nextPageToken };
    },
    async listStatements(req) {
      const { statements, nextPageToken } = await listStatements(deps, req);
      return { statements: statements.map(statementToWire), nextPageToken };
    },
    async getStatement(req) {
      return { statement: statementToWire(await getStatement(deps, req.statementId, req.merchantId, req.includeTenants)) };
    },
  };
}
