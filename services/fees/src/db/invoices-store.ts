import type { InvoiceLine, InvoiceStatus } from '../domain/invoice';
import type { Queryable } from './queryable';

export interface InvoiceRow {
  id: string;
  merchantId: string;
  ownerId: string;
  livemode: boolean;
  month: string;
  periodStart: string;
  periodEnd: string;
  dueDate: string;
  status: InvoiceStatus;
  fees: number;
  consumptionTax: number;
  total: number;
  lines: InvoiceLine[];
  issuedAt: Date;
  paidAt: Date | null;
  overdueAt: Date | null;
  paidByDepositId: string | null;
}

const COLS = `id, merchant_id AS "merchantId", owner_id AS "ownerId", livemode, month, to_char(period_start, 'YYYY-MM-DD') AS "periodStart",
  to_char(period_end, 'YYYY-MM-DD') AS "periodEnd", to_char(due_date, 'YYYY-MM-DD') AS "dueDate", status, fees::int AS fees,
  consumption_tax::int AS "consumptionTax", total::int AS total, lines, issued_at AS "issuedAt", paid_at AS "paidAt", overdue_at AS "overdueAt",
  paid_by_deposit_id AS "paidByDepositId"`;

/** A merchant and mode that may have something to invoice, and the earliest month to look at. */
export interface InvoiceCandidate {
  merchantId: string;
  livemode: boolean;
  /** the month after the last invoice, else the month of the earliest uninvoiced item or of the merchant's first terms */
  fromMonth: string;
}

/** Remittance-fee invoices (schema `fees`). */
export const invoicesStore = {
  async get(q: Queryable, id: string, lock = false): Promise<InvoiceRow | null> {
    const rows: InvoiceRow[] = await q.query(`SELECT ${COLS} FROM invoices WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
    return rows[0] ?? null;
  },

  /** Newest month first; `after`: the position after the previous page. */
  async list(q: Queryable, merchantId: string, livemode: boolean, status: string, after: { month: string; id: string } | null, limit: number): Promise<InvoiceRow[]> {
    return q.query(
      `SELECT ${COLS} FROM invoices WHERE merchant_id = $1 AND livemode = $2 AND ($3 = '' OR status = $3) AND ($4::text IS NULL OR (month, id) < ($4, $5))
       ORDER BY month DESC, id DESC LIMIT $6`,
      [merchantId, livemode, status, after?.month ?? null, after?.id ?? '', limit],
    );
  },

  /**
   * Who may have an invoice due: merchants and modes with remittance items not
   * yet invoiced from before `beforeDate`, and merchants whose schedule has a
   * monthly fee (both modes).
   */
  async candidates(q: Queryable, beforeDate: string): Promise<InvoiceCandidate[]> {
    return q.query(
      `WITH c AS (
         SELECT merchant_id, livemode, min(occurred_on) AS d FROM fee_items
          WHERE invoice_id IS NULL AND settlement = 'remittance' AND occurred_on < $1::date GROUP BY merchant_id, livemode
         UNION ALL
         SELECT s.merchant_id, l.livemode, (SELECT min(t.effective_from) FROM merchant_terms t WHERE t.merchant_id = s.merchant_id)
           FROM (SELECT DISTINCT merchant_id FROM fee_schedules
                  WHERE coalesce((amounts->>'base')::bigint, 0) > 0 OR coalesce((amounts->>'deposit_management')::bigint, 0) > 0) s
           CROSS JOIN (VALUES (false), (true)) l (livemode))
       SELECT c.merchant_id AS "merchantId", c.livemode,
              coalesce((SELECT to_char(max(i.period_start) + interval '1 month', 'YYYY-MM') FROM invoices i WHERE i.merchant_id = c.merchant_id AND i.livemode = c.livemode),
                       to_char(min(c.d), 'YYYY-MM')) AS "fromMonth"
         FROM c WHERE c.d IS NOT NULL GROUP BY c.merchant_id, c.livemode ORDER BY 1, 2`,
      [beforeDate],
    );
  },

  /** Locks the remittance items not yet invoiced up to a day (items of an invoiced month that arrived late go on the next invoice). */
  async uninvoicedUpTo(q: Queryable, merchantId: string, livemode: boolean, end: string): Promise<{ id: string; kind: string; amount: number; taxable: boolean; ownerId: string }[]> {
    return q.query(
      `SELECT id, kind, amount::int AS amount, taxable, owner_id AS "ownerId" FROM fee_items
        WHERE merchant_id = $1 AND livemode = $2 AND invoice_id IS NULL AND settlement = 'remittance' AND occurred_on <= $3::date ORDER BY id FOR UPDATE`,
      [merchantId, livemode, end],
    );
  },

  /** Inserts the invoice (false when that month is already invoiced) and links its items. */
  async insertIssued(q: Queryable, i: InvoiceRow, itemIds: string[]): Promise<boolean> {
    const inserted: unknown[] = await q.query(
      `INSERT INTO invoices (id, merchant_id, owner_id, livemode, month, period_start, period_end, due_date, status, fees, consumption_tax, total, lines, issued_at, paid_at)
       VALUES ($1, $2, $3, $4, $5, $6::date, $7::date, $8::date, $9, $10, $11, $12, $13::jsonb, $14, $15)
       ON CONFLICT (merchant_id, livemode, month) DO NOTHING RETURNING 1`,
      [i.id, i.merchantId, i.ownerId, i.livemode, i.month, i.periodStart, i.periodEnd, i.dueDate, i.status, i.fees, i.consumptionTax, i.total, JSON.stringify(i.lines), i.issuedAt, i.paidAt],
    );
    if (inserted.length === 0) return false;
    if (itemIds.length) await q.query(`UPDATE fee_items SET invoice_id = $1 WHERE id = ANY($2::text[]) AND invoice_id IS NULL`, [i.id, itemIds]);
    return true;
  },

  /** The oldest unpaid invoice of exactly this total, locked (skipping one another payment is settling). */
  async oldestUnpaidOf(q: Queryable, merchantId: string, livemode: boolean, total: number): Promise<InvoiceRow | null> {
    const rows: InvoiceRow[] = await q.query(
      `SELECT ${COLS} FROM invoices WHERE merchant_id = $1 AND livemode = $2 AND status <> 'paid' AND total = $3 ORDER BY issued_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [merchantId, livemode, total],
    );
    return rows[0] ?? null;
  },

  async markPaid(q: Queryable, id: string, depositId: string, at: Date): Promise<InvoiceRow | null> {
    const rows: InvoiceRow[] = await q.query(
      `WITH u AS (UPDATE invoices SET status = 'paid', paid_at = $3, paid_by_deposit_id = $2 WHERE id = $1 AND status <> 'paid' RETURNING *)
       SELECT ${COLS} FROM u`,
      [id, depositId, at],
    );
    return rows[0] ?? null;
  },

  /** Flags the open invoices due before `today` as overdue, each once; the flagged rows. */
  async flagOverdue(q: Queryable, today: string, at: Date, limit: number): Promise<InvoiceRow[]> {
    return q.query(
      `WITH u AS (UPDATE invoices SET status = 'overdue', overdue_at = $2
        WHERE id IN (SELECT id FROM invoices WHERE status = 'open' AND due_date < $1::date ORDER BY due_date, id LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING *)
       SELECT ${COLS} FROM u`,
      [today, at, limit],
    );
  },

  /** Overdue invoices by mode (the gauge). */
  async overdueCounts(q: Queryable): Promise<{ livemode: boolean; n: number }[]> {
    return q.query(`SELECT livemode, count(*)::int AS n FROM invoices WHERE status = 'overdue' GROUP BY livemode`);
  },
};
