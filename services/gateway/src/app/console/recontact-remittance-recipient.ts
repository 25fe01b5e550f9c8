import { randomUUID } from 'node:crypto';
import type { remittanceV1 } from '@kessai/contracts';
import { useCase } from '@kessai/platform';
import { authorize, productScope, type ConsoleActor } from './actor';
import type { ConsoleDeps } from './deps';
import { recordAudit } from './record-audit';

/** Contacts one recipient again through the outreach ladder (a new code), like POST /v1/remittance_recipients/:id/recontact. */
export function consoleRecontactRecipient(deps: ConsoleDeps, actor: ConsoleActor, recipientId: string): Promise<remittanceV1.Recipient> {
  return useCase('gateway.console.recontact_remittance_recipient', async () => {
    authorize(actor, 'remittance.manage');
    const { recipient } = await deps.remittance.recontactRecipient({ scope: productScope(actor), requestId: randomUUID(), recipientId });
    await recordAudit(deps, actor, 'remittance_recipient.recontacted', recipientId, { order: recipient!.orderId });
    return recipient!;
  });
}
