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

/** A merchant and mode with collections, collection fees or returned payouts not yet on a statement, and the earliest day among them. */
export interface OpenAccount {
  merchantId: string;
  livemode: boolean;
  earliest: string;
}

/** What a statement settles: the open collections and collection fee items up to its close, each with the merchant (owner or tenant) it came from. */
export interface OpenItems {
  collections: { paymentId: string; merchantId: string; amount: number }[];
  lines: { id: string; merchantId: string; kind: string; amount: number; taxable: boolean }[];
}

/** A statement's figures of one merchant on it (the owner or a tenant settled through it). */
export interface StatementTenantRow {
  statementId: string;
  merchantId: string;
  confirmedCollections: number;
  collectionCount: number;
  fees: number;
  stampDuty: number;
}

// The statement a collection or fee item goes on: its merchant's, or its owner's for a tenant
// without a payout account of its own (fees.settles_to, migration 1765400000101).
const SETTLES_TO = `settles_to(merchant_id, owner_id)`;
const OF_STATEMENT = `(merchant_id = $1 OR owner_id = $1) AND ${SETTLES_TO} = $1`;

/** What the statement fixing reads and writes (schema `fees`). */
export const fixingStore = {
  async openAccounts(q: Queryable): Promise<OpenAccount[]> {
    return q.query(
      `SELECT m AS "merchantId", livemode, to_char(min(d), 'YYYY-MM-DD') AS earliest FROM (
         SELECT ${SETTLES_TO} AS m, livemode, paid_on AS d FROM collections WHERE statement_id IS NULL
         UNION ALL
         SELECT ${SETTLES_TO}, livemode, occurred_on FROM fee_items WHERE statement_id IS NULL AND settlement = 'collection'
         UNION ALL
         SELECT merchant_id, livemode, (updated_at AT TIME ZONE 'Asia/Tokyo')::date FROM payouts WHERE state = 'returned' AND returned_statement_id IS NULL) o
       GROUP BY m, livemode ORDER BY m, livemode`,
    );
  },

  /** Locks what is open up to the close for the merchant's statement (its tenants' without an own payout account included), so one replica fixes it. */
  async openUpTo(q: Queryable, merchantId: string, livemode: boolean, close: string): Promise<OpenItems> {
    const collections: { paymentId: string; merchantId: string; amount: string }[] = await q.query(
      `SELECT payment_id AS "paymentId", merchant_id AS "merchantId", amount::text FROM collections
        WHERE ${OF_STATEMENT} AND livemode = $2 AND statement_id IS NULL AND paid_on <= $3::date ORDER BY payment_id FOR UPDATE`,
      [merchantId, livemode, close],
    );
    const lines: OpenItems['lines'] = await q.query(
      `SELECT id, merchant_id AS "merchantId", kind, amount::int AS amount, taxable FROM fee_items
        WHERE ${OF_STATEMENT} AND livemode = $2 AND statement_id IS NULL AND settlement = 'collection' AND occurred_on <= $3::date ORDER BY id FOR UPDATE`,
      [merchantId, livemode, close],
    );
    return { collections: collections.map((c) => ({ ...c, amount: Number(c.amount) })), lines };
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

  /** Inserts the fixed statement (false when that period is already fixed) and marks what it settles (the rows openUpTo locked). */
  async insertFixed(q: Queryable, s: StatementRow, items: OpenItems): Promise<boolean> {
    const inserted: unknown[] = await q.query(
      `INSERT INTO statements (id, merchant_id, livemode, settlement_cycle, period_start, period_close, fix_date, payout_date, status, confirmed_collections, fees, consumption_tax,
         stamp_duty, payout_fee, carried_in, payout_amount, carried_over, fixed_at)
       VALUES ($1, $2, $3, $4, $5::date, $6::date, $7::date, $8::date, 'fixed', $9, $10, $11, $12, $13, $14, $15, $16, $17)
       ON CONFLICT (merchant_id, livemode, period_close) DO NOTHING RETURNING 1`,
      [s.id, s.merchantId, s.livemode, s.settlementCycle, s.periodStart, s.periodClose, s.fixDate, s.payoutDate, s.confirmedCollections, s.fees, s.consumptionTax,
        s.stampDuty, s.payoutFee, s.carriedIn, s.payoutAmount, s.carriedOver, s.fixedAt],
    );
    if (inserted.length === 0) return false;
    await q.query(`UPDATE collections SET statement_id = $1 WHERE livemode = $2 AND payment_id = ANY($3::text[])`, [s.id, s.livemode, items.collections.map((c) => c.paymentId)]);
    await q.query(`UPDATE fee_items SET statement_id = $1 WHERE id = ANY($2::text[])`, [s.id, items.lines.map((l) => l.id)]);
    return true;
  },

  async insertTenants(q: Queryable, rows: StatementTenantRow[]): Promise<void> {
    for (const r of rows) {
      await q.query(
        `INSERT INTO statement_tenants (statement_id, merchant_id, confirmed_collections, collection_count, fees, stamp_duty) VALUES ($1, $2, $3, $4, $5, $6)`,
        [r.statementId, r.merchantId, r.confirmedCollections, r.collectionCount, r.fees, r.stampDuty],
      );
    }
  },

  /** A statement's per-merchant figures, by merchant id, after `afterMerchant`. */
  async tenants(q: Queryable, statementId: string, afterMerchant: string, limit: number): Promise<StatementTenantRow[]> {
    return q.query(
      `SELECT statement_id AS "statementId", merchant_id AS "merchantId", confirmed_collections::int AS "confirmedCollections", collection_count AS "collectionCount",
              fees::int AS fees, stamp_duty::int AS "stampDuty"
         FROM statement_tenants WHERE statement_id = $1 AND merchant_id > $2 ORDER BY merchant_id LIMIT $3`,
      [statementId, afterMerchant, limit],
    );
  },
};
