import type { CauseType, FeeItemDraft, Settlement } from '../domain/accrual';
import type { FeeKind } from '../domain/schedule';
import { scopeCondition, type MerchantScope } from './merchant-scope';
import type { Queryable } from './queryable';

export interface FeeItemRow {
  id: string;
  merchantId: string;
  ownerId: string;
  livemode: boolean;
  kind: FeeKind;
  amount: number;
  taxable: boolean;
  causeType: CauseType;
  causeId: string;
  eventId: string;
  eventType: string;
  occurredOn: string;
  accruedAt: Date;
  settlement: Settlement;
  statementId: string | null;
}

const COLS = `id, merchant_id AS "merchantId", owner_id AS "ownerId", livemode, kind, amount::int AS amount, taxable, cause_type AS "causeType", cause_id AS "causeId",
  event_id AS "eventId", event_type AS "eventType", to_char(occurred_on, 'YYYY-MM-DD') AS "occurredOn", accrued_at AS "accruedAt", settlement, statement_id AS "statementId"`;

export interface FeeItemFilter extends MerchantScope {
  livemode: boolean;
  kind?: string;
  causeId?: string;
  fromDate?: string;
  toDate?: string;
  /** ids below this one (newest first) */
  before?: string;
  limit: number;
}

/** Fee items (schema `fees`). */
export const feeItemsStore = {
  /** Inserts unless an item with the same cause exists (same livemode and dedupe key); the row when inserted. */
  async insert(q: Queryable, row: Omit<FeeItemRow, 'statementId'> & Pick<FeeItemDraft, 'dedupeKey'>): Promise<FeeItemRow | null> {
    const rows: FeeItemRow[] = await q.query(
      `INSERT INTO fee_items (id, merchant_id, owner_id, livemode, kind, amount, taxable, cause_type, cause_id, event_id, event_type, occurred_on, accrued_at, settlement, dedupe_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::date, $13, $14, $15)
       ON CONFLICT (livemode, dedupe_key) DO NOTHING RETURNING ${COLS}`,
      [row.id, row.merchantId, row.ownerId, row.livemode, row.kind, row.amount, row.taxable, row.causeType, row.causeId, row.eventId, row.eventType, row.occurredOn, row.accruedAt, row.settlement, row.dedupeKey],
    );
    return rows[0] ?? null;
  },

  async list(q: Queryable, f: FeeItemFilter): Promise<FeeItemRow[]> {
    const args: unknown[] = [f.livemode];
    const where = ['livemode = $1', scopeCondition(f, args, (p) => `owner_id = ${p}`)];
    const add = (sql: string, v: unknown) => {
      args.push(v);
      where.push(sql.replace('?', `$${args.length}`));
    };
    if (f.kind) add('kind = ?', f.kind);
    if (f.causeId) add('cause_id = ?', f.causeId);
    if (f.fromDate) add('occurred_on >= ?::date', f.fromDate);
    if (f.toDate) add('occurred_on <= ?::date', f.toDate);
    if (f.before) add('id < ?', f.before);
    args.push(f.limit);
    return q.query(`SELECT ${COLS} FROM fee_items WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT $${args.length}`, args);
  },
};
