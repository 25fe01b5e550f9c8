import type { ChainId } from '@kessai/konbini';
import { returnedRows, SqlParams } from '@kessai/platform';
import type { BillStatus } from '../domain/bill';
import type { BillRecord, Scope } from '../domain/records';
import { BILL_COLS, billFromRow, conditions, scopeCondition, sortedNumbers, Tx } from './rows';

/** Bills and their payment numbers (billing.bills, billing.payment_numbers). */

async function selectBill(tx: Tx, where: string, params: unknown[], lock: boolean): Promise<BillRecord | null> {
  const rows = await tx.query(`SELECT ${BILL_COLS} FROM billing.bills b WHERE ${where}${lock ? ' FOR UPDATE OF b' : ''}`, params);
  return rows[0] ? billFromRow(rows[0]) : null;
}

export function findBill(tx: Tx, id: string, opts: { lock?: boolean } = {}): Promise<BillRecord | null> {
  return selectBill(tx, 'b.id = $1', [id], opts.lock ?? false);
}

/** The bill a chain's payment number belongs to (a store result names only the number), in one statement. */
export function findBillByPaymentNumber(tx: Tx, chain: ChainId, number: string, livemode: boolean, opts: { lock?: boolean } = {}): Promise<BillRecord | null> {
  return selectBill(tx, 'b.id = (SELECT n.bill_id FROM billing.payment_numbers n WHERE n.chain = $1 AND n.number = $2 AND n.livemode = $3)', [chain, number, livemode], opts.lock ?? false);
}

/** A bill the scope may see (null otherwise: never telling it exists). */
export function findBillInScope(tx: Tx, scope: Scope, id: string, opts: { lock?: boolean } = {}): Promise<BillRecord | null> {
  const params: unknown[] = [];
  const cond = scopeCondition('b', scope, params);
  params.push(id);
  return selectBill(tx, `${cond} AND b.id = $${params.length}`, params, opts.lock ?? false);
}

export function findBillBySlipToken(tx: Tx, token: string): Promise<BillRecord | null> {
  return selectBill(tx, 'b.slip_token = $1', [token], false);
}

/** The bill if its payment-number email has not been handed over yet. */
export function findBillAwaitingNotice(tx: Tx, id: string): Promise<BillRecord | null> {
  return selectBill(tx, `b.id = $1 AND b.notify_state = 'pending'`, [id], false);
}

export interface NewBill {
  id: string;
  livemode: boolean;
  merchantId: string;
  ownerId: string;
  merchantName: string;
  amount: number;
  taxAmount: number | null;
  dueDate: string;
  registeredOn: string;
  stores: ChainId[];
  message: string;
  orderReference: string;
  customer: { name: string; email: string; phone: string };
  customerNumber: string;
  customerId: string;
  repeat: boolean;
  slipToken: string;
  /** whether a payment-number email is to be sent */
  notify: boolean;
  createdAt: Date;
  metadata?: Record<string, string>;
  reminderDaysBefore?: number;
  receiptNotice?: boolean;
}

export type NewPaymentNumber = { chain: ChainId; number: string; parts: Record<string, string> };

/** The payment numbers' primary key: a number another bill holds fails the statement with it. */
export const PAYMENT_NUMBER_TAKEN = 'payment_numbers_pkey';

/**
 * A new bill's whole write as one statement: the bill, its payment numbers and
 * its events (`events`, the outbox's INSERT under the condition it is given),
 * and — when `claim` is given — its command's claim first, the rest written
 * only when the claim won. Answers whether it was written (false: the command
 * had run, nothing written). A number another bill holds fails the statement
 * (isUniqueViolation(err, PAYMENT_NUMBER_TAKEN)): draw again.
 */
export async function insertNewBill(
  tx: Tx,
  b: NewBill,
  numbers: NewPaymentNumber[],
  parts: { claim?: (p: SqlParams) => string; events: (p: SqlParams, when: string) => string },
): Promise<boolean> {
  const p = new SqlParams();
  const claim = parts.claim ? `claim AS (${parts.claim(p)}),` : '';
  const when = parts.claim ? 'EXISTS (SELECT 1 FROM claim)' : 'true';
  const v = (value: unknown, type: string) => `${p.add(value)}::${type}`;
  const rows: { written: boolean }[] = await tx.query(
    `WITH ${claim}
     bill AS (
       INSERT INTO billing.bills (id, livemode, merchant_id, owner_id, merchant_name, status, amount, tax_amount, due_date, registered_on, stores, message,
         order_reference, customer_name, customer_email, customer_phone, customer_number, repeat, slip_token, notify_state, created_at, updated_at, customer_id,
         metadata, reminder_days_before, receipt_notice)
       SELECT ${v(b.id, 'text')}, ${v(b.livemode, 'boolean')}, ${v(b.merchantId, 'text')}, ${v(b.ownerId, 'text')}, ${v(b.merchantName, 'text')}, 'open',
         ${v(b.amount, 'bigint')}, ${v(b.taxAmount, 'bigint')}, ${v(b.dueDate, 'date')}, ${v(b.registeredOn, 'date')}, ${v(b.stores, 'text[]')}, ${v(b.message, 'text')},
         ${v(b.orderReference, 'text')}, ${v(b.customer.name, 'text')}, ${v(b.customer.email, 'text')}, ${v(b.customer.phone, 'text')}, ${v(b.customerNumber, 'text')},
         ${v(b.repeat, 'boolean')}, ${v(b.slipToken, 'text')}, ${v(b.notify ? 'pending' : 'none', 'text')}, ${v(b.createdAt, 'timestamptz')}, ${v(b.createdAt, 'timestamptz')},
         ${v(b.customerId, 'text')}, ${v(JSON.stringify(b.metadata ?? {}), 'jsonb')}, ${v(b.reminderDaysBefore ?? 0, 'int')}, ${v(b.receiptNotice ?? false, 'boolean')}
       WHERE ${when}
       RETURNING id, livemode, created_at),
     numbers AS (
       INSERT INTO billing.payment_numbers (chain, number, bill_id, livemode, parts, created_at)
       SELECT t.c, t.n, bill.id, bill.livemode, t.p::jsonb, bill.created_at
       FROM bill, unnest(${v(numbers.map((n) => n.chain), 'text[]')}, ${v(numbers.map((n) => n.number), 'text[]')}, ${v(numbers.map((n) => JSON.stringify(n.parts)), 'text[]')}) AS t (c, n, p)),
     events AS (${parts.events(p, 'EXISTS (SELECT 1 FROM bill)')})
     SELECT EXISTS (SELECT 1 FROM bill) AS written`,
    p.values,
  );
  return rows[0].written;
}

/** The bill insertNewBill writes, as findBill will read it (so the write need not be read back). */
export function billAsWritten(b: NewBill, numbers: NewPaymentNumber[]): BillRecord {
  return {
    id: b.id, livemode: b.livemode, merchantId: b.merchantId, ownerId: b.ownerId, merchantName: b.merchantName, status: 'open',
    amount: b.amount, taxAmount: b.taxAmount, dueDate: b.dueDate, registeredOn: b.registeredOn, stores: b.stores, message: b.message,
    orderReference: b.orderReference, customer: { ...b.customer }, customerNumber: b.customerNumber, customerId: b.customerId, repeat: b.repeat,
    slipToken: b.slipToken, createdAt: b.createdAt, updatedAt: b.createdAt, paidAt: null,
    paymentNumbers: sortedNumbers(numbers.map((n) => ({ chain: n.chain, number: n.number, parts: n.parts }))),
    metadata: b.metadata ?? {}, reminderDaysBefore: b.reminderDaysBefore ?? 0, receiptNotice: b.receiptNotice ?? false,
  };
}

export async function updateBillTerms(tx: Tx, id: string, terms: { amount: number; taxAmount: number | null; dueDate: string; message: string }, now: Date): Promise<void> {
  await tx.query(`UPDATE billing.bills SET amount = $2, tax_amount = $3, due_date = $4, message = $5, updated_at = $6 WHERE id = $1`, [
    id, terms.amount, terms.taxAmount, terms.dueDate, terms.message, now,
  ]);
}

export async function markBillDeleted(tx: Tx, id: string, now: Date): Promise<void> {
  await tx.query(`UPDATE billing.bills SET status = 'deleted', updated_at = $2 WHERE id = $1`, [id, now]);
}

/** A bill paid (with the moment) or payable again (paid_at cleared) after its payments changed. */
export async function setBillStatus(tx: Tx, id: string, status: BillStatus, paidAt: Date | null, now: Date): Promise<void> {
  await tx.query(`UPDATE billing.bills SET status = $2, paid_at = $3, updated_at = $4 WHERE id = $1`, [id, status, paidAt, now]);
}

export interface BillFilter {
  status?: string;
  customerEmail?: string;
  customerNumber?: string;
  dueFrom?: string;
  dueTo?: string;
  createdFrom?: Date;
  createdTo?: Date;
  startingAfter?: string;
  orderReference?: string;
  /** Tokyo calendar days (paid at), inclusive */
  paidFrom?: string;
  paidTo?: string;
}

/** Bills in scope, newest first, at most `limit`. */
export async function listBills(tx: Tx, scope: Scope, f: BillFilter, limit: number): Promise<BillRecord[]> {
  const params: unknown[] = [];
  const where = conditions(params, scopeCondition('b', scope, params));
  if (f.status) where.add('b.status = ?', f.status);
  if (f.customerEmail) where.add('lower(b.customer_email) = lower(?)', f.customerEmail);
  if (f.customerNumber) where.add('b.customer_number = ?', f.customerNumber);
  if (f.dueFrom) where.add('b.due_date >= ?::date', f.dueFrom);
  if (f.dueTo) where.add('b.due_date <= ?::date', f.dueTo);
  if (f.createdFrom) where.add('b.created_at >= ?', f.createdFrom);
  if (f.createdTo) where.add('b.created_at <= ?', f.createdTo);
  if (f.orderReference) where.add('b.order_reference = ?', f.orderReference);
  if (f.paidFrom) where.add(`b.paid_at >= (?::date)::timestamp AT TIME ZONE 'Asia/Tokyo'`, f.paidFrom);
  if (f.paidTo) where.add(`b.paid_at < (?::date + 1)::timestamp AT TIME ZONE 'Asia/Tokyo'`, f.paidTo);
  if (f.startingAfter) where.add('b.id < ?', f.startingAfter);
  params.push(limit);
  const rows = await tx.query(`SELECT ${BILL_COLS} FROM billing.bills b WHERE ${where.sql()} ORDER BY b.id DESC LIMIT $${params.length}`, params);
  return rows.map(billFromRow);
}

/**
 * Open bills payable at `chain` (due on or after `firstDueDate`), soonest due
 * first: the bill of a payment number, the bills of a customer number, or the
 * bills registered under a legacy customer number (`legacy`, its alias).
 */
export async function openBillsForNumber(
  tx: Tx,
  q: { livemode: boolean; chain: string; number: string; customerNumber: string; legacy: string; firstDueDate: string },
  limit: number,
): Promise<BillRecord[]> {
  const rows = await tx.query(
    `SELECT ${BILL_COLS} FROM billing.bills b
      WHERE b.livemode = $1 AND b.status = 'open' AND $2 = ANY (b.stores) AND b.due_date >= $6::date
        AND (b.id IN (SELECT n.bill_id FROM billing.payment_numbers n WHERE n.chain = $2 AND n.number = $3)
          OR ($4 <> '' AND b.customer_number = $4)
          OR ($5 <> '' AND b.customer_number_alias = $5))
      ORDER BY b.due_date, b.id LIMIT $7`,
    [q.livemode, q.chain, q.number, q.customerNumber, q.legacy, q.firstDueDate, limit],
  );
  return rows.map(billFromRow);
}

/** A customer number's open bills, soonest due first. */
export async function openBillsOfCustomerNumber(tx: Tx, c: { livemode: boolean; merchantId: string; customerNumber: string }, limit: number): Promise<BillRecord[]> {
  const rows = await tx.query(
    `SELECT ${BILL_COLS} FROM billing.bills b
      WHERE b.livemode = $1 AND b.merchant_id = $2 AND b.customer_number = $3 AND b.status = 'open'
      ORDER BY b.due_date, b.id LIMIT $4`,
    [c.livemode, c.merchantId, c.customerNumber, limit],
  );
  return rows.map(billFromRow);
}

/** Expires up to `limit` open bills due on or before `lastExpiredDue` (skipping locked ones); returns them. */
export async function expireDueBills(tx: Tx, lastExpiredDue: string, now: Date, limit: number): Promise<BillRecord[]> {
  const rows = returnedRows<{ id: string }>(await tx.query(
    `WITH due AS (
       SELECT id FROM billing.bills WHERE status = 'open' AND due_date <= $1::date ORDER BY due_date, id LIMIT $3 FOR UPDATE SKIP LOCKED
     )
     UPDATE billing.bills b SET status = 'expired', updated_at = $2 FROM due WHERE b.id = due.id RETURNING b.id`,
    [lastExpiredDue, now, limit],
  ));
  if (rows.length === 0) return [];
  return (await tx.query(`SELECT ${BILL_COLS} FROM billing.bills b WHERE b.id = ANY ($1)`, [rows.map((r) => r.id)])).map(billFromRow);
}

/** Ids of bills whose payment-number email has not been handed over, oldest first. */
export async function billsAwaitingNotice(tx: Tx, limit: number): Promise<string[]> {
  const rows: { id: string }[] = await tx.query(`SELECT id FROM billing.bills WHERE notify_state = 'pending' ORDER BY created_at LIMIT $1`, [limit]);
  return rows.map((r) => r.id);
}

/** The payment-number email went out: the terms it told are what a later change notice compares with. */
export async function markNoticeSent(tx: Tx, id: string, told: { amount: number; dueDate: string }): Promise<void> {
  await tx.query(
    `UPDATE billing.bills SET notify_state = 'sent', notified_amount = $2, notified_due_date = $3::date WHERE id = $1 AND notify_state = 'pending'`,
    [id, told.amount, told.dueDate],
  );
}
