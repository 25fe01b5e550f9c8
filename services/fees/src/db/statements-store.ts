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

  /** Newest close first; `beforeClose`/`beforeId`: the position after the previous page. */
  async list(q: Queryable, merchantId: string, livemode: boolean, after: { close: string; id: string } | null, limit: number): Promise<StatementRow[]> {
    return q.query(
      `SELECT ${COLS} FROM statements WHERE merchant_id = $1 AND livemode = $2 AND ($3::date IS NULL OR (period_close, id) < ($3::date, $4))
       ORDER BY period_close DESC, id DESC LIMIT $5`,
      [merchantId, livemode, after?.close ?? null, after?.id ?? '', limit],
    );
  },
};
