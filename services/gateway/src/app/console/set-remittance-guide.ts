import { randomUUID } from 'node:crypto';
import type { remittanceV1 } from '@kessai/contracts';
import { useCase } from '@kessai/platform';
import { authorize, productScope, type ConsoleActor } from './actor';
import type { ConsoleDeps } from './deps';
import { recordAudit } from './record-audit';

/**
 * Changes the guide text recipients receive, through remittance's SetGuide
 * like POST /v1/remittance_orders/:id/guide: only while the order is a draft
 * (the remittance service refuses it after). The same text again changes
 * nothing and is not audited.
 */
export function consoleSetGuide(deps: ConsoleDeps, actor: ConsoleActor, orderId: string, guideText: string): Promise<remittanceV1.Order> {
  return useCase('gateway.console.set_remittance_guide', async () => {
    authorize(actor, 'remittance.manage');
    const scope = productScope(actor);
    const before = (await deps.remittance.getOrder({ scope, orderId })).order!;
    const { order } = await deps.remittance.setGuide({ scope, requestId: randomUUID(), orderId, guideText });
    if (before.guideText !== order!.guideText) await recordAudit(deps, actor, 'remittance_order.guide_changed', orderId, { length: order!.guideText.length });
    return order!;
  });
}
