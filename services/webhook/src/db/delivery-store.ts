import type { DeliveryAttemptRecord, DeliveryRecord, DeliveryStatus, DeliveryWithAttempts, EndpointRecord, EventRecord } from '../domain/records';
import { ENDPOINT_COLS } from './endpoint-store';
import { EVENT_COLS } from './event-store';
import type { Tx } from './tx';

const DELIVERY_COLS = 'id, event_id, endpoint_id, status, attempts, next_attempt_at, first_due_at';

/** A claimed delivery with what its attempt needs: the endpoint and the event (null when gone). */
export interface ReadyDelivery {
  delivery: DeliveryRecord;
  endpoint: EndpointRecord | null;
  event: EventRecord | null;
}

const prefixed = (cols: string, alias: string, prefix: string) =>
  cols.split(',').map((c) => `${alias}.${c.trim()} AS ${prefix}${c.trim()}`).join(', ');

/** The claimed rows of CTE `claimed`, each with its endpoint and event: one statement, no reads after it. */
const READY_SELECT = `SELECT d.*, e.id IS NOT NULL AS endpoint__found, ${prefixed(ENDPOINT_COLS, 'e', 'endpoint__')}, ev.id IS NOT NULL AS event__found, ${prefixed(EVENT_COLS, 'ev', 'event__')}
  FROM claimed d LEFT JOIN endpoints e ON e.id = d.endpoint_id LEFT JOIN events ev ON ev.id = d.event_id`;

function readyFromRow(row: Record<string, unknown>): ReadyDelivery {
  const parts: Record<'delivery' | 'endpoint' | 'event', Record<string, unknown>> = { delivery: {}, endpoint: {}, event: {} };
  for (const [k, v] of Object.entries(row)) {
    const at = k.indexOf('__');
    if (at < 0) parts.delivery[k] = v;
    else parts[k.slice(0, at) as 'endpoint' | 'event'][k.slice(at + 2)] = v;
  }
  const found = (o: Record<string, unknown>) => {
    const { found: yes, ...rest } = o;
    return yes ? rest : null;
  };
  return {
    delivery: parts.delivery as unknown as DeliveryRecord,
    endpoint: found(parts.endpoint) as EndpointRecord | null,
    event: found(parts.event) as EventRecord | null,
  };
}

/**
 * A delivery, due `now`, of the event to every enabled endpoint of the
 * merchant — and of its owner, when it is a tenant — in the same mode that
 * subscribed to its type. Ids are `dlv_<event>_<endpoint>`: never twice.
 */
export async function fanOutDeliveries(tx: Tx, events: { eventId: string; type: string; merchantId: string; livemode: boolean }[], now: Date): Promise<void> {
  if (events.length === 0) return;
  await tx.query(
    `INSERT INTO deliveries (id, event_id, endpoint_id, status, attempts, next_attempt_at, first_due_at, created_at)
     SELECT 'dlv_' || ev.event_id || '_' || e.id, ev.event_id, e.id, 'pending', 0, $5, $5, $5
       FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[]) WITH ORDINALITY AS ev(event_id, type, merchant_id, livemode, n)
       JOIN endpoints e
         ON (e.merchant_id = ev.merchant_id OR e.merchant_id = (SELECT m.owner_id FROM merchants m WHERE m.id = ev.merchant_id))
        AND e.livemode = ev.livemode AND e.status = 'enabled' AND (ev.type = ANY (e.enabled_events) OR '*' = ANY (e.enabled_events))
      ORDER BY ev.n`,
    [events.map((e) => e.eventId), events.map((e) => e.type), events.map((e) => e.merchantId), events.map((e) => e.livemode), now],
  );
}

/**
 * Deliveries of the tenant's events since `since` to the owner's endpoints
 * that existed then (same ids as the fan-out: never twice). Returns how many.
 */
export async function backfillOwnerDeliveries(tx: Tx, tenantId: string, ownerId: string, now: Date, since: Date): Promise<number> {
  const rows: unknown[] = await tx.query(
    `WITH ins AS (
       INSERT INTO deliveries (id, event_id, endpoint_id, status, attempts, next_attempt_at, first_due_at, created_at)
       SELECT 'dlv_' || ev.id || '_' || e.id, ev.id, e.id, 'pending', 0, $3, $3, $3
         FROM events ev
         JOIN endpoints e ON e.merchant_id = $2 AND e.livemode = ev.livemode AND e.status = 'enabled' AND e.created_at <= ev.created_at
                         AND (ev.type = ANY (e.enabled_events) OR '*' = ANY (e.enabled_events))
        WHERE ev.merchant_id = $1 AND ev.created_at >= $4
       ON CONFLICT (id) DO NOTHING
       RETURNING 1)
     SELECT * FROM ins`,
    [tenantId, ownerId, now, since],
  );
  return rows.length;
}

/** A new delivery (manual redelivery), due now. */
export async function insertDelivery(tx: Tx, d: { id: string; eventId: string; endpointId: string }, now: Date): Promise<DeliveryRecord> {
  const [row]: DeliveryRecord[] = await tx.query(
    `INSERT INTO deliveries (id, event_id, endpoint_id, status, attempts, next_attempt_at, first_due_at, created_at)
     VALUES ($1, $2, $3, 'pending', 0, $4, $4, $4) RETURNING ${DELIVERY_COLS}`,
    [d.id, d.eventId, d.endpointId, now],
  );
  return row;
}

/**
 * Claims are counted per endpoint, so dispatchers claim one at a time: this
 * transaction lock (taken before claimDueDeliveries, in the same transaction)
 * makes each claim see every claim committed before it.
 */
export async function lockClaims(tx: Tx): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('webhook.deliveries.claim', 0))`);
}

/** How many of the oldest due deliveries (of endpoints below their limit) a claim ranks. */
const CLAIM_WINDOW = 500;

/**
 * Claims up to `limit` due deliveries until `claimUntil`, oldest due first
 * (each with its endpoint and event, so an attempt reads nothing more),
 * with FOR UPDATE SKIP LOCKED (any number of dispatchers share the work) —
 * and no more per endpoint than makes `perEndpoint` in flight with the
 * deliveries to it already claimed and not yet recorded. Under lockClaims the
 * limit holds across replicas.
 */
export async function claimDueDeliveries(tx: Tx, now: Date, claimUntil: Date, limit: number, perEndpoint: number): Promise<ReadyDelivery[]> {
  const rows: Record<string, unknown>[] = await tx.query(
    // (UPDATE … RETURNING inside a CTE: TypeORM answers a bare UPDATE with [rows, count])
    `WITH busy AS (
       SELECT endpoint_id, count(*)::int AS n FROM deliveries
        WHERE status = 'pending' AND claimed_until IS NOT NULL AND claimed_until >= $1
        GROUP BY endpoint_id),
     candidates AS (
       -- an endpoint already at its limit is left out before the window, so its backlog cannot fill it
       SELECT id, endpoint_id, next_attempt_at FROM deliveries
        WHERE status = 'pending' AND next_attempt_at <= $1 AND (claimed_until IS NULL OR claimed_until < $1)
          AND endpoint_id NOT IN (SELECT endpoint_id FROM busy WHERE n >= $4)
        ORDER BY next_attempt_at LIMIT ${CLAIM_WINDOW}),
     ranked AS (
       SELECT c.id, c.next_attempt_at,
              coalesce(b.n, 0) + row_number() OVER (PARTITION BY c.endpoint_id ORDER BY c.next_attempt_at, c.id) AS slot
         FROM candidates c LEFT JOIN busy b ON b.endpoint_id = c.endpoint_id),
     claimed AS (
       UPDATE deliveries SET claimed_until = $2
        WHERE id IN (SELECT id FROM deliveries
                      WHERE id IN (SELECT id FROM ranked WHERE slot <= $4 ORDER BY next_attempt_at LIMIT $3)
                        AND status = 'pending' AND (claimed_until IS NULL OR claimed_until < $1)
                      FOR UPDATE SKIP LOCKED)
        RETURNING ${DELIVERY_COLS})
     ${READY_SELECT}`,
    [now, claimUntil, limit, perEndpoint],
  );
  return rows.map(readyFromRow);
}

/** A delivery that cannot be attempted (its endpoint or event is gone): failed, nothing planned. */
export async function failDelivery(tx: Tx, id: string): Promise<void> {
  await tx.query(`UPDATE deliveries SET status = 'failed', next_attempt_at = NULL, claimed_until = NULL WHERE id = $1`, [id]);
}

/** Every pending delivery to the endpoint fails (it was disabled or deleted). */
export async function failPendingDeliveries(tx: Tx, endpointId: string): Promise<void> {
  await tx.query(`UPDATE deliveries SET status = 'failed', next_attempt_at = NULL WHERE endpoint_id = $1 AND status = 'pending'`, [endpointId]);
}

type AttemptOutcome = Omit<DeliveryAttemptRecord, 'delivery_id'> & { deliveryId: string; status: DeliveryStatus; nextAttemptAt: Date | null };

/** One attempt in the log, and the delivery's new state (released from its claim). */
export async function recordAttempt(tx: Tx, a: AttemptOutcome): Promise<void> {
  // one statement (atomic on its own: the dispatcher needs no transaction around it unless it disables the endpoint)
  await tx.query(
    `WITH attempt AS (
       INSERT INTO delivery_attempts (delivery_id, attempt, attempted_at, response_status, latency_ms, error) VALUES ($1, $3, $5, $6, $7, $8))
     UPDATE deliveries SET status = $2, attempts = $3, next_attempt_at = $4, claimed_until = NULL WHERE id = $1`,
    attemptParams(a),
  );
}

/**
 * recordAttempt, and in the same statement the delivery's slot handed to the
 * oldest due delivery to the same endpoint (claimed until `claimUntil`), if
 * there is one, answered with its endpoint and event. The endpoint's count in flight does not change — one claim
 * released, one taken, in one commit — so no other claim can see it over the
 * limit and the claims lock is not needed; and a busy endpoint's slot goes on
 * without waiting for the dispatcher's next claim (docs/events.md#the-delivery).
 */
export async function recordAttemptAndHandOver(tx: Tx, a: AttemptOutcome, endpointId: string, now: Date, claimUntil: Date): Promise<ReadyDelivery | undefined> {
  const rows: Record<string, unknown>[] = await tx.query(
    `WITH attempt AS (
       INSERT INTO delivery_attempts (delivery_id, attempt, attempted_at, response_status, latency_ms, error) VALUES ($1, $3, $5, $6, $7, $8)),
     done AS (
       UPDATE deliveries SET status = $2, attempts = $3, next_attempt_at = $4, claimed_until = NULL WHERE id = $1),
     claimed AS (
       UPDATE deliveries SET claimed_until = $11
        WHERE id = (SELECT id FROM deliveries
                     WHERE endpoint_id = $9 AND id <> $1 AND status = 'pending' AND next_attempt_at <= $10
                       AND (claimed_until IS NULL OR claimed_until < $10)
                     ORDER BY next_attempt_at LIMIT 1
                     FOR UPDATE SKIP LOCKED)
        RETURNING ${DELIVERY_COLS})
     ${READY_SELECT}`,
    [...attemptParams(a), endpointId, now, claimUntil],
  );
  return rows[0] ? readyFromRow(rows[0]) : undefined;
}

function attemptParams(a: AttemptOutcome): unknown[] {
  return [a.deliveryId, a.status, a.attempt, a.nextAttemptAt, a.attempted_at, a.response_status, a.latency_ms, a.error];
}

/** Newest first, at most `limit`; `eventId` '' = of every event. */
export async function listDeliveries(tx: Tx, endpointId: string, eventId: string, limit: number): Promise<DeliveryRecord[]> {
  return tx.query(
    `SELECT ${DELIVERY_COLS} FROM deliveries WHERE endpoint_id = $1 AND ($2 = '' OR event_id = $2) ORDER BY created_at DESC, id DESC LIMIT $3`,
    [endpointId, eventId, limit],
  );
}

/** The deliveries with their attempt logs (oldest attempt first). */
export async function withAttempts(tx: Tx, rows: DeliveryRecord[]): Promise<DeliveryWithAttempts[]> {
  if (rows.length === 0) return [];
  const attempts: DeliveryAttemptRecord[] = await tx.query(
    `SELECT delivery_id, attempt, attempted_at, response_status, latency_ms, error FROM delivery_attempts WHERE delivery_id = ANY($1) ORDER BY attempt`,
    [rows.map((r) => r.id)],
  );
  return rows.map((r) => ({ ...r, attempt_log: attempts.filter((a) => a.delivery_id === r.id) }));
}
