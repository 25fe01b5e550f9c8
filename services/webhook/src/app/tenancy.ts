import { gatewayEventsV1 } from '@kessai/contracts';
import type { EntityManager, EventHandler, Clock } from '@kessai/platform';

/**
 * The tenancy rule for public events: an owner sees all of its tenants, a
 * tenant only itself.
 *
 * Who owns whom comes from the gateway's `gateway.merchant.created/updated`
 * events, kept in `merchants`, rather than from a MerchantService.GetMerchant
 * call per event: the inbox handlers then never wait on (or fail with) the
 * gateway, and ownership is a join in the same transaction as the fan-out and
 * the listing. The relation cannot change (a merchant's owner is fixed at
 * creation), the consumer replays the stream from its start, and if a tenant's
 * event is recorded before its merchant event arrives, learning the owner
 * backfills the owner's deliveries (`backfillOwnerDeliveries`), so the order of
 * the two streams does not matter. Merchants are not per mode; endpoints and
 * events are, and the joins keep test and live apart.
 */
export const MERCHANT_SOURCES = ['gateway.merchant.created', 'gateway.merchant.updated'] as const;

/** SQL: `col` is `$n` or one of `$n`'s tenants. */
export const inScope = (col: string, param: string) => `(${col} = ${param} OR ${col} IN (SELECT m.id FROM merchants m WHERE m.owner_id = ${param}))`;

/** A tenant's events recorded before its owner was known get deliveries to the owner's endpoints: only this recent. */
const BACKFILL_WINDOW_MS = 3 * 24 * 3600_000;

/**
 * A tenant's event and its owner becoming known may commit concurrently; each
 * would miss the other (the fan-out sees no owner yet, the backfill no event
 * yet). Recording an event holds this lock shared, learning an owner exclusive.
 */
export async function lockMerchant(tx: Pick<EntityManager, 'query'>, merchantId: string, mode: 'shared' | 'exclusive'): Promise<void> {
  const fn = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
  await tx.query(`SELECT ${fn}(hashtextextended('webhook.merchant:' || $1, 0))`, [merchantId]);
}

export function merchantHandler(clock: Clock, wake: () => void): EventHandler {
  return async ({ envelope }, tx) => {
    const decoded = envelope.type === 'gateway.merchant.created' ? gatewayEventsV1.MerchantCreated.decode(envelope.payload) : gatewayEventsV1.MerchantUpdated.decode(envelope.payload);
    const m = decoded.merchant;
    if (!m?.id) return;
    const owner = m.ownerId || null;
    await lockMerchant(tx, m.id, 'exclusive');
    const changed: unknown[] = await tx.query(
      `WITH u AS (
         INSERT INTO merchants (id, owner_id, recorded_at) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET owner_id = EXCLUDED.owner_id, recorded_at = EXCLUDED.recorded_at
          WHERE merchants.owner_id IS DISTINCT FROM EXCLUDED.owner_id
         RETURNING 1)
       SELECT * FROM u`,
      [m.id, owner, clock.now()],
    );
    if (changed.length && owner) {
      const added = await backfillOwnerDeliveries(tx, clock, m.id, owner);
      if (added) setTimeout(wake, 5).unref();
    }
  };
}

/** Deliveries of the tenant's recent events to the owner's endpoints that existed then (same ids as the fan-out: never twice). */
export async function backfillOwnerDeliveries(tx: Pick<EntityManager, 'query'>, clock: Clock, tenantId: string, ownerId: string): Promise<number> {
  const now = clock.now();
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
    [tenantId, ownerId, now, new Date(now.getTime() - BACKFILL_WINDOW_MS)],
  );
  return rows.length;
}
