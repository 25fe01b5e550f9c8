import type { PaymentRefund } from '../domain/payment-refund';
import type { Queryable } from './merchant-store';

const COLS = 'id, payment_id, merchant_id, livemode, amount::int AS amount, order_id, recipient_id, created_at';

/** gateway.payment_refunds: the payment's side of the payment ↔ remittance order link. */
export const paymentRefundStore = {
  /** Serialises refunds of one payment (in the caller's transaction). */
  async lockPayment(tx: Queryable, paymentId: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('payment_refund:' || $1))`, [paymentId]);
  },
  ofPayment(tx: Queryable, paymentId: string, livemode: boolean): Promise<PaymentRefund[]> {
    return tx.query(`SELECT ${COLS} FROM gateway.payment_refunds WHERE payment_id = $1 AND livemode = $2 ORDER BY created_at, id`, [paymentId, livemode]);
  },
  async byOrder(tx: Queryable, orderId: string): Promise<PaymentRefund | null> {
    const rows: PaymentRefund[] = await tx.query(`SELECT ${COLS} FROM gateway.payment_refunds WHERE order_id = $1`, [orderId]);
    return rows[0] ?? null;
  },
  async insert(tx: Queryable, r: PaymentRefund): Promise<void> {
    await tx.query(
      `INSERT INTO gateway.payment_refunds (id, payment_id, merchant_id, livemode, amount, order_id, recipient_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (order_id) DO NOTHING`,
      [r.id, r.payment_id, r.merchant_id, r.livemode, r.amount, r.order_id, r.recipient_id, r.created_at],
    );
  },
};
