import { webhookV1 } from '@kessai/contracts';
import { DataSource, newId, NotFoundError, UnaryHandlers, ValidationError, type Clock } from '@kessai/platform';
import { createEndpoint, deleteEndpoint, EndpointPolicy, getEndpoint } from '../app/endpoints';
import { inScope } from '../app/tenancy';
import { DELIVERY_COLS, DeliveryRow, ENDPOINT_COLS, EndpointRow, EVENT_COLS, EventRow } from '../db/rows';

const STATUS = { enabled: webhookV1.EndpointStatus.ENDPOINT_STATUS_ENABLED, disabled: webhookV1.EndpointStatus.ENDPOINT_STATUS_DISABLED, deleted: webhookV1.EndpointStatus.ENDPOINT_STATUS_DISABLED };
const DSTATUS = {
  pending: webhookV1.DeliveryStatus.DELIVERY_STATUS_PENDING,
  succeeded: webhookV1.DeliveryStatus.DELIVERY_STATUS_SUCCEEDED,
  failed: webhookV1.DeliveryStatus.DELIVERY_STATUS_FAILED,
};

function endpointToWire(e: EndpointRow, withSecret = false): webhookV1.Endpoint {
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

function eventToWire(e: EventRow): webhookV1.Event {
  return { id: e.id, type: e.type, merchantId: e.merchant_id, livemode: e.livemode, dataJson: JSON.stringify(e.data), createdAt: e.created_at };
}

const pageSize = (limit: number) => {
  if (limit === 0) return 20;
  if (limit < 1 || limit > 100) throw ValidationError.field('limit', 'must be 1..100');
  return limit;
};

export function eventHandlers(db: DataSource): UnaryHandlers<typeof webhookV1.EventServiceService> {
  return {
    async listEvents(req) {
      const limit = pageSize(req.limit);
      const rows: EventRow[] = await db.query(
        // an owner's listing holds its tenants' events too (app/tenancy.ts); account_id narrows it to one of them
        `SELECT ${EVENT_COLS} FROM events WHERE ${inScope('merchant_id', '$1')} AND livemode = $2 AND ($3 = '' OR id < $3) AND ($4 = '' OR type = $4)
            AND ($6 = '' OR merchant_id = $6)
          ORDER BY id DESC LIMIT $5`,
        [req.merchantId, req.livemode, req.startingAfter, req.type, limit + 1, req.accountId],
      );
      return { events: rows.slice(0, limit).map(eventToWire), hasMore: rows.length > limit };
    },
    async getEvent(req) {
      const [row]: EventRow[] = await db.query(`SELECT ${EVENT_COLS} FROM events WHERE id = $1 AND ${inScope('merchant_id', '$2')} AND livemode = $3`, [req.eventId, req.merchantId, req.livemode]);
      if (!row) throw new NotFoundError('event', req.eventId);
      return { event: eventToWire(row) };
    },
  };
}

export function endpointHandlers(db: DataSource, clock: Clock, policy: EndpointPolicy): UnaryHandlers<typeof webhookV1.EndpointServiceService> {
  return {
    async createEndpoint(req) {
      const row = await createEndpoint(db, clock, {
        idempotencyKey: req.idempotencyKey,
        merchantId: req.merchantId,
        livemode: req.livemode,
        url: req.url,
        enabledEvents: req.enabledEvents,
        description: req.description,
      }, policy);
      return { endpoint: endpointToWire(row, true) };
    },
    async getEndpoint(req) {
      return { endpoint: endpointToWire(await getEndpoint(db, req.merchantId, req.livemode, req.endpointId)) };
    },
    async listEndpoints(req) {
      const limit = pageSize(req.limit);
      const rows: EndpointRow[] = await db.query(
        `SELECT ${ENDPOINT_COLS} FROM endpoints WHERE merchant_id = $1 AND livemode = $2 AND status <> 'deleted' AND ($3 = '' OR id < $3)
          ORDER BY id DESC LIMIT $4`,
        [req.merchantId, req.livemode, req.startingAfter, limit + 1],
      );
      return { endpoints: rows.slice(0, limit).map((r) => endpointToWire(r)), hasMore: rows.length > limit };
    },
    async deleteEndpoint(req) {
      return { endpoint: endpointToWire(await deleteEndpoint(db, req.merchantId, req.livemode, req.endpointId)) };
    },
  };
}

async function deliveriesWithAttempts(db: DataSource, rows: DeliveryRow[]): Promise<webhookV1.Delivery[]> {
  if (rows.length === 0) return [];
  const attempts: { delivery_id: string; attempt: number; attempted_at: Date; response_status: number; latency_ms: number; error: string | null }[] = await db.query(
    `SELECT delivery_id, attempt, attempted_at, response_status, latency_ms, error FROM delivery_attempts WHERE delivery_id = ANY($1) ORDER BY attempt`,
    [rows.map((r) => r.id)],
  );
  return rows.map((r) => ({
    id: r.id,
    eventId: r.event_id,
    endpointId: r.endpoint_id,
    status: DSTATUS[r.status],
    nextAttemptAt: r.next_attempt_at ?? undefined,
    attempts: attempts
      .filter((a) => a.delivery_id === r.id)
      .map((a) => ({ attempt: a.attempt, attemptedAt: a.attempted_at, responseStatus: a.response_status, latencyMs: a.latency_ms, error: a.error ?? '' })),
  }));
}

export function deliveryHandlers(db: DataSource, clock: Clock, wake: () => void): UnaryHandlers<typeof webhookV1.DeliveryServiceService> {
  return {
    async listDeliveries(req) {
      await getEndpoint(db, req.merchantId, req.livemode, req.endpointId);
      const rows: DeliveryRow[] = await db.query(
        `SELECT ${DELIVERY_COLS} FROM deliveries WHERE endpoint_id = $1 AND ($2 = '' OR event_id = $2) ORDER BY created_at DESC, id DESC LIMIT 100`,
        [req.endpointId, req.eventId],
      );
      return { deliveries: await deliveriesWithAttempts(db, rows) };
    },
    /** Manual redelivery: a new delivery of the event, due now (the endpoint must be enabled). */
    async redeliver(req) {
      const endpoint = await getEndpoint(db, req.merchantId, req.livemode, req.endpointId);
      const [event]: EventRow[] = await db.query(`SELECT ${EVENT_COLS} FROM events WHERE id = $1 AND ${inScope('merchant_id', '$2')} AND livemode = $3`, [req.eventId, req.merchantId, req.livemode]);
      if (!event) throw new NotFoundError('event', req.eventId);
      if (endpoint.status !== 'enabled') throw ValidationError.field('endpoint', 'is disabled; create a new endpoint to receive events again', 'endpoint_disabled');
      const now = clock.now();
      const id = newId('dlv', now.getTime());
      const [row]: DeliveryRow[] = await db.query(
        `INSERT INTO deliveries (id, event_id, endpoint_id, status, attempts, next_attempt_at, first_due_at, created_at)
         VALUES ($1, $2, $3, 'pending', 0, $4, $4, $4) RETURNING ${DELIVERY_COLS}`,
        [id, event.id, endpoint.id, now],
      );
      wake();
      return { delivery: (await deliveriesWithAttempts(db, [row]))[0] };
    },
  };
}
