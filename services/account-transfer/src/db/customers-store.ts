import { ERASED } from '../domain/retention';
import type { ValidCustomer } from '../domain/customer';
import type { CustomerView } from '../domain/views';
import { returnedRows } from '@kessai/platform';
import type { Queryable } from './queryable';

type Row = Record<string, unknown>;

function view(r: Row): CustomerView {
  return {
    id: r.id as string, livemode: r.livemode as boolean, merchantId: r.merchant_id as string, customerRef: r.customer_ref as string,
    name: r.name as string, holderName: r.holder_name as string, bankCode: r.bank_code as string, branchCode: r.branch_code as string,
    accountType: r.account_type as string, accountNumber: r.account_number as string, email: r.email as string,
    createdAt: r.created_at as Date, updatedAt: r.updated_at as Date, erasedAt: (r.erased_at as Date | null) ?? null,
  };
}

/** The debit customer master (docs/reference/account-transfer.md#customer-master). */
export const customersStore = {
  async insert(q: Queryable, c: ValidCustomer & { id: string; livemode: boolean; merchantId: string; now: Date }): Promise<CustomerView | null> {
    const rows: Row[] = await q.query(
      `INSERT INTO account_transfer.customers (id, livemode, merchant_id, customer_ref, name, holder_name, bank_code, branch_code, account_type, account_number, email, created_at, updated_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$12) ON CONFLICT (livemode, merchant_id, customer_ref) DO NOTHING RETURNING *`,
      [c.id, c.livemode, c.merchantId, c.customerRef, c.name, c.holderName, c.bankCode, c.branchCode, c.accountType, c.accountNumber, c.email, c.now],
    );
    return rows[0] ? view(rows[0]) : null;
  },

  async update(q: Queryable, id: string, c: Omit<ValidCustomer, 'customerRef'>, now: Date): Promise<CustomerView> {
    const rows: Row[] = returnedRows(await q.query(
      `UPDATE account_transfer.customers SET name = $2, holder_name = $3, bank_code = $4, branch_code = $5, account_type = $6, account_number = $7, email = $8, updated_at = $9
       WHERE id = $1 RETURNING *`,
      [id, c.name, c.holderName, c.bankCode, c.branchCode, c.accountType, c.accountNumber, c.email, now],
    ));
    return view(rows[0]);
  },

  async get(q: Queryable, livemode: boolean, merchantId: string, id: string, lock = false): Promise<CustomerView | null> {
    const rows: Row[] = await q.query(`SELECT * FROM account_transfer.customers WHERE id = $1 AND livemode = $2 AND merchant_id = $3${lock ? ' FOR UPDATE' : ''}`, [id, livemode, merchantId]);
    return rows[0] ? view(rows[0]) : null;
  },

  async byRefs(q: Queryable, livemode: boolean, merchantId: string, refs: string[]): Promise<CustomerView[]> {
    const rows: Row[] = await q.query(`SELECT * FROM account_transfer.customers WHERE livemode = $1 AND merchant_id = $2 AND customer_ref = ANY($3)`, [livemode, merchantId, refs]);
    return rows.map(view);
  },

  async byIds(q: Queryable, ids: string[]): Promise<CustomerView[]> {
    const rows: Row[] = await q.query(`SELECT * FROM account_transfer.customers WHERE id = ANY($1)`, [ids]);
    return rows.map(view);
  },

  /** Newest first; `query` matches the customer ref (prefix), name or holder name (substring). */
  async list(q: Queryable, f: { livemode: boolean; merchantId: string; query: string; limit: number; after?: { createdAt: string; id: string } }): Promise<CustomerView[]> {
    const args: unknown[] = [f.livemode, f.merchantId, f.limit];
    let where = '';
    if (f.query) {
      args.push(f.query.replace(/[\\%_]/g, (c) => `\\${c}`));
      where += ` AND (customer_ref LIKE $${args.length} || '%' OR name ILIKE '%' || $${args.length} || '%' OR holder_name ILIKE '%' || $${args.length} || '%')`;
    }
    if (f.after) {
      args.push(f.after.createdAt, f.after.id);
      where += ` AND (created_at, id) < ($${args.length - 1}::timestamptz, $${args.length})`;
    }
    const rows: Row[] = await q.query(`SELECT * FROM account_transfer.customers WHERE livemode = $1 AND merchant_id = $2${where} ORDER BY created_at DESC, id DESC LIMIT $3`, args);
    return rows.map(view);
  },

  async touchActivity(q: Queryable, id: string, on: string): Promise<void> {
    await q.query(`UPDATE account_transfer.customers SET last_activity_on = GREATEST(COALESCE(last_activity_on, $2::date), $2::date) WHERE id = $1`, [id, on]);
  },

  /**
   * Erases the personal data of customers whose last debit or mandate end is
   * ten years before `today` or earlier and who have no open mandate; returns their ids.
   */
  async eraseExpired(q: Queryable, today: string, now: Date): Promise<string[]> {
    const rows: { id: string }[] = returnedRows(await q.query(
      `UPDATE account_transfer.customers c SET name = $3, holder_name = $3, account_number = '0000000', email = '', erased_at = $2, updated_at = $2
       WHERE c.erased_at IS NULL
         AND COALESCE(c.last_activity_on, c.created_at::date) <= ($1::date - interval '10 years')::date
         AND NOT EXISTS (SELECT 1 FROM account_transfer.mandates m WHERE m.customer_id = c.id AND m.status IN ('requested', 'active'))
       RETURNING c.id`,
      [today, now, ERASED],
    ));
    return rows.map((r) => r.id);
  },
};
