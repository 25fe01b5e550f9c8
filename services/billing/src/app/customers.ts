import { generateCustomerNumber } from '@kessai/konbini';
import { ConflictError, NotFoundError, ValidationError, newId, requestHash } from '@kessai/platform';
import { BILL_COLS, BillRecord, CUSTOMER_COLS, CustomerRecord, billFromRow, customerFromRow, scopeCondition } from '../db/rows';
import type { Scope } from './bills';
import type { BillingDeps } from './deps';

export interface CreateCustomerInput {
  requestId: string;
  livemode: boolean;
  merchantId: string;
  ownerId: string;
  name: string;
  email: string;
  phone: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Registers a customer with a persistent customer number (Smart Pit style):
 * the number lives in billing.customer_numbers like any other, so bills
 * attach to it and the kiosk lookup finds them. Idempotent by request id.
 */
export async function createCustomer(deps: BillingDeps, input: CreateCustomerInput): Promise<{ customer: CustomerRecord; replayed: boolean }> {
  if (!input.requestId) throw ValidationError.field('request_id', 'required');
  if (!input.name.trim()) throw ValidationError.field('name', 'required');
  if (input.name.length > 100) throw ValidationError.field('name', 'at most 100 characters');
  if (!input.email) throw ValidationError.field('email', 'required');
  if (!EMAIL.test(input.email)) throw ValidationError.field('email', 'must be an email address');
  if (input.phone && !/^\+?[0-9-]{6,20}$/.test(input.phone)) throw ValidationError.field('phone', 'digits and hyphens, e.g. 03-1234-5678');
  const now = deps.clock.now();
  const hash = requestHash({ ...input, requestId: undefined });
  return deps.dataSource.transaction(async (tx) => {
    const key = [input.livemode, input.merchantId, input.requestId];
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`billing.customers:${key.join(':')}`]);
    const prior = await tx.query(`SELECT ${CUSTOMER_COLS}, c.request_hash FROM billing.customers c WHERE c.livemode = $1 AND c.merchant_id = $2 AND c.request_id = $3`, key);
    if (prior[0]) {
      if (prior[0].request_hash !== hash) throw new ConflictError('idempotency_key_reused', 'this request id was already used with a different request');
      return { customer: customerFromRow(prior[0]), replayed: true };
    }
    let number = '';
    for (let attempt = 0; !number; attempt++) {
      if (attempt >= 10) throw new Error('could not allocate a unique customer number');
      const candidate = generateCustomerNumber();
      const won = await tx.query(
        `INSERT INTO billing.customer_numbers (number, livemode, merchant_id, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1`,
        [candidate, input.livemode, input.merchantId, now],
      );
      if (won.length > 0) number = candidate;
    }
    const id = newId('cus', now.getTime());
    await tx.query(
      `INSERT INTO billing.customers (id, livemode, merchant_id, owner_id, customer_number, name, email, phone, request_id, request_hash, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [id, input.livemode, input.merchantId, input.ownerId, number, input.name.trim(), input.email, input.phone, input.requestId, hash, now],
    );
    const rows = await tx.query(`SELECT ${CUSTOMER_COLS} FROM billing.customers c WHERE c.id = $1`, [id]);
    return { customer: customerFromRow(rows[0]), replayed: false };
  });
}

/** A customer in scope with its open bills (soonest due first). */
export async function getCustomer(deps: BillingDeps, scope: Scope, customerId: string): Promise<{ customer: CustomerRecord; openBills: BillRecord[] }> {
  const params: unknown[] = [];
  const cond = scopeCondition('c', scope, params);
  params.push(customerId);
  const rows = await deps.dataSource.query(`SELECT ${CUSTOMER_COLS} FROM billing.customers c WHERE ${cond} AND c.id = $${params.length}`, params);
  if (!rows[0]) throw new NotFoundError('customer', customerId);
  const customer = customerFromRow(rows[0]);
  const bills = await deps.dataSource.query(
    `SELECT ${BILL_COLS} FROM billing.bills b
      WHERE b.livemode = $1 AND b.merchant_id = $2 AND b.customer_number = $3 AND b.status = 'open'
      ORDER BY b.due_date, b.id LIMIT 100`,
    [customer.livemode, customer.merchantId, customer.customerNumber],
  );
  return { customer, openBills: bills.map(billFromRow) };
}

export async function listCustomers(deps: BillingDeps, scope: Scope, f: { pageSize: number; startingAfter?: string }): Promise<{ customers: CustomerRecord[]; hasMore: boolean }> {
  const params: unknown[] = [];
  const conds = [scopeCondition('c', scope, params)];
  if (f.startingAfter) {
    params.push(f.startingAfter);
    conds.push(`c.id < $${params.length}`);
  }
  const size = Math.min(Math.max(f.pageSize || 20, 1), 100);
  params.push(size + 1);
  const rows = await deps.dataSource.query(`SELECT ${CUSTOMER_COLS} FROM billing.customers c WHERE ${conds.join(' AND ')} ORDER BY c.id DESC LIMIT $${params.length}`, params);
  return { customers: rows.slice(0, size).map(customerFromRow), hasMore: rows.length > size };
}
