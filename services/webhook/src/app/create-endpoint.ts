import { randomBytes } from 'node:crypto';
import { IdempotentCommand, merchantScope, newId, useCase } from '@kessai/platform';
import { insertEndpoint, loadEndpoint } from '../db/endpoint-store';
import type { Tx } from '../db/tx';
import { CreateEndpointInput, validateEndpoint } from '../domain/endpoint-policy';
import type { EndpointRecord } from '../domain/records';
import type { WebhookDeps } from './deps';

const CREATE_ENDPOINT = 'webhook_endpoint.create';

/**
 * The idempotent command of a creation (docs/idempotency.md): per merchant and
 * mode; a retry must name the same URL, event types (a repeated type counts
 * once, as the endpoint stores it) and description.
 */
function createEndpointCommand(input: Pick<CreateEndpointInput, 'idempotencyKey' | 'merchantId' | 'livemode' | 'url' | 'enabledEvents' | 'description'>): IdempotentCommand {
  return {
    scope: merchantScope(CREATE_ENDPOINT, input.livemode, input.merchantId),
    key: input.idempotencyKey,
    operation: CREATE_ENDPOINT,
    request: { url: input.url, enabledEvents: [...new Set(input.enabledEvents)], description: input.description },
  };
}

/**
 * A new endpoint with a fresh signing secret. With an idempotency key, a retry
 * answers the endpoint the first call created (as it is now); the same key
 * with another request is `idempotency_key_reused`.
 */
export function createEndpoint(deps: Pick<WebhookDeps, 'dataSource' | 'clock' | 'idempotency' | 'endpointPolicy'>, input: CreateEndpointInput): Promise<EndpointRecord> {
  return useCase(
    'webhook.create_endpoint',
    async () => {
      validateEndpoint(input, deps.endpointPolicy);
      const create = (tx: Tx) => {
        const now = deps.clock.now();
        return insertEndpoint(tx, {
          id: newId('we', now.getTime()),
          merchant_id: input.merchantId,
          livemode: input.livemode,
          url: input.url,
          enabled_events: [...new Set(input.enabledEvents)],
          description: input.description,
          secret: `whsec_${randomBytes(24).toString('base64url')}`,
          status: 'enabled',
          disabled_reason: null,
          created_at: now,
        });
      };
      if (!input.idempotencyKey) return create(deps.dataSource);
      return deps.dataSource.transaction(async (tx) => {
        const { value } = await deps.idempotency.run(tx, createEndpointCommand(input), async () => ({ endpointId: (await create(tx)).id }));
        return (await loadEndpoint(tx, value.endpointId))!;
      });
    },
    { livemode: input.livemode },
  );
}
