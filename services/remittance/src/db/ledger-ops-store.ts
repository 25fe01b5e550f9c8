import { yenFromDb } from '@kessai/platform';
import type { LedgerOp } from '../domain/entities';
import type { Queryable } from './queryable';

/**
 * Ledger calls to make exactly once: written in the transaction of the state
 * change that causes them (intent), executed by a job with the same
 * idempotency key until the ledger answers (the ledger replays a repeat).
 */
export const ledgerOpsStore = {
  async add(q: Queryable, op: LedgerOp, now: Date): Promise<void> {
    await q.query(
      `INSERT INTO remittance.ledger_ops (idempotency_key, livemode, kind, hold_id, merchant_id, amount, description, status, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8) ON CONFLICT (idempotency_key) DO NOTHING`,
      [op.idempotencyKey, op.livemode, op.kind, op.holdId, op.merchantId, op.amount, op.description, now],
    );
  },

  async pending(q: Queryable, limit: number): Promise<LedgerOp[]> {
    const rows: { idempotency_key: string; livemode: boolean; kind: LedgerOp['kind']; hold_id: string | null; merchant_id: string; amount: string; description: string }[] =
      await q.query(`SELECT idempotency_key, livemode, kind, hold_id, merchant_id, amount, description FROM remittance.ledger_ops WHERE status = 'pending' ORDER BY created_at LIMIT $1`, [limit]);
    return rows.map((r) => ({ idempotencyKey: r.idempotency_key, livemode: r.livemode, kind: r.kind, holdId: r.hold_id, merchantId: r.merchant_id, amount: yenFromDb(r.amount), description: r.description }));
  },

  async markDone(q: Queryable, key: string, now: Date): Promise<void> {
    await q.query(`UPDATE remittance.ledger_ops SET status = 'done', done_at = $2, attempts = attempts + 1 WHERE idempotency_key = $1`, [key, now]);
  },

  async markFailed(q: Queryable, key: string, error: string): Promise<void> {
    await q.query(`UPDATE remittance.ledger_ops SET attempts = attempts + 1, last_error = $2 WHERE idempotency_key = $1`, [key, error.slice(0, 500)]);
  },

  async pendingCount(q: Queryable): Promise<number> {
    const rows: { n: number }[] = await q.query(`SELECT count(*)::int AS n FROM remittance.ledger_ops WHERE status = 'pending'`);
    return rows[0].n;
  },
};
