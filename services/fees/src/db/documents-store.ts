import type { Queryable } from './queryable';

/** Fee items summed per kind and taxability. */
export interface ChargeRow {
  kind: string;
  taxable: boolean;
  count: number;
  amount: number;
}

/** What the documents read (schema `fees`). */
export const documentsStore = {
  /** The fee items a fixed statement settled (its collection fees and stamp duty), per kind. */
  async statementCharges(q: Queryable, statementId: string): Promise<ChargeRow[]> {
    return q.query(
      `SELECT kind, taxable, count(*)::int AS count, sum(amount)::int AS amount FROM fee_items WHERE statement_id = $1 GROUP BY kind, taxable ORDER BY kind, taxable`,
      [statementId],
    );
  },

  /** The fee items a remittance invoice charged, per kind (its monthly fees are lines of the invoice, not fee items). */
  async invoiceCharges(q: Queryable, invoiceId: string): Promise<ChargeRow[]> {
    return q.query(
      `SELECT kind, taxable, count(*)::int AS count, sum(amount)::int AS amount FROM fee_items WHERE invoice_id = $1 GROUP BY kind, taxable ORDER BY kind, taxable`,
      [invoiceId],
    );
  },
};
