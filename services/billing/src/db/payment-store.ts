import type { ChainId } from '@kessai/konbini';
import type { PaymentStatus, ResultKind } from '../domain/payment';
import type { PaymentRecord, Scope } from '../domain/records';
import { conditions, PAYMENT_COLS, paymentFromRow, scopeCondition, Tx } from './rows';

/** Payments at stores and the results no bill matched (billing.payments, billing.unmatched_results). */

/** A result for a number no bill has (or of an unknown status): kept for operators, once per event. */
export async function recordUnmatchedResult(
  tx: Tx,
  r: { eventId: string; livemode: boolean; chain: string; paymentNumber: string; status: string; amount: number; paidAt: Date; receivedAt: Date },
): Promise<void> {
  await tx.query(
    `INSERT INTO billing.unmatched_results (event_id, livemode, chain, payment_number, status, amount, paid_at, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
    [r.eventId, r.livemode, r.chain, r.paymentNumber, r.status, r.amount, r.paidAt, r.receivedAt],
  );
}

/** The payment with this key (domain/store-results.ts paymentKey), locked for the fold. */
export async function lockPaymentByKey(tx: Tx, key: string): Promise<PaymentRecord | null> {
  const rows = await tx.query(`SELECT ${PAYMENT_COLS} FROM billing.payments p WHERE p.payment_key = $1 FOR UPDATE`, [key]);
  return rows[0] ? paymentFromRow(rows[0]) : null;
}

const RESULT_COLUMN: Record<ResultKind, string> = { preliminary: 'preliminary_at', confirmed: 'confirmed_at', cancelled: 'cancelled_at' };

export interface NewPayment {
  id: string;
  livemode: boolean;
  merchantId: string;
  ownerId: string;
  billId: string;
  key: string;
  status: PaymentStatus;
  chain: ChainId;
  paymentNumber: string;
  amount: number;
  stampDuty: number;
  late: boolean;
  storeCode: string;
  paidAt: Date;
  amountMismatch: boolean;
  billAmount: number;
  storeTransactionId: string;
}

/** A payment with its first result (recorded at `now`). */
export async function insertPayment(tx: Tx, p: NewPayment, result: ResultKind, now: Date): Promise<PaymentRecord> {
  // the payment as stored, in the same statement
  const rows = await tx.query(
    `INSERT INTO billing.payments AS p (id, livemode, merchant_id, owner_id, bill_id, payment_key, status, chain, payment_number, amount, stamp_duty, late, store_code, paid_at,
       ${RESULT_COLUMN[result]}, created_at, updated_at, amount_mismatch, bill_amount, store_transaction_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $15, $16, $17, $18)
     RETURNING ${PAYMENT_COLS}`,
    [
      p.id, p.livemode, p.merchantId, p.ownerId, p.billId, p.key, p.status, p.chain, p.paymentNumber, p.amount, p.stampDuty, p.late, p.storeCode, p.paidAt, now, p.amountMismatch, p.billAmount,
      p.storeTransactionId,
    ],
  );
  return paymentFromRow(rows[0]);
}

/** Another result of a payment, recorded at `now`, with the status the fold gave. */
export async function recordPaymentResult(tx: Tx, id: string, status: PaymentStatus, result: ResultKind, now: Date): Promise<PaymentRecord> {
  // (UPDATE … RETURNING inside a CTE: TypeORM answers a bare UPDATE with [rows, count])
  const rows = await tx.query(
    `WITH changed AS (UPDATE billing.payments AS p SET status = $2, ${RESULT_COLUMN[result]} = $3, updated_at = $3 WHERE p.id = $1 RETURNING ${PAYMENT_COLS}) SELECT * FROM changed`,
    [id, status, now],
  );
  return paymentFromRow(rows[0]);
}

/**
 * The bill's payments other than this one, counted two ways in one statement:
 * `live`, those that count toward paying it (not cancelled, not of another
 * amount), and `takingMoney`, those that took money (every status but
 * cancelled; another amount included).
 */
export async function countOtherPayments(tx: Tx, billId: string, paymentId: string): Promise<{ live: number; takingMoney: number }> {
  const [row] = await tx.query(
    `SELECT count(*) FILTER (WHERE NOT amount_mismatch)::int AS live, count(*)::int AS taking_money
       FROM billing.payments WHERE bill_id = $1 AND id <> $2 AND status <> 'cancelled'`,
    [billId, paymentId],
  );
  return { live: row.live, takingMoney: row.taking_money };
}

/** How many payments that took money each bill has (bills without any are absent). */
export async function paymentsTakingMoney(tx: Tx, billIds: string[]): Promise<Map<string, number>> {
  if (billIds.length === 0) return new Map();
  const rows: { bill_id: string; n: number }[] = await tx.query(
    `SELECT bill_id, count(*)::int AS n FROM billing.payments WHERE bill_id = ANY ($1) AND status <> 'cancelled' GROUP BY bill_id`,
    [billIds],
  );
  return new Map(rows.map((r) => [r.bill_id, r.n]));
}

/** Payments in scope, newest first, at most `limit`. */
export async function listPayments(
  tx: Tx,
  scope: Scope,
  f: { billId?: string; status?: string; startingAfter?: string; orderReference?: string; paidFrom?: string; paidTo?: string },
  limit: number,
): Promise<PaymentRecord[]> {
  const params: unknown[] = [];
  const where = conditions(params, scopeCondition('p', scope, params));
  if (f.billId) where.add('p.bill_id = ?', f.billId);
  if (f.status) where.add('p.status = ?', f.status);
  if (f.orderReference) where.add('p.bill_id IN (SELECT o.id FROM billing.bills o WHERE o.order_reference = ?)', f.orderReference);
  if (f.paidFrom) where.add(`p.paid_at >= (?::date)::timestamp AT TIME ZONE 'Asia/Tokyo'`, f.paidFrom);
  if (f.paidTo) where.add(`p.paid_at < (?::date + 1)::timestamp AT TIME ZONE 'Asia/Tokyo'`, f.paidTo);
  if (f.startingAfter) where.add('p.id < ?', f.startingAfter);
  params.push(limit);
  const rows = await tx.query(`SELECT ${PAYMENT_COLS} FROM billing.payments p WHERE ${where.sql()} ORDER BY p.id DESC LIMIT $${params.length}`, params);
  return rows.map(paymentFromRow);
}

export interface ExportFilter {
  status?: string;
  /** Tokyo calendar days, inclusive */
  paidFrom?: string;
  paidTo?: string;
}

/** One page of an export: payments in scope in the order they were paid, after the payment `afterId` (exact, from its stored paid_at). */
export async function paymentsForExport(tx: Tx, scope: Scope, f: ExportFilter, afterId: string | null, limit: number): Promise<PaymentRecord[]> {
  const params: unknown[] = [];
  const where = conditions(params, scopeCondition('p', scope, params));
  if (f.status) where.add('p.status = ?', f.status);
  if (f.paidFrom) where.add(`p.paid_at >= (?::date)::timestamp AT TIME ZONE 'Asia/Tokyo'`, f.paidFrom);
  if (f.paidTo) where.add(`p.paid_at < (?::date + 1)::timestamp AT TIME ZONE 'Asia/Tokyo'`, f.paidTo);
  if (afterId) {
    params.push(afterId);
    where.raw(`(p.paid_at, p.id) > ((SELECT a.paid_at FROM billing.payments a WHERE a.id = $${params.length}), $${params.length})`);
  }
  params.push(limit);
  const rows = await tx.query(`SELECT ${PAYMENT_COLS} FROM billing.payments p WHERE ${where.sql()} ORDER BY p.paid_at, p.id LIMIT $${params.length}`, params);
  return rows.map(paymentFromRow);
}

/** Payments confirmed in [from, to), oldest confirmation first, after the position (confirmed_at, id) of the previous page. */
export async function confirmedBetween(tx: Tx, livemode: boolean, from: Date, to: Date, after: { at: Date; id: string } | null, limit: number): Promise<PaymentRecord[]> {
  const rows = await tx.query(
    `SELECT ${PAYMENT_COLS} FROM billing.payments p
      WHERE p.livemode = $1 AND p.confirmed_at IS NOT NULL AND p.confirmed_at >= $2 AND p.confirmed_at < $3
        AND ($4::timestamptz IS NULL OR (p.confirmed_at, p.id) > ($4::timestamptz, $5))
      ORDER BY p.confirmed_at, p.id LIMIT $6`,
    [livemode, from, to, after?.at ?? null, after?.id ?? '', limit],
  );
  return rows.map(paymentFromRow);
}
