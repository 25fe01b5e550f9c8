import { randomBytes } from 'node:crypto';
import { tokyoDate } from '@kessai/bank-calendar';
import { ChainId, generateCustomerNumber, generatePaymentNumber, isValidCustomerNumber } from '@kessai/konbini';
import { ConflictError, EntityManager, NotFoundError, ValidationError, newId, requestHash } from '@kessai/platform';
import { assertChangeable, validateBill, validateUpdate } from '../domain/bill';
import { BILL_COLS, BillRecord, billFromRow, scopeCondition } from '../db/rows';
import type { BillingDeps } from './deps';
import { billEvent } from './events';
import { notifyPaymentNumber } from './notify';

export interface Scope {
  livemode: boolean;
  merchantId: string;
  includeTenants: boolean;
  tenantId: string;
}

export interface CreateBillInput {
  requestId: string;
  livemode: boolean;
  merchantId: string;
  ownerId: string;
  merchantName: string;
  contractChains: string[];
  amount: number;
  taxAmount: number | null;
  dueDate: string;
  stores: string[];
  message: string;
  orderReference: string;
  customer: { name: string; email: string; phone: string };
  repeat: boolean;
  customerNumber: string;
  newCustomerNumber: boolean;
  /** a registered customer (cus_…): its number, and its contact details unless given */
  customerId?: string;
}

type Tx = Pick<EntityManager, 'query'>;

export async function loadBill(tx: Tx, where: string, params: unknown[], lock = false): Promise<BillRecord | null> {
  const rows = await tx.query(`SELECT ${BILL_COLS} FROM billing.bills b WHERE ${where}${lock ? ' FOR UPDATE OF b' : ''}`, params);
  return rows[0] ? billFromRow(rows[0]) : null;
}

/** Registers a bill with a payment number per store and a slip token; idempotent by request id. */
export async function createBill(deps: BillingDeps, input: CreateBillInput): Promise<{ bill: BillRecord; replayed: boolean }> {
  if (!input.requestId) throw ValidationError.field('request_id', 'required');
  const now = deps.clock.now();
  const stores = validateBill(
    { amount: input.amount, taxAmount: input.taxAmount, dueDate: input.dueDate, stores: input.stores, message: input.message, repeat: input.repeat },
    { contractChains: input.contractChains, allowedCombinations: deps.combinations },
    now,
  );
  if (input.customer.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.customer.email)) throw ValidationError.field('customer.email', 'must be an email address');
  if (input.customerNumber && input.newCustomerNumber) throw ValidationError.field('customer_number', 'give a customer number or ask for a new one, not both');
  if (input.customerId && input.newCustomerNumber) throw ValidationError.field('customer', 'give a customer or ask for a new customer number, not both');
  const hash = requestHash({ ...input, requestId: undefined, customerId: input.customerId || undefined });
  const result = await deps.dataSource.transaction(async (tx) => {
    const prior = await tx.query(`SELECT id, request_hash FROM billing.bills WHERE livemode = $1 AND merchant_id = $2 AND request_id = $3`, [input.livemode, input.merchantId, input.requestId]);
    if (prior[0]) {
      if (prior[0].request_hash !== hash) throw new ConflictError('idempotency_key_reused', 'this request id was already used with a different request');
      return { bill: (await loadBill(tx, 'b.id = $1', [prior[0].id]))!, replayed: true };
    }
    let customerNumber = input.customerNumber;
    let customer = input.customer;
    if (input.customerId) {
      const found = await tx.query(`SELECT customer_number, name, email, phone FROM billing.customers WHERE id = $1 AND livemode = $2 AND merchant_id = $3`, [input.customerId, input.livemode, input.merchantId]);
      if (found.length === 0) throw ValidationError.field('customer', 'is not one of your customers', 'customer_unknown');
      if (customerNumber && customerNumber !== found[0].customer_number) throw ValidationError.field('customer_number', 'is not the number of the given customer');
      customerNumber = found[0].customer_number;
      customer = { name: customer.name || found[0].name, email: customer.email || found[0].email, phone: customer.phone || found[0].phone };
    }
    if (customerNumber) {
      const known = await tx.query(`SELECT 1 FROM billing.customer_numbers WHERE number = $1 AND livemode = $2 AND merchant_id = $3`, [customerNumber, input.livemode, input.merchantId]);
      if (!isValidCustomerNumber(customerNumber) || known.length === 0) throw ValidationError.field('customer_number', 'is not one of your customer numbers', 'customer_number_unknown');
    } else if (input.newCustomerNumber) {
      customerNumber = await insertUnique(() => generateCustomerNumber(), (n) =>
        tx.query(`INSERT INTO billing.customer_numbers (number, livemode, merchant_id, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1`, [n, input.livemode, input.merchantId, now]),
      );
    }
    const id = newId('bill', now.getTime());
    await tx.query(
      `INSERT INTO billing.bills (id, livemode, merchant_id, owner_id, merchant_name, status, amount, tax_amount, due_date, registered_on, stores, message,
         order_reference, customer_name, customer_email, customer_phone, customer_number, repeat, slip_token, request_id, request_hash, notify_state, created_at, updated_at, customer_id)
       VALUES ($1, $2, $3, $4, $5, 'open', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $22, $23)`,
      [
        id, input.livemode, input.merchantId, input.ownerId, input.merchantName, input.amount, input.taxAmount, input.dueDate, tokyoDate(now), stores, input.message,
        input.orderReference, customer.name, customer.email, customer.phone, customerNumber, input.repeat,
        randomBytes(24).toString('base64url'), input.requestId, hash, customer.email ? 'pending' : 'none', now, input.customerId ?? '',
      ],
    );
    // one round trip for every chain; a chain whose number clashed (astronomically rare) draws again
    let pending: ChainId[] = stores;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= 10) throw new Error('could not allocate unique payment numbers');
      const numbers = pending.map((chain) => generatePaymentNumber(chain));
      const won: { chain: ChainId }[] = await tx.query(
        `INSERT INTO billing.payment_numbers (chain, number, bill_id, livemode, parts, created_at)
         SELECT c, n, $3, $4, p::jsonb, $5 FROM unnest($1::text[], $2::text[], $6::text[]) AS t (c, n, p)
         ON CONFLICT DO NOTHING RETURNING chain`,
        [numbers.map((n) => n.chain), numbers.map((n) => n.number), id, input.livemode, now, numbers.map((n) => JSON.stringify(n.parts))],
      );
      pending = pending.filter((c) => !won.some((w) => w.chain === c));
    }
    const bill = (await loadBill(tx, 'b.id = $1', [id]))!;
    await deps.outbox.add(tx, [billEvent('billing.bill.created', bill, now)]);
    return { bill, replayed: false };
  });
  if (!result.replayed) {
    deps.eventsCommitted();
    // outside the transaction; the notify job retries what this misses
    if (result.bill.customer.email) void notifyPaymentNumber(deps, result.bill.id).catch((err: unknown) => deps.logger.warn({ err: String(err), bill_id: result.bill.id }, 'payment-number email not sent yet'));
  }
  return result;
}

/** Generates until the insert wins (a clash is astronomically rare, never an error). */
async function insertUnique<T>(generate: () => T, insert: (value: T) => Promise<unknown[]>): Promise<T> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const value = generate();
    if ((await insert(value)).length > 0) return value;
  }
  throw new Error('could not allocate a unique number');
}

export async function getBill(deps: BillingDeps, scope: Scope, billId: string): Promise<BillRecord> {
  const params: unknown[] = [];
  const cond = scopeCondition('b', scope, params);
  params.push(billId);
  const bill = await loadBill(deps.dataSource, `${cond} AND b.id = $${params.length}`, params);
  if (!bill) throw new NotFoundError('bill', billId);
  return bill;
}

export interface ListBillsFilter {
  status?: string;
  customerEmail?: string;
  customerNumber?: string;
  dueFrom?: string;
  dueTo?: string;
  createdFrom?: Date;
  createdTo?: Date;
  pageSize: number;
  startingAfter?: string;
}

export async function listBills(deps: BillingDeps, scope: Scope, f: ListBillsFilter): Promise<{ bills: BillRecord[]; hasMore: boolean }> {
  const params: unknown[] = [];
  const conds = [scopeCondition('b', scope, params)];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    conds.push(sql.replace('?', `$${params.length}`));
  };
  if (f.status) add('b.status = ?', f.status);
  if (f.customerEmail) add('lower(b.customer_email) = lower(?)', f.customerEmail);
  if (f.customerNumber) add('b.customer_number = ?', f.customerNumber);
  if (f.dueFrom) add('b.due_date >= ?::date', f.dueFrom);
  if (f.dueTo) add('b.due_date <= ?::date', f.dueTo);
  if (f.createdFrom) add('b.created_at >= ?', f.createdFrom);
  if (f.createdTo) add('b.created_at <= ?', f.createdTo);
  if (f.startingAfter) add('b.id < ?', f.startingAfter);
  const size = Math.min(Math.max(f.pageSize || 20, 1), 100);
  params.push(size + 1);
  const rows = await deps.dataSource.query(`SELECT ${BILL_COLS} FROM billing.bills b WHERE ${conds.join(' AND ')} ORDER BY b.id DESC LIMIT $${params.length}`, params);
  return { bills: rows.slice(0, size).map(billFromRow), hasMore: rows.length > size };
}

export interface UpdateBillInput {
  amount?: number;
  taxAmount?: number | null;
  dueDate?: string;
  message?: string;
}

/** Amount, due date, message — any number of times until the bill is paid. Idempotent by request id. */
export async function updateBill(deps: BillingDeps, scope: Scope, billId: string, change: UpdateBillInput, requestId = ''): Promise<BillRecord> {
  const now = deps.clock.now();
  // undefined (keep) and null (remove the tax) must hash apart
  const hash = requestHash({
    scope, billId,
    amount: change.amount ?? 'keep',
    taxAmount: change.taxAmount === undefined ? 'keep' : change.taxAmount === null ? 'clear' : change.taxAmount,
    dueDate: change.dueDate ?? 'keep',
    message: change.message === undefined ? 'keep' : ['set', change.message],
  });
  let changed = false;
  const bill = await deps.dataSource.transaction(async (tx) => {
    const prior = await priorRequest(tx, scope, 'update', requestId, hash);
    if (prior) return prior;
    const params: unknown[] = [];
    const cond = scopeCondition('b', scope, params);
    params.push(billId);
    const current = await loadBill(tx, `${cond} AND b.id = $${params.length}`, params, true);
    if (!current) throw new NotFoundError('bill', billId);
    assertChangeable(current.status, 'update');
    validateUpdate(current, change);
    const same =
      (change.amount === undefined || change.amount === current.amount) &&
      (change.taxAmount === undefined || change.taxAmount === current.taxAmount) &&
      (change.dueDate === undefined || change.dueDate === current.dueDate) &&
      (change.message === undefined || change.message === current.message);
    if (same) return recordRequest(tx, scope, 'update', requestId, hash, current, now);
    await tx.query(
      `UPDATE billing.bills SET amount = $2, tax_amount = $3, due_date = $4, message = $5, updated_at = $6 WHERE id = $1`,
      [billId, change.amount ?? current.amount, change.taxAmount !== undefined ? change.taxAmount : current.taxAmount, change.dueDate ?? current.dueDate, change.message ?? current.message, now],
    );
    const updated = (await loadBill(tx, 'b.id = $1', [billId]))!;
    await deps.outbox.add(tx, [billEvent('billing.bill.updated', updated, now)]);
    changed = true;
    return recordRequest(tx, scope, 'update', requestId, hash, updated, now);
  });
  if (changed) deps.eventsCommitted();
  return bill;
}

/** Until the bill is paid; a deleted bill keeps its numbers (never reused). Idempotent by request id (when given). */
export async function deleteBill(deps: BillingDeps, scope: Scope, billId: string, requestId = ''): Promise<BillRecord> {
  const now = deps.clock.now();
  const hash = requestHash({ scope, billId });
  let changed = false;
  const bill = await deps.dataSource.transaction(async (tx) => {
    const prior = await priorRequest(tx, scope, 'delete', requestId, hash);
    if (prior) return prior;
    const params: unknown[] = [];
    const cond = scopeCondition('b', scope, params);
    params.push(billId);
    const current = await loadBill(tx, `${cond} AND b.id = $${params.length}`, params, true);
    if (!current) throw new NotFoundError('bill', billId);
    if (current.status === 'deleted') return recordRequest(tx, scope, 'delete', requestId, hash, current, now);
    assertChangeable(current.status, 'delete');
    await tx.query(`UPDATE billing.bills SET status = 'deleted', updated_at = $2 WHERE id = $1`, [billId, now]);
    const deleted = (await loadBill(tx, 'b.id = $1', [billId]))!;
    await deps.outbox.add(tx, [billEvent('billing.bill.deleted', deleted, now)]);
    changed = true;
    return recordRequest(tx, scope, 'delete', requestId, hash, deleted, now);
  });
  if (changed) deps.eventsCommitted();
  return bill;
}

type BillOperation = 'update' | 'delete';

/**
 * The first result of an earlier request with this id (same request), or an
 * ALREADY_EXISTS error (another request). Locks the id's row so concurrent
 * retries of one request wait for the first.
 */
async function priorRequest(tx: Tx, scope: Scope, op: BillOperation, requestId: string, hash: string): Promise<BillRecord | null> {
  if (!requestId) return null;
  // serialise the same id: a concurrent retry waits here for the first to commit
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`billing.bill_requests:${scope.livemode}:${scope.merchantId}:${op}:${requestId}`]);
  const rows = await tx.query(
    `SELECT request_hash, result FROM billing.bill_requests WHERE livemode = $1 AND merchant_id = $2 AND operation = $3 AND request_id = $4`,
    [scope.livemode, scope.merchantId, op, requestId],
  );
  if (!rows[0]) return null;
  if (rows[0].request_hash !== hash) throw new ConflictError('idempotency_key_reused', 'this request id was already used with a different request');
  return reviveBill(rows[0].result);
}

/** Stores the result under the request id, in the transaction of the change itself. */
async function recordRequest(tx: Tx, scope: Scope, op: BillOperation, requestId: string, hash: string, bill: BillRecord, now: Date): Promise<BillRecord> {
  if (!requestId) return bill;
  await tx.query(
    `INSERT INTO billing.bill_requests (livemode, merchant_id, operation, request_id, request_hash, bill_id, result, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8)`,
    [scope.livemode, scope.merchantId, op, requestId, hash, bill.id, JSON.stringify(bill), now],
  );
  return bill;
}

function reviveBill(raw: unknown): BillRecord {
  const b = (typeof raw === 'string' ? JSON.parse(raw) : raw) as BillRecord & { createdAt: string; updatedAt: string; paidAt: string | null };
  return { ...b, createdAt: new Date(b.createdAt), updatedAt: new Date(b.updatedAt), paidAt: b.paidAt ? new Date(b.paidAt) : null };
}

/** The slip by its unguessable token; re-printable while the bill is open and not past its due date. */
export async function getSlip(deps: BillingDeps, token: string): Promise<BillRecord> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) throw new NotFoundError('slip', 'for this link');
  const bill = await loadBill(deps.dataSource, 'b.slip_token = $1', [token]);
  if (!bill || bill.status !== 'open' || bill.dueDate < tokyoDate(deps.clock.now())) throw new NotFoundError('slip', 'for this link');
  return bill;
}

/** What a kiosk or till shows for a number: the open bills payable under it at that chain. */
export async function lookupNumber(deps: BillingDeps, livemode: boolean, chain: string, number: string): Promise<BillRecord[]> {
  const rows = await deps.dataSource.query(
    `SELECT ${BILL_COLS} FROM billing.bills b
      WHERE b.livemode = $1 AND (b.status = 'open') AND $2 = ANY (b.stores)
        AND (b.id IN (SELECT n.bill_id FROM billing.payment_numbers n WHERE n.chain = $2 AND n.number = $3) OR (b.customer_number = $3 AND b.customer_number <> ''))
      ORDER BY b.due_date, b.id LIMIT 20`,
    [livemode, chain, number],
  );
  return rows.map(billFromRow);
}
