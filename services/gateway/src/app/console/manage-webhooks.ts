import { randomUUID } from 'node:crypto';
import type { webhookV1 } from '@kessai/contracts';
import { useCase } from '@kessai/platform';
import { authorize, type ConsoleActor } from './actor';
import type { ConsoleDeps } from './deps';
import { recordAudit } from './record-audit';

/** A new endpoint of the acting merchant; its signing secret comes back once. */
export function consoleCreateEndpoint(deps: ConsoleDeps, actor: ConsoleActor, input: { url: string; enabledEvents: string[]; description: string }): Promise<webhookV1.Endpoint> {
  return useCase('gateway.console.create_endpoint', async () => {
    authorize(actor, 'webhooks.manage');
    const { endpoint } = await deps.webhook.endpoints.createEndpoint({ idempotencyKey: randomUUID(), merchantId: actor.merchant.id, livemode: actor.livemode, ...input });
    await recordAudit(deps, actor, 'webhook_endpoint.created', endpoint!.id, { url: input.url, enabled_events: input.enabledEvents });
    return endpoint!;
  });
}

export function consoleDeleteEndpoint(deps: ConsoleDeps, actor: ConsoleActor, endpointId: string): Promise<void> {
  return useCase('gateway.console.delete_endpoint', async () => {
    authorize(actor, 'webhooks.manage');
    await deps.webhook.endpoints.deleteEndpoint({ merchantId: actor.merchant.id, livemode: actor.livemode, endpointId });
    await recordAudit(deps, actor, 'webhook_endpoint.deleted', endpointId);
  });
}

export function consoleRedeliver(deps: ConsoleDeps, actor: ConsoleActor, endpointId: string, eventId: string): Promise<webhookV1.Delivery> {
  return useCase('gateway.console.redeliver', async () => {
    authorize(actor, 'webhooks.redeliver');
    const { delivery } = await deps.webhook.deliveries.redeliver({ merchantId: actor.merchant.id, livemode: actor.livemode, endpointId, eventId });
    await recordAudit(deps, actor, 'webhook.redelivered', endpointId, { event: eventId });
    return delivery!;
  });
}
