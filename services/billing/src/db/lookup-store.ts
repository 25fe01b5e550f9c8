import type { PaymentRecord, Scope } from '../domain/records';
import { PAYMENT_COLS, paymentFromRow, scopeCondition, Tx } from './rows';

/** A payment the scope may see (null otherwise: never telling it exists). */
export async function findPaymentInScope(tx: Tx, scope: Scope, id: string): Promise<PaymentRecord | null> {
  const params: unknown[] = [];
  const cond = scopeCondition('p', scope, params);
  params.push(id);
  const rows = await tx.query(`SELECT ${PAYMENT_COLS} FROM billing.payments p WHERE ${cond} AND p.id = $${params.length}`, params);
  return rows[0] ? paymentFromRow(rows[0]) : null;
}

/** Replaces a bill's metadata (the caller merged it). */
export async function setBillMetadata(tx: Tx, id: string, metadata: Record<string, string>, now: Date): Promise<void> {
  await tx.query(`UPDATE billing.bills SET metadata = $2::jsonb, updated_at = $3 WHERE id = $1`, [id, JSON.stringify(metadata), now]);
}
