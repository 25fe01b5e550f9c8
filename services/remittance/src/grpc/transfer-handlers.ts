import type { remittanceV1 } from '@kessai/contracts';
import type { UnaryHandlers } from '@kessai/platform';
import type { RemittanceDeps } from '../app/deps';
import { getTransfer } from '../app/get-transfer';
import { submitTransfer } from '../app/submit-transfer';
import * as wire from './mapping';

/** TransferService (internal): each handler maps wire <-> use case, nothing more. */
export function transferHandlers(deps: RemittanceDeps): UnaryHandlers<typeof remittanceV1.TransferServiceService> {
  return {
    async submitTransfer(req) {
      const r = await submitTransfer(deps, {
        idempotencyKey: req.idempotencyKey, livemode: req.livemode, merchantId: req.merchantId, purpose: wire.purposeFromWire(req.purpose),
        account: wire.accountInputFromWire(req.account), amount: req.amount, executionDate: req.executionDate, reference: req.reference,
      });
      return { transfer: wire.transferToWire(r.transfer), replayed: r.replayed };
    },
    async getTransfer(req) {
      return { transfer: wire.transferToWire(await getTransfer(deps, req.livemode, req.transferId)) };
    },
  };
}
