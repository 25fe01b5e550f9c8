import { CHAIN_IDS } from '@kessai/konbini';
import { type EntityManager, yenFromDb } from '@kessai/platform';
import type { BillRecord, CustomerRecord, PaymentRecord, Scope } from '../domain/records';

// Column lists and row mappers of the stores (rows become records here only).

export const CUSTOMER_COLS = `c.id, c.livemode, c.merchant_id, c.owner_id, c.customer_number, c.name, c.email, c.phone, c.created_at`;

export const BILL_COLS = `b.id, b.livemode, b.merchant_id, b.owner_id, b.merchant_name, b.status, b.amount, b.tax_amount,
  to_char(b.due_date, 'YYYY-MM-DD') AS due_date, to_char(b.registered_on, 'YYYY-MM-DD') AS registered_on, b.stores, b.message,
  b.order_reference, b.customer_name, b.customer_email, b.customer_phone, b.customer_number, b.customer_id, b.repeat, b.slip_token,
  b.created_at, b.updated_at, b.paid_at, b.metadata, b.reminder_days_before, b.receipt_notice,
  COALESCE((SELECT json_agg(json_build_object('chain', n.chain, 'number', n.number, 'parts', n.parts)) FROM billing.payment_numbers n WHERE n.bill_id = b.id), '[]') AS payment_numbers`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;

/** A bill's payment numbers in the chains' order (CHAIN_IDS). */
export function sortedNumbers(numbers: BillRecord['paymentNumbers']): BillRecord['paymentNumbers'] {
  return numbers.sort((a, b) => CHAIN_IDS.indexOf(a.chain) - CHAIN_IDS.indexOf(b.chain));
}

export function billFromRow(r: Row): BillRecord {
  const numbers = sortedNumbers((typeof r.payment_numbers === 'string' ? JSON.parse(r.payment_numbers) : r.payment_numbers) as BillRecord['paymentNumbers']);
  return {
    id: r.id,
    livemode: r.livemode,
    merchantId: r.merchant_id,
    ownerId: r.owner_id,
    merchantName: r.merchant_name,
    status: r.status,
    amount: yenFromDb(r.amount),
    taxAmount: r.tax_amount === null ? null : yenFromDb(r.tax_amount),
    dueDate: r.due_date,
    registeredOn: r.registered_on,
    stores: r.stores,
    message: r.message,
    orderReference: r.order_reference,
    customer: { name: r.customer_name, email: r.customer_email, phone: r.customer_phone },
    customerNumber: r.customer_number,
    customerId: r.customer_id ?? '',
    repeat: r.repeat,
    slipToken: r.slip_token,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    paidAt: r.paid_at,
    paymentNumbers: numbers,
    metadata: (typeof r.metadata === 'string' ? JSON.parse(r.metadata) : r.metadata) ?? {},
    reminderDaysBefore: r.reminder_days_before ?? 0,
    receiptNotice: r.receipt_notice ?? false,
  };
}

export const PAYMENT_COLS = `p.id, p.livemode, p.merchant_id, p.owner_id, p.bill_id, p.status, p.chain, p.payment_number, p.amount, p.stamp_duty,
  p.late, p.store_code, p.paid_at, p.preliminary_at, p.confirmed_at, p.cancelled_at, p.created_at, p.amount_mismatch, p.bill_amount, p.store_transaction_id,
  (SELECT b.order_reference FROM billing.bills b WHERE b.id = p.bill_id) AS order_reference,
  (SELECT b.merchant_name FROM billing.bills b WHERE b.id = p.bill_id) AS merchant_name`;

export function paymentFromRow(r: Row): PaymentRecord {
  return {
    id: r.id,
    livemode: r.livemode,
    merchantId: r.merchant_id,
    ownerId: r.owner_id,
    billId: r.bill_id,
    status: r.status,
    chain: r.chain,
    paymentNumber: r.payment_number,
    amount: yenFromDb(r.amount),
    stampDuty: yenFromDb(r.stamp_duty),
    late: r.late,
    storeCode: r.store_code,
    paidAt: r.paid_at,
    preliminaryAt: r.preliminary_at,
    confirmedAt: r.confirmed_at,
    cancelledAt: r.cancelled_at,
    createdAt: r.created_at,
    orderReference: r.order_reference ?? '',
    merchantName: r.merchant_name ?? '',
    storeTransactionId: r.store_transaction_id ?? '',
    amountMismatch: r.amount_mismatch ?? false,
    billAmount: r.bill_amount === null || r.bill_amount === undefined ? yenFromDb(r.amount) : yenFromDb(r.bill_amount),
  };
}

export function customerFromRow(r: Row): CustomerRecord {
  return {
    id: r.id,
    livemode: r.livemode,
    merchantId: r.merchant_id,
    ownerId: r.owner_id,
    customerNumber: r.customer_number,
    name: r.name,
    email: r.email,
    phone: r.phone,
    createdAt: r.created_at,
  };
}

/** SQL condition (and params) of a scope: one merchant, or an owner with its tenants. */
export function scopeCondition(alias: string, scope: Scope, params: unknown[]): string {
  params.push(scope.livemode);
  const mode = `${alias}.livemode = $${params.length}`;
  if (scope.includeTenants && scope.tenantId) {
    params.push(scope.merchantId, scope.tenantId);
    return `${mode} AND ${alias}.owner_id = $${params.length - 1} AND ${alias}.merchant_id = $${params.length}`;
  }
  params.push(scope.merchantId);
  if (scope.includeTenants) return `${mode} AND (${alias}.merchant_id = $${params.length} OR ${alias}.owner_id = $${params.length})`;
  return `${mode} AND ${alias}.merchant_id = $${params.length}`;
}

/** What the stores run their SQL on: a transaction's manager or the data source. */
export type Tx = Pick<EntityManager, 'query'>;

/** A WHERE clause built up condition by condition: `add('x = ?', v)` numbers the parameter. */
export function conditions(params: unknown[], first: string): { add(sql: string, value: unknown): void; raw(sql: string): void; sql(): string } {
  const conds = [first];
  return {
    add(sql, value) {
      params.push(value);
      conds.push(sql.replace('?', `$${params.length}`));
    },
    raw(sql) {
      conds.push(sql);
    },
    sql: () => conds.join(' AND '),
  };
}
