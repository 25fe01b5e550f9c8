import { yenFromDb } from '@kessai/platform';
import type { Hold } from '../domain/hold';
import type { Queryable } from './queryable';

export type HoldMovementKind = 'created' | 'captured' | 'released';

/** Holds and their movements (the movements make the held amount at any instant recomputable). */
export const holdsStore = {
  async insert(q: Queryable, hold: Hold): Promise<void> {
    await q.query(
      `INSERT INTO ledger.holds (id, livemode, account_id, merchant_id, amount, reference, description, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [hold.id, hold.livemode, hold.accountId, hold.merchantId, hold.amount, hold.reference, hold.description, hold.createdAt.toISOString(), hold.updatedAt.toISOString()],
    );
  },

  async find(q: Queryable, livemode: boolean, holdId: string): Promise<Hold | undefined> {
    const rows = await q.query(`SELECT * FROM ledger.holds WHERE id = $1 AND livemode = $2`, [holdId, livemode]);
    return rows.length ? holdFromRow(rows[0]) : undefined;
  },

  /** The hold, locked until the transaction ends (captures and releases of one hold queue up). */
  async lock(q: Queryable, livemode: boolean, holdId: string): Promise<Hold | undefined> {
    const rows = await q.query(`SELECT * FROM ledger.holds WHERE id = $1 AND livemode = $2 FOR UPDATE`, [holdId, livemode]);
    return rows.length ? holdFromRow(rows[0]) : undefined;
  },

  async saveAmounts(q: Queryable, hold: Hold): Promise<void> {
    await q.query(`UPDATE ledger.holds SET captured = $2, released = $3, updated_at = $4 WHERE id = $1`, [hold.id, hold.captured, hold.released, hold.updatedAt.toISOString()]);
  },

  async addMovement(q: Queryable, hold: Hold, kind: HoldMovementKind, amount: number, transactionId: string | null, at: Date): Promise<void> {
    await q.query(`INSERT INTO ledger.hold_movements (hold_id, account_id, kind, amount, transaction_id, at) VALUES ($1, $2, $3, $4, $5, $6)`, [
      hold.id,
      hold.accountId,
      kind,
      amount,
      transactionId,
      at.toISOString(),
    ]);
  },
};

function holdFromRow(r: Record<string, unknown>): Hold {
  return {
    id: r.id as string,
    livemode: r.livemode as boolean,
    accountId: r.account_id as string,
    merchantId: r.merchant_id as string,
    amount: yenFromDb(r.amount as string),
    captured: yenFromDb(r.captured as string),
    released: yenFromDb(r.released as string),
    reference: r.reference as string,
    description: r.description as string,
    createdAt: new Date(r.created_at as string),
    updatedAt: new Date(r.updated_at as string),
  };
}
