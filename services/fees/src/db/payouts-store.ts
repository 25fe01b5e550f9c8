import { returnedRows } from '@kessai/platform';
import type { PayoutAccount, PayoutState } from '../domain/payout';
import type { Queryable } from './queryable';

export interface PayoutRow {
  id: string;
  statementId: string;
  merchantId: string;
  livemode: boolean;
  amount: number;
  payoutDate: string;
  state: PayoutState;
  waitingReason: string;
  account: PayoutAccount | null;
  transferId: string | null;
  executionDate: string | null;
  failureCode: string;
  returnedStatementId: string | null;
  createdAt: Date;
  submittedAt: Date | null;
  settledAt: Date | null;
  updatedAt: Date;
  /** the statement's ledger transaction ('' until posted) */
  statementTransactionId: string;
}

const COLS = `p.id, p.statement_id AS "statementId", p.merchant_id AS "merchantId", p.livemode, p.amount::int AS amount, to_char(p.payout_date, 'YYYY-MM-DD') AS "payoutDate",
  p.state, p.waiting_reason AS "waitingReason", p.account, p.transfer_id AS "transferId", to_char(p.execution_date, 'YYYY-MM-DD') AS "executionDate", p.failure_code AS "failureCode",
  p.returned_statement_id AS "returnedStatementId", p.created_at AS "createdAt", p.submitted_at AS "submittedAt", p.settled_at AS "settledAt", p.updated_at AS "updatedAt",
  coalesce(s.ledger_transaction_id, '') AS "statementTransactionId"`;
const FROM = `payouts p JOIN statements s ON s.id = p.statement_id`;

/** Statement payouts (schema `fees`). */
export const payoutsStore = {
  async insert(q: Queryable, p: { id: string; statementId: string; merchantId: string; livemode: boolean; amount: number; payoutDate: string; now: Date }): Promise<void> {
    await q.query(
      `INSERT INTO payouts (id, statement_id, merchant_id, livemode, amount, payout_date, state, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6::date, 'scheduled', $7, $7)`,
      [p.id, p.statementId, p.merchantId, p.livemode, p.amount, p.payoutDate, p.now],
    );
  },

  async get(q: Queryable, id: string): Promise<PayoutRow | null> {
    const rows: PayoutRow[] = await q.query(`SELECT ${COLS} FROM ${FROM} WHERE p.id = $1`, [id]);
    return rows[0] ?? null;
  },

  /** Newest payout date first; `after`: the position after the previous page. */
  async list(q: Queryable, merchantId: string, livemode: boolean, state: string, after: { date: string; id: string } | null, limit: number): Promise<PayoutRow[]> {
    return q.query(
      `SELECT ${COLS} FROM ${FROM} WHERE p.merchant_id = $1 AND p.livemode = $2 AND ($3 = '' OR p.state = $3)
         AND ($4::date IS NULL OR (p.payout_date, p.id) < ($4::date, $5)) ORDER BY p.payout_date DESC, p.id DESC LIMIT $6`,
      [merchantId, livemode, state, after?.date ?? null, after?.id ?? '', limit],
    );
  },

  /** Scheduled payouts due by `horizon` whose statement is on the ledger (the money is in transit there before it leaves). */
  async toSubmit(q: Queryable, horizon: string, limit: number): Promise<PayoutRow[]> {
    return q.query(
      `SELECT ${COLS} FROM ${FROM} WHERE p.state = 'scheduled' AND p.payout_date <= $1::date AND s.ledger_transaction_id IS NOT NULL ORDER BY p.payout_date, p.id LIMIT $2`,
      [horizon, limit],
    );
  },

  async setWaiting(q: Queryable, id: string, reason: string, now: Date): Promise<void> {
    await q.query(`UPDATE payouts SET waiting_reason = $2, updated_at = $3 WHERE id = $1 AND state = 'scheduled' AND waiting_reason <> $2`, [id, reason, now]);
  },

  /** scheduled → submitted (false when it was not scheduled any more). */
  async markSubmitted(q: Queryable, id: string, t: { transferId: string; executionDate: string; account: PayoutAccount; now: Date }): Promise<boolean> {
    const rows = returnedRows(await q.query(
      `UPDATE payouts SET state = 'submitted', waiting_reason = '', transfer_id = $2, execution_date = $3::date, account = $4::jsonb, submitted_at = $5, updated_at = $5
        WHERE id = $1 AND state = 'scheduled' RETURNING 1`,
      [id, t.transferId, t.executionDate, JSON.stringify(t.account), t.now],
    ));
    return rows.length > 0;
  },

  /** The payout of a remittance transfer, locked. */
  async byTransfer(q: Queryable, transferId: string): Promise<PayoutRow | null> {
    const rows: PayoutRow[] = await q.query(`SELECT ${COLS} FROM ${FROM} WHERE p.transfer_id = $1 FOR UPDATE OF p`, [transferId]);
    return rows[0] ?? null;
  },

  /**
   * The payout of a statement not yet settled, locked: a transfer's result
   * may come before its id was recorded (a crash between the submission and
   * its record, and the bank executed it before the next run).
   */
  async unsettledOfStatement(q: Queryable, statementId: string): Promise<PayoutRow | null> {
    const rows: PayoutRow[] = await q.query(`SELECT ${COLS} FROM ${FROM} WHERE p.statement_id = $1 AND p.state IN ('scheduled', 'submitted') FOR UPDATE OF p`, [statementId]);
    return rows[0] ?? null;
  },

  /** Records the transfer a result names on a payout that did not have it yet. */
  async adoptTransfer(q: Queryable, id: string, transferId: string, executionDate: string, now: Date): Promise<void> {
    await q.query(
      `UPDATE payouts SET state = 'submitted', waiting_reason = '', transfer_id = $2, execution_date = nullif($3, '')::date, submitted_at = coalesce(submitted_at, $4), updated_at = $4
        WHERE id = $1 AND state IN ('scheduled', 'submitted') AND (transfer_id IS NULL OR transfer_id = $2)`,
      [id, transferId, executionDate, now],
    );
  },

  /** submitted → paid | failed. */
  async settle(q: Queryable, id: string, state: 'paid' | 'failed', failureCode: string, now: Date): Promise<void> {
    await q.query(`UPDATE payouts SET state = $2, failure_code = $3, settled_at = $4, updated_at = $4 WHERE id = $1 AND state = 'submitted'`, [id, state, failureCode, now]);
  },

  /** The merchant's failed payouts, locked (waiting for a corrected payout account). */
  async failed(q: Queryable, merchantId: string): Promise<PayoutRow[]> {
    return q.query(`SELECT ${COLS} FROM ${FROM} WHERE p.merchant_id = $1 AND p.state = 'failed' FOR UPDATE OF p`, [merchantId]);
  },

  /** failed → returned: the amount goes on the merchant's next statement. */
  async markReturned(q: Queryable, id: string, now: Date): Promise<void> {
    await q.query(`UPDATE payouts SET state = 'returned', updated_at = $2 WHERE id = $1 AND state = 'failed'`, [id, now]);
  },

  /** What returned payouts not yet on a statement add up to (locked). */
  async returnedOpen(q: Queryable, merchantId: string, livemode: boolean): Promise<{ total: number }> {
    const rows: { amount: string }[] = await q.query(
      `SELECT amount::text FROM payouts WHERE merchant_id = $1 AND livemode = $2 AND state = 'returned' AND returned_statement_id IS NULL FOR UPDATE`,
      [merchantId, livemode],
    );
    return { total: rows.reduce((s, r) => s + Number(r.amount), 0) };
  },

  /** The returned payouts go on this statement (`returned_in`: their total, part of its carried_in). */
  async attachReturned(q: Queryable, merchantId: string, livemode: boolean, statementId: string, total: number): Promise<void> {
    await q.query(`UPDATE payouts SET returned_statement_id = $3 WHERE merchant_id = $1 AND livemode = $2 AND state = 'returned' AND returned_statement_id IS NULL`, [merchantId, livemode, statementId]);
    await q.query(`UPDATE statements SET returned_in = $2 WHERE id = $1`, [statementId, total]);
  },
};
