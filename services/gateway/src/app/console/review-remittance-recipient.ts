import { randomUUID } from 'node:crypto';
import type { remittanceV1 } from '@kessai/contracts';
import { useCase } from '@kessai/platform';
import { authorize, productScope, type ConsoleActor } from './actor';
import type { ConsoleDeps } from './deps';
import { recordAudit } from './record-audit';

/**
 * The merchant's decision on a recipient held for review (a possible split):
 * release it for transfer or cancel it, through remittance's ReviewRecipient
 * like POST /v1/remittance_recipients/:id/review (docs/console.md,
 * "Remittance"). Operators and admins, as for approving an order.
 */
export function consoleReviewRecipient(deps: ConsoleDeps, actor: ConsoleActor, recipientId: string, approve: boolean): Promise<remittanceV1.Recipient> {
  return useCase('gateway.console.review_remittance_recipient', async () => {
    authorize(actor, 'remittance.approve');
    const { recipient } = await deps.remittance.reviewRecipient({ scope: productScope(actor), requestId: randomUUID(), recipientId, approve });
    await recordAudit(deps, actor, approve ? 'remittance_recipient.released' : 'remittance_recipient.cancelled', recipientId, { order: recipient!.orderId });
    return recipient!;
  });
}
