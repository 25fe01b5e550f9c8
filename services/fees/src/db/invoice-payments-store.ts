import type { Queryable } from './queryable';

export type InvoicePaymentStatus = 'settled' | 'unmatched' | 'applied' | 'refunded';

export interface InvoicePaymentRow {
  depositId: string;
  merchantId: string;
  livemode: boolean;
  amount: number;
  virtualAccountNumber: string;
  payerNameKana: string;
  receivedAt: Date;
  eventId: string;
  status: InvoicePaymentStatus;
  invoiceId: string | null;
  resolvedAt: Date | null;
  note: string;
  /** the bank's reference of the deposit ('' when recorded before it was kept) */
  bankReference: string;
  /** the bank's business date, YYYY-MM-DD (null when the bank did not say) */
  businessDate: string | null;
}

const COLS = `deposit_id AS "depositId", merchant_id AS "merchantId", livemode, amount::int AS amount, virtual_account_number AS "virtualAccountNumber",
  payer_name_kana AS "payerNameKana", received_at AS "receivedAt", event_id AS "eventId", status, invoice_id AS "invoiceId", resolved_at AS "resolvedAt", note,
  bank_reference AS "bankReference", to_char(business_date, 'YYYY-MM-DD') AS "businessDate"`;

/** Money paid into invoice accounts, once per deposit (schema `fees`). */
export const invoicePaymentsStore = {
  /** Records the payment; false when the deposit is already recorded (another event about it). */
  async insert(q: Queryable, p: InvoicePaymentRow): Promise<boolean> {
    const rows: unknown[] = await q.query(
      `INSERT INTO invoice_payments (deposit_id, merchant_id, livemode, amount, virtual_account_number, payer_name_kana, received_at, event_id, status, invoice_id, resolved_at, note,
                                     bank_reference, business_date)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT (deposit_id) DO NOTHING RETURNING 1`,
      [p.depositId, p.merchantId, p.livemode, p.amount, p.virtualAccountNumber, p.payerNameKana, p.receivedAt, p.eventId, p.status, p.invoiceId, p.resolvedAt, p.note,
        p.bankReference, p.businessDate],
    );
    return rows.length > 0;
  },

  async get(q: Queryable, depositId: string, lock = false): Promise<InvoicePaymentRow | null> {
    const rows: InvoicePaymentRow[] = await q.query(`SELECT ${COLS} FROM invoice_payments WHERE deposit_id = $1 ${lock ? 'FOR UPDATE' : ''}`, [depositId]);
    return rows[0] ?? null;
  },

  /** Oldest first; a merchant's or everyone's (empty merchant id). */
  async list(q: Queryable, f: { merchantId: string; livemode: boolean; status: string; after: { at: string; id: string } | null; limit: number }): Promise<InvoicePaymentRow[]> {
    return q.query(
      `SELECT ${COLS} FROM invoice_payments WHERE ($1 = '' OR merchant_id = $1) AND livemode = $2 AND status = $3
          AND ($4::timestamptz IS NULL OR (received_at, deposit_id) > ($4::timestamptz, $5))
        ORDER BY received_at, deposit_id LIMIT $6`,
      [f.merchantId, f.livemode, f.status, f.after?.at ?? null, f.after?.id ?? '', f.limit],
    );
  },

  /**
   * The payments of a mode still held for review (unmatched) whose bank date
   * is `day`: the bank's business date, else the Tokyo date they were received.
   */
  async heldOn(q: Queryable, livemode: boolean, day: string): Promise<InvoicePaymentRow[]> {
    return q.query(
      `SELECT ${COLS} FROM invoice_payments
        WHERE status = 'unmatched' AND livemode = $1 AND COALESCE(business_date, (received_at AT TIME ZONE 'Asia/Tokyo')::date) = $2::date
        ORDER BY received_at, deposit_id`,
      [livemode, day],
    );
  },

  async resolve(q: Queryable, depositId: string, r: { status: 'applied' | 'refunded'; invoiceId: string | null; note: string; at: Date }): Promise<InvoicePaymentRow | null> {
    const rows: InvoicePaymentRow[] = await q.query(
      `WITH u AS (UPDATE invoice_payments SET status = $2, invoice_id = $3, note = $4, resolved_at = $5 WHERE deposit_id = $1 AND status = 'unmatched' RETURNING *)
       SELECT ${COLS} FROM u`,
      [depositId, r.status, r.invoiceId, r.note, r.at],
    );
    return rows[0] ?? null;
  },
};
