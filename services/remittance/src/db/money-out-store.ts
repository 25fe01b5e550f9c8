import { yenFromDb } from '@kessai/platform';
import type { DepositRefund, Reversal } from '../domain/entities';
import type { Queryable } from './queryable';

interface ReversalRow {
  id: string;
  livemode: boolean;
  merchant_id: string;
  transfer_id: string;
  amount: string;
  status: Reversal['status'];
  requested_at: Date | null;
  created_at: Date;
  completed_at: Date | null;
}

function reversalFromRow(r: ReversalRow): Reversal {
  return {
    id: r.id, livemode: r.livemode, merchantId: r.merchant_id, transferId: r.transfer_id, amount: yenFromDb(r.amount), status: r.status,
    requestedAt: r.requested_at, createdAt: r.created_at, completedAt: r.completed_at,
  };
}

/** Deposit refunds and reversals (組戻し). */
export const moneyOutStore = {
  async insertRefund(q: Queryable, r: DepositRefund): Promise<void> {
    await q.query(`INSERT INTO remittance.deposit_refunds (id, livemode, merchant_id, amount, hold_id, transfer_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      r.id, r.livemode, r.merchantId, r.amount, r.holdId, r.transferId, r.createdAt,
    ]);
  },

  async refund(q: Queryable, id: string): Promise<DepositRefund | undefined> {
    const rows: { id: string; livemode: boolean; merchant_id: string; amount: string; hold_id: string; transfer_id: string; created_at: Date }[] = await q.query(
      `SELECT id, livemode, merchant_id, amount, hold_id, transfer_id, created_at FROM remittance.deposit_refunds WHERE id = $1`,
      [id],
    );
    const r = rows[0];
    return r ? { id: r.id, livemode: r.livemode, merchantId: r.merchant_id, amount: yenFromDb(r.amount), holdId: r.hold_id, transferId: r.transfer_id, createdAt: r.created_at } : undefined;
  },

  /** One merchant's refunds, newest first (ids are time-ordered), after `startingAfter` (docs/pagination.md). */
  async refunds(q: Queryable, f: { livemode: boolean; merchantId: string; startingAfter?: string; limit: number }): Promise<DepositRefund[]> {
    const params: unknown[] = [f.livemode, f.merchantId];
    let after = '';
    if (f.startingAfter) {
      params.push(f.startingAfter);
      after = `AND id < $${params.length}`;
    }
    params.push(f.limit);
    const rows: { id: string; livemode: boolean; merchant_id: string; amount: string; hold_id: string; transfer_id: string; created_at: Date }[] = await q.query(
      `SELECT id, livemode, merchant_id, amount, hold_id, transfer_id, created_at FROM remittance.deposit_refunds
       WHERE livemode = $1 AND merchant_id = $2 ${after} ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({ id: r.id, livemode: r.livemode, merchantId: r.merchant_id, amount: yenFromDb(r.amount), holdId: r.hold_id, transferId: r.transfer_id, createdAt: r.created_at }));
  },

  async insertReversal(q: Queryable, r: Reversal): Promise<void> {
    await q.query(`INSERT INTO remittance.reversals (id, livemode, merchant_id, transfer_id, amount, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      r.id, r.livemode, r.merchantId, r.transferId, r.amount, r.status, r.createdAt,
    ]);
  },

  async reversal(q: Queryable, id: string, lock = false): Promise<Reversal | undefined> {
    const rows: ReversalRow[] = await q.query(`SELECT * FROM remittance.reversals WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
    return rows[0] ? reversalFromRow(rows[0]) : undefined;
  },

  async reversalOfTransfer(q: Queryable, transferId: string): Promise<Reversal | undefined> {
    const rows: ReversalRow[] = await q.query(`SELECT * FROM remittance.reversals WHERE transfer_id = $1`, [transferId]);
    return rows[0] ? reversalFromRow(rows[0]) : undefined;
  },

  async reversalsToRequest(q: Queryable): Promise<string[]> {
    const rows: { id: string }[] = await q.query(`SELECT id FROM remittance.reversals WHERE status = 'requested' AND requested_at IS NULL ORDER BY created_at`);
    return rows.map((r) => r.id);
  },

  async markReversalRequested(q: Queryable, id: string, now: Date): Promise<void> {
    await q.query(`UPDATE remittance.reversals SET requested_at = $2 WHERE id = $1`, [id, now]);
  },

  async saveReversal(q: Queryable, r: Reversal): Promise<void> {
    await q.query(`UPDATE remittance.reversals SET status = $2, completed_at = $3 WHERE id = $1`, [r.id, r.status, r.completedAt]);
  },
};
