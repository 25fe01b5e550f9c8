import type { BillRecord } from '../domain/records';
import { BILL_COLS, billFromRow, Tx } from './rows';

/**
 * The customer mails after the first (docs/reference/konbini.md#customer-emails):
 * which bills need a reminder, a change notice or a receipt notice now, and
 * the marks that they were handed to the notification service.
 */

/** Open bills whose reminder day (due date minus the merchant's days) has come, not yet reminded. */
export async function billsDueReminder(tx: Tx, today: string, limit: number): Promise<BillRecord[]> {
  const rows = await tx.query(
    `SELECT ${BILL_COLS} FROM billing.bills b
      WHERE b.status = 'open' AND b.reminder_days_before > 0 AND b.reminder_sent_at IS NULL AND b.customer_email <> ''
        AND (b.due_date - b.reminder_days_before) <= $1::date AND b.due_date >= $1::date
      ORDER BY b.due_date, b.id LIMIT $2`,
    [today, limit],
  );
  return rows.map(billFromRow);
}

export async function markReminderSent(tx: Tx, id: string, now: Date): Promise<void> {
  await tx.query(`UPDATE billing.bills SET reminder_sent_at = $2 WHERE id = $1`, [id, now]);
}

/** Open bills whose amount or due date differ from what the customer's last email told. */
export async function billsChangedSinceNotice(tx: Tx, limit: number): Promise<(BillRecord & { told: { amount: number; dueDate: string } })[]> {
  const rows = await tx.query(
    `SELECT ${BILL_COLS}, b.notified_amount, to_char(b.notified_due_date, 'YYYY-MM-DD') AS notified_due_date FROM billing.bills b
      WHERE b.status = 'open' AND b.notify_state = 'sent' AND b.customer_email <> '' AND b.notified_amount IS NOT NULL
        AND (b.notified_amount <> b.amount OR b.notified_due_date <> b.due_date)
      ORDER BY b.updated_at, b.id LIMIT $1`,
    [limit],
  );
  return rows.map((r: Record<string, unknown>) => ({ ...billFromRow(r), told: { amount: Number(r.notified_amount), dueDate: String(r.notified_due_date) } }));
}

/** The customer was told the new terms; a moved due date gets its own reminder. */
export async function markChangeNoticed(tx: Tx, id: string, told: { amount: number; dueDate: string }): Promise<void> {
  await tx.query(
    `UPDATE billing.bills SET notified_amount = $2, notified_due_date = $3::date,
       reminder_sent_at = CASE WHEN notified_due_date = $3::date THEN reminder_sent_at ELSE NULL END
     WHERE id = $1`,
    [id, told.amount, told.dueDate],
  );
}

/** Paid bills whose merchant asked for a receipt notice, not yet sent. */
export async function billsDueReceipt(tx: Tx, limit: number): Promise<BillRecord[]> {
  const rows = await tx.query(
    `SELECT ${BILL_COLS} FROM billing.bills b
      WHERE b.status = 'paid' AND b.receipt_notice AND b.receipt_sent_at IS NULL AND b.customer_email <> ''
      ORDER BY b.paid_at, b.id LIMIT $1`,
    [limit],
  );
  return rows.map(billFromRow);
}

export async function markReceiptSent(tx: Tx, id: string, now: Date): Promise<void> {
  await tx.query(`UPDATE billing.bills SET receipt_sent_at = $2 WHERE id = $1`, [id, now]);
}
