import { webhookV1 } from '@kessai/contracts';
import { UnaryHandlers, yenFromDb } from '@kessai/platform';
import type { WebhookDeps } from '../app/deps';
import { listUnattributedDeposits } from '../app/list-unattributed-deposits';

/** Operators' view of what partners sent: deposits no merchant owns. */
export function inboundHandlers(deps: Pick<WebhookDeps, 'dataSource'>): UnaryHandlers<typeof webhookV1.InboundServiceService> {
  return {
    async listUnattributedDeposits(req) {
      const rows = await listUnattributedDeposits(deps, req.livemode);
      return {
        deposits: rows.map((r) => ({
          depositId: r.id,
          partner: r.partner,
          virtualAccountNumber: r.virtual_account_number,
          amount: yenFromDb(r.amount),
          livemode: r.livemode,
          bankReference: r.bank_reference,
          receivedAt: r.received_at,
        })),
      };
    },
  };
}
