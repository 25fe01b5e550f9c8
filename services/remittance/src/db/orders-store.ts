import { yenFromDb } from '@kessai/platform';
import type { Order, OrderCounts, Scope } from '../domain/entities';
import type { OrderStatus, RecipientStatus } from '../domain/types';
import type { Queryable } from './queryable';
import { scopeCondition } from './scope';

interface OrderRow {
  id: string;
  livemode: boolean;
  merchant_id: string;
  owner_id: string;
  merchant_name: string;
  settings: Order['settings'];
  guide_text: string;
  reference: string;
  status: OrderStatus;
  recipient_count: number;
  total_amount: string;
  shortfall_amount: string;
  hold_id: string | null;
  registration_deadline: string | null;
  created_at: Date;
  updated_at: Date;
  approved_at: Date | null;
  funded_at: Date | null;
  closed_at: Date | null;
  cancelled_at: Date | null;
}

const COLUMNS = `id, livemode, merchant_id, owner_id, merchant_name, settings, guide_text, reference, status, recipient_count, total_amount,
  shortfall_amount, hold_id, to_char(registration_deadline, 'YYYY-MM-DD') AS registration_deadline, created_at, updated_at, approved_at, funded_at, closed_at, cancelled_at`;

function fromRow(r: OrderRow): Order {
  return {
    id: r.id,
    livemode: r.livemode,
    merchantId: r.merchant_id,
    ownerId: r.owner_id,
    merchantName: r.merchant_name,
    settings: r.settings,
    guideText: r.guide_text,
    reference: r.reference,
    status: r.status,
    recipientCount: r.recipient_count,
    totalAmount: yenFromDb(r.total_amount),
    shortfallAmount: yenFromDb(r.shortfall_amount),
    holdId: r.hold_id,
    registrationDeadline: r.registration_deadline,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    approvedAt: r.approved_at,
    fundedAt: r.funded_at,
    closedAt: r.closed_at,
    cancelledAt: r.cancelled_at,
  };
}

/** Orders: all the SQL on remittance.orders. */
export const ordersStore = {
  async insert(q: Queryable, o: Order): Promise<void> {
    await q.query(
      `INSERT INTO remittance.orders (id, livemode, merchant_id, owner_id, merchant_name, settings, guide_text, reference, status, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
      [o.id, o.livemode, o.merchantId, o.ownerId, o.merchantName, JSON.stringify(o.settings), o.guideText, o.reference, o.status, o.createdAt],
    );
  },

  async get(q: Queryable, id: string, lock = false): Promise<Order | undefined> {
    const rows: OrderRow[] = await q.query(`SELECT ${COLUMNS} FROM remittance.orders WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  },

  /** The order if the scope may see it. */
  async getScoped(q: Queryable, scope: Scope, id: string, lock = false): Promise<Order | undefined> {
    const params: unknown[] = [id];
    const cond = scopeCondition('o', scope, params);
    const rows: OrderRow[] = await q.query(`SELECT ${COLUMNS} FROM remittance.orders o WHERE o.id = $1 AND ${cond} ${lock ? 'FOR UPDATE' : ''}`, params);
    return rows[0] ? fromRow(rows[0]) : undefined;
  },

  async list(q: Queryable, scope: Scope, opts: { status?: OrderStatus; startingAfter?: string; limit: number }): Promise<Order[]> {
    const params: unknown[] = [];
    const where = [scopeCondition('o', scope, params)];
    if (opts.status) {
      params.push(opts.status);
      where.push(`o.status = $${params.length}`);
    }
    if (opts.startingAfter) {
      params.push(opts.startingAfter);
      where.push(`o.id < $${params.length}`);
    }
    params.push(opts.limit);
    const rows: OrderRow[] = await q.query(`SELECT ${COLUMNS} FROM remittance.orders o WHERE ${where.join(' AND ')} ORDER BY o.id DESC LIMIT $${params.length}`, params);
    return rows.map(fromRow);
  },

  async save(q: Queryable, o: Order): Promise<void> {
    await q.query(
      `UPDATE remittance.orders SET guide_text = $2, status = $3, recipient_count = $4, total_amount = $5, shortfall_amount = $6, hold_id = $7,
         registration_deadline = $8, updated_at = $9, approved_at = $10, funded_at = $11, closed_at = $12, cancelled_at = $13
       WHERE id = $1`,
      [o.id, o.guideText, o.status, o.recipientCount, o.totalAmount, o.shortfallAmount, o.holdId, o.registrationDeadline, o.updatedAt, o.approvedAt, o.fundedAt, o.closedAt, o.cancelledAt],
    );
  },

  /** Orders that wait for funds (or were interrupted while placing the hold), in approval order. */
  async waitingForFunds(q: Queryable, filter: { livemode?: boolean; merchantId?: string } = {}): Promise<Order[]> {
    const params: unknown[] = [];
    const where = [`status IN ('approving', 'waiting_for_funds')`];
    if (filter.livemode !== undefined) {
      params.push(filter.livemode);
      where.push(`livemode = $${params.length}`);
    }
    if (filter.merchantId) {
      params.push(filter.merchantId);
      where.push(`merchant_id = $${params.length}`);
    }
    const rows: OrderRow[] = await q.query(`SELECT ${COLUMNS} FROM remittance.orders WHERE ${where.join(' AND ')} ORDER BY approved_at, id`, params);
    return rows.map(fromRow);
  },

  async counts(q: Queryable, orderId: string): Promise<OrderCounts> {
    const rows: { status: RecipientStatus; n: number; amount: string }[] = await q.query(
      `SELECT status, count(*)::int AS n, coalesce(sum(amount), 0)::text AS amount FROM remittance.recipients WHERE order_id = $1 GROUP BY status`,
      [orderId],
    );
    const byStatus: OrderCounts['byStatus'] = {};
    let paidAmount = 0;
    for (const r of rows) {
      byStatus[r.status] = r.n;
      if (r.status === 'paid') paidAmount = yenFromDb(r.amount);
    }
    return { byStatus, paidAmount };
  },

  /** Closed orders whose personal data are due for deletion. */
  async dueForRetention(q: Queryable, closedBefore: Date, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await q.query(
      `SELECT id FROM remittance.orders WHERE closed_at IS NOT NULL AND closed_at <= $1 AND personal_data_deleted_at IS NULL ORDER BY closed_at LIMIT $2`,
      [closedBefore, limit],
    );
    return rows.map((r) => r.id);
  },

  async markPersonalDataDeleted(q: Queryable, id: string, now: Date): Promise<void> {
    await q.query(`UPDATE remittance.orders SET personal_data_deleted_at = $2, updated_at = $2 WHERE id = $1`, [id, now]);
  },

  /** Funded orders whose deadline has passed (Tokyo date `today` is after it). */
  async pastDeadline(q: Queryable, today: string): Promise<string[]> {
    const rows: { id: string }[] = await q.query(`SELECT id FROM remittance.orders WHERE status = 'funded' AND registration_deadline < $1::date ORDER BY id`, [today]);
    return rows.map((r) => r.id);
  },
};
