import type { Queryable } from './queryable';

export interface CollectionRow {
  paymentId: string;
  livemode: boolean;
  merchantId: string;
  ownerId: string;
  billId: string;
  amount: number;
  stampDuty: number;
  paidOn: string;
  confirmedAt: Date;
  eventId: string;
}

/** Confirmed collections, by the day they were paid at the store (schema `fees`). */
export const collectionsStore = {
  /** Once per payment; false when it was already recorded. */
  async insert(q: Queryable, c: CollectionRow): Promise<boolean> {
    const rows: unknown[] = await q.query(
      `INSERT INTO collections (payment_id, livemode, merchant_id, owner_id, bill_id, amount, stamp_duty, paid_on, confirmed_at, event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::date, $9, $10) ON CONFLICT DO NOTHING RETURNING 1`,
      [c.paymentId, c.livemode, c.merchantId, c.ownerId, c.billId, c.amount, c.stampDuty, c.paidOn, c.confirmedAt, c.eventId],
    );
    return rows.length > 0;
  },
};
