import { webhookV1 } from '@kessai/contracts';
import type { UnaryHandlers } from '@kessai/platform';
import { createEndpoint } from '../app/create-endpoint';
import { deleteEndpoint } from '../app/delete-endpoint';
import type { WebhookDeps } from '../app/deps';
import { getEndpoint } from '../app/get-endpoint';
import { getEvent } from '../app/get-event';
import { listDeliveries } from '../app/list-deliveries';
import { listEndpoints } from '../app/list-endpoints';
import { listEvents } from '../app/list-events';
import { redeliver } from '../app/redeliver';
import type { DeliveryWithAttempts, EndpointRecord, EventRecord } from '../domain/records';

const STATUS = { enabled: webhookV1.EndpointStatus.ENDPOINT_STATUS_ENABLED, disabled: webhookV1.EndpointStatus.ENDPOINT_STATUS_DISABLED, deleted: webhookV1.EndpointStatus.ENDPOINT_STATUS_DISABLED };
const DSTATUS = {
  pending: webhookV1.DeliveryStatus.DELIVERY_STATUS_PENDING,
  succeeded: webhookV1.DeliveryStatus.DELIVERY_STATUS_SUCCEEDED,
  failed: webhookV1.DeliveryStatus.DELIVERY_STATUS_FAILED,
};

function endpointToWire(e: EndpointRecord, withSecret = false): webhookV1.Endpoint {
  return {
    id: e.id,
    merchantId: e.merchant_id,
    livemode: e.livemode,
    url: e.url,
    enabledEvents: e.enabled_events,
    status: STATUS[e.status],
    description: e.description,
    createdAt: e.created_at,
    secret: withSecret ? e.secret : '',
    disabledReason: e.disabled_reason ?? '',
  };
}

function eventToWire(e: EventRecord): webhookV1.Event {
  return { id: e.id, type: e.type, merchantId: e.merchant_id, livemode: e.livemode, dataJson: JSON.stringify(e.data), createdAt: e.created_at };
}

function deliveryToWire(d: DeliveryWithAttempts): webhookV1.Delivery {
  return {
    id: d.id,
    eventId: d.event_id,
    endpointId: d.endpoint_id,
    status: DSTATUS[d.status],
    nextAttemptAt: d.next_attempt_at ?? undefined,
    attempts: d.attempt_log.map((a) => ({ attempt: a.attempt, attemptedAt: a.attempted_at, responseStatus: a.response_status, latencyMs: a.latency_ms, error: a.error ?? '' })),
  };
}

type Deps = Pick<WebhookDeps, 'dataSource' | 'clock' | 'idempotency' | 'endpointPolicy' | 'wake'>;

export function eventHandlers(deps: Deps): UnaryHandlers<typeof webhookV1.EventServiceService> {
  return {
    async listEvents(req) {
      const { items, hasMore } = await listEvents(deps, req);
      return { events: items.map(eventToWire), hasMore };
    },
    async getEvent(req) {
      return { event: eventToWire(await getEvent(deps, req.merchantId, req.livemode, req.eventId)) };
    },
  };
}

export function endpointHandlers(deps: Deps): UnaryHandlers<typeof webhookV1.EndpointServiceService> {
  return {
    async createEndpoint(req) {
      const row = await createEndpoint(deps, {
        idempotencyKey: req.idempotencyKey,
        merchantId: req.merchantId,
        livemode: req.livemode,
        url: req.url,
        enabledEvents: req.enabledEvents,
        description: req.description,
      });
      return { endpoint: endpointToWire(row, true) };
    },
    async getEndpoint(req) {
      return { endpoint: endpointToWire(await getEndpoint(deps, req.merchantId, req.livemode, req.endpointId)) };
    },
    async listEndpoints(req) {
      const { items, hasMore } = await listEndpoints(deps, req);
      return { endpoints: items.map((r) => endpointToWire(r)), hasMore };
    },
    async deleteEndpoint(req) {
      return { endpoint: endpointToWire(await deleteEndpoint(deps, req.merchantId, req.livemode, req.endpointId)) };
    },
  };
}

export function deliveryHandlers(deps: Deps): UnaryHandlers<typeof webhookV1.DeliveryServiceService> {
  return {
    async listDeliveries(req) {
      return { deliveries: (await listDeliveries(deps, req)).map(deliveryToWire) };
    },
    async redeliver(req) {
      return { delivery: deliveryToWire(await redeliver(deps, req)) };
    },
  };
}
