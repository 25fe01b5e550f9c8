import { scopeCondition, tenantOfOwner, type MerchantScope } from './merchant-scope';
import type { Queryable } from './queryable';

export interface StatementRow {
  id: string;
  merchantId: string;
  livemode: boolean;
  settlementCycle: string;
  periodStart: string;
  periodClose: string;
  fixDate: string;
  payoutDate: string;
  status: 'open' | 'fixed';
  confirmedCollections: number;
  fees: number;
  consumptionTax: number;
  stampDuty: number;
  payoutFee: number;
  carriedIn: number;
  payoutAmount: number;
  carriedOver: number;
  fixedAt: Date | null;
}

const COLS = `id, merchant_id AS "merchantId", livemode, settlement_cycle AS "settlementCycle", to_char(period_start, 'YYYY-MM-DD') AS "periodStart",
  to_char(period_close, 'YYYY-MM-DD') AS "periodClose", to_char(fix_date, 'YYYY-MM-DD') AS "fixDate", to_char(payout_date, 'YYYY-MM-DD') AS "payoutDate", status,
  confirmed_collections::int AS "confirmedCollections", fees::int AS fees, consumption_tax::int AS "consumptionTax", stamp_duty::int AS "stampDuty",
  payout_fee::int AS "payoutFee", carried_in::int AS "carriedIn", payout_amount::int AS "payoutAmount", carried_over::int AS "carriedOver", fixed_at AS "fixedAt"`;

/** Collection statements (schema `fees`). */
export const statementsStore = {
  async get(q: Queryable, id: string): Promise<StatementRow | null> {
    const rows: StatementRow[] = await q.query(`SELECT ${COLS} FROM statements WHERE id = $1`, [id]);
    return rows[0] ?? null;
  },

  /** Newest close first; `after`: the position after the previous page. An owner's scope may take its tenants' in. */
  async list(q: Queryable, scope: MerchantScope, livemode: boolean, after: { close: string; id: string } | null, limit: number): Promise<StatementRow[]> {
    const args: unknown[] = [livemode, after?.close ?? null, after?.id ?? '', limit];
    return q.query(
      `SELECT ${COLS} FROM statements WHERE livemode = $1 AND ${scopeCondition(scope, args, tenantOfOwner)} AND ($2::date IS NULL OR (period_close, id) < ($2::date, $3))
       ORDER BY period_close DESC, id DESC LIMIT $4`,
      args,
    );
  },
};

/** A merchant and mode with collections or collection fees not yet on a statement, and the earliest day among them. */
export interface OpenAccount {
  merchantId: string;
  livemode: boolean;
  earliest: string;
}

/** What the statement fixing reads and writes (schema `fees`). */
export const fixingStore = {
  async openAccounts(q: Queryable): Promise<OpenAccount[]> {
    return q.query(
      `SELECT merchant_id AS "merchantId", livemode, to_char(min(d), 'YYYY-MM-DD') AS earliest FROM (
         SELECT merchant_id, livemode, paid_on AS d FROM collections WHERE statement_id IS NULL
         UNION ALL
         SELECT merchant_id, livemode, occurred_on FROM fee_items WHERE statement_id IS NULL AND settlement = 'collection') o
       GROUP BY merchant_id, livemode ORDER BY merchant_id, livemode`,
    );
  },

  /** Locks what is open up to the close, so one replica fixes it. */
  async openUpTo(q: Queryable, merchantId: string, livemode: boolean, close: string): Promise<{ collections: number; lines: { kind: string; amount: number; taxable: boolean }[] }> {
    const c: { total: string | null }[] = await q.query(
      `SELECT sum(amount)::text AS total FROM (SELECT amount FROM collections WHERE merchant_id = $1 AND livemode = $2 AND statement_id IS NULL AND paid_on <= $3::date FOR UPDATE) x`,
      [merchantId, livemode, close],
    );
    const lines: { kind: string; amount: number; taxable: boolean }[] = await q.query(
      `SELECT kind, amount::int AS amount, taxable FROM fee_items WHERE merchant_id = $1 AND livemode = $2 AND statement_id IS NULL AND settlement = 'collection' AND occurred_on <= $3::date FOR UPDATE`,
      [merchantId, livemode, close],
    );
    return { collections: Number(c[0]?.total ?? 0), lines };
  },

  /** The close of the last fixed statement ('' without one). */
  async lastClose(q: Queryable, merchantId: string, livemode: boolean): Promise<string> {
    const rows: { close: string }[] = await q.query(
      `SELECT to_char(max(period_close), 'YYYY-MM-DD') AS close FROM statements WHERE merchant_id = $1 AND livemode = $2 AND status = 'fixed'`,
      [merchantId, livemode],
    );
    return rows[0]?.close ?? '';
  },

  /** What the last fixed statement carried over (0 without one). */
  async carriedIn(q: Queryable, merchantId: string, livemode: boolean): Promise<number> {
    const rows: { carried: string }[] = await q.query(
      `SELECT carried_over::text AS carried FROM statements WHERE merchant_id = $1 AND livemode = $2 AND status = 'fixed' ORDER BY period_close DESC LIMIT 1`,
      [merchantId, livemode],
    );
    return Number(rows[0]?.carried ?? 0);
  },

  /** Inserts the fixed statement (false when that period is already fixed) and marks what it settles. */
  async insertFixed(q: Queryable, s: StatementRow): Promise<boolean> {
    const inserted: unknown[] = await q.query(
      `INSERT INTO statements (id, merchant_id, livemode, settlement_cycle, period_start, period_close, fix_date, payout_date, status, confirmed_collections, fees, consumption_tax,
         stamp_duty, payout_fee, carried_in, payout_amount, carried_over, fixed_at)
       VALUES ($1, $2, $3, $4, $5::date, $6::date, $7::date, $8::date, 'fixed', $9, $10, $11, $12, $13, $14, $15, $16, $17)
       ON CONFLICT (merchant_id, livemode, period_close) DO NOTHING RETURNING 1`,
      [s.id, s.merchantId, s.livemode, s.settlementCycle, s.periodStart, s.periodClose, s.fixDate, s.payoutDate, s.confirmedCollections, s.fees, s.consumptionTax,
        s.stampDuty, s.payoutFee, s.carriedIn, s.payoutAmount, s.carriedOver, s.fixedAt],
    );
    if (inserted.length === 0) return false;
    await q.query(`UPDATE collections SET statement_id = $4 WHERE merchant_id = $1 AND livemode = $2 AND statement_id IS NULL AND paid_on <= $3::date`, [s.merchantId, s.livemode, s.periodClose, s.id]);
    await q.query(
      `UPDATE fee_items SET statement_id = $4 WHERE merchant_id = $1 AND livemode = $2 AND statement_id IS NULL AND settlement = 'collection' AND occurred_on <= $3::date`,
      [s.merchantId, s.livemode, s.periodClose, s.id],
    );
    return true;
  },
};
