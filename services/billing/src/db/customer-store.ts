import type { CustomerRecord, Scope } from '../domain/records';
import { CUSTOMER_COLS, conditions, customerFromRow, scopeCondition, Tx } from './rows';

/** Registered customers and the customer numbers (billing.customers, billing.customer_numbers). */

export async function findCustomer(tx: Tx, id: string): Promise<CustomerRecord | null> {
  const rows = await tx.query(`SELECT ${CUSTOMER_COLS} FROM billing.customers c WHERE c.id = $1`, [id]);
  return rows[0] ? customerFromRow(rows[0]) : null;
}

/** A customer of exactly this merchant and mode. */
export async function findMerchantCustomer(tx: Tx, id: string, livemode: boolean, merchantId: string): Promise<CustomerRecord | null> {
  const rows = await tx.query(`SELECT ${CUSTOMER_COLS} FROM billing.customers c WHERE c.id = $1 AND c.livemode = $2 AND c.merchant_id = $3`, [id, livemode, merchantId]);
  return rows[0] ? customerFromRow(rows[0]) : null;
}

/** A customer the scope may see (null otherwise). */
export async function findCustomerInScope(tx: Tx, scope: Scope, id: string): Promise<CustomerRecord | null> {
  const params: unknown[] = [];
  const cond = scopeCondition('c', scope, params);
  params.push(id);
  const rows = await tx.query(`SELECT ${CUSTOMER_COLS} FROM billing.customers c WHERE ${cond} AND c.id = $${params.length}`, params);
  return rows[0] ? customerFromRow(rows[0]) : null;
}

/** Customers in scope, newest first, at most `limit`. */
export async function listCustomers(tx: Tx, scope: Scope, f: { startingAfter?: string }, limit: number): Promise<CustomerRecord[]> {
  const params: unknown[] = [];
  const where = conditions(params, scopeCondition('c', scope, params));
  if (f.startingAfter) where.add('c.id < ?', f.startingAfter);
  params.push(limit);
  const rows = await tx.query(`SELECT ${CUSTOMER_COLS} FROM billing.customers c WHERE ${where.sql()} ORDER BY c.id DESC LIMIT $${params.length}`, params);
  return rows.map(customerFromRow);
}

export async function insertCustomer(
  tx: Tx,
  c: { id: string; livemode: boolean; merchantId: string; ownerId: string; customerNumber: string; name: string; email: string; phone: string; createdAt: Date },
): Promise<void> {
  await tx.query(
    `INSERT INTO billing.customers (id, livemode, merchant_id, owner_id, customer_number, name, email, phone, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [c.id, c.livemode, c.merchantId, c.ownerId, c.customerNumber, c.name, c.email, c.phone, c.createdAt],
  );
}

/** Whether the merchant holds this customer number (in this mode). */
export async function customerNumberHeld(tx: Tx, number: string, livemode: boolean, merchantId: string): Promise<boolean> {
  const rows = await tx.query(`SELECT 1 FROM billing.customer_numbers WHERE number = $1 AND livemode = $2 AND merchant_id = $3`, [number, livemode, merchantId]);
  return rows.length > 0;
}

/** Claims a customer number for the merchant; false when the number is already taken (never reused). */
export async function claimCustomerNumber(tx: Tx, number: string, livemode: boolean, merchantId: string, now: Date): Promise<boolean> {
  const won = await tx.query(
    `INSERT INTO billing.customer_numbers (number, livemode, merchant_id, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1`,
    [number, livemode, merchantId, now],
  );
  return won.length > 0;
}

/**
 * The number a legacy (17-digit) customer number now stands for, while a bill
 * registered under it is still open (the alias works that long); '' otherwise.
 */
export async function aliasedCustomerNumber(tx: Tx, legacy: string, livemode: boolean, merchantId: string): Promise<string> {
  const rows: { alias_of: string }[] = await tx.query(
    `SELECT c.alias_of FROM billing.customer_numbers c
      WHERE c.number = $1 AND c.livemode = $2 AND c.merchant_id = $3 AND c.alias_of IS NOT NULL
        AND EXISTS (SELECT 1 FROM billing.bills b WHERE b.customer_number_alias = c.number AND b.status = 'open')`,
    [legacy, livemode, merchantId],
  );
  return rows[0]?.alias_of ?? '';
}
