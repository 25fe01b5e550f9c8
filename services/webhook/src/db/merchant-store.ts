import type { Tx } from './tx';

/**
 * A tenant's event and its owner becoming known may commit concurrently; each
 * would miss the other (the fan-out sees no owner yet, the backfill no event
 * yet). Recording an event holds this lock shared, learning an owner exclusive.
 */
export async function lockMerchant(tx: Tx, merchantId: string, mode: 'shared' | 'exclusive'): Promise<void> {
  const fn = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
  await tx.query(`SELECT ${fn}(hashtextextended('webhook.merchant:' || $1, 0))`, [merchantId]);
}

/** Shared locks on several merchants in one statement, in id order (a batch of public events). */
export async function lockMerchantsShared(tx: Tx, merchantIds: string[]): Promise<void> {
  const ids = [...new Set(merchantIds)].sort();
  if (ids.length === 0) return;
  await tx.query(
    `SELECT pg_advisory_xact_lock_shared(hashtextextended('webhook.merchant:' || m.id, 0))
       FROM (SELECT id FROM unnest($1::text[]) WITH ORDINALITY AS u(id, n) ORDER BY n) m`,
    [ids],
  );
}

/** Records a merchant's owner (null: none); true when that changed what was known. */
export async function recordMerchantOwner(tx: Tx, merchantId: string, ownerId: string | null, now: Date): Promise<boolean> {
  const changed: unknown[] = await tx.query(
    `WITH u AS (
       INSERT INTO merchants (id, owner_id, recorded_at) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET owner_id = EXCLUDED.owner_id, recorded_at = EXCLUDED.recorded_at
        WHERE merchants.owner_id IS DISTINCT FROM EXCLUDED.owner_id
       RETURNING 1)
     SELECT * FROM u`,
    [merchantId, ownerId, now],
  );
  return changed.length > 0;
}
