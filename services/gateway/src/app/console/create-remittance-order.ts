import { randomUUID } from 'node:crypto';
import type { remittanceV1 } from '@kessai/contracts';
import { useCase } from '@kessai/platform';
import { authorize, productScope, type ConsoleActor } from './actor';
import type { ConsoleDeps } from './deps';
import { recordAudit } from './record-audit';

export interface ConsoleOrderInput {
  purpose: string;
  defaultMessage: string;
  guideText: string;
  channels: remittanceV1.Channel[];
  mode: remittanceV1.OrderMode;
  registrationDeadline: string;
  reference: string;
}

/** A draft remittance order, through remittance's CreateOrder like POST /v1/remittance_orders (docs/console.md, "Remittance"). */
export function consoleCreateOrder(deps: ConsoleDeps, actor: ConsoleActor, input: ConsoleOrderInput): Promise<remittanceV1.Order> {
  return useCase('gateway.console.create_remittance_order', async () => {
    authorize(actor, 'remittance.manage');
    const { order } = await deps.remittance.createOrder({
      scope: productScope(actor),
      requestId: randomUUID(),
      merchantName: actor.merchant.name,
      guideText: input.guideText,
      reference: input.reference,
      settings: { purpose: input.purpose, defaultMessage: input.defaultMessage, channels: input.channels, mode: input.mode, registrationDeadline: input.registrationDeadline, postcardAfterDays: 0, phoneAfterDays: 0 },
    });
    await recordAudit(deps, actor, 'remittance_order.created', order!.id, { purpose: input.purpose, reference: input.reference });
    return order!;
  });
}
