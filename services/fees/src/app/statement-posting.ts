import type { LedgerOp } from '../db/ledger-ops-store';
import { statementPostings } from '../domain/ledger-postings';
import type { TenantShare } from '../domain/statement-tenants';
import type { StatementView } from './views';

/**
 * The ledger transaction of a fixed statement (null when nothing moves), keyed
 * by the statement id so a retry never posts it twice. `shares`: the
 * merchants on it (an owner's tenants give their collections).
 */
export function statementLedgerOp(s: StatementView, shares: readonly TenantShare[] = []): LedgerOp | null {
  const postings = statementPostings(s.merchantId, s, shares);
  if (postings.length === 0) return null;
  return {
    idempotencyKey: `fees-statement:${s.id}`,
    livemode: s.livemode,
    merchantId: s.merchantId,
    kind: 'statement.fixed',
    description: `collection statement ${s.id} (${s.periodStart} – ${s.periodClose})`,
    postings,
    metadata: { statement_id: s.id, period_close: s.periodClose, payout_amount: String(s.payoutAmount), carried_over: String(s.carriedOver) },
    statementId: s.id,
    payoutId: null,
  };
}
