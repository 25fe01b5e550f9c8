import { webhookV1 } from '@kessai/contracts';
import { decodeCursor, encodeCursor } from '@kessai/platform';
import { z } from 'zod';
import type { WebhookClients } from '../../app/deps';
import { listOf, listQuery, route } from '../api';

const endpointSchema = z
  .object({
    id: z.string(),
    object: z.literal('webhook_endpoint'),
    livemode: z.boolean(),
    url: z.string(),
    enabled_events: z.array(z.string()),
    description: z.string(),
    status: z.enum(['enabled', 'disabled']),
    disabled_reason: z.string().nullable(),
    created: z.string(),
    secret: z.string().optional().describe('Signing secret (whsec_…): returned only when the endpoint is created.'),
  })
  .meta({ id: 'WebhookEndpoint' });

const eventSchema = z
  .object({
    id: z.string(),
    object: z.literal('event'),
    type: z.string().describe('A public event type (docs/events.md), e.g. `balance.deposit_received`.'),
    livemode: z.boolean(),
    account: z.string().describe('The merchant the event is about: yours, or (for an owner) one of your tenants.'),
    created: z.string(),
    data: z.object({ object: z.record(z.string(), z.unknown()) }),
  })
  .meta({ id: 'Event' });

const attemptSchema = z.object({
  attempt: z.number().int(),
  attempted_at: z.string(),
  response_status: z.number().int().describe('0 when there was no response (connection error, timeout).'),
  latency_ms: z.number().int(),
  error: z.string().nullable(),
});

const deliverySchema = z
  .object({
    id: z.string(),
    object: z.literal('webhook_delivery'),
    event: z.string(),
    webhook_endpoint: z.string(),
    status: z.enum(['pending', 'succeeded', 'failed']),
    next_attempt_at: z.string().nullable(),
    attempts: z.array(attemptSchema),
  })
  .meta({ id: 'WebhookDelivery' });

const createEndpointBody = z.strictObject({
  url: z.string().min(1).max(2048).describe('Where events are POSTed. https in live mode.'),
  enabled_events: z.array(z.string().min(1).max(100)).min(1).max(50).describe('Public event types, or ["*"] for all.'),
  description: z.string().max(500).optional(),
});

const endpointToRest = (e: webhookV1.Endpoint) => ({
  id: e.id,
  object: 'webhook_endpoint' as const,
  livemode: e.livemode,
  url: e.url,
  enabled_events: e.enabledEvents,
  description: e.description,
  status: e.status === webhookV1.EndpointStatus.ENDPOINT_STATUS_ENABLED ? ('enabled' as const) : ('disabled' as const),
  disabled_reason: e.disabledReason || null,
  created: (e.createdAt ?? new Date(0)).toISOString(),
  ...(e.secret ? { secret: e.secret } : {}),
});

const eventToRest = (e: webhookV1.Event) => ({
  id: e.id,
  object: 'event' as const,
  type: e.type,
  livemode: e.livemode,
  account: e.merchantId,
  created: (e.createdAt ?? new Date(0)).toISOString(),
  data: JSON.parse(e.dataJson) as { object: Record<string, unknown> },
});

const DSTATUS: Record<number, 'pending' | 'succeeded' | 'failed'> = {
  [webhookV1.DeliveryStatus.DELIVERY_STATUS_PENDING]: 'pending',
  [webhookV1.DeliveryStatus.DELIVERY_STATUS_SUCCEEDED]: 'succeeded',
  [webhookV1.DeliveryStatus.DELIVERY_STATUS_FAILED]: 'failed',
};
const deliveryToRest = (d: webhookV1.Delivery) => ({
  id: d.id,
  object: 'webhook_delivery' as const,
  event: d.eventId,
  webhook_endpoint: d.endpointId,
  status: DSTATUS[d.status] ?? 'pending',
  next_attempt_at: d.nextAttemptAt ? d.nextAttemptAt.toISOString() : null,
  attempts: d.attempts.map((a) => ({
    attempt: a.attempt,
    attempted_at: (a.attemptedAt ?? new Date(0)).toISOString(),
    response_status: a.responseStatus,
    latency_ms: a.latencyMs,
    error: a.error || null,
  })),
});

const idParam = (what: string) => ({ id: `The ${what} id.` });

/** Webhook endpoints, the public event log and deliveries: the webhook service's APIs, scoped to the merchant and mode. */
export function webhookRoutes(webhook: WebhookClients) {
  return [
    route({
      method: 'post',
      path: '/v1/webhook_endpoints',
      operationId: 'CreateWebhookEndpoint',
      summary: 'Create a webhook endpoint',
      description: 'The response carries the signing secret once. See docs/events.md for verifying `Kessai-Signature`.',
      tag: 'Webhooks',
      body: createEndpointBody,
      response: endpointSchema,
      errors: ['already_exists'],
      handler: async ({ merchant, livemode, body, idempotencyKey, requestId }) => {
        const { endpoint } = await webhook.endpoints.createEndpoint(
          { idempotencyKey: idempotencyKey ?? '', merchantId: merchant.id, livemode, url: body.url, enabledEvents: body.enabled_events, description: body.description ?? '' },
          { requestId },
        );
        return { body: endpointToRest(endpoint!) };
      },
    }),
    route({
      method: 'get',
      path: '/v1/webhook_endpoints',
      operationId: 'ListWebhookEndpoints',
      summary: 'List webhook endpoints',
      tag: 'Webhooks',
      query: listQuery,
      response: listOf(endpointSchema, 'WebhookEndpoint'),
      handler: async ({ merchant, livemode, query, requestId }) => {
        const after = query.starting_after ? String(decodeCursor('webhook_endpoints', query.starting_after).id) : '';
        const page = await webhook.endpoints.listEndpoints({ merchantId: merchant.id, livemode, limit: query.limit, startingAfter: after }, { requestId });
        const data = page.endpoints.map(endpointToRest);
        return { body: { object: 'list', data, has_more: page.hasMore, next_cursor: page.hasMore ? encodeCursor('webhook_endpoints', { id: data[data.length - 1].id }) : null } };
      },
    }),
    route({
      method: 'get',
      path: '/v1/webhook_endpoints/:id',
      operationId: 'GetWebhookEndpoint',
      summary: 'Retrieve a webhook endpoint',
      tag: 'Webhooks',
      params: idParam('webhook endpoint'),
      response: endpointSchema,
      handler: async ({ merchant, livemode, params, requestId }) => {
        const { endpoint } = await webhook.endpoints.getEndpoint({ merchantId: merchant.id, livemode, endpointId: params.id }, { requestId });
        return { body: endpointToRest(endpoint!) };
      },
    }),
    route({
      method: 'delete',
      path: '/v1/webhook_endpoints/:id',
      operationId: 'DeleteWebhookEndpoint',
      summary: 'Delete a webhook endpoint',
      tag: 'Webhooks',
      params: idParam('webhook endpoint'),
      response: endpointSchema.extend({ deleted: z.literal(true) }).meta({ id: 'DeletedWebhookEndpoint' }),
      handler: async ({ merchant, livemode, params, requestId }) => {
        const { endpoint } = await webhook.endpoints.deleteEndpoint({ merchantId: merchant.id, livemode, endpointId: params.id }, { requestId });
        return { body: { ...endpointToRest(endpoint!), deleted: true } };
      },
    }),
    route({
      method: 'get',
      path: '/v1/webhook_endpoints/:id/deliveries',
      operationId: 'ListWebhookDeliveries',
      summary: 'The delivery log of an endpoint: every attempt with status, response code and latency',
      tag: 'Webhooks',
      params: idParam('webhook endpoint'),
      query: z.strictObject({ event: z.string().max(100).optional().describe('Only deliveries of this event.') }),
      response: z.object({ object: z.literal('list'), data: z.array(deliverySchema), has_more: z.boolean(), next_cursor: z.null() }).meta({ id: 'WebhookDeliveryList' }),
      handler: async ({ merchant, livemode, params, query, requestId }) => {
        const { deliveries } = await webhook.deliveries.listDeliveries({ merchantId: merchant.id, livemode, endpointId: params.id, eventId: query.event ?? '' }, { requestId });
        return { body: { object: 'list', data: deliveries.map(deliveryToRest), has_more: false, next_cursor: null } };
      },
    }),
    route({
      method: 'post',
      path: '/v1/webhook_endpoints/:id/redeliveries',
      operationId: 'RedeliverEvent',
      summary: 'Deliver an event to the endpoint again, now',
      tag: 'Webhooks',
      params: idParam('webhook endpoint'),
      body: z.strictObject({ event: z.string().min(1).max(100).describe('The event id to deliver again.') }),
      response: deliverySchema,
      handler: async ({ merchant, livemode, params, body, requestId }) => {
        const { delivery } = await webhook.deliveries.redeliver({ merchantId: merchant.id, livemode, endpointId: params.id, eventId: body.event }, { requestId });
        return { body: deliveryToRest(delivery!) };
      },
    }),
    route({
      method: 'get',
      path: '/v1/events',
      operationId: 'ListEvents',
      summary: 'List your public events (an owner: also its tenants\'), newest first',
      tag: 'Events',
      query: listQuery.extend({
        type: z.string().max(100).optional().describe('Only events of this type.'),
        account: z.string().max(100).optional().describe('Only the events of this account: yours, or one of your tenants.'),
      }),
      response: listOf(eventSchema, 'Event'),
      handler: async ({ merchant, livemode, query, requestId }) => {
        const after = query.starting_after ? String(decodeCursor('events', query.starting_after).id) : '';
        const page = await webhook.events.listEvents({ merchantId: merchant.id, livemode, limit: query.limit, startingAfter: after, type: query.type ?? '', accountId: query.account ?? '' }, { requestId });
        const data = page.events.map(eventToRest);
        return { body: { object: 'list', data, has_more: page.hasMore, next_cursor: page.hasMore ? encodeCursor('events', { id: data[data.length - 1].id }) : null } };
      },
    }),
    route({
      method: 'get',
      path: '/v1/events/:id',
      operationId: 'GetEvent',
      summary: 'Retrieve an event',
      tag: 'Events',
      params: idParam('event'),
      response: eventSchema,
      handler: async ({ merchant, livemode, params, requestId }) => {
        const { event } = await webhook.events.getEvent({ merchantId: merchant.id, livemode, eventId: params.id }, { requestId });
        return { body: eventToRest(event!) };
      },
    }),
  ];
}
