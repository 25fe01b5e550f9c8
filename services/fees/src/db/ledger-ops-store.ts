import { returnedRows } from '@kessai/platform';
import type { LedgerPosting } from '../domain/ledger-postings';
import type { Queryable } from './queryable';

/** A ledger transaction to post exactly once (the key is the ledger's idempotency key). */
export interface LedgerOp {
  idempotencyKey: string;
  livemode: boolean;
  merchantId: string;
  kind: string;
  description: string;
  postings: LedgerPosting[];
  metadata: Record<string, string>;
  statementId: string | null;
  payoutId: string | null;
}

/**
 * Ledger transactions to post (schema `fees`): written in the transaction of
 * the state change that causes them, posted by the job fees.ledger-ops with
 * the same key until the ledger answers (the ledger replays a repeat).
 */
export const ledgerOpsStore = {
  async add(q: Queryable, op: LedgerOp, now: Date): Promise<void> {
    await q.query(
      `INSERT INTO ledger_ops (idempotency_key, livemode, merchant_id, kind, description, postings, metadata, statement_id, payout_id, status, created_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, 'pending', $10) ON CONFLICT (idempotency_key) DO NOTHING`,
      [op.idempotencyKey, op.livemode, op.merchantId, op.kind, op.description, JSON.stringify(op.postings), JSON.stringify(op.metadata), op.statementId, op.payoutId, now],
    );
  },

  async pending(q: Queryable, limit: number): Promise<LedgerOp[]> {
    return q.query(
      `SELECT idempotency_key AS "idempotencyKey", livemode, merchant_id AS "merchantId", kind, description, postings, metadata, statement_id AS "statementId", payout_id AS "payoutId"
         FROM ledger_ops WHERE status = 'pending' ORDER BY created_at, idempotency_key LIMIT $1`,
      [limit],
    );
  },

  /** Done: the ledger's transaction id on the op, and on the statement it posts. */
  async markDone(q: Queryable, key: string, transactionId: string, now: Date): Promise<void> {
    const rows = returnedRows<{ statement_id: string | null; kind: string }>(await q.query(
      `UPDATE ledger_ops SET status = 'done', done_at = $3, attempts = attempts + 1, transaction_id = $2 WHERE idempotency_key = $1 RETURNING statement_id, kind`,
      [key, transactionId, now],
    ));
    const op = rows[0];
    if (op?.statement_id && op.kind === 'statement.fixed') {
      await q.query(`UPDATE statements SET ledger_transaction_id = $2 WHERE id = $1`, [op.statement_id, transactionId]);
    }
  },

  async markFailed(q: Queryable, key: string, error: string): Promise<void> {
    await q.query(`UPDATE ledger_ops SET attempts = attempts + 1, last_error = $2 WHERE idempotency_key = $1`, [key, error.slice(0, 500)]);
  },
};
